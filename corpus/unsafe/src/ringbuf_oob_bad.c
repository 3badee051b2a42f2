/* ringbuf_oob_bad: writes 8 bytes at offset 8 of an 8-byte ring buffer record.
 * issue: 5
 * category: ringbuf
 * expect: reject
 * kernel: invalid access to memory, mem_size=8 off=8 size=8
 * twin: ringbuf_submit_ok */
#include "unsafe.h"

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 4096);
} rb SEC(".maps");

SEC("xdp")
__naked int ringbuf_oob_bad(void)
{
    asm volatile(
        "r1 = %[rb] ll;"
        "r2 = 8;"
        "r3 = 0;"
        "call %[bpf_ringbuf_reserve];"
        "if r0 == 0 goto 1f;"
        "r6 = r0;"
        "r1 = 7;"
        "*(u64 *)(r6 + 8) = r1;"
        "r1 = r6;"
        "r2 = 0;"
        "call %[bpf_ringbuf_submit];"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(rb), __imm(bpf_ringbuf_reserve), __imm(bpf_ringbuf_submit) : __clobber_all);
}
