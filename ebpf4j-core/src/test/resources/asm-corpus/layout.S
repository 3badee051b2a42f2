// Object layouts that exercise how llvm-objdump-19 chooses labels, elides zero bytes and handles
// sections whose contents are not a clean sequence of instructions. Built by
// scripts/build-asm-corpus.sh; the expected listings are under objdump/asm-corpus/.

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define REGS(dst, src) (((src) << 4) | (dst))
#else
#define REGS(dst, src) (((dst) << 4) | (src))
#endif
#define RAW(op, dst, src, off, imm) .byte op, REGS(dst, src) ; .short off ; .long imm

	.file "layout.c"

	.text
	// several symbols at one address: only the last by (name, type) is printed
	.globl Zfunc
	.type Zfunc,@function
	.weak weak_func
	.type weak_func,@function
Zfunc:
weak_func:
	.type obj_at_start,@object
obj_at_start:
aaa_local:
	r0 = 0
	if r0 > 1 goto +1
	goto -3                 // target before the section start: the address wraps
	exit
	.globl UPPER
	.hidden UPPER
UPPER:
lower:
	r1 = 1
	// 8 zero bytes between instructions
	.byte 0,0,0,0,0,0,0,0
	r1 = 2
	// 12 zero bytes: the next instruction is decoded 4 bytes off the slot grid
	.byte 0,0,0,0,0,0,0,0,0,0,0,0
	r1 = 3
	// 10 zero bytes: 8 are elided, decoding resumes inside the run
	.byte 0,0,0,0,0,0,0,0,0,0
	r1 = 4
	exit
	// zeros up to the next symbol: the run stops at the block's end
	.byte 0,0,0,0,0,0,0,0,0,0,0,0
zeros_block:
	.byte 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0
	// a ld_imm64 whose second slot lies in the next block: decoded across the boundary
	r2 = 0x1122334455667788 ll
	r3 = 0x99 ll
	.set inside_ldimm, . - 8
	exit
	// branches past the section's end
	goto +100
	RAW(0x06, 0, 0, 0, 100000)   // gotol: llvm-mc takes 16-bit offsets only
	if r1 == r2 goto +32767
	if w1 != w2 goto -32768
	may_goto +0
	// label at the very end: a branch target, never a block
	.type end_label,@function
end_label:

	// a text section with no symbol at its start: llvm-objdump uses the section name
	.section .text.nosym,"ax",@progbits
	r0 = 1
	goto late_label
	r0 = 2
late_label:
	exit

	// an empty text section prints nothing
	.section .text.empty,"ax",@progbits

	// a size that is not a multiple of 8: one <unknown> per byte left
	.section .text.ragged,"ax",@progbits
ragged:
	r0 = 1
	exit
	.byte 0x95, 0, 0

	// a ld_imm64 cut off by the end of the section
	.section .text.cut,"ax",@progbits
cut:
	r0 = 1
	RAW(0x18, 1, 0, 0, 7)

	// undecodable words, and opcodes with reserved fields set that LLVM still decodes
	.section .text.odd,"ax",@progbits
odd:
	RAW(0x00, 0, 0, 0, 1)
	RAW(0xff, 1, 2, 3, 4)
	RAW(0x95, 3, 4, 5, 0)
	RAW(0x95, 0, 0, 0, 1)
	RAW(0x07, 1, 9, 0, 5)
	RAW(0x0f, 1, 2, 0, 5)
	RAW(0x0f, 12, 2, 0, 0)
	RAW(0xb7, 11, 0, 0, 1)
	RAW(0xbf, 1, 11, 0, 0)
	RAW(0x85, 5, 6, 7, 8)
	RAW(0x8d, 3, 0, 0, 0)
	RAW(0x8d, 0, 3, 0, 0)
	RAW(0xdb, 1, 2, 0, 0x1234500)
	RAW(0xdb, 1, 2, 0, 0x02)
	RAW(0xdb, 1, 2, 0, 0xe0)
	RAW(0xc3, 1, 2, 0, 0x01)
	RAW(0xc3, 1, 2, 0, 0x0e)
	RAW(0xc3, 1, 2, 0, 0xa1)
	RAW(0xd4, 1, 0, 0, 8)
	RAW(0xdf, 1, 0, 0, 16)
	RAW(0xbc, 1, 2, 32, 0)
	RAW(0xbc, 1, 2, 1, 0)
	RAW(0xbf, 1, 2, 1, 0x12345678)
	RAW(0x18, 1, 0, 1, 0)
	.long 0, 0
	RAW(0x18, 1, 7, 0, -1)
	RAW(0x00, 5, 3, 2, 9)
	RAW(0x38, 0, 0, 0, 0)
	RAW(0x99, 0, 1, 0, 0)
	RAW(0x86, 0, 0, 0, 0)
	RAW(0x0d, 0, 0, 1, 0)
	RAW(0xe6, 0, 0, 1, 0)
	RAW(0xf5, 0, 0, 1, 0)
	exit

	// data sections, even with code in them, are not disassembled
	.section .rodata,"a",@progbits
	r0 = 0
	exit
	.section .bss.exec,"awx",@nobits
	.zero 16
	.set abs_sym, 0x10
	.comm common_sym, 8, 8
