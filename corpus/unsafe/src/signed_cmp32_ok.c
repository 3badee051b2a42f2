/* signed_cmp32_ok: a packet word is bounded with the
 * UNSIGNED JMP32 "w2 > 15" (twin of signed_cmp32_bad), so w2 is 0..15 and so is r2 after
 * the zero-extending "w2 = w2".
 * issue: 5
 * category: signed_unsigned
 * expect: accept
 * twin: signed_cmp32_bad
 * cflags: -mcpu=v3 */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
__naked int signed_cmp32_ok(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r4 = r2;"
        "r4 += 4;"
        "if r4 > r3 goto 1f;"
        "r6 = *(u32 *)(r2 + 0);"
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "w2 = w6;"
        "if w2 > 15 goto 1f;"
        "w2 = w2;"
        "r0 += r2;"
        "r0 = *(u8 *)(r0 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
