/* callee_write_caller_frame_ok: twin of callee_write_caller_frame_bad: the caller passes a
 * pointer to its slot fp-8 in R1 and the callee writes through it (allowed: a pointer into a
 * live caller frame).
 * issue: 6
 * category: callee_frame
 * expect: accept
 * twin: callee_write_caller_frame_bad */
#include "unsafe.h"

SUBPROG int scribble(void)
{
    asm volatile(
        "r2 = 2;"
        "*(u64 *)(r1 + 0) = r2;"
        "r0 = 0;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int callee_write_caller_frame_ok(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u64 *)(r10 - 8) = r1;"
        "r1 = r10;"
        "r1 += -8;"
        "call scribble;"
        "r0 = *(u64 *)(r10 - 8);"
        "exit;" ::: __clobber_all);
}
