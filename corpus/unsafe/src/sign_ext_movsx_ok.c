/* sign_ext_movsx_ok: twin of sign_ext_movsx_bad with a plain mov (the byte stays 0..255), so
 * the same signed check "r2 s> 15" leaves 0..15.
 * issue: 5
 * category: sign_extension
 * expect: accept
 * twin: sign_ext_movsx_bad
 * cflags: -mcpu=v4 */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
__naked int sign_ext_movsx_ok(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r4 = r2;"
        "r4 += 1;"
        "if r4 > r3 goto 1f;"
        "r6 = *(u8 *)(r2 + 0);"
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "r2 = r6;"
        "if r2 s> 15 goto 1f;"
        "r0 += r2;"
        "r0 = *(u8 *)(r0 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
