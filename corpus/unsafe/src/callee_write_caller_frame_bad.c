/* callee_write_caller_frame_bad: the callee writes through ITS OWN frame pointer above the
 * top of its frame (r10 + 8), i.e. into the caller's frame, which it was not given.
 * issue: 6
 * category: callee_frame
 * expect: reject
 * kernel: invalid write to stack R10 off=8 size=8
 * twin: callee_write_caller_frame_ok */
#include "unsafe.h"

SUBPROG int scribble(void)
{
    asm volatile(
        "r1 = 7;"
        "*(u64 *)(r10 + 8) = r1;"
        "r0 = 0;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int callee_write_caller_frame_bad(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u64 *)(r10 - 8) = r1;"
        "call scribble;"
        "r0 = *(u64 *)(r10 - 8);"
        "exit;" ::: __clobber_all);
}
