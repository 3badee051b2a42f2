/* pkt_unbounded_add_bad: adds a full 32-bit packet word (not bounded to the kernel's 16-bit
 * MAX_PACKET_OFF) to a packet pointer; the kernel refuses the arithmetic itself.
 * issue: 5
 * category: packet
 * expect: reject
 * kernel: math between pkt pointer and register with unbounded min value is not allowed
 * twin: pkt_unbounded_add_ok */
#include "unsafe.h"

SEC("xdp")
__naked int pkt_unbounded_add_bad(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r4 = r2;"
        "r4 += 8;"
        "if r4 > r3 goto 1f;"
        "r5 = *(u64 *)(r2 + 0);"     /* unknown 64-bit value */
        "r2 += r5;"
        "r4 = r2;"
        "r4 += 1;"
        "if r4 > r3 goto 1f;"
        "r0 = *(u8 *)(r2 + 0);"
        "exit;"
        "1: r0 = 1;"
        "exit;" ::: __clobber_all);
}
