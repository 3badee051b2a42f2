/* map_lru_percpu_hash: BPF_MAP_TYPE_LRU_PERCPU_HASH with BPF_F_NO_COMMON_LRU (one LRU list
 * per CPU), used within capacity so contents are exact. Recorded pinned to CPU 0.
 *   keys 1..4 are inserted with BPF_NOEXIST on the first run (res[0] = sum of returns: 0 on
 *   the first run, 4 * -EEXIST = -68 afterwards); each run adds k*100 to key k's slot of
 *   this CPU and res[1] = this CPU's value of key 4 (400 * N).
 *   res[2] update(9, BPF_EXIST) -> -ENOENT (-2); res[3] delete(9) -> -ENOENT (-2)
 *   res[4] update(2, BPF_ANY) with a fresh value then lookup -> 7 (BPF_ANY replaces this
 *          CPU's slot; the other CPUs' slots are zeroed) -- key 2 holds 7+200 afterwards
 * retval XDP_PASS. */
#include "corpus.h"

struct {
    __uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
    __uint(max_entries, 16);
    __uint(map_flags, BPF_F_NO_COMMON_LRU);
    __type(key, u32);
    __type(value, u64);
} lpc SEC(".maps");

RESULTS(8)

SEC("xdp")
int map_lru_percpu_hash(struct xdp_md *ctx)
{
    long sum = 0;
    u64 zero = 0, seven = 7;
    #pragma clang loop unroll(full)
    for (u32 k = 1; k <= 4; k++) {
        u32 key = k;
        sum += bpf_map_update_elem(&lpc, &key, &zero, BPF_NOEXIST);
    }
    put(0, sum);
    u32 k2 = 2, k9 = 9;
    put(2, bpf_map_update_elem(&lpc, &k9, &zero, BPF_EXIST));
    put(3, bpf_map_delete_elem(&lpc, &k9));
    bpf_map_update_elem(&lpc, &k2, &seven, BPF_ANY);
    u64 *p = bpf_map_lookup_elem(&lpc, &k2);
    put(4, p ? (s64)*p : -1);
    #pragma clang loop unroll(full)
    for (u32 k = 1; k <= 4; k++) {
        u32 key = k;
        p = bpf_map_lookup_elem(&lpc, &key);
        if (p) {
            *p += k * 100;
            if (k == 4)
                put(1, *p);
        }
    }
    return XDP_PASS;
}
