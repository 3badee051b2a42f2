/* recursion_direct_bad: a BPF function calls itself, counting down a value the verifier cannot bound
 * (the ctx field xdp_md.ingress_ifindex).
 * issue: 6
 * category: recursion
 * note: Linux 6.18 has no separate recursion check before exploring: it follows the calls
 * until the 8-frame limit
 * expect: reject
 * kernel: frames is too deep */
#include "unsafe.h"

SUBPROG int self(void)
{
    asm volatile(
        "if r1 == 0 goto 1f;"
        "r1 += -1;"
        "call self;"
        "1: r0 = 0;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int recursion_direct_bad(void)
{
    asm volatile(
        "r1 = *(u32 *)(r1 + 12);"
        "call self;"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}
