/* sdiv_reg_zero_ok: twin of sdiv_imm_zero_bad: v4 signed division and modulo by a register
 * that may be 0 (a packet byte); defined at run time (x s/ 0 = 0, x s% 0 = x), so accepted.
 * issue: 5
 * category: division
 * expect: accept
 * twin: sdiv_imm_zero_bad
 * cflags: -mcpu=v4 */
#include "unsafe.h"

SEC("xdp")
__naked int sdiv_reg_zero_ok(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r4 = r2;"
        "r4 += 1;"
        "r0 = 2;"
        "if r4 > r3 goto 1f;"
        "r5 = *(u8 *)(r2 + 0);"
        "r0 = -7;"
        "r0 s/= r5;"
        "r0 s%%= r5;"
        "r0 &= 3;"
        "1: exit;" ::: __clobber_all);
}
