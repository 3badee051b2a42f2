/* tailcall_limit: the kernel's tail-call limit (MAX_TAIL_CALL_CNT = 33).
 * self_loop tail-calls itself through prog array slot 0 until the kernel refuses: one
 * invocation plus 33 tail calls = 34 executions, then bpf_tail_call falls through.
 * .bss: execs counts executions over all runs, falls counts fall-throughs (one per run).
 * retval = executions in this run = 34 (execs - execs_at_start).
 * With --repeat 3: retval 34, execs = 102, falls = 3 (the counter restarts per run).
 * Recorded with the bpftool backend (all programs of the object loaded). */
#include "corpus.h"

u64 execs, falls, start;
u32 depth;

int self_loop(struct xdp_md *ctx);

struct {
    __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
    __uint(max_entries, 1);
    __uint(key_size, sizeof(u32));
    __array(values, int (struct xdp_md *));
} jmp SEC(".maps") = {
    .values = { [0] = (void *)&self_loop },
};

SEC("xdp")
int self_loop(struct xdp_md *ctx)
{
    if (depth == 0)
        start = execs;
    depth++;
    execs++;
    bpf_tail_call(ctx, &jmp, 0);
    falls++;
    depth = 0;
    return execs - start;
}
