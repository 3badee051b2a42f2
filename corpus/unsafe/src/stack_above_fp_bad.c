/* stack_above_fp_bad: reads 8 bytes at fp+0, above the top of the frame.
 * issue: 5
 * category: stack
 * expect: reject
 * kernel: invalid read from stack R10 off=0 size=8 */
#include "unsafe.h"

SEC("xdp")
__naked int stack_above_fp_bad(void)
{
    asm volatile(
        "r0 = *(u64 *)(r10 + 0);"
        "exit;" ::: __clobber_all);
}
