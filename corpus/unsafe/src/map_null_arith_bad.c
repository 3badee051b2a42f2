/* map_null_arith_bad: CVE-2022-23222 shape. Pointer arithmetic on a map_value_or_null
 * register BEFORE the NULL check: with r0 = NULL + 8 the check "r0 == 0" no longer catches
 * the failed lookup, yet a verifier that propagates the check to the moved pointer would treat
 * it as a valid map value.
 * issue: 5
 * category: null_check
 * expect: reject
 * kernel: R0 pointer arithmetic on map_value_or_null prohibited, null-check it first
 * twin: map_null_arith_ok */
#include "unsafe.h"

HASH8(m)

SEC("xdp")
__naked int map_null_arith_bad(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "r0 += 8;"
        "if r0 == 0 goto 1f;"
        "r0 = *(u64 *)(r0 - 8);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
