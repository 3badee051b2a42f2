/* arith_signed: 64-bit ALU edge cases, each forced into a real instruction with inline asm on
 * operands hidden from the compiler and the verifier (read from a .data global).
 * Default ISA (-mcpu=v1): BPF_DIV/BPF_MOD are unsigned.
 *   res[0]  7 / 0 (r /= r)                       -> 0     (division by zero gives 0)
 *   res[1]  7 % 0                                 -> 7     (modulo by zero leaves dst)
 *   res[2]  0xffffffffffffffff / 2 (unsigned)     -> 0x7fffffffffffffff
 *   res[3]  -16 s>> 2 (arsh)                      -> -4
 *   res[4]  -16 >> 2 (logical)                    -> 0x3ffffffffffffffc
 *   res[5]  1 << 65 (shift count in a register; masked to 6 bits) -> 2
 *   res[6]  -(INT64_MIN)                          -> INT64_MIN
 *   res[7]  0xffffffffffffffff * 0xffffffffffffffff -> 1
 *   res[8]  -1 s< 1 (jslt reg)                    -> 1
 *   res[9]  0xffffffffffffffff > 1 (jgt, unsigned) -> 1
 *   res[10] INT64_MIN - 1                         -> INT64_MAX
 *   res[11] -5 s< -3 (jslt imm, imm sign-extended) -> 1
 *   res[12] 0xffffffffffffffff % 10               -> 5
 *   res[13] 0x8000000000000000 s>> 63             -> -1
 *   res[14] r = -1 (mov imm, sign-extended to 64 bits) -> -1
 *   res[15] 0x00000000ffffffff + 1 (64-bit add, carries into bit 32) -> 0x100000000
 * retval = number of slots written (16). */
#include "corpus.h"

RESULTS(16)
OPAQUE_ZERO

#define OP(dst, op, src) asm volatile("%0 " op " %1" : "+r"(dst) : "r"(src))

SEC("xdp")
int arith_signed(struct xdp_md *ctx)
{
    u64 a, b;
    a = opaque(7); b = opaque(0); OP(a, "/=", b); put(0, a);
    a = opaque(7); b = opaque(0); OP(a, "%%=", b); put(1, a);
    a = opaque(~0ULL); b = opaque(2); OP(a, "/=", b); put(2, a);
    a = opaque(-16LL); b = opaque(2); OP(a, "s>>=", b); put(3, a);
    a = opaque(-16LL); b = opaque(2); OP(a, ">>=", b); put(4, a);
    a = opaque(1); b = opaque(65); OP(a, "<<=", b); put(5, a);
    a = opaque(0x8000000000000000ULL); asm volatile("%0 = -%0" : "+r"(a)); put(6, a);
    a = opaque(~0ULL); b = opaque(~0ULL); OP(a, "*=", b); put(7, a);
    a = opaque(-1LL); b = opaque(1);
    put(8, (s64)a < (s64)b);
    put(9, a > b);
    a = opaque(0x8000000000000000ULL); b = opaque(1); OP(a, "-=", b); put(10, a);
    a = opaque(-5LL);
    put(11, (s64)a < -3);
    a = opaque(~0ULL); b = opaque(10); OP(a, "%%=", b); put(12, a);
    a = opaque(0x8000000000000000ULL); b = opaque(63); OP(a, "s>>=", b); put(13, a);
    asm volatile("%0 = -1" : "=r"(a)); put(14, a);
    a = opaque(0xffffffffULL); b = opaque(1); OP(a, "+=", b); put(15, a);
    return 16;
}
