/* tailcall_stack_bad: a tail call from a bpf-to-bpf callee whose caller frame uses 320 bytes
 * of stack. With calls and tail calls mixed, the kernel limits the frames below the tail call
 * to 256 bytes (the tail-called program reuses the stack).
 * issue: 6
 * category: tail_call
 * expect: reject
 * kernel: tail_calls are not allowed when call stack of previous frames is 320 bytes. Too large
 * twin: tailcall_stack_ok */
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
__naked int tailcall_stack_bad(void)
{
    asm volatile(
        "r2 = 0;"
        "*(u64 *)(r10 - 320) = r2;"
        "call do_tail;"
        "exit;" ::: __clobber_all);
}
