/* div_imm_zero_bad: division by the immediate 0. Division by a REGISTER that is zero is
 * defined (the result is 0) and accepted, but the kernel rejects a zero immediate divisor.
 * issue: 5
 * category: division
 * expect: reject
 * kernel: div by zero
 * twin: div_reg_zero_ok */
#include "unsafe.h"

SEC("xdp")
__naked int div_imm_zero_bad(void)
{
    asm volatile(
        "r0 = 7;"
        "r0 /= 0;"
        "exit;" ::: __clobber_all);
}
