/* stack_spill_clobbered_bad: spills the ctx pointer to fp-8, overwrites one byte of the slot,
 * fills the 8 bytes back and loads ingress_ifindex through them: the value is no longer a
 * pointer.
 * issue: 5
 * category: stack
 * expect: reject
 * kernel: R2 invalid mem access 'scalar'
 * twin: stack_spill_clobbered_ok */
#include "unsafe.h"

SEC("xdp")
__naked int stack_spill_clobbered_bad(void)
{
    asm volatile(
        "*(u64 *)(r10 - 8) = r1;"
        "r3 = 0;"
        "*(u8 *)(r10 - 8) = r3;"
        "r2 = *(u64 *)(r10 - 8);"
        "r0 = *(u32 *)(r2 + 12);"
        "exit;" ::: __clobber_all);
}
