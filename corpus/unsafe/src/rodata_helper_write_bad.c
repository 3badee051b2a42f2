/* rodata_helper_write_bad: passes a .rodata variable as the DESTINATION of
 * bpf_probe_read_kernel: the helper would write into the frozen, read-only map.
 * issue: 5
 * category: rodata
 * expect: reject
 * kernel: write into map forbidden, value_size=8 off=0 size=8
 * twin: rodata_helper_write_ok */
#include "unsafe.h"

const volatile u64 ro_val = 10;

SEC("xdp")
int rodata_helper_write_bad(struct xdp_md *ctx)
{
    bpf_probe_read_kernel((void *)&ro_val, sizeof(ro_val), ctx);
    return XDP_PASS;
}
