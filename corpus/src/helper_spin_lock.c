/* helper_spin_lock: bpf_spin_lock / bpf_spin_unlock on a map value that holds a
 * struct bpf_spin_lock (needs BTF), and map updates with BPF_F_LOCK.
 * Per run, under the lock: cnt += 1, sum += packet length, last = cnt * 3.
 *   res[0] cnt after this run           -> N after N runs
 *   res[1] sum                          -> N * packet length
 *   res[2] update(k=1, {.cnt = 100, .sum = 5, .last = 9}, BPF_F_LOCK) -> 0 (copies the value
 *          while holding the lock, leaves the lock word alone)
 *   res[3] cnt of key 1 read back under the lock -> 100
 *   res[4] update(k=1, BPF_F_LOCK | BPF_NOEXIST) -> -EEXIST (-17) (array elements exist)
 * Map "locked" after N runs: [0] = {cnt N, sum N * len, last 3N}, [1] = {100, 5, 9}
 * (bpftool shows the lock word as 0). retval XDP_PASS. */
#include "corpus.h"

struct val {
    struct bpf_spin_lock lock;
    u32 pad;
    u64 cnt;
    u64 sum;
    u64 last;
};

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 2);
    __type(key, u32);
    __type(value, struct val);
} locked SEC(".maps");

RESULTS(8)

SEC("xdp")
int helper_spin_lock(struct xdp_md *ctx)
{
    u32 k0 = 0, k1 = 1;
    struct val *v = bpf_map_lookup_elem(&locked, &k0);
    if (!v)
        return XDP_ABORTED;
    u64 len = ctx->data_end - ctx->data;
    u64 cnt, sum;
    bpf_spin_lock(&v->lock);
    v->cnt += 1;
    v->sum += len;
    v->last = v->cnt * 3;
    cnt = v->cnt;
    sum = v->sum;
    bpf_spin_unlock(&v->lock);
    put(0, cnt);
    put(1, sum);
    struct val nv = { .cnt = 100, .sum = 5, .last = 9 };
    put(2, bpf_map_update_elem(&locked, &k1, &nv, BPF_F_LOCK));
    struct val *w = bpf_map_lookup_elem(&locked, &k1);
    if (w) {
        bpf_spin_lock(&w->lock);
        cnt = w->cnt;
        bpf_spin_unlock(&w->lock);
        put(3, cnt);
    }
    put(4, bpf_map_update_elem(&locked, &k1, &nv, BPF_F_LOCK | BPF_NOEXIST));
    return XDP_PASS;
}
