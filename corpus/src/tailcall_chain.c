/* tailcall_chain: BPF_MAP_TYPE_PROG_ARRAY and bpf_tail_call, a chain of four XDP programs.
 * The prog array "jmp" (max 8) is filled by libbpf from the static initialiser:
 * [1] = stage1, [2] = stage2, [3] = stage3; slots 0 and 4..7 stay empty.
 * tail_entry: appends 'E' to the trail, tail-calls an empty slot (5: no effect, execution
 * continues), an out-of-range index (100: no effect), then slot 1.
 * stage1 appends '1' and tail-calls slot 2; stage2 appends '2', writes "TAIL" over the first 4
 * bytes of the packet and tail-calls slot 3; stage3 appends '3' and returns XDP_TX (3) with
 * the trail length in the upper bits: retval = 3 | (4 << 8) = 1027.
 * .bss after one run: trail = "E123", len = 4, fellthrough = 2 (the two failed tail calls).
 * Needs all programs of the object loaded: recorded with the oracle's bpftool backend
 * (bpftool prog loadall), entry program tail_entry. The prog array's values (program ids)
 * differ per load and are not compared. */
#include "corpus.h"

char trail[8];
u32 len, fellthrough;

static __always_inline void mark(char c)
{
    u32 i = len;
    if (i < sizeof(trail))
        trail[i] = c;
    len = i + 1;
}

int stage1(struct xdp_md *ctx);
int stage2(struct xdp_md *ctx);
int stage3(struct xdp_md *ctx);

struct {
    __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
    __uint(max_entries, 8);
    __uint(key_size, sizeof(u32));
    __array(values, int (struct xdp_md *));
} jmp SEC(".maps") = {
    .values = {
        [1] = (void *)&stage1,
        [2] = (void *)&stage2,
        [3] = (void *)&stage3,
    },
};

SEC("xdp")
int tail_entry(struct xdp_md *ctx)
{
    len = 0;
    mark('E');
    bpf_tail_call(ctx, &jmp, 5);
    fellthrough++;
    bpf_tail_call(ctx, &jmp, 100);
    fellthrough++;
    bpf_tail_call(ctx, &jmp, 1);
    return XDP_ABORTED; /* not reached */
}

SEC("xdp")
int stage1(struct xdp_md *ctx)
{
    mark('1');
    bpf_tail_call(ctx, &jmp, 2);
    return XDP_ABORTED;
}

SEC("xdp")
int stage2(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    mark('2');
    if (data + 4 <= end)
        __builtin_memcpy(data, "TAIL", 4);
    bpf_tail_call(ctx, &jmp, 3);
    return XDP_ABORTED;
}

SEC("xdp")
int stage3(struct xdp_md *ctx)
{
    mark('3');
    return XDP_TX | (len << 8);
}
