/* map_key_too_small_ok: twin of map_key_too_small_bad with the 4-byte key at fp-4.
 * issue: 5
 * category: helper_args
 * expect: accept
 * twin: map_key_too_small_bad */
#include "unsafe.h"

ARRAY8(m)

SEC("xdp")
__naked int map_key_too_small_ok(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
