/* xdp_redirect: bpf_redirect from XDP. Under BPF_PROG_TEST_RUN (without XDP_LIVE_FRAMES)
 * nothing is transmitted; the program's return value is what is compared.
 * The decision comes from the packet: TCP dport 80 -> bpf_redirect(ifindex 1, 0), which
 * returns XDP_REDIRECT (4); UDP -> bpf_redirect(1, BPF_F_INGRESS): flags are not allowed for
 * XDP, the helper returns XDP_ABORTED (0); anything else -> XDP_PASS (2).
 *   res[0] helper return for this packet (4 or 0), res[1] = 1 if the helper was called.
 * retval = the helper's return value (4 for tcp64.bin, 0 for udp60.bin, 2 for arp60.bin). */
#include "corpus.h"

RESULTS(4)

SEC("xdp")
int xdp_redirect(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;
    long r;
    if (ip->protocol == IPPROTO_TCP)
        r = bpf_redirect(1, 0);
    else if (ip->protocol == IPPROTO_UDP)
        r = bpf_redirect(1, BPF_F_INGRESS);
    else
        return XDP_PASS;
    put(0, r);
    put(1, 1);
    return r;
}
