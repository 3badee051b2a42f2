/* map_value_signed_idx_bad: signed/unsigned confusion. A 64-bit index loaded from the packet
 * is bounded only from above with a SIGNED compare (i s< 16); a negative i passes and
 * indexes before the start of the map value.
 * issue: 5
 * category: signed_unsigned
 * expect: reject
 * kernel: math between map_value pointer and register with unbounded min value is not allowed
 * twin: map_value_signed_idx_ok */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
__naked int map_value_signed_idx_bad(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r4 = r2;"
        "r4 += 8;"
        "if r4 > r3 goto 1f;"
        "r6 = *(u64 *)(r2 + 0);"
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "if r6 s>= 16 goto 1f;"
        "r1 = r0;"
        "r1 += r6;"
        "r0 = *(u8 *)(r1 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
