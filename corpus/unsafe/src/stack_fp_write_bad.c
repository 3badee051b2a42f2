/* stack_fp_write_bad: R10 (the frame pointer) is read-only; the program assigns it.
 * issue: 5
 * category: registers
 * expect: reject
 * kernel: frame pointer is read only */
#include "unsafe.h"

SEC("xdp")
__naked int stack_fp_write_bad(void)
{
    asm volatile(
        "r10 = 0;"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}
