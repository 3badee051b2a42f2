/* map_hash: BPF_MAP_TYPE_HASH (preallocated, max_entries 4) update flags and errors.
 * Each run first deletes keys 10..13 (res[0] = number of those deletes that returned 0),
 * so every run starts from the same state except key 1, which keeps a run counter.
 *   res[1]  update(1, BPF_NOEXIST) on the first run -> 0, later runs -> -EEXIST (-17)
 *   res[2]  update(1, BPF_NOEXIST) again           -> -EEXIST (-17)
 *   res[3]  update(2, BPF_EXIST), key missing      -> -ENOENT (-2)
 *   res[4]  delete(2), key missing                 -> -ENOENT (-2)
 *   res[5]  lookup(2) == NULL                      -> 1
 *   res[6]  update(10/11/12, BPF_NOEXIST) sum      -> 0   (map now full: 1,10,11,12)
 *   res[7]  update(13, BPF_ANY) on a full map      -> -E2BIG (-7)
 *   res[8]  update(10, BPF_ANY) on a full map      -> 0   (replacing an existing key works)
 *   res[9]  delete(12)                             -> 0
 *   res[10] update(13, BPF_NOEXIST)                -> 0
 *   res[11] update(13, 4 = BPF_F_LOCK)             -> -EINVAL (-22) no spin lock in value
 *   res[12] value of key 1 (run counter)           -> N after N runs
 *   res[13] value of key 10                        -> 1010
 * After the run the map holds {1:N, 10:1010, 11:111, 13:113}.  retval XDP_PASS. */
#include "corpus.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} h SEC(".maps");

RESULTS(16)

static __always_inline long upd(u32 k, u64 v, u64 flags)
{
    return bpf_map_update_elem(&h, &k, &v, flags);
}

static __always_inline long del(u32 k)
{
    return bpf_map_delete_elem(&h, &k);
}

SEC("xdp")
int map_hash(struct xdp_md *ctx)
{
    long n = 0;
    for (u32 k = 10; k < 14; k++)
        n += del(k) == 0;
    put(0, n);
    u32 k1 = 1, k2 = 2, k10 = 10;
    put(1, upd(1, 0, BPF_NOEXIST));
    put(2, upd(1, 0, BPF_NOEXIST));
    put(3, upd(2, 2, BPF_EXIST));
    put(4, del(2));
    put(5, bpf_map_lookup_elem(&h, &k2) == NULL);
    put(6, upd(10, 110, BPF_NOEXIST) + upd(11, 111, BPF_NOEXIST) + upd(12, 112, BPF_NOEXIST));
    put(7, upd(13, 113, BPF_ANY));
    put(8, upd(10, 1010, BPF_ANY));
    put(9, del(12));
    put(10, upd(13, 113, BPF_NOEXIST));
    put(11, upd(13, 113, BPF_F_LOCK));
    u64 *p = bpf_map_lookup_elem(&h, &k1);
    if (p) {
        *p += 1;
        put(12, *p);
    }
    p = bpf_map_lookup_elem(&h, &k10);
    put(13, p ? (s64)*p : -1);
    return XDP_PASS;
}
