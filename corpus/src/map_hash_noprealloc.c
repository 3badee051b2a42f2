/* map_hash_noprealloc: BPF_MAP_TYPE_HASH with BPF_F_NO_PREALLOC (elements allocated on
 * update), max_entries 3, key is a 2-field struct (hashing of a multi-byte key with padding-free
 * layout), value a struct.
 *   res[0] updates of {1,1},{1,2},{2,1} with BPF_NOEXIST, sum -> 0 (first run; later -51)
 *   res[1] update {3,3} BPF_ANY on the full map                -> -E2BIG (-7)
 *   res[2] update {1,2} BPF_EXIST (replace)                   -> 0
 *   res[3] delete {2,1}                                       -> 0
 *   res[4] delete {2,1} again                                 -> -ENOENT (-2)
 *   res[5] update {3,3} BPF_NOEXIST                           -> 0
 *   res[6] lookup {2,1} == NULL                               -> 1
 *   res[7] sum of .a over keys {1,1},{1,2},{3,3}              -> 11 + 122 + 33 = 166
 *   res[8] delete {3,3} (so the next run sees the same state) -> 0
 *   res[9] update {2,1} BPF_ANY (restore)                     -> 0
 * Map after each run: {1,1}:{11,N}, {1,2}:{122,0}, {2,1}:{21,0}; .b of {1,1} counts runs. */
#include "corpus.h"

struct key { u32 x; u32 y; };
struct val { u64 a; u64 b; };

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 3);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, struct key);
    __type(value, struct val);
} hn SEC(".maps");

RESULTS(16)

static __always_inline long upd(u32 x, u32 y, u64 a, u64 flags)
{
    struct key k = { x, y };
    struct val v = { a, 0 };
    return bpf_map_update_elem(&hn, &k, &v, flags);
}

static __always_inline struct val *get(u32 x, u32 y)
{
    struct key k = { x, y };
    return bpf_map_lookup_elem(&hn, &k);
}

static __always_inline long del(u32 x, u32 y)
{
    struct key k = { x, y };
    return bpf_map_delete_elem(&hn, &k);
}

SEC("xdp")
int map_hash_noprealloc(struct xdp_md *ctx)
{
    put(0, upd(1, 1, 11, BPF_NOEXIST) + upd(1, 2, 12, BPF_NOEXIST) + upd(2, 1, 21, BPF_NOEXIST));
    put(1, upd(3, 3, 33, BPF_ANY));
    put(2, upd(1, 2, 122, BPF_EXIST));
    put(3, del(2, 1));
    put(4, del(2, 1));
    put(5, upd(3, 3, 33, BPF_NOEXIST));
    put(6, get(2, 1) == NULL);
    s64 sum = 0;
    struct val *v = get(1, 1);
    if (v) {
        sum += v->a;
        v->b++;
    }
    v = get(1, 2);
    if (v)
        sum += v->a;
    v = get(3, 3);
    if (v)
        sum += v->a;
    put(7, sum);
    put(8, del(3, 3));
    put(9, upd(2, 1, 21, BPF_ANY));
    return XDP_PASS;
}
