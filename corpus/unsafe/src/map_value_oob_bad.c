/* map_value_oob_bad: an 8-byte load at offset 8 of an 8-byte map value (one past the end).
 * issue: 5
 * category: map_value
 * expect: reject
 * kernel: invalid access to map value, value_size=8 off=8 size=8
 * twin: map_value_oob_ok */
#include "unsafe.h"

ARRAY8(m)

SEC("xdp")
__naked int map_value_oob_bad(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "r0 = *(u64 *)(r0 + 8);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
