/* foreach_key_write_bad: a bpf_for_each_map_elem callback writes through its key pointer; map
 * keys are read-only to programs.
 * issue: 6
 * category: callback
 * expect: reject
 * kernel: write to change key R2 not allowed
 * twin: foreach_value_ok */
#include "unsafe.h"

ARRAY8(m)

SUBPROG long cb(void)
{
    asm volatile(
        "r0 = 1;"
        "*(u32 *)(r2 + 0) = r0;"
        "r0 = 0;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int foreach_key_write_bad(void)
{
    asm volatile(
        "r1 = %[m] ll;"
        "r2 = %[cb] ll;"
        "r3 = 0;"
        "r4 = 0;"
        "call %[bpf_for_each_map_elem];"
        "r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(cb), __imm(bpf_for_each_map_elem) : __clobber_all);
}
