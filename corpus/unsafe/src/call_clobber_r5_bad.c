/* call_clobber_r5_bad: passes a stack pointer in R5 to a callee that ignores it, then
 * dereferences R5 after the call.
 * issue: 6
 * category: call_clobber
 * expect: reject
 * kernel: R5 !read_ok */
#include "unsafe.h"

SUBPROG int ret2(void)
{
    asm volatile("r0 = 2; exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int call_clobber_r5_bad(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u64 *)(r10 - 8) = r1;"
        "r5 = r10;"
        "r5 += -8;"
        "call ret2;"
        "r0 = *(u64 *)(r5 + 0);"
        "exit;" ::: __clobber_all);
}
