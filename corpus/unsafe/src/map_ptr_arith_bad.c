/* map_ptr_arith_bad: arithmetic on a map pointer (the ld_imm64 map fd) before passing it to
 * bpf_map_lookup_elem.
 * issue: 5
 * category: pointer_arith
 * expect: reject
 * kernel: R1 pointer arithmetic on map_ptr prohibited */
#include "unsafe.h"

ARRAY8(m)

SEC("xdp")
__naked int map_ptr_arith_bad(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "r1 += 8;"
        "call %[bpf_map_lookup_elem];"
        "r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
