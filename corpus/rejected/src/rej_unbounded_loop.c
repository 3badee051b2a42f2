/* rej_unbounded_loop (REJECTED): a Collatz-style loop whose trip count depends on packet data;
 * no bound the verifier can prove and no may_goto. Linux 6.18 walks it until its jump history
 * overflows: "The sequence of 8193 jumps is too complex." (EFAULT). */
#include "corpus.h"

SEC("xdp")
int rej_unbounded_loop(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    if (data + 8 > end)
        return XDP_DROP;
    u64 x = *(u64 *)data, n = 0;
    while (x > 1) {
        x = (x & 1) ? 3 * x + 1 : x / 2;
        n++;
    }
    return n;
}
