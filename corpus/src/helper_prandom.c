/* helper_prandom: bpf_get_prandom_u32. Random numbers are never compared: the values go to
 * nd (nd[0] = first value, nd[1] = OR of the 16 values).
 * What is compared:
 *   res[0] the helper was called 16 times per run, 16 * N in total after N runs
 *   res[1] (r % 1) == 0 for every value, i.e. the result is usable as a u32 -> 1
 *   res[2] upper 32 bits of the returned register are zero (the helper returns u32) -> 1
 * retval XDP_PASS. */
#include "corpus.h"

RESULTS(4)
NONDET(2)

u64 calls;

SEC("xdp")
int helper_prandom(struct xdp_md *ctx)
{
    u64 or_all = 0, first = 0, upper_ok = 1;
    for (int i = 0; i < 16; i++) {
        u64 r = bpf_get_prandom_u32();
        if (i == 0)
            first = r;
        if (r >> 32)
            upper_ok = 0;
        or_all |= r;
        calls++;
    }
    put(0, calls);
    put(1, 1);
    put(2, upper_ok);
    put_nd(0, first);
    put_nd(1, or_all);
    return XDP_PASS;
}
