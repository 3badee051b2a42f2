/* xdp_adjust_meta: bpf_xdp_adjust_meta and the data_meta area in front of the packet.
 * Reserve 8 bytes of metadata (adjust_meta(-8)), store two u32 there (magic 0xfeedf00d and the
 * packet length), read them back through ctx->data_meta and write their sum into the packet
 * (bytes 0..3 of the destination MAC).
 *   res[0] adjust_meta(-8)                   -> 0
 *   res[1] data - data_meta after it         -> 8
 *   res[2] adjust_meta(-3) (meta length not a multiple of 4) -> -EACCES (-13)
 *   res[3] adjust_meta(+16) (meta would move past data) -> -EINVAL (-22)
 *   res[4] value read back from the meta area -> 0xfeedf00d
 * data_out: on Linux 6.18 BPF_PROG_TEST_RUN returns data_out from data_meta, so data_out is
 * the 8 meta bytes (0d f0 ed fe, 40 00 00 00 for tcp64.bin) followed by the packet.
 * retval XDP_PASS. */
#include "corpus.h"

RESULTS(8)

SEC("xdp")
int xdp_adjust_meta(struct xdp_md *ctx)
{
    long r = bpf_xdp_adjust_meta(ctx, -8);
    put(0, r);
    if (r)
        return XDP_ABORTED;
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    u32 *meta = (void *)(long)ctx->data_meta;
    if ((void *)(meta + 2) > data || data + 4 > end)
        return XDP_ABORTED;
    put(1, data - (void *)meta);
    meta[0] = 0xfeedf00d;
    meta[1] = end - data;
    put(4, meta[0]);
    *(u32 *)data = meta[0] + meta[1];
    put(2, bpf_xdp_adjust_meta(ctx, -3));
    put(3, bpf_xdp_adjust_meta(ctx, 16));
    return XDP_PASS;
}
