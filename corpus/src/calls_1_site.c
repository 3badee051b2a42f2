/* calls_1_site: the twin of calls_100_sites with one call site (issue #6:
 * the verifier memoizes a callee's analysis per entry state, so this verifies in time closer to
 * calls_1_site than to 100 times it; VerifierBenchmark.callSites and CallxTest measure it).
 * mix(x) = a small hash of x in [0, 255] (below); with x = the packet's first byte b, the one site adds mix(b) to a
 * running sum, so retval = res[0] = mix(b).
 *   b = 1 -> mix 66 -> res[0] 66; b = 2 (inputs/tcp64.bin) -> mix 132 -> res[0] 132, retval 132
 * XDP_ABORTED (0) for an empty packet. */
#include "corpus.h"

RESULTS(1)

static __noinline u64 mix(u64 x)
{
    asm volatile("" ::: "memory"); /* a side effect: the compiler keeps every call */
    u64 h = x * 31 + 7;
    if (h & 1)
        h ^= 0x55;
    else
        h += 3;
    h = (h << 3) ^ (h >> 2);
    if (h > 1000)
        h -= 1000;
    return h & 0xff;
}

#define S1 sum += mix(x);
#define S10 S1 S1 S1 S1 S1 S1 S1 S1 S1 S1
#define S100 S10 S10 S10 S10 S10 S10 S10 S10 S10 S10

SEC("xdp")
int calls_1_site(struct xdp_md *ctx)
{
    u8 *data = (u8 *)(long)ctx->data;
    u8 *end = (u8 *)(long)ctx->data_end;
    if (data + 1 > end)
        return XDP_ABORTED;
    u64 x = data[0];
    u64 sum = 0;
    S1
    put(0, sum);
    return sum & 0xffff;
}
