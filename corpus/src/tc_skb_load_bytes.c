/* tc_skb_load_bytes: bpf_skb_load_bytes from a tc (BPF_PROG_TYPE_SCHED_CLS) program, which
 * sees the packet from the Ethernet header (the test run pushes the MAC header back for tc).
 *   res[0] load 14 bytes at 0 -> 0; res[1] = the ethertype read from them (0x0800 for IPv4)
 *   res[2] load 4 bytes at 26 (IPv4 saddr) -> 0; res[3] = saddr as a host-order u32
 *          (0x0a000001 for 10.0.0.1)
 *   res[4] load 8 bytes at len - 4 (crosses the end) -> -EFAULT (-14); dst is zeroed:
 *   res[5] the destination after the failed load -> 0
 *   res[6] load 1 byte at offset 0xffff (far past the end) -> -EFAULT (-14)
 *   res[7] skb->len -> packet length (64 for tcp64.bin)
 *   res[8] load of the last byte (len - 1, length 1) -> 0; res[9] its value
 * retval TC_ACT_OK (0). */
#include "corpus.h"

RESULTS(16)

SEC("tc")
int tc_skb_load_bytes(struct __sk_buff *skb)
{
    u8 eth[14];
    u32 saddr = 0;
    u64 tail = 0x7777;
    u8 last = 0;
    put(0, bpf_skb_load_bytes(skb, 0, eth, sizeof(eth)));
    put(1, (eth[12] << 8) | eth[13]);
    put(2, bpf_skb_load_bytes(skb, 26, &saddr, 4));
    put(3, bpf_ntohl(saddr));
    u32 len = skb->len;
    put(7, len);
    put(4, bpf_skb_load_bytes(skb, len - 4, &tail, 8));
    put(5, tail);
    put(6, bpf_skb_load_bytes(skb, 0xffff, &last, 1));
    put(8, bpf_skb_load_bytes(skb, len - 1, &last, 1));
    put(9, last);
    return TC_ACT_OK;
}
