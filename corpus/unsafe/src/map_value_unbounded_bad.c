/* map_value_unbounded_bad: adds an unbounded 64-bit scalar to a map value pointer and
 * dereferences it.
 * issue: 5
 * category: map_value
 * expect: reject
 * kernel: math between map_value pointer and register with unbounded min value is not allowed
 * twin: map_value_unbounded_ok */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
__naked int map_value_unbounded_bad(void)
{
    asm volatile(
        "r6 = r1;"
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "r2 = *(u64 *)(r0 + 0);"     /* unknown */
        "r1 = r0;"
        "r1 += r2;"
        "r0 = *(u8 *)(r1 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
