/* error_path.c: a packet read out of bounds two calls deep, behind one decision in each frame, for
 * the verifier's error path (ErrorPathTest). Built in this folder (so line_info names the file
 * without a directory):
 *   clang-19 -O2 -g -target bpf -fdebug-prefix-map=$PWD=. -I../../../../../corpus/src -I/usr/include/x86_64-linux-gnu -c error_path.c
 * Linux 6.18 (/work/shared/tools/kernel-oracle error_path.o error_path): REJECTED,
 *   "20: (71) r0 = *(u8 *)(r1 +20)  invalid access to packet, off=20 size=1, R1(id=0,off=20,r=14)"
 *   in frame2 (error_path -> middle -> inner): the 14 bytes proven in inner() do not cover data[20]. */
#include "corpus.h"

static __attribute__((noinline)) int inner(struct xdp_md *ctx)
{
    unsigned char *data = (void *)(long)ctx->data;
    unsigned char *end = (void *)(long)ctx->data_end;
    if (data + 14 > end)
        return 1;
    return data[20];
}

static __attribute__((noinline)) int middle(struct xdp_md *ctx, unsigned int k)
{
    if (k > 3)
        return inner(ctx) + 2;
    return 0;
}

SEC("xdp")
int error_path(struct xdp_md *ctx)
{
    unsigned int q = ctx->rx_queue_index;
    if (q == 7)
        return XDP_DROP;
    return middle(ctx, q) & 3;
}
