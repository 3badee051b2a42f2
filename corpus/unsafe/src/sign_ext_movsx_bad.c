/* sign_ext_movsx_bad: sign-extension confusion with the v4 movsx: r2 = (s8)byte turns packet
 * bytes 0x80..0xff into -128..-1; the signed check "r2 s> 15" leaves negative indexes, which
 * reach before the map value.
 * issue: 5
 * category: sign_extension
 * expect: reject
 * kernel: R0 min value is negative, either use unsigned index or do a if (index >=0) check.
 * twin: sign_ext_movsx_ok
 * cflags: -mcpu=v4 */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
__naked int sign_ext_movsx_bad(void)
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
        "r2 = (s8)r6;"
        "if r2 s> 15 goto 1f;"
        "r0 += r2;"
        "r0 = *(u8 *)(r0 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
