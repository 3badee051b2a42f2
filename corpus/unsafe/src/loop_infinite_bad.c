/* loop_infinite_bad: a loop with no exit condition at all. r0 changes every iteration, so the
 * kernel never sees a repeated state; it gives up at its 1,000,000-instruction budget.
 * issue: 5
 * category: loops
 * expect: reject
 * kernel: BPF program is too large. Processed 1000001 insn
 * twin: loop_may_goto_ok */
#include "unsafe.h"

SEC("xdp")
__naked int loop_infinite_bad(void)
{
    asm volatile(
        "r0 = 0;"
        "1: r0 += 1;"
        "goto 1b;" ::: __clobber_all);
}
