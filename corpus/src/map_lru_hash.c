/* map_lru_hash: BPF_MAP_TYPE_LRU_HASH.
 * Map "lru" (max 8) is used within its capacity, so its contents are exact:
 *   res[0] update(1, BPF_NOEXIST) -> 0 on the first run, -EEXIST (-17) afterwards
 *   res[1] update(2, BPF_EXIST) missing key -> -ENOENT (-2)
 *   res[2] delete(2) missing key            -> -ENOENT (-2)
 *   res[3] update(3, BPF_ANY) then delete(3) -> 0 + 0 = 0
 *   res[4] value of key 1 (run counter)     -> N
 *   res[5] flags 8 (unknown)                -> -EINVAL (-22)
 * Map "lru_evict" (max 8) gets 12 distinct keys per run: an LRU map never fails with -E2BIG,
 * it evicts. res[6] = number of those 12 updates returning 0 (12). WHICH keys survive (and so
 * the contents of lru_evict and nd[0] = how many of the 12 are still found) follow the kernel's
 * LRU internals (per-CPU free lists, batch shrinking) and are not compared.
 * retval XDP_PASS. */
#include "corpus.h"

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 8);
    __type(key, u32);
    __type(value, u64);
} lru SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 8);
    __type(key, u32);
    __type(value, u64);
} lru_evict SEC(".maps");

RESULTS(8)
NONDET(2)

SEC("xdp")
int map_lru_hash(struct xdp_md *ctx)
{
    u32 k1 = 1, k2 = 2, k3 = 3;
    u64 zero = 0, v = 33;
    put(0, bpf_map_update_elem(&lru, &k1, &zero, BPF_NOEXIST));
    put(1, bpf_map_update_elem(&lru, &k2, &zero, BPF_EXIST));
    put(2, bpf_map_delete_elem(&lru, &k2));
    put(3, bpf_map_update_elem(&lru, &k3, &v, BPF_ANY) + bpf_map_delete_elem(&lru, &k3));
    u64 *p = bpf_map_lookup_elem(&lru, &k1);
    if (p) {
        *p += 1;
        put(4, *p);
    }
    put(5, bpf_map_update_elem(&lru, &k3, &v, 8));
    long ok = 0, found = 0;
    #pragma clang loop unroll(full)
    for (u32 i = 100; i < 112; i++) {
        u32 key = i;
        u64 val = i * 10;
        ok += bpf_map_update_elem(&lru_evict, &key, &val, BPF_ANY) == 0;
    }
    #pragma clang loop unroll(full)
    for (u32 i = 100; i < 112; i++) {
        u32 key = i;
        found += bpf_map_lookup_elem(&lru_evict, &key) != NULL;
    }
    put(6, ok);
    put_nd(0, found);
    return XDP_PASS;
}
