/* map_rdonly_prog_bad: an ARRAY map created with BPF_F_RDONLY_PROG (read-only for programs)
 * is written through a looked-up value pointer.
 * issue: 5
 * category: rodata
 * expect: reject
 * kernel: write into map forbidden */
#include "unsafe.h"

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __uint(map_flags, BPF_F_RDONLY_PROG);
    __type(key, u32);
    __type(value, u64);
} ro SEC(".maps");

SEC("xdp")
int map_rdonly_prog_bad(struct xdp_md *ctx)
{
    u32 k = 0;
    u64 *v = bpf_map_lookup_elem(&ro, &k);
    if (!v)
        return XDP_PASS;
    *(volatile u64 *)v = 1;
    return XDP_PASS;
}
