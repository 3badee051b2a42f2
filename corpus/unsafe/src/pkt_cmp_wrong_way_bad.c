/* pkt_cmp_wrong_way_bad: the bounds check is inverted (the read happens on the branch where
 * data + 8 > data_end), so nothing is proven on the path that reads.
 * issue: 5
 * category: packet
 * expect: reject
 * kernel: invalid access to packet, off=0 size=8
 * twin: pkt_cmp_wrong_way_ok */
#include "unsafe.h"

SEC("xdp")
__naked int pkt_cmp_wrong_way_bad(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r4 = r2;"
        "r4 += 8;"
        "if r4 <= r3 goto 1f;"
        "r0 = *(u64 *)(r2 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;" ::: __clobber_all);
}
