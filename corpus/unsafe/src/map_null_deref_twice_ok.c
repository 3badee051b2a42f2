/* map_null_deref_twice_ok: two lookups in a HASH map; the second result is NULL-checked before
 * it is dereferenced (twin of map_null_deref_twice_bad).
 * issue: 5
 * category: null_check
 * expect: accept
 * twin: map_null_deref_twice_bad */
#include "unsafe.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} h SEC(".maps");

SEC("xdp")
__naked int map_null_deref_twice_ok(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[h] ll;"
        "call %[bpf_map_lookup_elem];"
        "r6 = r0;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[h] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "r0 = *(u64 *)(r0 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(h), __imm(bpf_map_lookup_elem) : __clobber_all);
}
