/* map_hash_of_maps: BPF_MAP_TYPE_HASH_OF_MAPS (outer, max 8, key u32) holding two inner
 * HASH maps (max 4 entries each), filled by libbpf from the static initialiser:
 * outer{1} = inner_x, outer{5} = inner_y. The key of the outer map comes from the packet:
 * (IP protocol == TCP) ? 1 : 5, so tcp64.bin uses inner_x and udp60.bin uses inner_y.
 *   res[0] lookup(outer, key) != NULL          -> 1
 *   res[1] lookup(outer, 3) == NULL            -> 1
 *   res[2] update(inner, 7, ..., BPF_NOEXIST)  -> 0 first run, -EEXIST (-17) later
 *   res[3] inner[7] counter after += 1         -> N
 *   res[4] update(inner, 100+i, BPF_ANY) for i = 0..3: successes -> 3 (the inner map is
 *          full after 4 keys: 7, 100, 101, 102; 103 gets -E2BIG)
 *   res[5] return of the last of those updates  -> -E2BIG (-7)
 * retval = the outer key used (1 or 5); 0 for packets that are not IPv4. */
#include "corpus.h"

struct inner {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} inner_x SEC(".maps"), inner_y SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
    __uint(max_entries, 8);
    __type(key, u32);
    __array(values, struct inner);
} outer SEC(".maps") = {
    .values = { [1] = &inner_x, [5] = &inner_y },
};

RESULTS(8)

SEC("xdp")
int map_hash_of_maps(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
        return 0;
    u32 key = ip->protocol == IPPROTO_TCP ? 1 : 5, k3 = 3, k7 = 7;
    u64 zero = 0;
    void *inner = bpf_map_lookup_elem(&outer, &key);
    put(0, inner != NULL);
    put(1, bpf_map_lookup_elem(&outer, &k3) == NULL);
    if (!inner)
        return 0;
    put(2, bpf_map_update_elem(inner, &k7, &zero, BPF_NOEXIST));
    u64 *p = bpf_map_lookup_elem(inner, &k7);
    if (p) {
        *p += 1;
        put(3, *p);
    }
    long okc = 0, r = 0;
    for (u32 i = 0; i < 4; i++) {
        u32 k = 100 + i;
        u64 v = i;
        r = bpf_map_update_elem(inner, &k, &v, BPF_ANY);
        okc += r == 0;
    }
    put(4, okc);
    put(5, r);
    return key;
}
