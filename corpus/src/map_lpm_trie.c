/* map_lpm_trie: BPF_MAP_TYPE_LPM_TRIE (longest-prefix match on IPv4 destination).
 * Every run (re)inserts with BPF_ANY: 10.0.0.0/8 -> 1, 10.1.0.0/16 -> 2, 10.1.2.0/24 -> 3,
 * 192.168.0.0/16 -> 4, 10.1.2.3/32 -> 5 (then deletes 10.1.2.3/32 again), and looks up the
 * packet's IPv4 destination as a /32 key.
 *   retval = matched value (0 on a miss), e.g. 10.1.2.3 -> 3, 10.1.9.9 -> 2,
 *            10.200.0.1 -> 1, 192.168.5.5 -> 4, 8.8.8.8 -> 0; 255 if not IPv4.
 *   res[0] update(10.1.0.0/16, BPF_NOEXIST) -> -EEXIST (-17)
 *   res[1] update(172.16.0.0/12, BPF_EXIST) -> -ENOENT (-2)
 *   res[2] delete(172.16.0.0/12)            -> -ENOENT (-2)
 *   res[3] delete(10.1.0.0/17) (no exact prefix match) -> -ENOENT (-2)
 *   res[4] update with prefixlen 33         -> -EINVAL (-22)
 *   res[5] lookup 10.1.2.3/32 while the /32 exists -> 5
 *   res[6] delete(10.1.2.3/32)              -> 0
 *   res[7] small trie (max 2): third insert -> -ENOSPC (-28)
 *   res[8] lookup 10.1.2.3 with prefixlen 20 (matches 10.1.0.0/16, not /24) -> 2
 * Map contents after the run: lpm holds the 4 prefixes; lpm_small {1.0.0.0/8, 2.0.0.0/8}. */
#include "corpus.h"

struct lpm_key { u32 prefixlen; u8 a, b, c, d; };

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(max_entries, 16);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, struct lpm_key);
    __type(value, u32);
} lpm SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(max_entries, 2);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, struct lpm_key);
    __type(value, u32);
} lpm_small SEC(".maps");

RESULTS(16)

static __always_inline long ins(void *m, u32 plen, u8 a, u8 b, u8 c, u8 d, u32 val, u64 flags)
{
    struct lpm_key k = { plen, a, b, c, d };
    return bpf_map_update_elem(m, &k, &val, flags);
}

static __always_inline long del(u32 plen, u8 a, u8 b, u8 c, u8 d)
{
    struct lpm_key k = { plen, a, b, c, d };
    return bpf_map_delete_elem(&lpm, &k);
}

static __always_inline s64 find(u32 plen, u8 a, u8 b, u8 c, u8 d)
{
    struct lpm_key k = { plen, a, b, c, d };
    u32 *v = bpf_map_lookup_elem(&lpm, &k);
    return v ? *v : 0;
}

SEC("xdp")
int map_lpm_trie(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    ins(&lpm, 8, 10, 0, 0, 0, 1, BPF_ANY);
    ins(&lpm, 16, 10, 1, 0, 0, 2, BPF_ANY);
    ins(&lpm, 24, 10, 1, 2, 0, 3, BPF_ANY);
    ins(&lpm, 16, 192, 168, 0, 0, 4, BPF_ANY);
    ins(&lpm, 32, 10, 1, 2, 3, 5, BPF_ANY);
    put(0, ins(&lpm, 16, 10, 1, 0, 0, 2, BPF_NOEXIST));
    put(1, ins(&lpm, 12, 172, 16, 0, 0, 9, BPF_EXIST));
    put(2, del(12, 172, 16, 0, 0));
    put(3, del(17, 10, 1, 0, 0));
    put(4, ins(&lpm, 33, 10, 1, 2, 3, 9, BPF_ANY));
    put(5, find(32, 10, 1, 2, 3));
    put(6, del(32, 10, 1, 2, 3));
    put(8, find(20, 10, 1, 2, 3));
    ins(&lpm_small, 8, 1, 0, 0, 0, 1, BPF_ANY);
    ins(&lpm_small, 8, 2, 0, 0, 0, 2, BPF_ANY);
    put(7, ins(&lpm_small, 8, 3, 0, 0, 0, 3, BPF_ANY));

    struct ethhdr *eth = data;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
        return 255;
    struct lpm_key k = { 32 };
    __builtin_memcpy(&k.a, &ip->daddr, 4);
    u32 *v = bpf_map_lookup_elem(&lpm, &k);
    return v ? *v : 0;
}
