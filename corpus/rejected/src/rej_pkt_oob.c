/* rej_pkt_oob (REJECTED): reads the IPv4 protocol byte (offset 23) after checking only the
 * Ethernet header (14 bytes) against data_end: out-of-bounds packet access. */
#include "corpus.h"

SEC("xdp")
int rej_pkt_oob(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    if (data + 14 > end)
        return XDP_DROP;
    return *(u8 *)(data + 23);
}
