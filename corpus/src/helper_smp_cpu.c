/* helper_smp_cpu: bpf_get_smp_processor_id, and which per-CPU slot a PERCPU_ARRAY update
 * lands in. The CPU number depends on where the test run is scheduled: nd[0] = cpu id (not
 * compared). The kernel results are recorded under `taskset -c 0`, so the per-CPU map shows
 * the count in the cpu 0 slot; an engine should report its own "CPU" slot consistently:
 *   res[0] cpu id < 64 (a plausible CPU number)                -> 1
 *   res[1] the per-CPU slot we incremented is the one of that cpu id:
 *          lookup_percpu_elem(pcpu, 0, cpu) == this CPU's value -> 1
 *   res[2] lookup_percpu_elem with cpu 4096 (no such CPU) == NULL -> 1
 * pcpu[0] in the current CPU's slot counts runs. retval XDP_PASS. */
#include "corpus.h"

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, u32);
    __type(value, u64);
} pcpu SEC(".maps");

RESULTS(4)
NONDET(2)

SEC("xdp")
int helper_smp_cpu(struct xdp_md *ctx)
{
    u32 cpu = bpf_get_smp_processor_id();
    u32 k = 0;
    put_nd(0, cpu);
    put(0, cpu < 64);
    u64 *mine = bpf_map_lookup_elem(&pcpu, &k);
    if (!mine)
        return XDP_ABORTED;
    *mine += 1;
    u64 *via_cpu = bpf_map_lookup_percpu_elem(&pcpu, &k, cpu);
    put(1, via_cpu == mine);
    put(2, bpf_map_lookup_percpu_elem(&pcpu, &k, 4096) == NULL);
    return XDP_PASS;
}
