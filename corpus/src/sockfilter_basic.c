/* sockfilter_basic: a socket filter (SEC("socket"), BPF_PROG_TYPE_SOCKET_FILTER).
 * Under BPF_PROG_TEST_RUN a socket filter sees the skb at the network header: the kernel
 * pulls the Ethernet header off (eth_type_trans), so offset 0 of bpf_skb_load_bytes is the
 * first byte of the IP header and skb->len excludes the 14 Ethernet bytes. After the run the
 * kernel pushes the MAC header back as 14 ZERO bytes: data_out starts with 14 zero bytes,
 * whatever the input's MAC addresses were.
 * A socket filter's return value is the number of bytes to keep (0 = drop); this one keeps
 * the IPv4 + L4 headers only for IPv4 (20 + 8 for UDP, 20 + 20 for TCP), everything for other
 * protocols, and drops IPv4 packets with TTL 1.
 *   res[0] skb->len                  -> 50 for tcp64.bin (64 - 14)
 *   res[1] skb->protocol (network order, as the kernel stores it) -> 0x0008 (htons 0x0800)
 *   res[2] load 1 byte at 0 -> 0; res[3] that byte -> 0x45 (IPv4 version/IHL)
 *   res[4] skb->pkt_type, set by eth_type_trans against the loopback device (MAC and
 *          "broadcast" address 00:00:00:00:00:00) -> 3 (PACKET_OTHERHOST) for the unicast
 *          02:00:00:00:00:02, 2 (PACKET_MULTICAST, not BROADCAST) for ff:ff:ff:ff:ff:ff
 *   res[5] skb->ifindex -> 1 (loopback)
 *   res[6] load_bytes at offset -14 (the MAC header) -> -EFAULT (-14)
 * retval: 40 (TCP), 28 (UDP), skb->len for non-IPv4 (46 for arp60.bin). data_out is the
 * whole packet (the return value does not truncate it in a test run). */
#include "corpus.h"

RESULTS(8)

SEC("socket")
int sockfilter_basic(struct __sk_buff *skb)
{
    u8 b0 = 0, ttl = 0, proto = 0;
    u8 mac[2];
    put(0, skb->len);
    put(1, skb->protocol);
    put(2, bpf_skb_load_bytes(skb, 0, &b0, 1));
    put(3, b0);
    put(4, skb->pkt_type);
    put(5, skb->ifindex);
    put(6, bpf_skb_load_bytes(skb, -14, mac, 2));
    if (skb->protocol != bpf_htons(ETH_P_IP))
        return skb->len;
    if (bpf_skb_load_bytes(skb, offsetof(struct iphdr, ttl), &ttl, 1) ||
        bpf_skb_load_bytes(skb, offsetof(struct iphdr, protocol), &proto, 1))
        return 0;
    if (ttl <= 1)
        return 0;
    if (proto == IPPROTO_TCP)
        return 40;
    if (proto == IPPROTO_UDP)
        return 28;
    return skb->len;
}
