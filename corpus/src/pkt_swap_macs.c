/* pkt_swap_macs: the classic XDP reflector: swap the Ethernet source and destination MAC
 * addresses in place and return XDP_TX (3). Packets shorter than an Ethernet header cannot
 * occur in a test run (the kernel requires at least 14 bytes of data_in).
 * Also counts runs in .bss (tx) and stores the sum of the 12 MAC bytes (unchanged by the
 * swap) in res[0]: 0x02 * 2 + 0x01 + 0x02 = 7 for tcp64.bin.
 * data_out: bytes 0..5 and 6..11 exchanged, the rest unchanged. */
#include "corpus.h"

RESULTS(2)

u64 tx;

SEC("xdp")
int pkt_swap_macs(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end)
        return XDP_DROP;
    u8 tmp[ETH_ALEN];
    __builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
    __builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
    __builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
    u32 s = 0;
    for (int i = 0; i < 12; i++)
        s += ((u8 *)data)[i];
    put(0, s);
    tx++;
    return XDP_TX;
}
