/* map_value_unbounded_ok: twin of map_value_unbounded_bad: the scalar is masked to 0..15 before it
 * is added to the pointer to the 16-byte value.
 * issue: 5
 * category: map_value
 * expect: accept
 * twin: map_value_unbounded_bad */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
__naked int map_value_unbounded_ok(void)
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
        "r2 = *(u64 *)(r0 + 0);"
        "r2 &= 15;"
        "r1 = r0;"
        "r1 += r2;"
        "r0 = *(u8 *)(r1 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
