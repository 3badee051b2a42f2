/* return_range_cgroup_ok: twin of return_range_cgroup_bad returning 1 (allow).
 * issue: 5
 * category: return
 * expect: accept
 * twin: return_range_cgroup_bad */
#include "unsafe.h"

SEC("cgroup_skb/ingress")
__naked int return_range_cgroup_ok(void)
{
    asm volatile(
        "r0 = 1;"
        "exit;" ::: __clobber_all);
}
