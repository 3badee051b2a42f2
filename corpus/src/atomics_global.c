/* atomics_global: the ISA v3 atomic instructions on global variables (.bss/.data):
 * fetch-and-add/or/and/xor (result used), xchg and cmpxchg, 32- and 64-bit.
 * cflags: -mcpu=v3
 * Per run (N = run number, counters persist across --repeat):
 *   res[0] old = fetch_add(&c64, 10)        -> 10 * (N - 1)
 *   res[1] old = fetch_add(&c32, -1) (u32)  -> (u32)(100 - (N - 1)), c32 starts at 100
 *   res[2] old = fetch_or(&bits, 1 << N)     -> bits before this run
 *   res[3] old = fetch_and(&mask, ~(1 << N)) -> mask before (mask starts 0xffff)
 *   res[4] old = fetch_xor(&flip, 0xff)      -> 0 on odd runs, 0xff on even runs
 *   res[5] old = xchg(&slot, N)              -> N - 1
 *   res[6] cmpxchg(&cas, N - 1, N) (succeeds: returns N - 1)
 *   res[7] cmpxchg(&cas, 12345, 0) (fails: returns the current value N, cas unchanged)
 *   res[8] 32-bit cmpxchg(&cas32, 7, 8) -> 7 on the first run, 8 afterwards
 *   res[9] __sync_fetch_and_sub(&c64b, 3) (compiled as fetch_add of -3) -> -3 * (N - 1)
 * After --repeat 5: c64 50, c32 95, bits 0x3e, mask 0xffc1, flip 0xff, slot 5, cas 5,
 * cas32 8, c64b -15. retval = N. */
#include "corpus.h"

RESULTS(16)

u64 c64, bits, flip, slot, cas, runs;
s64 c64b;
u32 c32 = 100, cas32 = 7;
u64 mask = 0xffff;

SEC("xdp")
int atomics_global(struct xdp_md *ctx)
{
    u64 n = __sync_add_and_fetch(&runs, 1);
    put(0, __sync_fetch_and_add(&c64, 10));
    put(1, __sync_fetch_and_add(&c32, -1));
    put(2, __sync_fetch_and_or(&bits, 1ULL << n));
    put(3, __sync_fetch_and_and(&mask, ~(1ULL << n)));
    put(4, __sync_fetch_and_xor(&flip, 0xff));
    put(5, __sync_lock_test_and_set(&slot, n));
    put(6, __sync_val_compare_and_swap(&cas, n - 1, n));
    put(7, __sync_val_compare_and_swap(&cas, 12345, 0));
    put(8, __sync_val_compare_and_swap(&cas32, 7, 8));
    put(9, __sync_fetch_and_sub(&c64b, 3));
    return n;
}
