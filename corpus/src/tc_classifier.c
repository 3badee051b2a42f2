/* tc_classifier: the legacy section name SEC("classifier") (BPF_PROG_TYPE_SCHED_CLS, same as
 * SEC("tc")). Sets the IPv4 DSCP to EF (46) with a direct packet write and fixes the header
 * checksum with bpf_l3_csum_replace on the 16-bit word holding version/IHL/TOS (size 2).
 * Direct packet access from tc: skb->data / skb->data_end.
 *   res[0] old TOS (0 for tcp64.bin), res[1] l3_csum_replace return -> 0
 *   res[2] new TOS -> 0xb8 (46 << 2)
 *   res[3] skb->data_end - skb->data -> 64
 * data_out: TOS byte 0xb8 and a valid IPv4 header checksum.
 * retval TC_ACT_OK (0); TC_ACT_UNSPEC (-1, reported as 4294967295) for non-IPv4. */
#include "corpus.h"

RESULTS(4)

SEC("classifier")
int tc_classifier(struct __sk_buff *skb)
{
    void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
    put(3, end - data);
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
        return TC_ACT_UNSPEC;
    u16 old = *(u16 *)ip;
    put(0, ip->tos);
    ip->tos = 46 << 2;
    u16 neu = *(u16 *)ip;
    put(1, bpf_l3_csum_replace(skb, 14 + offsetof(struct iphdr, check), old, neu, 2));
    /* the helper may have moved the packet: reload the pointers before reading it again */
    data = (void *)(long)skb->data;
    end = (void *)(long)skb->data_end;
    ip = data + 14;
    if ((void *)(ip + 1) > end)
        return TC_ACT_SHOT;
    put(2, ip->tos);
    return TC_ACT_OK;
}
