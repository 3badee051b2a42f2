/* cve_2017_16995_ok: twin of cve_2017_16995_bad with the 64-bit mov "r2 = -1" (sign-extended
 * immediate): r2 + 1 = 0, so the load is at offset 0 of the map value.
 * issue: 5
 * category: sign_extension
 * expect: accept
 * twin: cve_2017_16995_bad
 * cflags: -mcpu=v3 */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
__naked int cve_2017_16995_ok(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "r2 = -1;"
        "r2 += 1;"
        "r0 += r2;"
        "r0 = *(u8 *)(r0 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
