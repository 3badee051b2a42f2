/* multi_prog: one object with three programs of different types sharing one map, each case
 * selecting one program by function name or by section name (the kernel oracle then loads
 * only that program, with libbpf, so the other programs' types do not matter).
 *   xdp_count   SEC("xdp")     counts packets in shared[0], returns XDP_PASS (2)
 *   tc_count    SEC("tc")      counts in shared[1], returns TC_ACT_OK (0)
 *   sock_count  SEC("socket")  counts in shared[2], returns skb->len (50 for tcp64.bin)
 * Each program writes its own slot only, so after a run exactly one slot is 1 (the map is
 * created fresh for each case). */
#include "corpus.h"

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 3);
    __type(key, u32);
    __type(value, u64);
} shared SEC(".maps");

static __always_inline void bump(u32 k)
{
    u64 *v = bpf_map_lookup_elem(&shared, &k);
    if (v)
        *v += 1;
}

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
    bump(0);
    return XDP_PASS;
}

SEC("tc")
int tc_count(struct __sk_buff *skb)
{
    bump(1);
    return TC_ACT_OK;
}

SEC("socket")
int sock_count(struct __sk_buff *skb)
{
    bump(2);
    return skb->len;
}
