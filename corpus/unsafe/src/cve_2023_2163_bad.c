/* cve_2023_2163_bad: CVE-2023-2163 shape (state pruning that ignores a register whose value
 * matters). Two paths reach label 2 with different r2: the fall-through path (explored first by
 * the kernel) has r2 = 0 and is safe; the jump path has r2 = 16, which moves the load one byte
 * past the 16-byte map value. A verifier that prunes the second path as "equal" to the first
 * (the CVE: r2's precision was not tracked back through the branch) accepts the program.
 * issue: 5
 * category: state_pruning
 * expect: reject
 * kernel: invalid access to map value, value_size=16 off=16 size=1
 * twin: cve_2023_2163_ok */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
__naked int cve_2023_2163_bad(void)
{
    asm volatile(
        "r7 = *(u32 *)(r1 + 12);"   /* ingress_ifindex: unknown */
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "r2 = 0;"
        "if r7 != 0 goto 3f;"
        "goto 2f;"
        "3: r2 = 16;"
        "2: r0 += r2;"
        "r0 = *(u8 *)(r0 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
