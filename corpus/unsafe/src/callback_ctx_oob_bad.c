/* callback_ctx_oob_bad: bpf_loop passes the caller's 8-byte stack slot fp-8 as the callback's
 * ctx; the callback reads 8 bytes at ctx + 8, above the caller's frame.
 * issue: 6
 * category: callback
 * expect: reject
 * kernel: invalid read from stack R2 off=0 size=8
 * twin: callback_extra_arg_ok */
#include "unsafe.h"

SUBPROG long cb(void)
{
    asm volatile(
        "r0 = *(u64 *)(r2 + 8);"
        "r0 = 0;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int callback_ctx_oob_bad(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u64 *)(r10 - 8) = r1;"
        "r1 = 4;"
        "r2 = %[cb] ll;"
        "r3 = r10;"
        "r3 += -8;"
        "r4 = 0;"
        "call %[bpf_loop];"
        "r0 = 2;"
        "exit;"
        :: __imm(cb), __imm(bpf_loop) : __clobber_all);
}
