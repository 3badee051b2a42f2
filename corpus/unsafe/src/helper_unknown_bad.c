/* helper_unknown_bad: calls helper number 999, which does not exist.
 * issue: 5
 * category: helper_args
 * expect: reject
 * kernel: invalid func unknown#999 */
#include "unsafe.h"

SEC("xdp")
__naked int helper_unknown_bad(void)
{
    asm volatile(
        "call 999;"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}
