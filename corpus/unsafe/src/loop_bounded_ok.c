/* loop_bounded_ok: twin of rej_unbounded_loop: a loop whose trip count is bounded by a
 * constant (16), accepted.
 * issue: 5
 * category: loops
 * expect: accept
 * twin: rej_unbounded_loop */
#include "unsafe.h"

SEC("xdp")
__naked int loop_bounded_ok(void)
{
    asm volatile(
        "r0 = 0;"
        "r1 = 0;"
        "1: r0 += r1;"
        "r1 += 1;"
        "if r1 < 16 goto 1b;"
        "r0 &= 3;"
        "exit;" ::: __clobber_all);
}
