/* callx_table_data_bad: the same function table
 * as callx_table_ok, indexed by data[0] & 3, but in .data (not const): user space can rewrite
 * it (the map is writable and not frozen), and so could the program, so the loaded value is a number.
 * ebpf4j must reject it. Linux rejects every callx.
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

struct {
    unary_t f[4];
    s64 salt[4];
} t = {{add1, dbl, neg, sq}, {1, 2, 3, 4}};

SEC("xdp")
int callx_table_data_bad(struct xdp_md *ctx)
{
    u8 *data = (u8 *)(long)ctx->data;
    u8 *end = (u8 *)(long)ctx->data_end;
    if (data + 1 > end)
        return XDP_ABORTED;
    u32 i = data[0] & 3;
    return t.f[i](7) + t.salt[i & 3] > 0 ? XDP_PASS : XDP_DROP;
}
