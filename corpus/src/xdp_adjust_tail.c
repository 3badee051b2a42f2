/* xdp_adjust_tail: bpf_xdp_adjust_tail, trimming and growing the packet at the end.
 * Trim the packet to its IPv4 total length (drops Ethernet padding), then grow it by 8 bytes
 * (the kernel zeroes grown bytes) and write a trailer "TRAILER!" there.
 *   res[0] adjust_tail(14 + tot_len - len), trims the Ethernet padding -> 0
 *          (a delta of 0 for tcp64.bin / udp512.bin, -6 for tcp_syn60.bin: 60 -> 54 bytes)
 *   res[1] adjust_tail(+8)                    -> 0
 *   res[2] adjust_tail(-len) (would leave < 14 bytes) -> -EINVAL (-22)
 *   res[3] adjust_tail(+8192) (beyond the frame: test runs use one 4 KiB page) -> -EINVAL (-22)
 *   res[4] final length (72 for tcp64.bin, 62 for tcp_syn60.bin, 520 for udp512.bin)
 *   res[5] the grown bytes were zero before the program wrote them -> 1
 * retval XDP_TX (3); XDP_DROP (1) for non-IPv4 or truncated packets. */
#include "corpus.h"

RESULTS(8)

SEC("xdp")
int xdp_adjust_tail(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
        return XDP_DROP;
    long len = end - data;
    long want = sizeof(*eth) + bpf_ntohs(ip->tot_len);
    if (want > len)
        return XDP_DROP;
    put(0, bpf_xdp_adjust_tail(ctx, (int)(want - len)));
    put(1, bpf_xdp_adjust_tail(ctx, 8));
    put(2, bpf_xdp_adjust_tail(ctx, -(int)(want + 8)));
    put(3, bpf_xdp_adjust_tail(ctx, 8192));
    data = (void *)(long)ctx->data;
    end = (void *)(long)ctx->data_end;
    put(4, end - data);
    long l = end - data;
    if (l < 8 || l > 4096)
        return XDP_ABORTED;
    u64 off = l - 8;
    asm volatile("" : "+r"(off)); /* keep data + off as one step (no negative packet offset) */
    u8 *t = data + off;
    if ((void *)(t + 8) > end)
        return XDP_ABORTED;
    put(5, *(u32 *)t == 0 && *(u32 *)(t + 4) == 0);
    __builtin_memcpy(t, "TRAILER!", 8);
    return XDP_TX;
}
