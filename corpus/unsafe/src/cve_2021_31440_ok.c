/* cve_2021_31440_ok: twin of cve_2021_31440_bad with the 64-bit bound 0x7ffffff0: the range
 * fits in s32 too, so "w2 s<= 15" gives w2 in [0, 15] and the load is in bounds.
 * issue: 5
 * category: alu32_bounds
 * expect: accept
 * twin: cve_2021_31440_bad
 * cflags: -mcpu=v3 */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
__naked int cve_2021_31440_ok(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "r2 = *(u64 *)(r0 + 0);"
        "r3 = 0x7ffffff0 ll;"
        "if r2 > r3 goto 1f;"
        "if w2 s> 15 goto 1f;"
        "w2 = w2;"
        "r0 += r2;"
        "r0 = *(u8 *)(r0 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
