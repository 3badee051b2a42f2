/* helper_ktime: bpf_ktime_get_ns, bpf_ktime_get_boot_ns, bpf_ktime_get_coarse_ns.
 * The clock values themselves cannot be equal to the kernel's (time): they go to the nd map
 * (not compared). What is compared is what must hold for any correct clock:
 *   res[0] t0 = ktime_get_ns() != 0                 -> 1
 *   res[1] t1 = ktime_get_ns() >= t0 (monotonic)    -> 1
 *   res[2] boot_ns != 0                             -> 1
 *   res[3] boot_ns >= t0 (boot clock includes suspend time, never behind) -> 1
 *   res[4] this run's t0 >= the previous run's t1 (monotonic across runs) -> 1
 *   res[5] coarse_ns != 0                            -> 1
 * nd[0] = t0, nd[1] = t1 - t0, nd[2] = boot_ns, nd[3] = coarse_ns.
 * retval XDP_PASS. */
#include "corpus.h"

RESULTS(8)
NONDET(4)

u64 last_t1;

SEC("xdp")
int helper_ktime(struct xdp_md *ctx)
{
    u64 t0 = bpf_ktime_get_ns();
    u64 t1 = bpf_ktime_get_ns();
    u64 boot = bpf_ktime_get_boot_ns();
    u64 coarse = bpf_ktime_get_coarse_ns();
    put(0, t0 != 0);
    put(1, t1 >= t0);
    put(2, boot != 0);
    put(3, boot >= t0);
    put(4, t0 >= last_t1);
    put(5, coarse != 0);
    last_t1 = t1;
    put_nd(0, t0);
    put_nd(1, t1 - t0);
    put_nd(2, boot);
    put_nd(3, coarse);
    return XDP_PASS;
}
