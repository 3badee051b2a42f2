/* stack_var_write_oob_ok: twin of stack_var_write_oob_bad: the base is fp-64, so the 1-byte
 * store at fp - 64 + (byte & 0x3f) stays in [fp-64, fp-1].
 * issue: 5
 * category: stack
 * expect: accept
 * twin: stack_var_write_oob_bad */
#include "unsafe.h"

SEC("xdp")
__naked int stack_var_write_oob_ok(void)
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
        "r2 += -64;"
        "r2 += r4;"
        "r1 = 0;"
        "*(u8 *)(r2 + 0) = r1;"
        "1: r0 = 2;"
        "exit;" ::: __clobber_all);
}
