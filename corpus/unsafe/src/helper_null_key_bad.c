/* helper_null_key_bad: passes the constant 0 (NULL) as the key of bpf_map_lookup_elem.
 * issue: 5
 * category: helper_args
 * expect: reject
 * kernel: R2 type=scalar expected=fp */
#include "unsafe.h"

HASH8(h)

SEC("xdp")
__naked int helper_null_key_bad(void)
{
    asm volatile(
        "r1 = %[h] ll;"
        "r2 = 0;"
        "call %[bpf_map_lookup_elem];"
        "r0 = 2;"
        "exit;"
        :: __imm_addr(h), __imm(bpf_map_lookup_elem) : __clobber_all);
}
