/* call_clobber_r1_ok: twin of call_clobber_r1_bad: the value is kept in callee-saved R6 across
 * the call, and R0 (the result) is read too.
 * issue: 6
 * category: call_clobber
 * expect: accept
 * twin: call_clobber_r1_bad */
#include "unsafe.h"

SUBPROG int identity(void)
{
    asm volatile("r0 = r1; exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int call_clobber_r1_ok(void)
{
    asm volatile(
        "r1 = 1;"
        "r6 = 1;"
        "call identity;"
        "r0 += r6;"
        "exit;" ::: __clobber_all);
}
