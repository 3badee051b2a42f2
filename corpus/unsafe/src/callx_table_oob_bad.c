/* callx_table_oob_bad: a function table
 * of 4 entries in .rodata indexed by data[0] & 7: offsets 32..56 of .rodata hold the numbers t.salt,
 * not functions, so the loaded value may be any number (the runtime would call it as a helper id).
 * ebpf4j must reject it, naming the offsets the index may reach. Linux rejects every callx.
 * (its ebpf4j-accepted twin is callx_table_ok; both are kernel-rejected, so no twin: line)
 * issue: 6
 * category: callx
 * expect: reject
 * kernel: unknown opcode 8d
 * cflags: -mcpu=v3 */
#include "unsafe.h"

typedef s64 (*unary_t)(s64);

static __noinline s64 add1(s64 x) { return x + 1; }
static __noinline s64 dbl(s64 x) { return x * 2; }
static __noinline s64 neg(s64 x) { return -x; }
static __noinline s64 sq(s64 x) { return x * x; }

static const struct {
    unary_t f[4];
    s64 salt[4];
} t = {{add1, dbl, neg, sq}, {1, 2, 3, 4}};

SEC("xdp")
int callx_table_oob_bad(struct xdp_md *ctx)
{
    u8 *data = (u8 *)(long)ctx->data;
    u8 *end = (u8 *)(long)ctx->data_end;
    if (data + 1 > end)
        return XDP_ABORTED;
    u32 i = data[0] & 7;
    return t.f[i](7) + t.salt[i & 3] > 0 ? XDP_PASS : XDP_DROP;
}
