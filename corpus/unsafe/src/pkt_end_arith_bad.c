/* pkt_end_arith_bad: pointer arithmetic on data_end (pkt_end) is forbidden: the program
 * moves data_end forward to "grow" the packet before its bounds check.
 * issue: 5
 * category: packet
 * expect: reject
 * kernel: pointer arithmetic on pkt_end prohibited */
#include "unsafe.h"

SEC("xdp")
__naked int pkt_end_arith_bad(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r3 += 64;"
        "r4 = r2;"
        "r4 += 32;"
        "if r4 > r3 goto 1f;"
        "r0 = *(u8 *)(r2 + 31);"
        "exit;"
        "1: r0 = 1;"
        "exit;" ::: __clobber_all);
}
