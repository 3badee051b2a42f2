/* map_array_of_maps: BPF_MAP_TYPE_ARRAY_OF_MAPS (outer, max 4) holding two inner ARRAY maps,
 * filled by libbpf from the static initialiser: outer[0] = inner_a, outer[2] = inner_b.
 *   res[0] lookup(outer, 0) != NULL          -> 1
 *   res[1] lookup(outer, 1) == NULL (empty)  -> 1
 *   res[2] lookup(outer, 9) == NULL (range)  -> 1
 *   res[3] inner_a[1] after += 5             -> 5 * N
 *   res[4] update(inner_b, 3, 77, BPF_ANY) through the outer map -> 0
 *   res[5] update(inner_b, 4, .., BPF_ANY) (out of range) -> -E2BIG (-7)
 *   res[6] inner_b[3] read back through the outer map   -> 77
 * inner_a = {0, 5N, 0, 0}, inner_b = {0, 0, 0, 77}. The outer map's values are map ids,
 * which differ per load: not compared. retval XDP_PASS. */
#include "corpus.h"

struct inner {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
    __uint(max_entries, 4);
    __type(key, u32);
    __array(values, struct inner);
} outer SEC(".maps") = {
    .values = { [0] = &inner_a, [2] = &inner_b },
};

RESULTS(8)

SEC("xdp")
int map_array_of_maps(struct xdp_md *ctx)
{
    u32 k0 = 0, k1 = 1, k2 = 2, k3 = 3, k4 = 4, k9 = 9;
    u64 v = 77;
    void *a = bpf_map_lookup_elem(&outer, &k0);
    put(0, a != NULL);
    put(1, bpf_map_lookup_elem(&outer, &k1) == NULL);
    put(2, bpf_map_lookup_elem(&outer, &k9) == NULL);
    if (a) {
        u64 *p = bpf_map_lookup_elem(a, &k1);
        if (p) {
            *p += 5;
            put(3, *p);
        }
    }
    void *b = bpf_map_lookup_elem(&outer, &k2);
    if (b) {
        put(4, bpf_map_update_elem(b, &k3, &v, BPF_ANY));
        put(5, bpf_map_update_elem(b, &k4, &v, BPF_ANY));
        u64 *p = bpf_map_lookup_elem(b, &k3);
        put(6, p ? (s64)*p : -1);
    }
    return XDP_PASS;
}
