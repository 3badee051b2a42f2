/* dead_frame_return_ok: twin of dead_frame_return_bad: the callee returns the VALUE of its
 * slot, not its address.
 * issue: 6
 * category: dead_frame
 * expect: accept
 * twin: dead_frame_return_bad */
#include "unsafe.h"

SUBPROG int leak_frame(void)
{
    asm volatile(
        "r1 = 2;"
        "*(u64 *)(r10 - 8) = r1;"
        "r0 = *(u64 *)(r10 - 8);"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int dead_frame_return_ok(void)
{
    asm volatile(
        "call leak_frame;"
        "exit;" ::: __clobber_all);
}
