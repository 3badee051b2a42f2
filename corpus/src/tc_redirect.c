/* tc_redirect: bpf_redirect from tc. Under BPF_PROG_TEST_RUN nothing is sent; the helper's
 * return value becomes the program's verdict.
 *   res[0] bpf_redirect(1, 0)              -> TC_ACT_REDIRECT (7)
 *   res[1] bpf_redirect(1, BPF_F_INGRESS)  -> TC_ACT_REDIRECT (7)
 *   res[2] bpf_redirect(1, 0x10) (unknown flag) -> TC_ACT_SHOT (2)
 *   res[3] skb->ifindex of the test-run skb -> 1 (the loopback device is used)
 * retval: TC_ACT_REDIRECT (7) for TCP, TC_ACT_SHOT (2) for UDP (bad-flag call's result),
 * TC_ACT_OK (0) otherwise. */
#include "corpus.h"

RESULTS(4)

SEC("tc")
int tc_redirect(struct __sk_buff *skb)
{
    put(3, skb->ifindex);
    long a = bpf_redirect(1, 0);
    long b = bpf_redirect(1, BPF_F_INGRESS);
    long c = bpf_redirect(1, 0x10);
    put(0, a);
    put(1, b);
    put(2, c);
    void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
        return TC_ACT_OK;
    if (ip->protocol == IPPROTO_TCP)
        return bpf_redirect(1, 0);
    if (ip->protocol == IPPROTO_UDP)
        return bpf_redirect(1, 0x10);
    return TC_ACT_OK;
}
