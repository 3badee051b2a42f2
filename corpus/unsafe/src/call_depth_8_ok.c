/* call_depth_8_ok: twin of call_depth_9_bad: a chain of bpf-to-bpf calls main -> f1 -> ... -> f7,
 * exactly the kernel's MAX_CALL_FRAMES (8) frames.
 * issue: 6
 * category: call_depth
 * expect: accept
 * twin: call_depth_9_bad */
#include "unsafe.h"

SUBPROG int f7(void)
{
    asm volatile("r0 = 2; exit;" ::: __clobber_all);
}

SUBPROG int f6(void)
{
    asm volatile("call f7; exit;" ::: __clobber_all);
}

SUBPROG int f5(void)
{
    asm volatile("call f6; exit;" ::: __clobber_all);
}

SUBPROG int f4(void)
{
    asm volatile("call f5; exit;" ::: __clobber_all);
}

SUBPROG int f3(void)
{
    asm volatile("call f4; exit;" ::: __clobber_all);
}

SUBPROG int f2(void)
{
    asm volatile("call f3; exit;" ::: __clobber_all);
}

SUBPROG int f1(void)
{
    asm volatile("call f2; exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int call_depth_8_ok(void)
{
    asm volatile("call f1; exit;" ::: __clobber_all);
}
