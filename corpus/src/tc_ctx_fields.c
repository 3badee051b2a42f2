/* tc_ctx_fields: struct __sk_buff context fields of a tc program, with a ctx_in
 * (corpus/inputs/skb_ctx.bin: mark 0x1234, priority 7, cb[] = 1..5; the kernel accepts only
 * these and a few other fields non-zero) and ctx_out (the kernel copies the context back).
 * Reads: len, protocol, mark, priority, ifindex, cb[], data/data_end (direct packet access),
 * ingress_ifindex, wire_len, vlan_present, gso_segs. Writes: mark, priority, tc_index, cb[4],
 * tstamp.
 *   res[0] skb->len -> 64;  res[1] skb->protocol -> 0x0008 (htons ETH_P_IP, as stored)
 *   res[2] mark -> 0x1234;  res[3] priority -> 7;  res[4] ifindex -> 1
 *   res[5] cb[0] + cb[1]*10 + cb[2]*100 + cb[3]*1000 + cb[4]*10000 -> 54321
 *   res[6] data_end - data -> 64;  res[7] first byte of the destination MAC -> 2
 *   res[8] ingress_ifindex -> 0;  res[9] wire_len -> 64 (defaults to len)
 *   res[10] vlan_present -> 0;  res[11] gso_segs -> 0
 * Writes: mark = mark ^ 0xffff, priority = 42, tc_index = 3, cb[4] = 0xc0ffee, and
 * skb->tstamp = 1000 (allowed for tc).
 * ctx_out (192 bytes): the kernel copies back only mark (0xedcb), priority (42), ifindex (1),
 * cb[] (1, 2, 3, 4, 0xc0ffee), tstamp (1000), wire_len (64) and the gso/hwtstamp fields;
 * tc_index is NOT copied back (it stays 0 in ctx_out). retval TC_ACT_OK (0). */
#include "corpus.h"

RESULTS(16)

SEC("tc")
int tc_ctx_fields(struct __sk_buff *skb)
{
    put(0, skb->len);
    put(1, skb->protocol);
    put(2, skb->mark);
    put(3, skb->priority);
    put(4, skb->ifindex);
    put(5, skb->cb[0] + skb->cb[1] * 10 + skb->cb[2] * 100 + skb->cb[3] * 1000 + skb->cb[4] * 10000);
    void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
    put(6, end - data);
    if (data + 1 <= end)
        put(7, *(u8 *)data);
    put(8, skb->ingress_ifindex);
    put(9, skb->wire_len);
    put(10, skb->vlan_present);
    put(11, skb->gso_segs);
    skb->mark ^= 0xffff;
    skb->priority = 42;
    skb->tc_index = 3;
    skb->cb[4] = 0xc0ffee;
    skb->tstamp = 1000;
    return TC_ACT_OK;
}
