/* xdp_adjust_head_pop: strip headers with bpf_xdp_adjust_head(+n): removes the Ethernet
 * header (14 bytes) and, for IPv4, the IP header too (ihl * 4), so data_out starts at the
 * L4 header. The kernel requires at least ETH_HLEN (14) bytes to remain after an
 * adjust_head: shrinking below that fails.
 *   res[0] adjust_head(+14)                       -> 0
 *   res[1] adjust_head(+ihl*4) (20 or 24)          -> 0 for IPv4, not called otherwise
 *   res[2] length after the pops                  -> 30 for tcp64.bin (64 - 14 - 20)
 *   res[3] adjust_head(+(len - 13)) (would leave 13 bytes) -> -EINVAL (-22)
 * retval: XDP_PASS (2) for IPv4, XDP_DROP (1) otherwise (packet left after the Ethernet pop). */
#include "corpus.h"

RESULTS(4)

SEC("xdp")
int xdp_adjust_head_pop(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end)
        return XDP_ABORTED;
    u16 proto = eth->h_proto;
    put(0, bpf_xdp_adjust_head(ctx, sizeof(*eth)));
    data = (void *)(long)ctx->data;
    end = (void *)(long)ctx->data_end;
    if (proto != bpf_htons(ETH_P_IP)) {
        put(2, end - data);
        return XDP_DROP;
    }
    struct iphdr *ip = data;
    if ((void *)(ip + 1) > end)
        return XDP_ABORTED;
    int hl = ip->ihl * 4;
    put(1, bpf_xdp_adjust_head(ctx, hl));
    data = (void *)(long)ctx->data;
    end = (void *)(long)ctx->data_end;
    long len = end - data;
    put(2, len);
    put(3, bpf_xdp_adjust_head(ctx, len - 13));
    return XDP_PASS;
}
