/* call_clobber_r1_bad: reads R1 after a bpf-to-bpf call. R1-R5 are caller-saved: after the
 * call they hold nothing the caller may use, although the callee left its argument there.
 * issue: 6
 * category: call_clobber
 * expect: reject
 * kernel: R1 !read_ok
 * twin: call_clobber_r1_ok */
#include "unsafe.h"

SUBPROG int identity(void)
{
    asm volatile("r0 = r1; exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int call_clobber_r1_bad(void)
{
    asm volatile(
        "r1 = 2;"
        "call identity;"
        "r0 = r1;"
        "exit;" ::: __clobber_all);
}
