/* tc_csum_replace: NAT-style rewrite from tc with the checksum helpers.
 * IPv4 destination -> 192.0.2.99 and L4 destination port -> 8080:
 *   bpf_l4_csum_replace(L4 csum, old_ip, new_ip, BPF_F_PSEUDO_HDR | 4)  (pseudo-header)
 *   bpf_l3_csum_replace(IP csum, old_ip, new_ip, 4)
 *   bpf_l4_csum_replace(L4 csum, old_port, new_port, 2)
 *   bpf_skb_store_bytes for the new address and port
 * For UDP the flag BPF_F_MARK_MANGLED_0 is added: a zero UDP checksum (no checksum) stays 0,
 * and a computed result of 0 is written as 0xffff.
 * Also TTL -1 with bpf_l3_csum_replace(.., from = 0, to = csum_diff result, size 0), the
 * "diff" form, using bpf_csum_diff over the old/new 16-bit TTL+protocol word.
 *   res[0..3] returns of the four replace helpers -> 0
 *   res[4] l3_csum_replace with size 3 (invalid)    -> -EINVAL (-22)
 *   res[5] l4_csum_replace at offset 0xfff0 (past the end) -> -EFAULT (-14)
 * data_out: a packet whose IPv4 and TCP/UDP checksums are valid again (the record script's
 * checks verify this). retval TC_ACT_OK (0); TC_ACT_SHOT (2) for non-IPv4 or non-TCP/UDP. */
#include "corpus.h"

RESULTS(8)

#define IP_OFF 14

SEC("tc")
int tc_csum_replace(struct __sk_buff *skb)
{
    void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5)
        return TC_ACT_SHOT;
    u8 proto = ip->protocol;
    u32 l4 = IP_OFF + 20, csum_off, port_off = l4 + 2;
    u64 mangled = 0;
    if (proto == IPPROTO_TCP) {
        csum_off = l4 + offsetof(struct tcphdr, check);
    } else if (proto == IPPROTO_UDP) {
        csum_off = l4 + offsetof(struct udphdr, check);
        mangled = BPF_F_MARK_MANGLED_0;
    } else {
        return TC_ACT_SHOT;
    }
    u32 old_ip = ip->daddr, new_ip = bpf_htonl(0xc0000263); /* 192.0.2.99 */
    u16 old_port = 0, new_port = bpf_htons(8080);
    if (bpf_skb_load_bytes(skb, port_off, &old_port, 2))
        return TC_ACT_SHOT;
    u32 old_w = *(u16 *)((void *)ip + 8); /* ttl, protocol */
    put(0, bpf_l4_csum_replace(skb, csum_off, old_ip, new_ip, BPF_F_PSEUDO_HDR | mangled | 4));
    put(1, bpf_l3_csum_replace(skb, IP_OFF + offsetof(struct iphdr, check), old_ip, new_ip, 4));
    put(2, bpf_l4_csum_replace(skb, csum_off, old_port, new_port, mangled | 2));
    bpf_skb_store_bytes(skb, IP_OFF + offsetof(struct iphdr, daddr), &new_ip, 4, 0);
    bpf_skb_store_bytes(skb, port_off, &new_port, 2, 0);
    /* TTL - 1 via the diff form: csum_diff(old word, new word) then l3_csum_replace(0, diff, 0) */
    u8 ttl_proto[4] = {}, new_tp[4] = {};
    __builtin_memcpy(ttl_proto, &old_w, 2);
    __builtin_memcpy(new_tp, &old_w, 2);
    new_tp[0] -= 1;
    s64 diff = bpf_csum_diff((void *)ttl_proto, 4, (void *)new_tp, 4, 0);
    put(3, bpf_l3_csum_replace(skb, IP_OFF + offsetof(struct iphdr, check), 0, diff, 0));
    bpf_skb_store_bytes(skb, IP_OFF + offsetof(struct iphdr, ttl), new_tp, 1, 0);
    put(4, bpf_l3_csum_replace(skb, IP_OFF + offsetof(struct iphdr, check), 0, 1, 3));
    put(5, bpf_l4_csum_replace(skb, 0xfff0, 0, 1, 2));
    return TC_ACT_OK;
}
