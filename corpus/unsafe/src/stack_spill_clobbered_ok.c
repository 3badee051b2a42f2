/* stack_spill_clobbered_ok: twin of stack_spill_clobbered_bad: the byte goes to fp-16, next
 * to the spilled slot, so the fill at fp-8 is still the ctx pointer (ingress_ifindex is read
 * through it).
 * issue: 5
 * category: stack
 * expect: accept
 * twin: stack_spill_clobbered_bad */
#include "unsafe.h"

SEC("xdp")
__naked int stack_spill_clobbered_ok(void)
{
    asm volatile(
        "*(u64 *)(r10 - 8) = r1;"
        "r3 = 0;"
        "*(u8 *)(r10 - 16) = r3;"
        "r2 = *(u64 *)(r10 - 8);"
        "r0 = *(u32 *)(r2 + 12);"
        "exit;" ::: __clobber_all);
}
