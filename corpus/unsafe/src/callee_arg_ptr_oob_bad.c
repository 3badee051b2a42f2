/* callee_arg_ptr_oob_bad: the caller passes a pointer to its 8-byte slot fp-8; the callee
 * writes 8 bytes at that pointer + 8, above the caller's frame.
 * issue: 6
 * category: callee_frame
 * expect: reject
 * kernel: invalid write to stack R1 off=0 size=8
 * twin: callee_write_caller_frame_ok */
#include "unsafe.h"

SUBPROG int scribble(void)
{
    asm volatile(
        "r2 = 2;"
        "*(u64 *)(r1 + 8) = r2;"
        "r0 = 0;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int callee_arg_ptr_oob_bad(void)
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
