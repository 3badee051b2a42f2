/* may_goto_exhaust: a loop with no exit other than may_goto: it runs until the kernel's
 * may_goto budget is used up, then falls out of the loop.
 * How many iterations that is can NOT be equal: on x86-64 with the JIT (Linux >= 6.14,
 * "timed may_goto") the budget is time based (the loop is stopped after roughly 250 ms);
 * without the JIT the budget is a count (BPF_MAX_LOOPS = 8M). An engine may choose its own
 * budget. The iteration count goes to nd[0] (not compared). Compared:
 *   res[0] the loop terminated and the code after it ran -> 1
 *   res[1] iterations > 65535 (at least one full budget refill window) -> 1
 * retval XDP_PASS. */
#include "corpus.h"

RESULTS(2)
NONDET(1)

__attribute__((section(".data"))) u64 loop_zero = 0;

SEC("xdp")
int may_goto_exhaust(struct xdp_md *ctx)
{
    u64 n = loop_zero;
#pragma clang loop unroll(disable)
    while (can_loop)
        n++;
    put(0, 1);
    put(1, n > 65535);
    put_nd(0, n);
    return XDP_PASS;
}
