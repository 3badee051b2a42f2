/* sdiv_imm_zero_bad: v4 signed division by the immediate 0.
 * issue: 5
 * category: division
 * expect: reject
 * kernel: div by zero
 * twin: sdiv_reg_zero_ok
 * cflags: -mcpu=v4 */
#include "unsafe.h"

SEC("xdp")
__naked int sdiv_imm_zero_bad(void)
{
    asm volatile(
        "r0 = -7;"
        "r0 s/= 0;"
        "exit;" ::: __clobber_all);
}
