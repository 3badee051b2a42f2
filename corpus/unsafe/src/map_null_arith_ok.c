/* map_null_arith_ok: twin of map_null_arith_bad: the same +8 (and a load at -8) after the NULL check.
 * issue: 5
 * category: null_check
 * expect: accept
 * twin: map_null_arith_bad */
#include "unsafe.h"

HASH8(m)

SEC("xdp")
__naked int map_null_arith_ok(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "r0 += 8;"
        "r0 = *(u64 *)(r0 - 8);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
