/* calls_100_distinct: calls_100_distinct with a different argument at each site, mix(x + k) at
 * site k = 0..99: 100 different entry states, so the callee is analysed once per site (the
 * reference that shows what the memo saves in calls_100_distinct; VerifierBenchmark.callSites).
 * mix(x) = a small hash of x in [0, 255] (below); with x = the packet's first byte b, site k adds mix(b + k)
 * to a running sum: res[0] = sum of mix(b + k) for k = 0..99, retval = res[0] & 0xffff.
 *   b = 2 (inputs/tcp64.bin) -> res[0] 12915, retval 12915
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

#define S1 sum += mix(x + __COUNTER__);
#define S10 S1 S1 S1 S1 S1 S1 S1 S1 S1 S1
#define S100 S10 S10 S10 S10 S10 S10 S10 S10 S10 S10

SEC("xdp")
int calls_100_distinct(struct xdp_md *ctx)
{
    u8 *data = (u8 *)(long)ctx->data;
    u8 *end = (u8 *)(long)ctx->data_end;
    if (data + 1 > end)
        return XDP_ABORTED;
    u64 x = data[0];
    u64 sum = 0;
    S100
    put(0, sum);
    return sum & 0xffff;
}
