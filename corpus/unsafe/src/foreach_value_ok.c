/* foreach_value_ok: twin of foreach_extra_arg_bad and foreach_key_write_bad: the callback
 * reads the key (R2) and adds it into the value (R3), both inside their sizes.
 * issue: 6
 * category: callback
 * expect: accept
 * twin: foreach_extra_arg_bad */
#include "unsafe.h"

ARRAY8(m)

SUBPROG long cb(void)
{
    asm volatile(
        "r0 = *(u64 *)(r3 + 0);"
        "r4 = *(u32 *)(r2 + 0);"
        "r0 += r4;"
        "*(u64 *)(r3 + 0) = r0;"
        "r0 = 0;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int foreach_value_ok(void)
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
