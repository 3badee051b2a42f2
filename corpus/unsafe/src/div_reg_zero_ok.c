/* div_reg_zero_ok: twin of div_imm_zero_bad: divides (and takes the modulo) by a packet byte
 * that may be 0; BPF defines x / 0 = 0 and x % 0 = x, so the kernel accepts.
 * issue: 5
 * category: division
 * expect: accept
 * twin: div_imm_zero_bad */
#include "unsafe.h"

SEC("xdp")
__naked int div_reg_zero_ok(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r4 = r2;"
        "r4 += 1;"
        "r0 = 2;"
        "if r4 > r3 goto 1f;"
        "r5 = *(u8 *)(r2 + 0);"
        "r0 = 7;"
        "r0 /= r5;"
        "r0 %%= r5;"
        "1: exit;" ::: __clobber_all);
}
