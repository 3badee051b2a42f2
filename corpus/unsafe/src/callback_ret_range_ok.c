/* callback_ret_range_ok: twin of callback_ret_range_bad returning 1 (stop).
 * issue: 6
 * category: callback
 * expect: accept
 * twin: callback_ret_range_bad */
#include "unsafe.h"

SUBPROG long cb(void)
{
    asm volatile(
        "r0 = 1;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int callback_ret_range_ok(void)
{
    asm volatile(
        "r1 = 4;"
        "r2 = %[cb] ll;"
        "r3 = 0;"
        "r4 = 0;"
        "call %[bpf_loop];"
        "r0 = 2;"
        "exit;"
        :: __imm(cb), __imm(bpf_loop) : __clobber_all);
}
