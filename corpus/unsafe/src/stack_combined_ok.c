/* stack_combined_ok: twin of stack_combined_bad: three frames of 160 bytes each (main -> a -> b),
 * 480 bytes in all, under the 512-byte limit.
 * issue: 6
 * category: stack_depth
 * expect: accept
 * twin: stack_combined_bad */
#include "unsafe.h"

SUBPROG int b(void)
{
    asm volatile(
        "r1 = 1;"
        "*(u64 *)(r10 - 160) = r1;"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}

SUBPROG int a(void)
{
    asm volatile(
        "r1 = 1;"
        "*(u64 *)(r10 - 160) = r1;"
        "call b;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int stack_combined_ok(void)
{
    asm volatile(
        "r1 = 1;"
        "*(u64 *)(r10 - 160) = r1;"
        "call a;"
        "exit;" ::: __clobber_all);
}
