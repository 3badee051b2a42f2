/* tc_skb_store_bytes: bpf_skb_store_bytes from tc: swap the Ethernet source and destination
 * MAC addresses (load both, store crossed) and overwrite the last 4 bytes of the packet with
 * "DONE"; storing past the end fails.
 *   res[0] store 6 bytes at 0 (new dst MAC)      -> 0
 *   res[1] store 6 bytes at 6 (new src MAC)      -> 0
 *   res[2] store 4 bytes at len - 4              -> 0
 *   res[3] store 4 bytes at len - 2 (crosses the end) -> -EFAULT (-14)
 *   res[4] store with flags 0x8 (unknown)        -> -EINVAL (-22)
 *   res[5] store 2 bytes at 12 with BPF_F_RECOMPUTE_CSUM (the ethertype, same value) -> 0
 * data_out: MACs swapped, last 4 bytes "DONE". retval TC_ACT_OK (0). */
#include "corpus.h"

RESULTS(8)

SEC("tc")
int tc_skb_store_bytes(struct __sk_buff *skb)
{
    u8 macs[12];
    if (bpf_skb_load_bytes(skb, 0, macs, 12))
        return TC_ACT_SHOT;
    u32 len = skb->len;
    u16 et = 0;
    bpf_skb_load_bytes(skb, 12, &et, 2);
    put(0, bpf_skb_store_bytes(skb, 0, macs + 6, 6, 0));
    put(1, bpf_skb_store_bytes(skb, 6, macs, 6, 0));
    put(2, bpf_skb_store_bytes(skb, len - 4, "DONE", 4, 0));
    put(3, bpf_skb_store_bytes(skb, len - 2, "DONE", 4, 0));
    put(4, bpf_skb_store_bytes(skb, 0, macs, 2, 0x8));
    put(5, bpf_skb_store_bytes(skb, 12, &et, 2, BPF_F_RECOMPUTE_CSUM));
    return TC_ACT_OK;
}
