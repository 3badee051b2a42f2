/* xdp_csum_diff: bpf_csum_diff in XDP (no skb checksum helpers there). Rewrites the IPv4
 * source address to 198.51.100.7 and fixes the IP header checksum (and the TCP/UDP checksum,
 * which covers the address through the pseudo-header) with csum_diff + a 16-bit fold.
 * Also recomputes the IP header checksum from scratch with csum_diff(NULL, 0, hdr, 20, 0).
 *   res[0] folded ~csum of the rewritten header, computed from scratch == the incrementally
 *          updated check field -> 1
 *   res[1] csum_diff(from_size 3, to_size 4): odd sizes are accepted on Linux 6.18 (the
 *          helper no longer requires multiples of 4) -> 15136 for tcp64.bin's source address
 *   res[2] csum_diff of two equal 4-byte buffers -> 0xffff (ones-complement "negative zero")
 *   res[3] csum_diff(NULL, 0, bytes 01 02 03 04, 4, 0) -> 0x0604 on little-endian (the
 *          16-bit words 0x0201 + 0x0403 as loaded by the CPU)
 *   res[4] csum_diff(old saddr -> new saddr, seed ~check) for the IP header (raw return)
 *   res[5] csum_diff(NULL, 0, 20-byte header, 20, 0) (raw return)
 * Since Linux 6.13 the helper returns a 16-bit value folded with csum_from32to16 on every
 * architecture (before, it returned the architecture's unfolded 32-bit csum_partial result),
 * so the raw returns are comparable.
 * data_out: the packet with the new source address and valid IPv4/L4 checksums.
 * retval XDP_TX (3); XDP_PASS for packets that are not plain IPv4 (IHL 5) TCP/UDP. */
#include "corpus.h"

RESULTS(8)

static __always_inline u16 fold(s64 c)
{
    u64 s = (u32)c;
    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
    return s;
}

SEC("xdp")
int xdp_csum_diff(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5)
        return XDP_PASS;
    u16 *l4csum;
    if (ip->protocol == IPPROTO_TCP) {
        struct tcphdr *t = (void *)(ip + 1);
        if ((void *)(t + 1) > end)
            return XDP_PASS;
        l4csum = &t->check;
    } else if (ip->protocol == IPPROTO_UDP) {
        struct udphdr *u = (void *)(ip + 1);
        if ((void *)(u + 1) > end)
            return XDP_PASS;
        l4csum = &u->check;
    } else {
        return XDP_PASS;
    }
    u32 old = ip->saddr, neu = bpf_htonl(0xc6336407); /* 198.51.100.7 */
    s64 d = bpf_csum_diff(&old, 4, &neu, 4, ~((u32)ip->check) & 0xffff);
    put(4, d);
    ip->check = ~fold(d);
    if (*l4csum) {
        s64 d4 = bpf_csum_diff(&old, 4, &neu, 4, ~((u32)*l4csum) & 0xffff);
        u16 c = ~fold(d4);
        *l4csum = c ? c : 0xffff;
    }
    ip->saddr = neu;
    u16 stored = ip->check;
    ip->check = 0;
    s64 full = bpf_csum_diff(NULL, 0, (void *)ip, 20, 0);
    put(5, full);
    ip->check = ~fold(full);
    put(0, ip->check == stored);
    put(1, bpf_csum_diff(&old, 3, &neu, 4, 0));
    put(2, fold(bpf_csum_diff(&old, 4, &old, 4, 0)));
    u8 four[4] = { 1, 2, 3, 4 };
    s64 f = bpf_csum_diff(NULL, 0, (void *)four, 4, 0);
    put(3, f);
    return XDP_TX;
}
