/* loop_may_goto_ok: twin of loop_infinite_bad with a may_goto in the loop: the kernel bounds
 * the iterations with its own counter, so the loop terminates.
 * issue: 5
 * category: loops
 * expect: accept
 * twin: loop_infinite_bad */
#include "unsafe.h"

SEC("xdp")
__naked int loop_may_goto_ok(void)
{
    asm volatile(
        "r0 = 0;"
        "1: may_goto 2f;"
        "r0 += 1;"
        "goto 1b;"
        "2: r0 = 2;"
        "exit;" ::: __clobber_all);
}
