/* rodata_helper_write_ok: twin of rodata_helper_write_bad and rej_rodata_write: the helper
 * writes into a .data variable (writable), and .rodata is only read.
 * issue: 5
 * category: rodata
 * expect: accept
 * twin: rodata_helper_write_bad */
#include "unsafe.h"

const volatile u64 ro_val = 10;
volatile u64 rw_val = 10;

SEC("xdp")
int rodata_helper_write_ok(struct xdp_md *ctx)
{
    bpf_probe_read_kernel((void *)&rw_val, sizeof(rw_val), ctx);
    return ro_val == 10 ? XDP_PASS : XDP_DROP;
}
