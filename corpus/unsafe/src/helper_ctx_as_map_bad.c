/* helper_ctx_as_map_bad: passes the ctx pointer where bpf_map_lookup_elem expects a map.
 * issue: 5
 * category: helper_args
 * expect: reject
 * kernel: R1 type=ctx expected=map_ptr */
#include "unsafe.h"

SEC("xdp")
__naked int helper_ctx_as_map_bad(void)
{
    asm volatile(
        "r2 = 0;"
        "*(u32 *)(r10 - 4) = r2;"
        "r2 = r10;"
        "r2 += -4;"
        "call %[bpf_map_lookup_elem];"
        "r0 = 2;"
        "exit;"
        :: __imm(bpf_map_lookup_elem) : __clobber_all);
}
