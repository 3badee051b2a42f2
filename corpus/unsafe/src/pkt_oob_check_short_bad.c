/* pkt_oob_check_short_bad: checks 14 bytes of packet against data_end, then loads 4 bytes at
 * offset 12: the last two bytes are past the proven range.
 * issue: 5
 * category: packet
 * expect: reject
 * kernel: invalid access to packet, off=12 size=4
 * twin: pkt_oob_check_short_ok */
#include "unsafe.h"

SEC("xdp")
int pkt_oob_check_short_bad(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    if (data + 14 > end)
        return XDP_DROP;
    return *(u32 *)(data + 12) & 1;
}
