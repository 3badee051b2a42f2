/* uninit_reg_one_path_bad: r5 is written on only one side of a branch and read after the
 * join.
 * issue: 5
 * category: registers
 * expect: reject
 * kernel: R5 !read_ok
 * twin: uninit_reg_one_path_ok */
#include "unsafe.h"

SEC("xdp")
__naked int uninit_reg_one_path_bad(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r4 = r2;"
        "r4 += 20;"
        "if r4 > r3 goto 1f;"
        "r5 = 1;"
        "1: r0 = r5;"
        "exit;" ::: __clobber_all);
}
