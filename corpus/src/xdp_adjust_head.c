/* xdp_adjust_head: bpf_xdp_adjust_head, growing and shrinking the packet at the front.
 * BPF_PROG_TEST_RUN gives an XDP program 256 bytes of headroom (XDP_PACKET_HEADROOM) and
 * data_out returns the packet from its new start.
 * Push an 802.1Q VLAN tag (VID 42): adjust_head(-4), move the two MAC addresses 4 bytes to the
 * front, write TPID 0x8100 and TCI 42 before the original ethertype.
 *   res[0] adjust_head(-4)            -> 0
 *   res[1] adjust_head(-300) (beyond the headroom) -> -EINVAL (-22), packet unchanged
 *   res[2] adjust_head(+2000) (beyond the end)     -> -EINVAL (-22)
 *   res[3] new length (data_end - data) -> original + 4 (68 for tcp64.bin)
 *   res[4] adjust_head(+4) then adjust_head(-4) round trip -> 0 (bytes stay in place)
 *   res[5] headroom check: adjust_head(-212) -> 0, then adjust_head(+212) -> 0 (sum 0).
 *          Of the 256 bytes of headroom the kernel keeps sizeof(struct xdp_frame) = 40 for
 *          itself, so 216 can be pushed, 212 after the 4-byte push above.
 *   res[6] adjust_head(-213) -> -EINVAL (-22)
 * data_out = dst MAC, src MAC, 81 00 00 2a, original ethertype and the rest.
 * retval XDP_TX (3); XDP_ABORTED (0) if a step fails. */
#include "corpus.h"

RESULTS(8)

SEC("xdp")
int xdp_adjust_head(struct xdp_md *ctx)
{
    put(1, bpf_xdp_adjust_head(ctx, -300));
    put(2, bpf_xdp_adjust_head(ctx, 2000));
    long r = bpf_xdp_adjust_head(ctx, -4);
    put(0, r);
    if (r)
        return XDP_ABORTED;
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    if (data + 18 > end)
        return XDP_ABORTED;
    __builtin_memmove(data, data + 4, 12);
    *(u16 *)(data + 12) = bpf_htons(ETH_P_8021Q);
    *(u16 *)(data + 14) = bpf_htons(42);
    put(3, end - data);
    put(4, bpf_xdp_adjust_head(ctx, 4) + bpf_xdp_adjust_head(ctx, -4));
    put(5, bpf_xdp_adjust_head(ctx, -212) + bpf_xdp_adjust_head(ctx, 212));
    put(6, bpf_xdp_adjust_head(ctx, -213));
    return XDP_TX;
}
