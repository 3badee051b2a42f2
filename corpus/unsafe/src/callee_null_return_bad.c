/* callee_null_return_bad: a callee returns the result of a HASH map lookup unchecked; the
 * caller dereferences it without a NULL check (the or_null type survives the return).
 * issue: 6
 * category: call_return
 * expect: reject
 * kernel: R0 invalid mem access 'map_value_or_null'
 * twin: callee_null_return_ok */
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
__naked int callee_null_return_bad(void)
{
    asm volatile(
        "call lookup;"
        "r0 = *(u64 *)(r0 + 0);"
        "exit;" ::: __clobber_all);
}
