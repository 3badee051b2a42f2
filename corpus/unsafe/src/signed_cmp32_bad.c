/* signed_cmp32_bad: signed/unsigned confusion in 32 bits: a packet word is bounded with the
 * signed JMP32 "w2 s> 15", so w2 may be negative; the unsigned value after the
 * zero-extending "w2 = w2" is then up to 0xffffffff.
 * issue: 5
 * category: signed_unsigned
 * expect: reject
 * kernel: R0 unbounded memory access, make sure to bounds check any such access
 * twin: signed_cmp32_ok
 * cflags: -mcpu=v3 */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
__naked int signed_cmp32_bad(void)
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
        "if w2 s> 15 goto 1f;"
        "w2 = w2;"
        "r0 += r2;"
        "r0 = *(u8 *)(r0 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
