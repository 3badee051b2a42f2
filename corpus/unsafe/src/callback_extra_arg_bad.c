/* callback_extra_arg_bad: a bpf_loop callback whose signature has a third argument. The
 * kernel calls it with (u32 index, void *ctx) only, so reading R3 in the callback reads an
 * uninitialised register.
 * issue: 6
 * category: callback
 * expect: reject
 * kernel: R3 !read_ok
 * twin: callback_extra_arg_ok */
#include "unsafe.h"

SUBPROG long cb(void)
{
    asm volatile(
        "r0 = *(u64 *)(r2 + 0);"
        "r0 += r3;"
        "*(u64 *)(r2 + 0) = r0;"
        "r0 = 0;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int callback_extra_arg_bad(void)
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
