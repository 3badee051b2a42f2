/* error_path.c: a packet read out of bounds two calls deep, behind one decision in each frame, for
 * the verifier's error path (ErrorPathTest). Build: clang-19 -O2 -g -target bpf -c error_path.c
 * (with the include flags of scripts/build-corpus.sh). The kernel rejects it: the 14 bytes proven
 * in inner() do not cover data[20]. */
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
