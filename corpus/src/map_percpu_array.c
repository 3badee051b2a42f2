/* map_percpu_array: BPF_MAP_TYPE_PERCPU_ARRAY. A program sees (and updates) only the slot
 * of the CPU it runs on. Kernel results are recorded pinned to CPU 0 (taskset -c 0), so all
 * changes land in the cpu 0 slot; an engine running single-threaded as "CPU 0" must match.
 *   pc[0] += 1 per run, pc[1] += packet length per run (via lookup)
 *   res[0] update(k=2, BPF_ANY) value 0xabcdef -> 0 (writes only this CPU's slot)
 *   res[1] update(k=2, BPF_NOEXIST)            -> -EEXIST (-17)
 *   res[2] update(k=4, BPF_ANY)                -> -E2BIG (-7)
 *   res[3] delete(k=2)                         -> -EINVAL (-22)
 *   res[4] this CPU's pc[0] after the increment -> N after N runs
 *   res[5] lookup(k=9) == NULL                 -> 1
 * retval XDP_PASS. */
#include "corpus.h"

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} pc SEC(".maps");

RESULTS(8)

SEC("xdp")
int map_percpu_array(struct xdp_md *ctx)
{
    u32 k0 = 0, k1 = 1, k2 = 2, k4 = 4, k9 = 9;
    u64 v = 0xabcdef;
    u64 *p = bpf_map_lookup_elem(&pc, &k0);
    if (!p)
        return XDP_ABORTED;
    *p += 1;
    put(4, *p);
    p = bpf_map_lookup_elem(&pc, &k1);
    if (p)
        *p += ctx->data_end - ctx->data;
    put(0, bpf_map_update_elem(&pc, &k2, &v, BPF_ANY));
    put(1, bpf_map_update_elem(&pc, &k2, &v, BPF_NOEXIST));
    put(2, bpf_map_update_elem(&pc, &k4, &v, BPF_ANY));
    put(3, bpf_map_delete_elem(&pc, &k2));
    put(5, bpf_map_lookup_elem(&pc, &k9) == NULL);
    return XDP_PASS;
}
