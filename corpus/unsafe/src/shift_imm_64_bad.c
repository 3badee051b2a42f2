/* shift_imm_64_bad: a 64-bit shift by the immediate 64 (shift amounts must be below the
 * operand width).
 * issue: 5
 * category: shifts
 * expect: reject
 * kernel: invalid shift 64
 * twin: shift_imm_64_ok */
#include "unsafe.h"

SEC("xdp")
__naked int shift_imm_64_bad(void)
{
    asm volatile(
        "r0 = 1;"
        "r0 <<= 64;"
        "exit;" ::: __clobber_all);
}
