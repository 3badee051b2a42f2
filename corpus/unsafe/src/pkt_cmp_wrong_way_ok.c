/* pkt_cmp_wrong_way_ok: twin of pkt_cmp_wrong_way_bad with the check the right way round: the
 * read happens where data + 8 <= data_end.
 * issue: 5
 * category: packet
 * expect: accept
 * twin: pkt_cmp_wrong_way_bad */
#include "unsafe.h"

SEC("xdp")
__naked int pkt_cmp_wrong_way_ok(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r4 = r2;"
        "r4 += 8;"
        "if r4 > r3 goto 1f;"
        "r0 = *(u64 *)(r2 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;" ::: __clobber_all);
}
