/* map_array: BPF_MAP_TYPE_ARRAY semantics seen from a program.
 *   res[0] update(k=3, BPF_ANY)          -> 0
 *   res[1] update(k=3, BPF_EXIST)        -> 0       (array elements always exist)
 *   res[2] update(k=3, BPF_NOEXIST)      -> -EEXIST (-17)
 *   res[3] update(k=8, BPF_ANY)          -> -E2BIG  (-7), key >= max_entries
 *   res[4] lookup(k=8) == NULL           -> 1
 *   res[5] delete(k=3)                   -> -EINVAL (-22), arrays cannot delete
 *   res[6] update(k=3, flags=8)          -> -EINVAL (-22), unknown flag
 *   res[7] update(k=3, BPF_F_LOCK)       -> -EINVAL (-22), value has no bpf_spin_lock
 *   res[8] value of arr[3]               -> 0x1122334455667789
 *   res[9] value of arr[7] (never set)   -> 0 (arrays are zero-initialised)
 * arr[0] counts runs (after --repeat N it holds N); arr[3] = 0x1122334455667789.
 * retval: XDP_PASS (2). */
#include "corpus.h"

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 8);
    __type(key, u32);
    __type(value, u64);
} arr SEC(".maps");

RESULTS(16)

SEC("xdp")
int map_array(struct xdp_md *ctx)
{
    u32 k0 = 0, k3 = 3, k7 = 7, kbig = 8;
    u64 v = 0x1122334455667788ULL;
    u64 *p = bpf_map_lookup_elem(&arr, &k0);
    if (!p)
        return XDP_ABORTED;
    *p += 1;
    put(0, bpf_map_update_elem(&arr, &k3, &v, BPF_ANY));
    v += 1;
    put(1, bpf_map_update_elem(&arr, &k3, &v, BPF_EXIST));
    put(2, bpf_map_update_elem(&arr, &k3, &v, BPF_NOEXIST));
    put(3, bpf_map_update_elem(&arr, &kbig, &v, BPF_ANY));
    put(4, bpf_map_lookup_elem(&arr, &kbig) == NULL);
    put(5, bpf_map_delete_elem(&arr, &k3));
    put(6, bpf_map_update_elem(&arr, &k3, &v, 8));
    put(7, bpf_map_update_elem(&arr, &k3, &v, BPF_F_LOCK));
    p = bpf_map_lookup_elem(&arr, &k3);
    put(8, p ? (s64)*p : -1);
    p = bpf_map_lookup_elem(&arr, &k7);
    put(9, p ? (s64)*p : -1);
    return XDP_PASS;
}
