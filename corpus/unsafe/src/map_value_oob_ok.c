/* map_value_oob_ok: twin of map_value_oob_bad that loads at offset 0, inside the value.
 * issue: 5
 * category: map_value
 * expect: accept
 * twin: map_value_oob_bad */
#include "unsafe.h"

ARRAY8(m)

SEC("xdp")
__naked int map_value_oob_ok(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "r0 = *(u64 *)(r0 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
