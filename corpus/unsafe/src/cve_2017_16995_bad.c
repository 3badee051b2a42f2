/* cve_2017_16995_bad: CVE-2017-16995 shape (sign-extension confusion). "w2 = -1" is a 32-bit
 * mov: at run time r2 = 0x00000000ffffffff (zero-extended), not -1. After r2 += 1 it is
 * 0x100000000, added to a map value pointer. A verifier that sign-extends the 32-bit
 * immediate believes r2 = 0 and accepts the load.
 * issue: 5
 * category: sign_extension
 * expect: reject
 * kernel: math between map_value pointer and 4294967296 is not allowed
 * twin: cve_2017_16995_ok
 * cflags: -mcpu=v3 */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
__naked int cve_2017_16995_bad(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "w2 = -1;"
        "r2 += 1;"
        "r0 += r2;"
        "r0 = *(u8 *)(r0 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
