/* cve_2021_3490_and_ok: twin of cve_2021_3490_and_bad with r4 = 0x100000002: w2 & w4 = 0,
 * so the load is at offset 0 of the map value.
 * issue: 5
 * category: alu32_bounds
 * expect: accept
 * twin: cve_2021_3490_and_bad
 * cflags: -mcpu=v3 */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
__naked int cve_2021_3490_and_ok(void)
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
        "r3 = 0xffffffff00000000 ll;"
        "r2 &= r3;"
        "r2 |= 1;"
        "r4 = 0x100000002 ll;"
        "w2 &= w4;"
        "r2 <<= 4;"
        "r0 += r2;"
        "r0 = *(u8 *)(r0 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
