/* ringbuf_output: BPF_MAP_TYPE_RINGBUF (4096 bytes) with bpf_ringbuf_output and
 * bpf_ringbuf_query; nobody consumes, so the ring fills up across runs.
 * Each run outputs one 100-byte record (8-byte header + 100 rounded up to 8 = 112 bytes of
 * ring) and one 0-byte record (header only, 8 bytes), so 120 bytes per run. A record fits
 * while new_producer_pos - consumer_pos <= 4095. With --repeat 40: runs 1..34 store both
 * (34 * 120 = 4080); in run 35 the 100-byte record fails with -EAGAIN (-11) but the 0-byte
 * one still fits (4088); runs 36..40 fail both.
 *   .bss counters: runs = 40, ok = 34 (successful 100-byte outputs), fail = 6
 *   res[0] return of this run's 100-byte output  -> -11 on the last of 40 runs
 *   res[1] output with flags 4 (unknown)        -> -EINVAL (-22)
 *   res[2] query(BPF_RB_AVAIL_DATA)              -> 4088 (producer - consumer position)
 *   res[3] query(BPF_RB_RING_SIZE)               -> 4096
 *   res[4] query(BPF_RB_CONS_POS)                -> 0
 *   res[5] query(BPF_RB_PROD_POS)                -> 4088
 *   res[6] query(flags 99, unknown)              -> 0
 *   res[7] 0-byte output, BPF_RB_NO_WAKEUP       -> -11 on the last run (0 while it fits)
 * The record bytes themselves cannot be read back through the kernel oracle (a ring buffer map
 * has no lookup/dump); record i starts with the u32 run number i (1-based) then bytes 0..95.
 * retval XDP_PASS. */
#include "corpus.h"

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 4096);
} rb SEC(".maps");

RESULTS(8)

u32 runs, ok, fail;

SEC("xdp")
int ringbuf_output(struct xdp_md *ctx)
{
    u8 rec[100];
    runs++;
    *(u32 *)rec = runs;
#pragma clang loop unroll(full)
    for (int i = 4; i < 100; i++)
        rec[i] = i - 4;
    long r = bpf_ringbuf_output(&rb, rec, sizeof(rec), 0);
    if (r == 0)
        ok++;
    else
        fail++;
    put(0, r);
    put(1, bpf_ringbuf_output(&rb, rec, 8, 4));
    put(7, bpf_ringbuf_output(&rb, rec, 0, BPF_RB_NO_WAKEUP));
    put(2, bpf_ringbuf_query(&rb, BPF_RB_AVAIL_DATA));
    put(3, bpf_ringbuf_query(&rb, BPF_RB_RING_SIZE));
    put(4, bpf_ringbuf_query(&rb, BPF_RB_CONS_POS));
    put(5, bpf_ringbuf_query(&rb, BPF_RB_PROD_POS));
    put(6, bpf_ringbuf_query(&rb, 99));
    return XDP_PASS;
}
