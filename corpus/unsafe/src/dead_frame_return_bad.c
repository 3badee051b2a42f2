/* dead_frame_return_bad: the callee returns a pointer into its own frame (fp-8); the frame
 * is dead once it returns, and the caller reads through the pointer.
 * issue: 6
 * category: dead_frame
 * expect: reject
 * kernel: cannot return stack pointer to the caller
 * twin: dead_frame_return_ok */
#include "unsafe.h"

SUBPROG int leak_frame(void)
{
    asm volatile(
        "r1 = 5;"
        "*(u64 *)(r10 - 8) = r1;"
        "r0 = r10;"
        "r0 += -8;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int dead_frame_return_bad(void)
{
    asm volatile(
        "call leak_frame;"
        "r0 = *(u64 *)(r0 + 0);"
        "exit;" ::: __clobber_all);
}
