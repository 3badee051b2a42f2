/* tailcall_stack_ok: twin of tailcall_stack_bad with a 128-byte caller frame (under the
 * 256-byte limit for tail calls mixed with bpf-to-bpf calls).
 * issue: 6
 * category: tail_call
 * expect: accept
 * twin: tailcall_stack_bad */
#include "unsafe.h"

struct {
    __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
    __uint(max_entries, 1);
    __type(key, u32);
    __type(value, u32);
} jt SEC(".maps");

SUBPROG int do_tail(void)
{
    asm volatile(
        "r2 = %[jt] ll;"
        "r3 = 0;"
        "call %[bpf_tail_call];"
        "r0 = 2;"
        "exit;"
        :: __imm_addr(jt), __imm(bpf_tail_call) : __clobber_all);
}

SEC("xdp")
__naked int tailcall_stack_ok(void)
{
    asm volatile(
        "r2 = 0;"
        "*(u64 *)(r10 - 128) = r2;"
        "call do_tail;"
        "exit;" ::: __clobber_all);
}
