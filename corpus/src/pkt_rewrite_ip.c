/* pkt_rewrite_ip: XDP "reply" rewrite without helpers: swap MACs, swap IPv4 source and
 * destination, swap TCP/UDP ports, decrement the TTL and update the IPv4 header checksum
 * incrementally (RFC 1624: HC' = ~(~HC + ~m + m'), on the 16-bit word holding TTL and
 * protocol). Swapping addresses/ports leaves the IPv4 and L4 checksums valid (a sum is
 * order-independent), so all checksums in data_out must verify.
 *   res[0] old TTL, res[1] new header checksum (network order as read by a u16 load),
 *   res[2] 1 if the header verifies after the rewrite (recomputed in the program)
 * retval XDP_TX (3); XDP_PASS (2) for non-IPv4 or TTL <= 1, XDP_DROP (1) if truncated. */
#include "corpus.h"

RESULTS(4)

static __always_inline u16 csum_fold(u32 s)
{
    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
    return s;
}

SEC("xdp")
int pkt_rewrite_ip(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end)
        return XDP_DROP;
    if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5 || ip->ttl <= 1)
        return XDP_PASS;
    u8 mac[ETH_ALEN];
    __builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
    __builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
    __builtin_memcpy(eth->h_source, mac, ETH_ALEN);
    u32 a = ip->saddr;
    ip->saddr = ip->daddr;
    ip->daddr = a;
    if (ip->protocol == IPPROTO_TCP || ip->protocol == IPPROTO_UDP) {
        u16 *ports = (void *)(ip + 1);
        if ((void *)(ports + 2) > end)
            return XDP_DROP;
        u16 t = ports[0];
        ports[0] = ports[1];
        ports[1] = t;
    }
    put(0, ip->ttl);
    u16 old = *(u16 *)&ip->ttl;
    ip->ttl--;
    u16 neu = *(u16 *)&ip->ttl;
    ip->check = ~csum_fold((u16)~ip->check + (u32)(u16)~old + neu);
    put(1, ip->check);
    u32 s = 0;
    u16 *w = (void *)ip;
#pragma clang loop unroll(full)
    for (int i = 0; i < 10; i++)
        s += w[i];
    put(2, csum_fold(s) == 0xffff);
    return XDP_TX;
}
