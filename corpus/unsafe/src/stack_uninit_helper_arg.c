/* stack_uninit_helper_arg: passes 8 never-written stack bytes as the key of a lookup.
 * issue: 5
 * category: stack
 * expect: accept
 * note: a privileged loader (CAP_PERFMON: env->allow_uninit_stack) may pass uninitialised
 * stack to helpers; the oracle loads as root, so the kernel accepts
 * ebpf4j: reject
 * ebpf4j_reason: issue #5 requires stack reads of initialised bytes only (the unprivileged kernel's rule: "invalid indirect read from stack")
 */
#include "unsafe.h"

HASH8(h)

SEC("xdp")
__naked int stack_uninit_helper_arg(void)
{
    asm volatile(
        "r2 = r10;"
        "r2 += -8;"
        "r1 = %[h] ll;"
        "call %[bpf_map_lookup_elem];"
        "r0 = 2;"
        "exit;"
        :: __imm_addr(h), __imm(bpf_map_lookup_elem) : __clobber_all);
}
