/* ptr_alu32_bad: 32-bit arithmetic on a pointer (w1 += 8 truncates the upper half).
 * issue: 5
 * category: pointer_arith
 * expect: reject
 * kernel: R1 32-bit pointer arithmetic prohibited
 * cflags: -mcpu=v3 */
#include "unsafe.h"

SEC("xdp")
__naked int ptr_alu32_bad(void)
{
    asm volatile(
        "r1 = r10;"
        "w1 += -8;"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}
