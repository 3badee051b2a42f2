/* xdp_ctx_fields: struct xdp_md fields as BPF_PROG_TEST_RUN sets them up without a ctx_in:
 * the packet is linear, with 256 bytes of headroom and no metadata; the RX queue is queue 0 of
 * the loopback device.
 *   res[0] ingress_ifindex -> 1 (lo);  res[1] rx_queue_index -> 0
 *   (egress_ifindex is readable only by devmap programs: the verifier rejects it here)
 *   res[3] data - data_meta -> 0;  res[4] data_end - data -> packet length (64 for tcp64.bin)
 *   res[5] sum of metadata bytes -> 0 (there are none)
 * The program then reserves 4 bytes of metadata (adjust_meta(-4)) and writes 0xa5a5a5a5 there:
 * data_out starts with those 4 bytes (a5 a5 a5 a5) followed by the packet, 68 bytes.
 * (ctx_in for XDP is not used in this corpus: on Linux 6.18.44 every xdp_md with a non-zero
 * data_end was refused with EINVAL, and data_end = 0 makes the whole packet non-linear; see
 * corpus/README.md.) retval XDP_PASS. */
#include "corpus.h"

RESULTS(8)

SEC("xdp")
int xdp_ctx_fields(struct xdp_md *ctx)
{
    put(0, ctx->ingress_ifindex);
    put(1, ctx->rx_queue_index);
    u8 *meta = (void *)(long)ctx->data_meta;
    u8 *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    put(3, data - meta);
    put(4, end - data);
    u64 s = 0;
    for (int i = 0; i < 16; i++) {
        if ((void *)(meta + i + 1) > (void *)data)
            break;
        s += meta[i];
    }
    put(5, s);
    if (bpf_xdp_adjust_meta(ctx, -4))
        return XDP_ABORTED;
    u32 *m = (void *)(long)ctx->data_meta;
    if ((void *)(m + 1) > (void *)(long)ctx->data)
        return XDP_ABORTED;
    *m = 0xa5a5a5a5;
    return XDP_PASS;
}
