/* tailcall_subprog: tail calls issued from a bpf-to-bpf subprogram (allowed since 5.10 on
 * x86-64; stack of the caller chain is limited to 256 bytes). The limit of 33 tail calls is
 * shared by the whole chain, also when each tail call comes from a subprogram.
 * xdp_sub_entry calls __noinline hop(ctx, n), which tail-calls slot 0 (xdp_sub_entry again).
 * Each execution adds 1 to .bss hops; hop() keeps a 32-byte array on its own stack frame.
 * retval = hops counted in this run = 34; hop_ret = 7 (hop()'s return value after the
 * last, failing tail call; hop returns n + 6 where n = 1).
 * Recorded with the bpftool backend. */
#include "corpus.h"

u64 hops, hop_ret;
u32 active;

int xdp_sub_entry(struct xdp_md *ctx);

struct {
    __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
    __uint(max_entries, 2);
    __uint(key_size, sizeof(u32));
    __array(values, int (struct xdp_md *));
} jmp SEC(".maps") = {
    .values = { [0] = (void *)&xdp_sub_entry },
};

static __noinline int hop(struct xdp_md *ctx, int n)
{
    volatile char pad[32] = {};
    pad[n & 31] = n;
    bpf_tail_call(ctx, &jmp, 0);
    return n + 6;
}

SEC("xdp")
int xdp_sub_entry(struct xdp_md *ctx)
{
    if (!active) {
        active = 1;
        hops = 0;
    }
    hops++;
    hop_ret = hop(ctx, 1);
    active = 0;
    return hops;
}
