/* callback_ret_range_bad: a bpf_loop callback must return 0 (continue) or 1 (stop); this one
 * returns 5.
 * issue: 6
 * category: callback
 * expect: reject
 * kernel: should have been in [0, 1]
 * twin: callback_ret_range_ok */
#include "unsafe.h"

SUBPROG long cb(void)
{
    asm volatile(
        "r0 = 5;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int callback_ret_range_bad(void)
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
