/* pkt_parse: header parsing with direct packet access: Ethernet, optional 802.1Q tag,
 * IPv4 (any IHL, header checksum verified) or IPv6, then TCP or UDP. Counts classes in an
 * array map and returns a code describing the packet:
 *   retval = class | (L4 destination port << 8)
 *   class: 1 truncated, 2 not IP (ARP, ...), 3 bad IPv4 header/checksum, 4 IPv4/TCP,
 *          5 IPv4/UDP, 6 IPv6/TCP, 7 IPv6/UDP, 8 other L4 protocol; +16 if VLAN-tagged
 *   res[0] ethertype (host order, after the VLAN tag), res[1] IP header length (bytes),
 *   res[2] L4 source port, res[3] L4 destination port, res[4] TCP flags or UDP length,
 *   res[5] IPv4 TTL / IPv6 hop limit, res[6] VLAN id (0 if none)
 *   classes[class] += 1 (map contents after --repeat N: N in the packet's class)
 * Inputs: tcp64, tcp_syn60, tcp_opts72, udp60, vlan_udp64, ipv6_tcp74, arp60, eth14,
 * trunc_ip20. */
#include "corpus.h"

struct vlan { u16 tci; u16 proto; };

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 32);
    __type(key, u32);
    __type(value, u64);
} classes SEC(".maps");

RESULTS(8)

static __always_inline int verdict(u32 class, u32 dport)
{
    u64 *c = bpf_map_lookup_elem(&classes, &class);
    if (c)
        *c += 1;
    return class | (dport << 8);
}

SEC("xdp")
int pkt_parse(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    u32 tagged = 0;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end)
        return verdict(1, 0);
    void *p = eth + 1;
    u16 proto = bpf_ntohs(eth->h_proto);
    u32 vid = 0;
    if (proto == ETH_P_8021Q) {
        struct vlan *v = p;
        if ((void *)(v + 1) > end)
            return verdict(1, 0);
        vid = bpf_ntohs(v->tci) & 0xfff;
        proto = bpf_ntohs(v->proto);
        p = v + 1;
        tagged = 16;
    }
    put(0, proto);
    put(6, vid);
    u8 l4proto;
    u32 base;
    if (proto == ETH_P_IP) {
        struct iphdr *ip = p;
        if ((void *)(ip + 1) > end)
            return verdict(1 + tagged, 0);
        u32 hl = ip->ihl * 4;
        if (ip->version != 4 || hl < 20 || hl > 60)
            return verdict(3 + tagged, 0);
        if (p + hl > end)
            return verdict(1 + tagged, 0);
        u32 sum = 0;
        u16 *w = p;
        for (int i = 0; i < 30; i++) {
            if (i * 2 >= hl)
                break;
            if ((void *)(w + i + 1) > end)
                break;
            sum += w[i];
        }
        sum = (sum & 0xffff) + (sum >> 16);
        sum = (sum & 0xffff) + (sum >> 16);
        if ((u16)~sum)
            return verdict(3 + tagged, 0);
        put(1, hl);
        put(5, ip->ttl);
        l4proto = ip->protocol;
        p += hl;
        base = 4;
    } else if (proto == ETH_P_IPV6) {
        struct ipv6hdr *ip6 = p;
        if ((void *)(ip6 + 1) > end)
            return verdict(1 + tagged, 0);
        put(1, sizeof(*ip6));
        put(5, ip6->hop_limit);
        l4proto = ip6->nexthdr;
        p = ip6 + 1;
        base = 6;
    } else {
        return verdict(2 + tagged, 0);
    }
    if (l4proto == IPPROTO_TCP) {
        struct tcphdr *t = p;
        if ((void *)(t + 1) > end)
            return verdict(1 + tagged, 0);
        put(2, bpf_ntohs(t->source));
        put(3, bpf_ntohs(t->dest));
        put(4, ((u8 *)t)[13]);
        return verdict(base + tagged, bpf_ntohs(t->dest));
    }
    if (l4proto == IPPROTO_UDP) {
        struct udphdr *u = p;
        if ((void *)(u + 1) > end)
            return verdict(1 + tagged, 0);
        put(2, bpf_ntohs(u->source));
        put(3, bpf_ntohs(u->dest));
        put(4, bpf_ntohs(u->len));
        return verdict(base + 1 + tagged, bpf_ntohs(u->dest));
    }
    return verdict(8 + tagged, 0);
}
