/* helper_loop: bpf_loop(nr_loops, callback, ctx, flags).
 * The callback gets (index, ctx) and returns 0 to continue or 1 to stop; bpf_loop returns
 * the number of iterations run (including the one that returned 1).
 *   res[0] bpf_loop(100, sum_cb) -> 100; res[1] the sum of i*i for i < 100 -> 328350
 *   res[2] bpf_loop(100, stop_cb) with stop at index 9 -> 10; res[3] the callback's count -> 10
 *   res[4] bpf_loop(0, ...) -> 0
 *   res[5] bpf_loop((1 << 23) + 1, ..., flags 0) (more than BPF_MAX_LOOPS = 8M) ->
 *          4294967289 = (u32)-E2BIG. Surprise: with constant flags 0 the verifier inlines
 *          bpf_loop, and the inlined code sets the error with a 32-bit move (zero-extended),
 *          so the program sees 0x00000000fffffff9, not -7.
 *   res[8] the same call with flags read from a .data global (0, but unknown to the verifier,
 *          so the call is not inlined and goes to the real helper) -> -E2BIG (-7)
 *   res[6] bpf_loop(1, ..., flags 1) -> -EINVAL (-22)
 *   res[7] nested: an outer bpf_loop(4) whose callback runs bpf_loop(5) -> 20 inner calls
 * retval = res[0] + res[2] = 110. */
#include "corpus.h"

RESULTS(16)
OPAQUE_ZERO

struct sum_ctx { u64 sum; u32 stop_at; u32 calls; };

static long sum_cb(u32 i, void *c)
{
    struct sum_ctx *s = c;
    s->sum += (u64)i * i;
    s->calls++;
    return 0;
}

static long stop_cb(u32 i, void *c)
{
    struct sum_ctx *s = c;
    s->calls++;
    return i == s->stop_at;
}

static long inner_cb(u32 i, void *c)
{
    (*(u64 *)c)++;
    return 0;
}

static long outer_cb(u32 i, void *c)
{
    bpf_loop(5, inner_cb, c, 0);
    return 0;
}

SEC("xdp")
int helper_loop(struct xdp_md *ctx)
{
    struct sum_ctx a = { 0, 0, 0 }, b = { 0, 9, 0 };
    long n0 = bpf_loop(100, sum_cb, &a, 0);
    put(0, n0);
    put(1, a.sum);
    long n2 = bpf_loop(100, stop_cb, &b, 0);
    put(2, n2);
    put(3, b.calls);
    put(4, bpf_loop(0, sum_cb, &a, 0));
    put(5, bpf_loop((1 << 23) + 1, sum_cb, &a, 0));
    put(6, bpf_loop(1, sum_cb, &a, 1));
    put(8, bpf_loop((1 << 23) + 1, sum_cb, &a, opaque(0)));
    u64 inner = 0;
    bpf_loop(4, outer_cb, &inner, 0);
    put(7, inner);
    return n0 + n2;
}
