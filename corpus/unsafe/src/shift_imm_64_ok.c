/* shift_imm_64_ok: twin of shift_imm_64_bad shifting by 63.
 * issue: 5
 * category: shifts
 * expect: accept
 * twin: shift_imm_64_bad */
#include "unsafe.h"

SEC("xdp")
__naked int shift_imm_64_ok(void)
{
    asm volatile(
        "r0 = 1;"
        "r0 <<= 63;"
        "r0 >>= 63;"
        "exit;" ::: __clobber_all);
}
