/* callee_ret_ctx_ok: a static callee returns the ctx pointer it was given and the caller uses
 * it: a pointer (other than one into the callee's own frame) may be returned from a static
 * function.
 * issue: 6
 * category: call_return
 * expect: accept
 * twin: dead_frame_return_bad */
#include "unsafe.h"

SUBPROG int give_ctx(void)
{
    asm volatile("r0 = r1; exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int callee_ret_ctx_ok(void)
{
    asm volatile(
        "call give_ctx;"
        "r0 = *(u32 *)(r0 + 12);"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}
