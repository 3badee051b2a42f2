/* map_stack: BPF_MAP_TYPE_STACK (LIFO, max 4 u32 values) via push/pop/peek helpers.
 * Each run first drains what the previous run left (res[0] = count: 0 first run, 2 after;
 * res[10] = drained values as digits: 87 after a rerun, LIFO order), then:
 *   res[1] push 1,2,3,4 with BPF_ANY, sum of returns -> 0
 *   res[2] push 5 on the full stack, BPF_ANY         -> -E2BIG (-7)
 *   res[3] push 6 on the full stack, BPF_EXIST       -> 0 (the kernel drops the OLDEST
 *          element, the bottom 1, also for a stack: stack is now 2,3,4,6 bottom->top)
 *   res[4] push with flags 3                         -> -EINVAL (-22)
 *   res[5] peek value -> 6, res[6] its return -> 0
 *   res[7] four pops as digits                       -> 6432
 *   res[8] pop on empty -> -ENOENT (-2); res[9] peek on empty -> -ENOENT (-2)
 *   finally pushes 7 then 8 (left on the stack).
 * retval XDP_PASS. */
#include "corpus.h"

struct {
    __uint(type, BPF_MAP_TYPE_STACK);
    __uint(max_entries, 4);
    __type(value, u32);
} st SEC(".maps");

RESULTS(16)

static __always_inline long push(u32 v, u64 flags)
{
    return bpf_map_push_elem(&st, &v, flags);
}

SEC("xdp")
int map_stack(struct xdp_md *ctx)
{
    u32 v = 0;
    s64 n = 0, digits = 0;
    for (int i = 0; i < 5; i++) {
        if (bpf_map_pop_elem(&st, &v))
            break;
        n++;
        digits = digits * 10 + v;
    }
    put(0, n);
    put(10, digits);
    put(1, push(1, BPF_ANY) + push(2, BPF_ANY) + push(3, BPF_ANY) + push(4, BPF_ANY));
    put(2, push(5, BPF_ANY));
    put(3, push(6, BPF_EXIST));
    put(4, push(9, 3));
    v = 0;
    put(6, bpf_map_peek_elem(&st, &v));
    put(5, v);
    digits = 0;
    for (int i = 0; i < 4; i++) {
        v = 0;
        bpf_map_pop_elem(&st, &v);
        digits = digits * 10 + v;
    }
    put(7, digits);
    put(8, bpf_map_pop_elem(&st, &v));
    put(9, bpf_map_peek_elem(&st, &v));
    push(7, BPF_ANY);
    push(8, BPF_ANY);
    return XDP_PASS;
}
