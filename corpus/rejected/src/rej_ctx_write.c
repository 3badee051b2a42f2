/* rej_ctx_write (REJECTED): XDP programs may read struct xdp_md but not write its fields
 * (here data_end), "invalid bpf_context access". */
#include "corpus.h"

SEC("xdp")
int rej_ctx_write(struct xdp_md *ctx)
{
    ctx->data_end = ctx->data;
    return XDP_PASS;
}
