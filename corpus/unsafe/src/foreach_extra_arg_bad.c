/* foreach_extra_arg_bad: a bpf_for_each_map_elem callback is called with (map, key, value,
 * ctx); this one also reads a fifth argument R5.
 * issue: 6
 * category: callback
 * expect: reject
 * kernel: R5 !read_ok
 * twin: foreach_value_ok */
#include "unsafe.h"

ARRAY8(m)

SUBPROG long cb(void)
{
    asm volatile(
        "r0 = *(u64 *)(r3 + 0);"
        "r0 += r5;"
        "*(u64 *)(r3 + 0) = r0;"
        "r0 = 0;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int foreach_extra_arg_bad(void)
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
