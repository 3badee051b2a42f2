/* atomics_map: __sync_fetch_and_add with the result unused (BPF_ATOMIC BPF_ADD, the classic
 * "xadd", available in every ISA version) on map values: an ARRAY element, a HASH element and
 * a PERCPU_ARRAY element, 32- and 64-bit. This is the program shape of the concurrency
 * test (many threads adding into the same values).
 * Per run: arr[0] += 1, arr[1] += packet length, arr[2] (u32 view of the low half) += 3,
 * hash{key = 0xabc} += 5 (created with BPF_NOEXIST on the first run), pc[0] += 1.
 * After --repeat N: arr[0] = N, arr[1] = N * len, arr[2] low 32 bits = 3N,
 * hash{0xabc} = 5N, pc[0] (this CPU) = N.
 * res[0] = 1 if every lookup succeeded. retval XDP_PASS. */
#include "corpus.h"

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} arr SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} hash SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, u32);
    __type(value, u64);
} pc SEC(".maps");

RESULTS(2)

SEC("xdp")
int atomics_map(struct xdp_md *ctx)
{
    u32 k0 = 0, k1 = 1, k2 = 2, hk = 0xabc;
    u64 zero = 0, len = ctx->data_end - ctx->data;
    int ok = 1;
    u64 *p = bpf_map_lookup_elem(&arr, &k0);
    if (p) __sync_fetch_and_add(p, 1); else ok = 0;
    p = bpf_map_lookup_elem(&arr, &k1);
    if (p) __sync_fetch_and_add(p, len); else ok = 0;
    u32 *p32 = bpf_map_lookup_elem(&arr, &k2);
    if (p32) __sync_fetch_and_add(p32, 3); else ok = 0;
    bpf_map_update_elem(&hash, &hk, &zero, BPF_NOEXIST);
    p = bpf_map_lookup_elem(&hash, &hk);
    if (p) __sync_fetch_and_add(p, 5); else ok = 0;
    p = bpf_map_lookup_elem(&pc, &k0);
    if (p) __sync_fetch_and_add(p, 1); else ok = 0;
    put(0, ok);
    return XDP_PASS;
}
