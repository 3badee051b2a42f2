/* syscall_ctx: a BPF_PROG_TYPE_SYSCALL program (SEC("syscall"), sleepable). Its context is
 * plain bytes given with ctx_in (corpus/inputs/syscall_args.bin, 24 bytes:
 * struct { s32 a; s32 b; u64 c; char s[8]; } = { 1000, -7, 0x0123456789abcdef, "ebpf4j" }).
 * The program may write the context; the kernel copies it back into the caller's ctx_in
 * buffer (recorded by the oracle as run.ctx_in_after). No data_in, no repeat (must be 0).
 *   writes a = a >> 3 (125), b = b * b (49), c = bswap64(c) (0xefcdab8967452301),
 *   s = s uppercased ("EBPF4J").
 *   res[0] a + b (signed) -> 993;  res[1] c >> 60 -> 0;  res[2] strlen(s) -> 6
 * retval = (u32)(a * b) = (u32)-7000 = 4294960296. */
#include "corpus.h"

struct args { s32 a; s32 b; u64 c; char s[8]; };

RESULTS(4)

SEC("syscall")
int syscall_ctx(struct args *ctx)
{
    s32 a = ctx->a, b = ctx->b;
    u64 c = ctx->c;
    int n = 0;
    put(0, a + b);
    put(1, c >> 60);
    for (int i = 0; i < 8; i++) {
        char ch = ctx->s[i];
        if (!ch)
            break;
        n++;
        if (ch >= 'a' && ch <= 'z')
            ctx->s[i] = ch - 32;
    }
    put(2, n);
    ctx->a = a >> 3; /* arithmetic shift: signed division needs -mcpu=v4 */
    ctx->b = b * b;
    ctx->c = __builtin_bswap64(c);
    return a * b;
}
