/* stack_below_frame_ok: twin of stack_below_frame_bad writing at fp-512, the lowest slot.
 * issue: 5
 * category: stack
 * expect: accept
 * twin: stack_below_frame_bad */
#include "unsafe.h"

SEC("xdp")
__naked int stack_below_frame_ok(void)
{
    asm volatile(
        "r1 = 1;"
        "*(u64 *)(r10 - 512) = r1;"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}
