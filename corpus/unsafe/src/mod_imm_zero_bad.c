/* mod_imm_zero_bad: 32-bit modulo by the immediate 0.
 * issue: 5
 * category: division
 * expect: reject
 * kernel: div by zero
 * cflags: -mcpu=v3 */
#include "unsafe.h"

SEC("xdp")
__naked int mod_imm_zero_bad(void)
{
    asm volatile(
        "w0 = 7;"
        "w0 %%= 0;"
        "exit;" ::: __clobber_all);
}
