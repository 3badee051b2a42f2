/* return_uninit_bad: the program exits on one path without ever writing R0.
 * issue: 5
 * category: registers
 * expect: reject
 * kernel: R0 !read_ok */
#include "unsafe.h"

SEC("xdp")
__naked int return_uninit_bad(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "if r2 == r3 goto 1f;"
        "r0 = 2;"
        "1: exit;" ::: __clobber_all);
}
