/* atomic_map_ok: twin of atomic_ctx_bad: the same atomic add into a map value.
 * issue: 5
 * category: ctx
 * expect: accept
 * twin: atomic_ctx_bad
 * cflags: -mcpu=v3 */
#include "unsafe.h"

ARRAY8(m)

SEC("tc")
__naked int atomic_map_ok(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "r2 = 1;"
        "lock *(u32 *)(r0 + 0) += w2;"
        "1: r0 = 0;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
