/* callee_null_return_ok: twin of callee_null_return_bad: the caller checks the returned
 * pointer before the load.
 * issue: 6
 * category: call_return
 * expect: accept
 * twin: callee_null_return_bad */
#include "unsafe.h"

HASH8(h)

SUBPROG int lookup(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[h] ll;"
        "call %[bpf_map_lookup_elem];"
        "exit;"
        :: __imm_addr(h), __imm(bpf_map_lookup_elem) : __clobber_all);
}

SEC("xdp")
__naked int callee_null_return_ok(void)
{
    asm volatile(
        "call lookup;"
        "if r0 == 0 goto 1f;"
        "r0 = *(u64 *)(r0 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;" ::: __clobber_all);
}
