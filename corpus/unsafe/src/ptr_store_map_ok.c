/* ptr_store_map_ok: stores a stack pointer into a map value (a pointer leak). A privileged
 * loader may leak addresses (env->allow_ptr_leaks, CAP_PERFMON); the oracle loads as root, so
 * the kernel accepts. An unprivileged load would give "R1 leaks addr into map".
 * issue: 5
 * category: pointer_leak
 * expect: accept */
#include "unsafe.h"

ARRAY8(m)

SEC("xdp")
__naked int ptr_store_map_ok(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "r1 = r10;"
        "*(u64 *)(r0 + 0) = r1;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
