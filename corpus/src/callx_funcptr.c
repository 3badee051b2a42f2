/* callx_funcptr: indirect calls (callx, BPF_JMP|BPF_CALL|BPF_X) through function pointers made by
 * ld_imm64 src=BPF_PSEUDO_FUNC: chosen at a branch (a set of possible targets), kept in a stack
 * slot, and called with a pointer into the caller's stack. Linux 6.18 runs none of these (its
 * verifier refuses opcode 0x8d, "unknown opcode 8d"), so there is no kernel result: the expected
 * values below are what the C means, checked by CallxCorpusTest in both engines.
 * Input: an XDP packet of at least 2 bytes; s = data[0] % 3, t = data[1] & 1.
 *   res[0] (s == 0 ? add1 : s == 1 ? dbl : neg)(7)   -> 8 / 14 / -7
 *   res[1] volatile stack slot f = t ? add1 : dbl; f(20) -> 21 / 40
 *   res[2] op = t ? sum4 : max4; op(buf) on the caller's stack buf {3, 9, 4, 1} -> 17 / 9
 *   res[3] the same function pointer called from two sites: f(1) + f(2) with f = t ? add1 : dbl
 *          -> (2 + 3) = 5 / (2 + 4) = 6
 * retval: XDP_PASS (2); XDP_ABORTED (0) for a packet shorter than 2 bytes.
 * cflags: -mcpu=v3
 */
#include "corpus.h"

RESULTS(4)

typedef s64 (*unary_t)(s64);
typedef s64 (*reduce_t)(s64 *);

static __noinline s64 add1(s64 x) { return x + 1; }
static __noinline s64 dbl(s64 x) { return x * 2; }
static __noinline s64 neg(s64 x) { return -x; }

static __noinline s64 sum4(s64 *b) { return b[0] + b[1] + b[2] + b[3]; }

static __noinline s64 max4(s64 *b)
{
    s64 m = b[0];
    if (b[1] > m) m = b[1];
    if (b[2] > m) m = b[2];
    if (b[3] > m) m = b[3];
    return m;
}

SEC("xdp")
int callx_funcptr(struct xdp_md *ctx)
{
    u8 *data = (u8 *)(long)ctx->data;
    u8 *end = (u8 *)(long)ctx->data_end;
    if (data + 2 > end)
        return XDP_ABORTED;
    u32 s = data[0] % 3;
    u32 t = data[1] & 1;

    unary_t pick = s == 0 ? add1 : s == 1 ? dbl : neg;
    put(0, pick(7));

    volatile unary_t slot = t ? add1 : dbl;
    put(1, slot(20));

    s64 buf[4] = {3, 9, 4, 1};
    reduce_t op = t ? sum4 : max4;
    put(2, op(buf));

    unary_t f = t ? add1 : dbl;
    put(3, f(1) + f(2));
    return XDP_PASS;
}
