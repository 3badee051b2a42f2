/* readme: the program of README.md's "Embedding in Java" example (ReadmeExampleTest runs it).
 * It adds two numbers with a helper the Java side registers (id 1000), counts its runs per key
 * in a hash map, and prints the sum. Context: struct args. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

typedef unsigned int u32;
typedef unsigned long long u64;

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16);
    __type(key, u32);
    __type(value, u64);
} calls SEC(".maps");

static long (*java_add)(long a, long b) = (void *)1000;

struct args {
    u32 key;
    u32 pad;
    long a;
    long b;
};

SEC("syscall")
int add(struct args *args)
{
    u32 key = args->key;
    u64 one = 1, *n;
    long sum = java_add(args->a, args->b);

    n = bpf_map_lookup_elem(&calls, &key);
    if (n)
        __sync_fetch_and_add(n, 1);
    else
        bpf_map_update_elem(&calls, &key, &one, BPF_NOEXIST);
    bpf_printk("sum=%ld", sum);
    return sum;
}

char _license[] SEC("license") = "GPL";
