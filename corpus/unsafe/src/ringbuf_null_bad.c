/* ringbuf_null_bad: writes into the result of bpf_ringbuf_reserve without the NULL check
 * (the reservation fails when the buffer is full).
 * issue: 5
 * category: ringbuf
 * expect: reject
 * kernel: R0 invalid mem access 'ringbuf_mem_or_null'
 * twin: ringbuf_submit_ok */
#include "unsafe.h"

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 4096);
} rb SEC(".maps");

SEC("xdp")
__naked int ringbuf_null_bad(void)
{
    asm volatile(
        "r1 = %[rb] ll;"
        "r2 = 8;"
        "r3 = 0;"
        "call %[bpf_ringbuf_reserve];"
        "r1 = 7;"
        "*(u64 *)(r0 + 0) = r1;"
        "r1 = r0;"
        "r2 = 0;"
        "call %[bpf_ringbuf_submit];"
        "r0 = 2;"
        "exit;"
        :: __imm_addr(rb), __imm(bpf_ringbuf_reserve), __imm(bpf_ringbuf_submit) : __clobber_all);
}
