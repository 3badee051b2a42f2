/* callee_pkt_oob_bad: the caller proves 14 bytes of packet and passes the data pointer to a
 * callee, which reads a byte at offset 20: the proven range travels with the pointer, and
 * 20 is outside it.
 * issue: 6
 * category: call_args
 * expect: reject
 * kernel: invalid access to packet, off=20 size=1
 * twin: callee_pkt_oob_ok */
#include "unsafe.h"

SUBPROG int read_byte(void)
{
    asm volatile(
        "r0 = *(u8 *)(r1 + 20);"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int callee_pkt_oob_bad(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r4 = r2;"
        "r4 += 14;"
        "if r4 > r3 goto 1f;"
        "r1 = r2;"
        "call read_byte;"
        "r0 &= 1;"
        "exit;"
        "1: r0 = 2;"
        "exit;" ::: __clobber_all);
}
