/* callee_uninit_r0_bad: a callee returns without writing R0 (R0 is not an argument, so it is
 * uninitialised in the callee's frame).
 * issue: 6
 * category: call_return
 * expect: reject
 * kernel: R0 !read_ok */
#include "unsafe.h"

SUBPROG int noret(void)
{
    asm volatile(
        "r1 += 1;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int callee_uninit_r0_bad(void)
{
    asm volatile(
        "r1 = 1;"
        "call noret;"
        "exit;" ::: __clobber_all);
}
