/* pkt_oob_check_short_ok: twin of pkt_oob_check_short_bad that checks 16 bytes, so the 4-byte
 * load at offset 12 is inside the proven range.
 * issue: 5
 * category: packet
 * expect: accept
 * twin: pkt_oob_check_short_bad */
#include "unsafe.h"

SEC("xdp")
int pkt_oob_check_short_ok(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    if (data + 16 > end)
        return XDP_DROP;
    return *(u32 *)(data + 12) & 1;
}
