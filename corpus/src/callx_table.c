/* callx_table: indirect calls (callx) through a function table in .rodata. clang-19 writes each
 * entry as an R_BPF_64_ABS64 relocation of .rodata against .text (the function's byte offset);
 * ebpf4j's linker writes the function pointer the program's ld_imm64 src=BPF_PSEUDO_FUNC would give
 * (issue #6). Linux 6.18 runs none of these (its verifier refuses opcode 0x8d, "unknown opcode 8d")
 * and libbpf does not relocate function addresses in data, so there is no kernel result: the
 * expected values below are what the C means, checked by CallxTest in both engines.
 * Input: an XDP packet of at least 2 bytes; i = data[0] & 3, j = data[1] % 3.
 *   res[0] ops[i](7), ops = {add1, dbl, neg, sq}          -> 8 / 14 / -7 / 49
 *   res[1] ops[2](5), a load at a constant offset (volatile, so clang keeps the load) -> -5
 *   res[2] pair[j](10, 3), pair = {sub, mul, max2}         -> 7 / 30 / 10
 * retval: XDP_PASS (2); XDP_ABORTED (0) for a packet shorter than 2 bytes.
 * cflags: -mcpu=v3
 */
#include "corpus.h"

RESULTS(3)

typedef s64 (*unary_t)(s64);
typedef s64 (*binary_t)(s64, s64);

static __noinline s64 add1(s64 x) { return x + 1; }
static __noinline s64 dbl(s64 x) { return x * 2; }
static __noinline s64 neg(s64 x) { return -x; }
static __noinline s64 sq(s64 x) { return x * x; }

static __noinline s64 sub(s64 a, s64 b) { return a - b; }
static __noinline s64 mul(s64 a, s64 b) { return a * b; }
static __noinline s64 max2(s64 a, s64 b) { return a > b ? a : b; }

static const unary_t ops[4] = {add1, dbl, neg, sq};
static const binary_t pair[3] = {sub, mul, max2};

SEC("xdp")
int callx_table(struct xdp_md *ctx)
{
    u8 *data = (u8 *)(long)ctx->data;
    u8 *end = (u8 *)(long)ctx->data_end;
    if (data + 2 > end)
        return XDP_ABORTED;
    u32 i = data[0] & 3;
    u32 j = data[1] % 3;

    put(0, ops[i](7));
    put(1, (*(volatile unary_t *)&ops[2])(5));
    put(2, pair[j](10, 3));
    return XDP_PASS;
}
