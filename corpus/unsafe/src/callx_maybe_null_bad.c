/* callx_maybe_null_bad: r2 is a function's address on one path and 0 on the other, and the
 * callx comes without a NULL check: on the second path it calls address 0. Our verifier must
 * reject it because r2 may be NULL. Linux 6.18 rejects every callx (it has no indirect
 * calls), so its reason is the opcode itself.
 * issue: 6
 * category: callx
 * expect: reject
 * kernel: unknown opcode 8d
 * cflags: -mcpu=v4 */
#include "unsafe.h"

SUBPROG int add1(void)
{
    asm volatile(
        "r0 = r1;"
        "r0 += 1;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int callx_maybe_null_bad(void)
{
    asm volatile(
        "r6 = *(u32 *)(r1 + 12);"
        "r2 = 0;"
        "if r6 == 0 goto 1f;"
        "r2 = add1 ll;"
        "1: r1 = 1;"
        "callx r2;"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}
