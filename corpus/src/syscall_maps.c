/* syscall_maps: map helpers from a syscall program, the program type user space uses to run
 * BPF code on demand (e.g. to fill maps). ctx = syscall_args.bin (a = 1000, b = -7, ...).
 * Fills a hash map with keys 0..a/100-1 (10 keys) -> value key * b, deletes the odd ones, and
 * counts them with bpf_for_each_map_elem.
 *   res[0] sum of the 10 insert returns -> 0
 *   res[1] deletes of the 5 odd keys, sum of returns -> 0
 *   res[2] for_each count -> 5;  res[3] sum of values -> (0+2+4+6+8) * -7 = -140
 *   res[4] update(key 0, BPF_NOEXIST) -> -EEXIST (-17)
 * Map "kv" after the run: {0:0, 2:-14, 4:-28, 6:-42, 8:-56}. retval 5. */
#include "corpus.h"

struct args { s32 a; s32 b; u64 c; char s[8]; };

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16);
    __type(key, u32);
    __type(value, s64);
} kv SEC(".maps");

RESULTS(8)

static long count_cb(void *map, u32 *key, s64 *val, s64 *acc)
{
    acc[0]++;
    acc[1] += *val;
    return 0;
}

SEC("syscall")
int syscall_maps(struct args *ctx)
{
    s32 n = (u32)ctx->a / 100, b = ctx->b;
    long r = 0;
    if (n > 16)
        n = 16;
    for (s32 i = 0; i < n; i++) {
        u32 k = i;
        s64 v = (s64)i * b;
        r += bpf_map_update_elem(&kv, &k, &v, BPF_ANY);
    }
    put(0, r);
    r = 0;
    for (s32 i = 1; i < n; i += 2) {
        u32 k = i;
        r += bpf_map_delete_elem(&kv, &k);
    }
    put(1, r);
    s64 acc[2] = {};
    bpf_for_each_map_elem(&kv, count_cb, acc, 0);
    put(2, acc[0]);
    put(3, acc[1]);
    u32 k0 = 0;
    s64 z = 0;
    put(4, bpf_map_update_elem(&kv, &k0, &z, BPF_NOEXIST));
    return acc[0];
}
