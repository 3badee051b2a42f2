// Every instruction kind of the BPF ISA (RFC 9669 and the Linux extensions) in LLVM's syntax.
// Built for both byte orders with -mcpu=v4 by scripts/build-asm-corpus.sh; llvm-objdump-19's
// output for the objects is committed under objdump/asm-corpus/.
// The few encodings LLVM's assembler has no syntax for are written with RAW().

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define REGS(dst, src) (((src) << 4) | (dst))
#else
#define REGS(dst, src) (((dst) << 4) | (src))
#endif
#define RAW(op, dst, src, off, imm) .byte op, REGS(dst, src) ; .short off ; .long imm

	.text
	.globl alu64
	.type alu64,@function
alu64:
	// RFC 9669 §4.1, ALU64, source K then X
	r1 = 0x5
	r1 = -1
	r1 = 2147483647
	r1 = -2147483648
	r1 += 1
	r1 -= 2
	r1 *= 3
	r1 /= 4
	r1 |= 5
	r1 &= 6
	r1 <<= 7
	r1 >>= 8
	r1 %= 9
	r1 ^= 10
	r1 s>>= 11
	r1 s/= 12
	r1 s%= -13
	r1 = -r1
	r1 = r2
	r1 += r2
	r1 -= r3
	r1 *= r4
	r1 /= r5
	r1 |= r6
	r1 &= r7
	r1 <<= r8
	r1 >>= r9
	r1 %= r10
	r1 ^= r0
	r1 s>>= r2
	r1 s/= r3
	r1 s%= r4
	// movsx
	r1 = (s8)r2
	r1 = (s16)r3
	r1 = (s32)r4
	// byte swaps: ALU64 bswap, ALU le (K) and be (X)
	r1 = bswap16 r1
	r1 = bswap32 r1
	r1 = bswap64 r1
	r2 = le16 r2
	r2 = le32 r2
	r2 = le64 r2
	r3 = be16 r3
	r3 = be32 r3
	r3 = be64 r3
	// arena address space cast (kernel BPF_ADDR_SPACE_CAST)
	r1 = addr_space_cast(r2, 0, 1)
	r3 = addr_space_cast(r4, 1, 0)
	exit

	.globl alu32
	.type alu32,@function
alu32:
	w1 = 0x5
	w1 = -1
	w1 += 1
	w1 -= 2
	w1 *= 3
	w1 /= 4
	w1 |= 5
	w1 &= 6
	w1 <<= 7
	w1 >>= 8
	w1 %= 9
	w1 ^= 10
	w1 s>>= 11
	w1 s/= 12
	w1 s%= 13
	w1 = -w1
	w1 = w2
	w1 += w2
	w1 -= w3
	w1 *= w4
	w1 /= w5
	w1 |= w6
	w1 &= w7
	w1 <<= w8
	w1 >>= w9
	w1 %= w10
	w1 ^= w0
	w1 s>>= w2
	w1 s/= w3
	w1 s%= w4
	w1 = (s8)w2
	w1 = (s16)w3
	exit

	.globl memory
	.type memory,@function
memory:
	// RFC 9669 §5.1-§5.2: loads, sign-extending loads, stores of registers and immediates
	r0 = *(u8 *)(r1 + 0)
	r0 = *(u16 *)(r1 + 2)
	r0 = *(u32 *)(r1 + 4)
	r0 = *(u64 *)(r1 + 8)
	w0 = *(u8 *)(r1 - 1)
	w0 = *(u16 *)(r1 - 2)
	w0 = *(u32 *)(r1 + 32767)
	r0 = *(s8 *)(r1 + 1)
	r0 = *(s16 *)(r1 - 32768)
	r0 = *(s32 *)(r1 + 4)
	*(u8 *)(r10 - 1) = r1
	*(u16 *)(r10 - 2) = r1
	*(u32 *)(r10 - 4) = r1
	*(u64 *)(r10 - 8) = r1
	*(u8 *)(r10 - 1) = w1
	*(u16 *)(r10 - 2) = w1
	*(u32 *)(r10 - 4) = w1
	*(u8 *)(r10 - 1) = 1
	*(u16 *)(r10 - 2) = -2
	*(u32 *)(r10 - 4) = 3
	*(u64 *)(r10 - 8) = -4
	// RFC 9669 §5.3: atomics, 64 and 32 bits, with and without fetch, xchg, cmpxchg
	lock *(u64 *)(r1 + 0) += r2
	lock *(u64 *)(r1 + 8) |= r2
	lock *(u64 *)(r1 - 8) &= r2
	lock *(u64 *)(r1 + 0) ^= r2
	r2 = atomic_fetch_add((u64 *)(r1 + 0), r2)
	r2 = atomic_fetch_or((u64 *)(r1 + 0), r2)
	r2 = atomic_fetch_and((u64 *)(r1 + 0), r2)
	r2 = atomic_fetch_xor((u64 *)(r1 + 0), r2)
	r2 = xchg_64(r1 + 16, r2)
	r0 = cmpxchg_64(r1 + 16, r0, r2)
	lock *(u32 *)(r1 + 0) += w2
	lock *(u32 *)(r1 + 4) |= w2
	lock *(u32 *)(r1 + 4) &= w2
	lock *(u32 *)(r1 + 4) ^= w2
	w2 = atomic_fetch_add((u32 *)(r1 + 0), w2)
	w2 = atomic_fetch_or((u32 *)(r1 + 0), w2)
	w2 = atomic_fetch_and((u32 *)(r1 + 0), w2)
	w2 = atomic_fetch_xor((u32 *)(r1 + 0), w2)
	w2 = xchg32_32(r1 + 4, w2)
	w0 = cmpxchg32_32(r1 + 4, w0, w2)
	// RFC 9669 §5.5: legacy packet access
	r0 = *(u8 *)skb[1]
	r0 = *(u16 *)skb[2]
	r0 = *(u32 *)skb[-4]
	r0 = *(u8 *)skb[r1]
	r0 = *(u16 *)skb[r2]
	r0 = *(u32 *)skb[r3]
	exit

	.globl jumps
	.type jumps,@function
