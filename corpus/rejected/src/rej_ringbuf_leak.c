/* rej_ringbuf_leak (REJECTED): a ring buffer record is reserved but neither submitted nor
 * discarded on one path: the verifier tracks it as an acquired reference ("Unreleased
 * reference"). */
#include "corpus.h"

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 4096);
} rb SEC(".maps");

SEC("xdp")
int rej_ringbuf_leak(struct xdp_md *ctx)
{
    u64 *r = bpf_ringbuf_reserve(&rb, 8, 0);
    if (!r)
        return XDP_PASS;
    *r = 1;
    if (ctx->data_end - ctx->data > 60)
        return XDP_DROP; /* leaks r */
    bpf_ringbuf_submit(r, 0);
    return XDP_PASS;
}
