/* arith_v4: instructions added in ISA v4 (Linux >= 6.6): signed division and modulo (sdiv,
 * smod, 64- and 32-bit), sign-extending moves (movsx 8/16/32), sign-extending loads (ldsx)
 * and unconditional byte swaps (bswap16/32/64), next to the classic be16/le16 conversions.
 * cflags: -mcpu=v4
 * Operands come from a .data global (hidden from compiler and verifier).
 *   res[0]  -7 s/ 2            -> -3 (truncates toward zero)
 *   res[1]  -7 s% 2            -> -1 (sign of the dividend)
 *   res[2]  INT64_MIN s/ -1    -> INT64_MIN (no trap)
 *   res[3]  INT64_MIN s% -1    -> 0
 *   res[4]  -7 s/ 0            -> 0
 *   res[5]  -7 s% 0            -> -7
 *   res[6]  w: INT32_MIN s/ -1 -> 0x80000000 (zero-extended)
 *   res[7]  w: -7 s% 0         -> 0xfffffff9 (dst kept, zero-extended)
 *   res[8]  r = (s8)0x1280     -> -128
 *   res[9]  r = (s16)0x18000   -> -32768
 *   res[10] r = (s32)0x80000000 -> -2147483648
 *   res[11] *(s8 *)(packet + 48) (0xff in tcp64.bin's TCP window) -> -1
 *   res[12] bswap16 0x123456789abcdef0 -> 0xf0de (upper bits cleared)
 *   res[13] bswap32 0x12345678         -> 0x78563412
 *   res[14] bswap64 0x0102030405060708 -> 0x0807060504030201
 *   res[15] be16 of 0x11223344 (htons on a little-endian target) -> 0x4433
 *   res[16] w = (s8)w from 0xff        -> 0xffffffff (32-bit movsx zero-extends)
 *   res[17] *(s16 *)(packet + 48)       -> -1;  res[18] *(s32 *)(stack, 0x80000000) -> INT32_MIN
 * retval XDP_PASS; XDP_DROP (1) for packets shorter than 52 bytes. */
#include "corpus.h"

RESULTS(20)
OPAQUE_ZERO

#define OP(dst, op, src) asm volatile("%0 " op " %1" : "+r"(dst) : "r"(src))
#define OP32(dst, op, src) asm volatile("%0 " op " %1" : "+w"(dst) : "w"(src))

SEC("xdp")
int arith_v4(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    s64 a, b;
    u32 x, y;
    a = opaque(-7); b = opaque(2); OP(a, "s/=", b); put(0, a);
    a = opaque(-7); b = opaque(2); OP(a, "s%%=", b); put(1, a);
    a = opaque(0x8000000000000000ULL); b = opaque(-1); OP(a, "s/=", b); put(2, a);
    a = opaque(0x8000000000000000ULL); b = opaque(-1); OP(a, "s%%=", b); put(3, a);
    a = opaque(-7); b = opaque(0); OP(a, "s/=", b); put(4, a);
    a = opaque(-7); b = opaque(0); OP(a, "s%%=", b); put(5, a);
    x = opaque(0x80000000u); y = opaque(-1); OP32(x, "s/=", y); put(6, x);
    x = opaque(-7); y = opaque(0); OP32(x, "s%%=", y); put(7, x);
    a = opaque(0x1280); asm volatile("%0 = (s8)%0" : "+r"(a)); put(8, a);
    a = opaque(0x18000); asm volatile("%0 = (s16)%0" : "+r"(a)); put(9, a);
    a = opaque(0x80000000ULL); asm volatile("%0 = (s32)%0" : "+r"(a)); put(10, a);
    a = opaque(0x123456789abcdef0ULL); asm volatile("%0 = bswap16 %0" : "+r"(a)); put(12, a);
    a = opaque(0x12345678); asm volatile("%0 = bswap32 %0" : "+r"(a)); put(13, a);
    a = opaque(0x0102030405060708ULL); asm volatile("%0 = bswap64 %0" : "+r"(a)); put(14, a);
    a = opaque(0x11223344); asm volatile("%0 = be16 %0" : "+r"(a)); put(15, a);
    x = opaque(0xff); asm volatile("%0 = (s8)%0" : "+w"(x)); put(16, x);
    volatile s32 st = opaque(0x80000000u);
    put(18, *(volatile s32 *)&st);
    if (data + 52 > end)
        return XDP_DROP;
    put(11, *(s8 *)(data + 48));
    put(17, *(s16 *)(data + 48));
    return XDP_PASS;
}
