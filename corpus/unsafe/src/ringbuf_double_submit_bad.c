/* ringbuf_double_submit_bad: a reserved ring buffer record is submitted twice; after the
 * first submit the reference is released and the register no longer holds a record.
 * issue: 5
 * category: ringbuf
 * expect: reject
 * kernel: R1 type=scalar expected=ringbuf_mem
 * twin: ringbuf_submit_ok */
#include "unsafe.h"

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 4096);
} rb SEC(".maps");

SEC("xdp")
__naked int ringbuf_double_submit_bad(void)
{
    asm volatile(
        "r1 = %[rb] ll;"
        "r2 = 8;"
        "r3 = 0;"
        "call %[bpf_ringbuf_reserve];"
        "if r0 == 0 goto 1f;"
        "r6 = r0;"
        "r1 = 7;"
        "*(u64 *)(r6 + 0) = r1;"
        "r1 = r6;"
        "r2 = 0;"
        "call %[bpf_ringbuf_submit];"
        "r1 = r6;"
        "r2 = 0;"
        "call %[bpf_ringbuf_submit];"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(rb), __imm(bpf_ringbuf_reserve), __imm(bpf_ringbuf_submit) : __clobber_all);
}
