/* rej_ctx_write: XDP programs may read struct xdp_md but not write its fields
 * (here data_end), "invalid bpf_context access".
 * issue: 5
 * category: ctx
 * expect: reject
 * kernel: invalid bpf_context access off=4 size=4
 */
#include "corpus.h"

SEC("xdp")
int rej_ctx_write(struct xdp_md *ctx)
{
    ctx->data_end = ctx->data;
    return XDP_PASS;
}
