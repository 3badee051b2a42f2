/* rej_null_map_value (REJECTED): dereferences the result of a HASH map lookup without the
 * NULL check (map_value_or_null). (For an ARRAY map and a constant in-range key, Linux 6.18
 * knows the lookup cannot fail and accepts the same code.) */
#include "corpus.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1);
    __type(key, u32);
    __type(value, u64);
} m SEC(".maps");

SEC("xdp")
int rej_null_map_value(struct xdp_md *ctx)
{
    u32 k = 0;
    u64 *v = bpf_map_lookup_elem(&m, &k);
    asm volatile("" : "+r"(v)); /* keep the compiler from assuming v != NULL */
    return *v;
}
