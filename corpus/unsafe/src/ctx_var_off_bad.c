/* ctx_var_off_bad: adds a packet-derived (variable) scalar to the ctx pointer.
 * issue: 5
 * category: ctx
 * expect: reject
 * kernel: variable ctx access var_off=(0x0; 0x4) disallowed */
#include "unsafe.h"

SEC("xdp")
__naked int ctx_var_off_bad(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r4 = r2;"
        "r4 += 1;"
        "if r4 > r3 goto 1f;"
        "r4 = *(u8 *)(r2 + 0);"
        "r4 &= 4;"
        "r1 += r4;"
        "r0 = *(u32 *)(r1 + 0);"
        "1: r0 = 2;"
        "exit;" ::: __clobber_all);
}
