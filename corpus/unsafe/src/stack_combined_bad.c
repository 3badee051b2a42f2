/* stack_combined_bad: three frames of 200 bytes each (main -> a -> b): each frame is under
 * 512 bytes, but the combined stack of the chain is 600 > 512.
 * issue: 6
 * category: stack_depth
 * expect: reject
 * kernel: combined stack size of 3 calls is
 * twin: stack_combined_ok */
#include "unsafe.h"

SUBPROG int b(void)
{
    asm volatile(
        "r1 = 1;"
        "*(u64 *)(r10 - 200) = r1;"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}

SUBPROG int a(void)
{
    asm volatile(
        "r1 = 1;"
        "*(u64 *)(r10 - 200) = r1;"
        "call b;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int stack_combined_bad(void)
{
    asm volatile(
        "r1 = 1;"
        "*(u64 *)(r10 - 200) = r1;"
        "call a;"
        "exit;" ::: __clobber_all);
}
