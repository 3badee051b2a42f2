/* map_percpu_hash: BPF_MAP_TYPE_PERCPU_HASH keyed by (ethertype, IP protocol) of the packet,
 * value {packets, bytes} counted on the current CPU. An element inserted by a program gets
 * this CPU's value and zeroes in every other CPU's slot. Recorded pinned to CPU 0.
 *   res[0] lookup of the packet's key was a miss (1) or a hit (0): 1 on the first run only
 *   res[1] update(key, BPF_NOEXIST) when missing -> 0 (first run); -EEXIST later
 *   res[2] update(missing key {0xffff,0xff}, BPF_EXIST) -> -ENOENT (-2)
 *   res[3] delete(missing key)                         -> -ENOENT (-2)
 *   res[4] packets counted for this key on this CPU     -> N after N runs
 * retval: XDP_PASS, or XDP_DROP (1) for packets shorter than an Ethernet header. */
#include "corpus.h"

struct key { u16 ethertype; u16 proto; };
struct val { u64 packets; u64 bytes; };

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, 16);
    __type(key, struct key);
    __type(value, struct val);
} stats SEC(".maps");

RESULTS(8)

SEC("xdp")
int map_percpu_hash(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end)
        return XDP_DROP;
    struct key k = { bpf_ntohs(eth->h_proto), 0 };
    if (k.ethertype == ETH_P_IP) {
        struct iphdr *ip = (void *)(eth + 1);
        if ((void *)(ip + 1) <= end)
            k.proto = ip->protocol;
    }
    struct val zero = {};
    struct val *v = bpf_map_lookup_elem(&stats, &k);
    put(0, v == NULL);
    put(1, bpf_map_update_elem(&stats, &k, &zero, BPF_NOEXIST));
    struct key missing = { 0xffff, 0xff };
    put(2, bpf_map_update_elem(&stats, &missing, &zero, BPF_EXIST));
    put(3, bpf_map_delete_elem(&stats, &missing));
    v = bpf_map_lookup_elem(&stats, &k);
    if (!v)
        return XDP_ABORTED;
    v->packets += 1;
    v->bytes += end - data;
    put(4, v->packets);
    return XDP_PASS;
}
