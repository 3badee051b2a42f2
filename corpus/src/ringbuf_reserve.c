/* ringbuf_reserve: bpf_ringbuf_reserve / submit / discard / query on a 4096-byte ring.
 * Per run: reserve 40 bytes (ring space 48), fill, submit (BPF_RB_NO_WAKEUP);
 * reserve 16 bytes (space 24), discard (discarded records still occupy ring space until
 * consumed); reserve 8000 bytes -> NULL (larger than the ring); reserve with flags 1 -> NULL.
 *   res[0] first reserve != NULL         -> 1 (while there is room)
 *   res[1] second reserve != NULL        -> 1
 *   res[2] reserve(8000) == NULL         -> 1
 *   res[3] reserve(8, flags=1) == NULL   -> 1
 *   res[4] query(BPF_RB_PROD_POS)        -> 72 * N after N runs (while it fits)
 *   res[5] query(BPF_RB_AVAIL_DATA)      -> same as res[4] (nothing consumed)
 *   res[6] runs in which both reserves succeeded -> N
 * With --repeat 10: 720. retval XDP_PASS. */
#include "corpus.h"

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 4096);
} rb SEC(".maps");

RESULTS(8)

u64 both_ok;

SEC("xdp")
int ringbuf_reserve(struct xdp_md *ctx)
{
    int good = 0;
    u64 *a = bpf_ringbuf_reserve(&rb, 40, 0);
    put(0, a != NULL);
    if (a) {
        for (int i = 0; i < 5; i++)
            a[i] = 0x0101010101010101ULL * (i + 1);
        bpf_ringbuf_submit(a, BPF_RB_NO_WAKEUP);
        good++;
    }
    u32 *b = bpf_ringbuf_reserve(&rb, 16, 0);
    put(1, b != NULL);
    if (b) {
        b[0] = 0xdead;
        bpf_ringbuf_discard(b, 0);
        good++;
    }
    void *c = bpf_ringbuf_reserve(&rb, 8000, 0);
    put(2, c == NULL);
    if (c)
        bpf_ringbuf_discard(c, 0);
    void *d = bpf_ringbuf_reserve(&rb, 8, 1);
    put(3, d == NULL);
    if (d)
        bpf_ringbuf_discard(d, 0);
    if (good == 2)
        both_ok++;
    put(4, bpf_ringbuf_query(&rb, BPF_RB_PROD_POS));
    put(5, bpf_ringbuf_query(&rb, BPF_RB_AVAIL_DATA));
    put(6, both_ok);
    return XDP_PASS;
}