jumps:
	// RFC 9669 §4.3: every comparison, JMP and JMP32, K and X
	if r1 == 1 goto .Lj_end
	if r1 > 2 goto .Lj_end
	if r1 >= 3 goto .Lj_end
	if r1 & 4 goto .Lj_end
	if r1 != 5 goto .Lj_end
	if r1 s> -6 goto .Lj_end
	if r1 s>= 7 goto .Lj_end
	if r1 < 8 goto .Lj_end
	if r1 <= 9 goto .Lj_end
	if r1 s< 10 goto .Lj_end
	if r1 s<= -11 goto .Lj_end
	if r1 == r2 goto .Lj_end
	if r1 > r2 goto .Lj_end
	if r1 >= r2 goto .Lj_end
	if r1 & r2 goto .Lj_end
	if r1 != r2 goto .Lj_end
	if r1 s> r2 goto .Lj_end
	if r1 s>= r2 goto .Lj_end
	if r1 < r2 goto .Lj_end
	if r1 <= r2 goto .Lj_end
	if r1 s< r2 goto .Lj_end
	if r1 s<= r2 goto .Lj_end
LBB_mid:
	if w1 == 1 goto LBB_mid
	if w1 > 2 goto LBB_mid
	if w1 >= 3 goto LBB_mid
	if w1 & 4 goto LBB_mid
	if w1 != 5 goto LBB_mid
	if w1 s> -6 goto LBB_mid
	if w1 s>= 7 goto LBB_mid
	if w1 < 8 goto LBB_mid
	if w1 <= 9 goto LBB_mid
	if w1 s< 10 goto LBB_mid
	if w1 s<= 11 goto LBB_mid
	if w1 == w2 goto LBB_mid
	if w1 > w2 goto LBB_mid
	if w1 >= w2 goto LBB_mid
	if w1 & w2 goto LBB_mid
	if w1 != w2 goto LBB_mid
	if w1 s> w2 goto LBB_mid
	if w1 s>= w2 goto LBB_mid
	if w1 < w2 goto LBB_mid
	if w1 <= w2 goto LBB_mid
	if w1 s< w2 goto LBB_mid
	if w1 s<= w2 goto LBB_mid
	goto +0
	goto -1
	gotol +1
	gotol -2
	may_goto +1
	may_goto -1
.Lj_end:
	exit

	.globl calls
	.type calls,@function
calls:
	// helper call, bpf-to-bpf call (src 1), callx, kfunc call (src 2, set by loaders)
	call 1
	call 0x7fffffff
	call jumps
	call ext_func
	callx r2
	RAW(0x85, 0, 2, 0, 100)
	RAW(0x85, 0, 2, 3, 101)
	// ld_imm64: constant, symbol addresses (src 0 with a relocation), and each pseudo source
	r1 = 0x123456789abcdef0 ll
	r1 = -1 ll
	r1 = 0 ll
	r1 = calls ll
	r2 = map_fd ll
	ld_pseudo r1, 1, 3
	ld_pseudo r1, 2, 4
	ld_pseudo r1, 3, 5
	ld_pseudo r1, 4, 6
	ld_pseudo r1, 5, 7
	ld_pseudo r1, 6, 8
	exit

	// a program in its own section, as clang lays out SEC("xdp") functions
	.section xdp,"ax",@progbits
	.globl prog
	.type prog,@function
prog:
	r0 = 0
	r2 = *(u32 *)(r1 + 4)
	r1 = *(u32 *)(r1 + 0)
	r3 = r1
	r3 += 14
	if r3 > r2 goto LBB5_2
	r0 = 2
LBB5_2:
	exit

	.section .data,"aw",@progbits
	.globl map_fd
map_fd:
	.quad 0
