/* shift32_imm_32_bad: a 32-bit arithmetic shift by the immediate 32.
 * issue: 5
 * category: shifts
 * expect: reject
 * kernel: invalid shift 32
 * cflags: -mcpu=v3 */
#include "unsafe.h"

SEC("xdp")
__naked int shift32_imm_32_bad(void)
{
    asm volatile(
        "w0 = 1;"
        "w0 s>>= 32;"
        "exit;" ::: __clobber_all);
}
