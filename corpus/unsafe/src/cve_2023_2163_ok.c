/* cve_2023_2163_ok: twin of cve_2023_2163_bad where the jump path sets r2 = 15, the last byte
 * of the map value: both paths are safe.
 * issue: 5
 * category: state_pruning
 * expect: accept
 * twin: cve_2023_2163_bad */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
__naked int cve_2023_2163_ok(void)
{
    asm volatile(
        "r7 = *(u32 *)(r1 + 12);"   /* ingress_ifindex: unknown */
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "r2 = 0;"
        "if r7 != 0 goto 3f;"
        "goto 2f;"
        "3: r2 = 15;"
        "2: r0 += r2;"
        "r0 = *(u8 *)(r0 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
