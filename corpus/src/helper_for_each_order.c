/* helper_for_each_order: iteration ORDER of bpf_for_each_map_elem over a HASH map created
 * with BPF_F_ZERO_SEED (hash seed 0 instead of a random one, so the kernel's order is
 * reproducible: buckets in index order, bucket = jhash2(key, seed 0) & (n_buckets - 1),
 * newest element first within a bucket). Keys 1..12 are inserted in order each run.
 * Compared (order-independent): res[0] elements visited -> 12, res[1] sum of keys -> 78,
 * res[2] sum of values -> 650.
 * NOT compared (nd, order-dependent): nd[0] = fold of the visit order (acc = acc * 31 + key),
 * nd[1] = first key visited, nd[2] = elements visited by a for_each that stops at key 7. They are equal only for an engine that reproduces the kernel's
 * bucket layout (jhash2, 16 buckets for max_entries 16) -- recorded for such engines.
 * retval XDP_PASS. */
#include "corpus.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16);
    __uint(map_flags, BPF_F_ZERO_SEED);
    __type(key, u32);
    __type(value, u32);
} zs SEC(".maps");

RESULTS(4)
NONDET(3)

struct acc { u64 n, sum, vsum, order, first; };

static long visit(void *map, u32 *key, u32 *val, struct acc *a)
{
    if (!a->first)
        a->first = *key;
    a->n++;
    a->sum += *key;
    a->vsum += *val;
    a->order = a->order * 31 + *key;
    return 0;
}

static long stop7(void *map, u32 *key, u32 *val, void *unused)
{
    return *key == 7;
}

SEC("xdp")
int helper_for_each_order(struct xdp_md *ctx)
{
    for (u32 i = 1; i <= 12; i++) {
        u32 k = i, v = i * i;
        bpf_map_update_elem(&zs, &k, &v, BPF_ANY);
    }
    struct acc a = {};
    bpf_for_each_map_elem(&zs, visit, &a, 0);
    put(0, a.n);
    put(1, a.sum);
    put_nd(0, a.order);
    put(2, a.vsum);
    put_nd(1, a.first);
    put_nd(2, bpf_for_each_map_elem(&zs, stop7, NULL, 0));
    return XDP_PASS;
}
