/* callback_extra_arg_ok: twin of callback_extra_arg_bad: the callback uses only its two
 * arguments (adds the index R1 to the caller's counter through the ctx pointer R2).
 * issue: 6
 * category: callback
 * expect: accept
 * twin: callback_extra_arg_bad */
#include "unsafe.h"

SUBPROG long cb(void)
{
    asm volatile(
        "r0 = *(u64 *)(r2 + 0);"
        "r0 += r1;"
        "*(u64 *)(r2 + 0) = r0;"
        "r0 = 0;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int callback_extra_arg_ok(void)
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
