/* stack_var_write_oob_bad: a variable-offset stack write: fp - 8 + (packet byte & 0x3f), so
 * the 1-byte store can reach up to fp+55, above the frame.
 * issue: 5
 * category: stack
 * expect: reject
 * kernel: invalid variable-offset write to stack R2
 * twin: stack_var_write_oob_ok */
#include "unsafe.h"

SEC("xdp")
__naked int stack_var_write_oob_bad(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r4 = r2;"
        "r4 += 1;"
        "if r4 > r3 goto 1f;"
        "r4 = *(u8 *)(r2 + 0);"
        "r4 &= 0x3f;"
        "r2 = r10;"
        "r2 += -8;"
        "r2 += r4;"
        "r1 = 0;"
        "*(u8 *)(r2 + 0) = r1;"
        "1: r0 = 2;"
        "exit;" ::: __clobber_all);
}
