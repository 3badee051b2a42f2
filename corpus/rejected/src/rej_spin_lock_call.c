/* rej_spin_lock_call (REJECTED): calls a helper (bpf_ktime_get_ns) while holding a
 * bpf_spin_lock, which the verifier forbids. */
#include "corpus.h"

struct val { struct bpf_spin_lock lock; u64 t; };

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, u32);
    __type(value, struct val);
} m SEC(".maps");

SEC("xdp")
int rej_spin_lock_call(struct xdp_md *ctx)
{
    u32 k = 0;
    struct val *v = bpf_map_lookup_elem(&m, &k);
    if (!v)
        return XDP_PASS;
    bpf_spin_lock(&v->lock);
    v->t = bpf_ktime_get_ns();
    bpf_spin_unlock(&v->lock);
    return XDP_PASS;
}
