/* helper_for_each: bpf_for_each_map_elem over an ARRAY, a HASH and a PERCPU_ARRAY.
 * The callback gets (map, key, value, ctx) and returns 0 to continue or 1 to stop; the helper
 * returns the number of elements visited.
 * Setup per run: arr[i] = i * 10 for i < 8 (all slots), hash keys 1, 2, 3, 5, 8 with value
 * key * 1000, pc[0] (this CPU) = 7.
 *   res[0] for_each(arr, sum)          -> 8 (an array visits every slot)
 *   res[1] sum of arr keys*values      -> sum(i * i * 10) = 1400
 *   res[2] for_each(hash, sum)         -> 5; res[3] sum of values -> 19000
 *   res[4] for_each(arr, stop when key == 3) -> 4 (keys 0..3 visited)
 *   res[5] for_each(hash, stop at the first element) -> 1
 *   res[6] for_each(arr, ..., flags 1) -> -EINVAL (-22)
 *   res[7] for_each(pc, sum) -> 2 slots visited; res[8] sum of this CPU's values -> 7
 *   res[9] the callback can modify values: arr values += 1 via the callback, then re-sum
 *          values -> 280 + 8 = 288
 * Which hash element comes first depends on the hash function and seed (random per map unless
 * BPF_F_ZERO_SEED), so only order-independent results are compared.
 * retval XDP_PASS. */
#include "corpus.h"

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 8);
    __type(key, u32);
    __type(value, u64);
} arr SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16);
    __type(key, u32);
    __type(value, u64);
} hash SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 2);
    __type(key, u32);
    __type(value, u64);
} pc SEC(".maps");

RESULTS(16)

struct acc { u64 sum; u64 stop_key; };

static long sum_kv(void *map, u32 *key, u64 *val, struct acc *a)
{
    a->sum += (u64)*key * *val;
    return 0;
}

static long sum_v(void *map, u32 *key, u64 *val, struct acc *a)
{
    a->sum += *val;
    return 0;
}

static long stop_at(void *map, u32 *key, u64 *val, struct acc *a)
{
    return *key == a->stop_key;
}

static long stop_first(void *map, u32 *key, u64 *val, struct acc *a)
{
    return 1;
}

static long bump(void *map, u32 *key, u64 *val, struct acc *a)
{
    *val += 1;
    return 0;
}

SEC("xdp")
int helper_for_each(struct xdp_md *ctx)
{
    for (u32 i = 0; i < 8; i++) {
        u32 k = i;
        u64 v = i * 10;
        bpf_map_update_elem(&arr, &k, &v, BPF_ANY);
    }
    u32 keys[5] = { 1, 2, 3, 5, 8 };
    for (int i = 0; i < 5; i++) {
        u32 k = keys[i];
        u64 v = k * 1000;
        bpf_map_update_elem(&hash, &k, &v, BPF_ANY);
    }
    u32 z = 0;
    u64 seven = 7;
    bpf_map_update_elem(&pc, &z, &seven, BPF_ANY);

    struct acc a = {};
    put(0, bpf_for_each_map_elem(&arr, sum_kv, &a, 0));
    put(1, a.sum);
    a.sum = 0;
    put(2, bpf_for_each_map_elem(&hash, sum_v, &a, 0));
    put(3, a.sum);
    a.stop_key = 3;
    put(4, bpf_for_each_map_elem(&arr, stop_at, &a, 0));
    put(5, bpf_for_each_map_elem(&hash, stop_first, &a, 0));
    put(6, bpf_for_each_map_elem(&arr, sum_v, &a, 1));
    a.sum = 0;
    put(7, bpf_for_each_map_elem(&pc, sum_v, &a, 0));
    put(8, a.sum);
    bpf_for_each_map_elem(&arr, bump, &a, 0);
    a.sum = 0;
    bpf_for_each_map_elem(&arr, sum_v, &a, 0);
    put(9, a.sum);
    return XDP_PASS;
}
