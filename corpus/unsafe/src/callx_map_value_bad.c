/* callx_map_value_bad: callx through a map value pointer (the NULL-checked result of
 * bpf_map_lookup_elem): memory the program may read and write, not code. Our verifier must
 * reject it because r0 is a map_value pointer, not a function pointer. Linux 6.18 rejects
 * every callx (it has no indirect calls), so its reason is the opcode itself.
 * issue: 6
 * category: callx
 * expect: reject
 * kernel: unknown opcode 8d
 * cflags: -mcpu=v4 */
#include "unsafe.h"

ARRAY8(a)

SEC("xdp")
__naked int callx_map_value_bad(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[a] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "callx r0;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(a), __imm(bpf_map_lookup_elem) : __clobber_all);
}
