/* arith_alu32: 32-bit ALU (BPF_ALU class, "w" registers) and JMP32 edge cases. Every 32-bit
 * ALU result is zero-extended into the 64-bit register. Operands come from a .data global so
 * neither the compiler nor the verifier can fold them.
 * cflags: -mcpu=v3
 *   res[0]  w: 0xffffffff + 1                     -> 0
 *   res[1]  r = 0xdeadbeef00000005; w *= 3        -> 15 (upper half cleared)
 *   res[2]  w: 5 / 0                              -> 0
 *   res[3]  r = 0x100000007; w %= 0               -> 7 (dst kept, but zero-extended)
 *   res[4]  w: 0x80000000 s>>= 4                  -> 0xf8000000 (no sign into bit 32+)
 *   res[5]  w: 1 <<= 33 (count masked to 5 bits)  -> 2
 *   res[6]  w = -w for 5                          -> 0xfffffffb
 *   res[7]  jmp32: r = 0x100000000, (w == 0)      -> 1 (upper half ignored)
 *   res[8]  jmp32 signed: w = 0xffffffff, (w s< 0) -> 1
 *   res[9]  w = -1 (mov32 imm)                     -> 0xffffffff (zero-extended)
 *   res[10] w: 0xffffffff / 2                      -> 0x7fffffff
 *   res[11] w: 0 - 1                               -> 0xffffffff
 *   res[12] w: 0x80000000 >> 31                    -> 1
 *   res[13] w = w (mov32 reg) from 0x123456789     -> 0x23456789
 *   res[14] w ^= 0xffffffff on 0x0f0f0f0f (xor32 imm -1) -> 0xf0f0f0f0
 *   res[15] w: 7 % 3                              -> 1
 * retval = 16. */
#include "corpus.h"

RESULTS(16)
OPAQUE_ZERO

#define OP32(dst, op, src) asm volatile("%0 " op " %1" : "+w"(dst) : "w"(src))

SEC("xdp")
int arith_alu32(struct xdp_md *ctx)
{
    u32 a, b;
    u64 r, out;
    a = opaque(0xffffffffu); b = opaque(1); OP32(a, "+=", b); put(0, a);
    r = opaque(0xdeadbeef00000005ULL);
    asm volatile("r1 = %[r]; w1 *= 3; %[r] = r1" : [r] "+r"(r) :: "r1"); /* low half of a 64-bit reg */
    put(1, r);
    a = opaque(5); b = opaque(0); OP32(a, "/=", b); put(2, a);
    r = opaque(0x100000007ULL); b = opaque(0);
    asm volatile("r1 = %[r]; w1 %%= %[b]; %[r] = r1" : [r] "+r"(r) : [b] "w"(b) : "r1");
    put(3, r);
    a = opaque(0x80000000u); b = opaque(4); OP32(a, "s>>=", b); put(4, a);
    a = opaque(1); b = opaque(33); OP32(a, "<<=", b); put(5, a);
    a = opaque(5); asm volatile("%0 = -%0" : "+w"(a)); put(6, a);
    r = opaque(0x100000000ULL);
    out = 0;
    asm volatile("r1 = %[r]; if w1 != 0 goto +1; %[o] = 1" : [o] "+r"(out) : [r] "r"(r) : "r1");
    put(7, out);
    a = opaque(0xffffffffu);
    out = 0;
    asm volatile("if %[a] s>= 0 goto +1; %[o] = 1" : [o] "+r"(out) : [a] "w"(a));
    put(8, out);
    asm volatile("w1 = -1; %[r] = r1" : [r] "=r"(r) :: "r1"); put(9, r);
    a = opaque(0xffffffffu); b = opaque(2); OP32(a, "/=", b); put(10, a);
    a = opaque(0); b = opaque(1); OP32(a, "-=", b); put(11, a);
    a = opaque(0x80000000u); b = opaque(31); OP32(a, ">>=", b); put(12, a);
    r = opaque(0x123456789ULL);
    asm volatile("r1 = %[r]; w1 = w1; %[r] = r1" : [r] "+r"(r) :: "r1"); put(13, r);
    a = opaque(0x0f0f0f0fu); asm volatile("%0 ^= -1" : "+w"(a)); put(14, a);
    a = opaque(7); b = opaque(3); OP32(a, "%%=", b); put(15, a);
    return 16;
}
