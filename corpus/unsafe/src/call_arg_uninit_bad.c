/* call_arg_uninit_bad: the callee reads its second argument R2, which the caller never set
 * (callee arguments are the caller's R1-R5 as they are at the call).
 * issue: 6
 * category: call_clobber
 * expect: reject
 * kernel: R2 !read_ok
 * twin: call_clobber_r1_ok */
#include "unsafe.h"

SUBPROG int add2(void)
{
    asm volatile(
        "r0 = r1;"
        "r0 += r2;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int call_arg_uninit_bad(void)
{
    asm volatile(
        "r1 = 1;"
        "call add2;"
        "exit;" ::: __clobber_all);
}
