/* callx_table_ok: safe twin of callx_table_oob_bad and callx_table_data_bad: a function table
 * of 4 entries in .rodata (read-only and frozen), indexed by data[0] & 3, so every entry the
 * index may hit holds a function; each returns a number. Linux 6.18 rejects it only because it
 * rejects every callx (opcode 0x8d is unknown to it); ebpf4j accepts it.
 * issue: 6
 * category: callx
 * expect: reject
 * kernel: unknown opcode 8d
 * ebpf4j: accept
 * ebpf4j_reason: issue #6 asks for callx through a function pointer, also one loaded from a global:
 * a load from a frozen .rodata function table at offsets that all hold a function is that set of functions
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
int callx_table_ok(struct xdp_md *ctx)
{
    u8 *data = (u8 *)(long)ctx->data;
    u8 *end = (u8 *)(long)ctx->data_end;
    if (data + 1 > end)
        return XDP_ABORTED;
    u32 i = data[0] & 3;
    return t.f[i](7) + t.salt[i & 3] > 0 ? XDP_PASS : XDP_DROP;
}
