/* return_range_cgroup_bad: a cgroup_skb/ingress program returns 5, outside the [0, 1] the
 * kernel allows for that attach point.
 * issue: 5
 * category: return
 * expect: reject
 * kernel: should have been in [0, 1]
 * twin: return_range_cgroup_ok */
#include "unsafe.h"

SEC("cgroup_skb/ingress")
__naked int return_range_cgroup_bad(void)
{
    asm volatile(
        "r0 = 5;"
        "exit;" ::: __clobber_all);
}
