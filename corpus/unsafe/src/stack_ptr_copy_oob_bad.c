/* stack_ptr_copy_oob_bad: reads through a copy of the frame pointer moved 516 bytes down
 * (R10-relative beyond 512 through another register).
 * issue: 5
 * category: stack
 * expect: reject
 * kernel: invalid read from stack R1 off=-516 size=4 */
#include "unsafe.h"

SEC("xdp")
__naked int stack_ptr_copy_oob_bad(void)
{
    asm volatile(
        "r1 = r10;"
        "r1 += -516;"
        "r0 = *(u32 *)(r1 + 0);"
        "exit;" ::: __clobber_all);
}
