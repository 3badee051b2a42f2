/* return_ptr_cgroup_bad: a cgroup_skb program must return a known scalar in its allowed
 * range; this one returns the ctx pointer.
 * issue: 5
 * category: pointer_leak
 * expect: reject
 * kernel: At program exit the register R0 is not a known value (ctx)
 * twin: return_range_cgroup_ok */
#include "unsafe.h"

SEC("cgroup_skb/ingress")
__naked int return_ptr_cgroup_bad(void)
{
    asm volatile(
        "r0 = r1;"
        "exit;" ::: __clobber_all);
}
