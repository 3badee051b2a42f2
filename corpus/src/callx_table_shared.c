/* callx_table_shared: one .rodata function table used by two programs. The linker writes into
 * the table the function pointers of the program it links, and one .rodata map serves every
 * program of a runtime, so two programs can share the table only if the table's functions sit
 * at the same slots in both: same_a and same_b have the same code before the table functions
 * and share it; other_c is longer, so its functions land elsewhere, and ebpf4j refuses to load
 * it in the same runtime as same_a (a clear error rather than a call of the wrong function).
 * Not in corpus.json: Linux runs no callx ("unknown opcode 8d"). CallxTableTest checks it.
 * Input: an XDP packet of at least 1 byte; i = data[0] & 1.
 *   same_a, same_b: retval ops[i](7) = 8 / 14;  other_c: retval ops[i](7) + 100 = 108 / 114
 * cflags: -mcpu=v3
 */
#include "corpus.h"

typedef s64 (*unary_t)(s64);

static __noinline s64 add1(s64 x) { return x + 1; }
static __noinline s64 dbl(s64 x) { return x * 2; }

static const unary_t ops[2] = {add1, dbl};

SEC("xdp")
int same_a(struct xdp_md *ctx)
{
    u8 *data = (u8 *)(long)ctx->data;
    if (data + 1 > (u8 *)(long)ctx->data_end)
        return XDP_ABORTED;
    return ops[data[0] & 1](7);
}

SEC("xdp")
int same_b(struct xdp_md *ctx)
{
    u8 *data = (u8 *)(long)ctx->data;
    if (data + 1 > (u8 *)(long)ctx->data_end)
        return XDP_ABORTED;
    return ops[data[0] & 1](7);
}

SEC("xdp")
int other_c(struct xdp_md *ctx)
{
    u8 *data = (u8 *)(long)ctx->data;
    if (data + 1 > (u8 *)(long)ctx->data_end)
        return XDP_ABORTED;
    return ops[data[0] & 1](7) + 100;
}
