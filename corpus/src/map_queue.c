/* map_queue: BPF_MAP_TYPE_QUEUE (FIFO, max 4 u32 values) via push/pop/peek helpers.
 * Each run first drains what the previous run left (res[0] = number of values popped:
 * 0 on the first run, 2 afterwards), then:
 *   res[1] push 1,2,3,4 with BPF_ANY, sum of returns      -> 0
 *   res[2] push 5 on the full queue, BPF_ANY              -> -E2BIG (-7)
 *   res[3] push 6 on the full queue, BPF_EXIST            -> 0 (drops the OLDEST: 2,3,4,6)
 *   res[4] push with BPF_NOEXIST                          -> -EINVAL (-22)
 *   res[5] peek                                           -> 2 (value), res[6] its return 0
 *   res[7] the four pops, as decimal digits               -> 2346
 *   res[8] pop on the empty queue                         -> -ENOENT (-2)
 *   res[9] peek on the empty queue                        -> -ENOENT (-2)
 *   finally pushes 7 and 8 (left in the queue; the queue map cannot be dumped, so the next
 *   run's drain reports them: res[10] = digits of the drained values, 78 after a rerun)
 * retval XDP_PASS. */
#include "corpus.h"

struct {
    __uint(type, BPF_MAP_TYPE_QUEUE);
    __uint(max_entries, 4);
    __type(value, u32);
} q SEC(".maps");

RESULTS(16)

static __always_inline long push(u32 v, u64 flags)
{
    return bpf_map_push_elem(&q, &v, flags);
}

SEC("xdp")
int map_queue(struct xdp_md *ctx)
{
    u32 v = 0;
    s64 n = 0, digits = 0;
    for (int i = 0; i < 5; i++) {
        if (bpf_map_pop_elem(&q, &v))
            break;
        n++;
        digits = digits * 10 + v;
    }
    put(0, n);
    put(10, digits);
    put(1, push(1, BPF_ANY) + push(2, BPF_ANY) + push(3, BPF_ANY) + push(4, BPF_ANY));
    put(2, push(5, BPF_ANY));
    put(3, push(6, BPF_EXIST));
    put(4, push(9, BPF_NOEXIST));
    v = 0;
    put(6, bpf_map_peek_elem(&q, &v));
    put(5, v);
    digits = 0;
    for (int i = 0; i < 4; i++) {
        v = 0;
        bpf_map_pop_elem(&q, &v);
        digits = digits * 10 + v;
    }
    put(7, digits);
    put(8, bpf_map_pop_elem(&q, &v));
    put(9, bpf_map_peek_elem(&q, &v));
    push(7, BPF_ANY);
    push(8, BPF_ANY);
    return XDP_PASS;
}
