/* ptr_and_mask_bad: masks a stack pointer with a bitwise AND (an attempt to align or to
 * launder it into a scalar).
 * issue: 5
 * category: pointer_arith
 * expect: reject
 * kernel: R1 bitwise operator &= on pointer prohibited */
#include "unsafe.h"

SEC("xdp")
__naked int ptr_and_mask_bad(void)
{
    asm volatile(
        "r1 = r10;"
        "r1 += -8;"
        "r1 &= -16;"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}
