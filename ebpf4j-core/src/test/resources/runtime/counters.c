/* counters: the runtime's concurrency test. "count" adds 1 atomically to arr[0] and to hash[key]
 * (inserting the key with BPF_NOEXIST first if needed); "churn" inserts (op 0, BPF_NOEXIST),
 * deletes (op 1) or reads (op 2) hash[key]. Context: struct args. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

typedef unsigned int u32;
typedef unsigned long long u64;

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} arr SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4096);
    __type(key, u32);
    __type(value, u64);
} hash SEC(".maps");

struct args {
    u32 key;
    u32 op;
};

SEC("syscall")
int count(struct args *a)
{
    u32 zero = 0, k = a->key;
    u64 *v = bpf_map_lookup_elem(&arr, &zero);
    if (v)
        __sync_fetch_and_add(v, 1);
    v = bpf_map_lookup_elem(&hash, &k);
    if (!v) {
        u64 init = 0;
        bpf_map_update_elem(&hash, &k, &init, BPF_NOEXIST);
        v = bpf_map_lookup_elem(&hash, &k);
    }
    if (!v)
        return 1;
    __sync_fetch_and_add(v, 1);
    return 0;
}

SEC("syscall")
int churn(struct args *a)
{
    u32 k = a->key;
    u64 val = k;
    u64 *v;

    switch (a->op) {
    case 0:
        return bpf_map_update_elem(&hash, &k, &val, BPF_NOEXIST);
    case 1:
        return bpf_map_delete_elem(&hash, &k);
    default:
        v = bpf_map_lookup_elem(&hash, &k);
        return v ? (int)*v : -1;
    }
}

char _license[] SEC("license") = "GPL";
