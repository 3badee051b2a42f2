/* pkt_unbounded_add_ok: twin of pkt_unbounded_add_bad: the word is masked to 0..0x3fff (the kernel proves packet ranges only for offsets below 0xffff)
 * before the addition, then the new pointer is checked against data_end.
 * issue: 5
 * category: packet
 * expect: accept
 * twin: pkt_unbounded_add_bad */
#include "unsafe.h"

SEC("xdp")
__naked int pkt_unbounded_add_ok(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r4 = r2;"
        "r4 += 8;"
        "if r4 > r3 goto 1f;"
        "r5 = *(u64 *)(r2 + 0);"
        "r5 &= 0x3fff;"
        "r2 += r5;"
        "r4 = r2;"
        "r4 += 1;"
        "if r4 > r3 goto 1f;"
        "r0 = *(u8 *)(r2 + 0);"
        "exit;"
        "1: r0 = 1;"
        "exit;" ::: __clobber_all);
}
