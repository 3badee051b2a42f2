package io.ebpf4j.asm;

import static io.ebpf4j.asm.LlvmDisassembler.OBJDUMP;
import static io.ebpf4j.asm.LlvmDisassembler.OBJDUMP_ALU32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One instruction at a time, against text llvm-objdump-19 printed for the same encoding (the
 * encodings are little-endian bytes as {@code llvm-objdump -d} shows them). The whole-object
 * comparisons are in {@link ObjectDisassemblerFixtureTest}.
 */
class LlvmDisassemblerTest {

    /** An instruction from its 8 little-endian bytes, hex, as llvm-objdump's raw column shows them. */
    static Insn insn(String bytes) {
        String[] b = bytes.trim().split("\\s+");
        int opcode = Integer.parseInt(b[0], 16);
        int regs = Integer.parseInt(b[1], 16);
        int off = Integer.parseInt(b[3] + b[2], 16);
        long imm = Long.parseLong(b[7] + b[6] + b[5] + b[4], 16);
        int imm2 = b.length > 8 ? (int) Long.parseLong(b[15] + b[14] + b[13] + b[12], 16) : 0;
        return new Insn(opcode, regs & 0xf, regs >>> 4, (short) off, (int) imm, imm2);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            b7 01 00 00 05 00 00 00 | r1 = 0x5
            b4 01 00 00 ff ff ff ff | w1 = -0x1
            0f 21 00 00 00 00 00 00 | r1 += r2
            0c 21 00 00 00 00 00 00 | w1 += w2
            87 01 00 00 00 00 00 00 | r1 = -r1
            84 01 00 00 00 00 00 00 | w1 = -w1
            dc 01 00 00 10 00 00 00 | r1 = be16 r1
            d4 01 00 00 20 00 00 00 | r1 = le32 r1
            d7 01 00 00 40 00 00 00 | r1 = bswap64 r1
            bf 21 08 00 00 00 00 00 | r1 = (s8)r2
            bc 21 10 00 00 00 00 00 | w1 = (s16)w2
            bf 21 20 00 00 00 00 00 | r1 = (s32)r2
            3f 21 01 00 00 00 00 00 | r1 s/= r2
            94 01 01 00 03 00 00 00 | w1 s%= 0x3
            c7 01 00 00 0b 00 00 00 | r1 s>>= 0xb
            bf 21 01 00 04 00 00 00 | r1 = addr_space_cast(r2, 0x0, 0x4)
            71 10 01 00 00 00 00 00 | r0 = *(u8 *)(r1 + 0x1)
            69 10 fe ff 00 00 00 00 | r0 = *(u16 *)(r1 - 0x2)
            79 10 00 80 00 00 00 00 | r0 = *(u64 *)(r1 - 0x8000)
            81 10 04 00 00 00 00 00 | r0 = *(s32 *)(r1 + 0x4)
            7b 1a f8 ff 00 00 00 00 | *(u64 *)(r10 - 0x8) = r1
            6a 0a f8 ff 07 00 00 00 | *(u16 *)(r10 - 0x8) = 0x7
            db 70 00 00 00 00 00 00 | lock *(u64 *)(r0 + 0x0) += r7
            db 70 00 00 01 00 00 00 | r7 = atomic_fetch_add((u64 *)(r0 + 0x0), r7)
            db 70 00 00 e1 00 00 00 | r7 = xchg_64(r0 + 0x0, r7)
            db 21 00 00 f1 00 00 00 | r0 = cmpxchg_64(r1 + 0x0, r0, r2)
            c3 70 00 00 00 00 00 00 | lock *(u32 *)(r0 + 0x0) += r7
            25 01 03 00 05 00 00 00 | if r1 > 0x5 goto +0x3
            de 21 ff ff 00 00 00 00 | if w1 s<= w2 goto -0x1
            45 01 01 00 04 00 00 00 | if r1 & 0x4 goto +0x1
            05 00 00 00 00 00 00 00 | goto +0x0
            06 00 00 00 a0 86 01 00 | gotol +0x186a0
            e5 00 01 00 00 00 00 00 | may_goto +0x1
            85 00 00 00 07 00 00 00 | call 0x7
            85 10 00 00 ff ff ff ff | call -0x1
            8d 02 00 00 00 00 00 00 | callx r2
            95 00 00 00 00 00 00 00 | exit
            30 00 00 00 01 00 00 00 | r0 = *(u8 *)skb[0x1]
            20 00 00 00 fc ff ff ff | r0 = *(u32 *)skb[-0x4]
            40 30 00 00 00 00 00 00 | r0 = *(u32 *)skb[r3]
            b7 0b 00 00 01 00 00 00 | r11 = 0x1
            """)
    void printsAsLlvmObjdump(String bytes, String text) {
        assertEquals(text, OBJDUMP.format(insn(bytes)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            18 01 00 00 89 67 45 23 00 00 00 00 01 00 00 00 | r1 = 0x123456789 ll
            18 01 00 00 00 00 00 00 00 00 00 00 00 00 00 80 | r1 = -0x8000000000000000 ll
            18 01 00 00 ff ff ff ff 00 00 00 00 ff ff ff ff | r1 = -0x1 ll
            18 11 00 00 ff ff ff ff 00 00 00 00 05 00 00 00 | ld_pseudo\tr1, 0x1, 0xffffffff
            """)
    void printsLdImm64AsLlvmObjdump(String bytes, String text) {
        assertEquals(text.replace("\\t", "\t"), OBJDUMP.format(insn(bytes)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            95 00 00 00 01 00 00 00 | exit with imm
            9d 00 00 00 00 00 00 00 | exit with a source bit
            0f c1 00 00 00 00 00 00 | src r12
            07 01 01 00 05 00 00 00 | add with an offset
            3f 21 02 00 00 00 00 00 | div with offset 2
            8c 01 00 00 00 00 00 00 | neg with a source bit
            df 01 00 00 10 00 00 00 | bswap with a source bit
            d4 01 00 00 08 00 00 00 | le8
            bc 21 20 00 00 00 00 00 | 32-bit movsx from s32
            bc 21 01 00 00 00 00 00 | 32-bit addr_space_cast
            99 10 00 00 00 00 00 00 | 64-bit sign-extending load
            db 21 00 00 e0 00 00 00 | atomic 0xe0
            c3 21 00 00 50 00 00 00 | 32-bit atomic and without alu32
            cb 21 00 00 00 00 00 00 | 16-bit atomic
            18 01 01 00 00 00 00 00 | ld_imm64 with an offset
            38 00 00 00 00 00 00 00 | 64-bit ld_abs
            86 00 00 00 00 00 00 00 | call in JMP32
            ed 00 00 00 00 00 00 00 | may_goto with a source bit
            f5 00 00 00 00 00 00 00 | jump op 0xf
            00 00 00 00 00 00 00 00 | zero
            """)
    void printsUnknownForWhatLlvmCannotDecode(String bytes, String why) {
        Insn in = insn(bytes);
        assertFalse(OBJDUMP.decodes(in), why);
        assertEquals("<unknown>", OBJDUMP.format(in), why);
    }

    @Test
    void ignoresTheFieldsLlvmDoesNotDecode() {
        assertEquals("exit", OBJDUMP.format(insn("95 21 05 00 00 00 00 00")));
        assertEquals("r1 += 0x5", OBJDUMP.format(insn("07 91 00 00 05 00 00 00")));
        assertEquals("call 0x8", OBJDUMP.format(insn("85 65 07 00 08 00 00 00")));
        assertEquals("goto +0x1", OBJDUMP.format(insn("05 21 01 00 04 00 00 00")));
        // the old 32-bit xadd: LLVM looks only at bits 4-7 of imm
        assertEquals("lock *(u32 *)(r1 + 0x0) += r2", OBJDUMP.format(insn("c3 21 00 00 01 00 00 00")));
    }

    @Test
    void alu32FlavourNamesWRegistersIn32BitMemoryAccesses() {
        assertEquals("w0 = *(u8 *)(r1 + 0x1)", OBJDUMP_ALU32.format(insn("71 10 01 00 00 00 00 00")));
        assertEquals("r0 = *(u8 *)(r1 + 0x1)", OBJDUMP.format(insn("71 10 01 00 00 00 00 00")));
        assertEquals("r0 = *(s32 *)(r1 + 0x4)", OBJDUMP_ALU32.format(insn("81 10 04 00 00 00 00 00")));
        assertEquals("*(u32 *)(r10 - 0x8) = w1", OBJDUMP_ALU32.format(insn("63 1a f8 ff 00 00 00 00")));
        assertEquals("lock *(u32 *)(r0 + 0x0) &= w7", OBJDUMP_ALU32.format(insn("c3 70 00 00 50 00 00 00")));
        assertEquals("w7 = atomic_fetch_xor((u32 *)(r0 + 0x0), w7)", OBJDUMP_ALU32.format(insn("c3 70 00 00 a1 00 00 00")));
        assertEquals("w7 = xchg32_32(r0 + 0x0, w7)", OBJDUMP_ALU32.format(insn("c3 70 00 00 e1 00 00 00")));
        assertEquals("w0 = cmpxchg32_32(r1 + 0x0, w0, w2)", OBJDUMP_ALU32.format(insn("c3 21 00 00 f1 00 00 00")));
        assertEquals("<unknown>", OBJDUMP.format(insn("c3 21 00 00 f1 00 00 00")));
    }

    @Test
    void branchTargetsWrapAroundLikeLlvmObjdump() {
        Insn back = insn("05 00 fd ff 00 00 00 00"); // goto -0x3
        assertEquals(0xfffffffffffffff8L, LlvmDisassembler.branchTarget(0x8, back));
        assertEquals("<f+0x18>", LlvmDisassembler.targetAnnotation("f", 0x18));
        assertEquals("<f>", LlvmDisassembler.targetAnnotation("f", 0));
        assertEquals("<f+0xfffffffffffffff0>", LlvmDisassembler.targetAnnotation("f", 0xfffffffffffffff0L));
        assertEquals(0x10 + 8 + 100000L * 8, LlvmDisassembler.branchTarget(0x10, insn("06 00 00 00 a0 86 01 00")));
    }

    @Test
    void listsAProgramAsASingleSymbolSection() {
        Program p = LlvmAssembler.assemble("""
                r0 = 0
                if r1 == 0 goto out
                r0 = 0x100000000 ll
                out:
                exit
                """);
        assertEquals("""
                0000000000000000 <prog>:
                       0:\tr0 = 0x0
                       1:\tif r1 == 0x0 goto +0x2 <prog+0x20>
                       2:\tr0 = 0x100000000 ll
                       4:\texit
                """, OBJDUMP.listing(p, "prog"));
    }

    @Test
    void everyDecodedInstructionIsReportedAsDecodable() {
        assertTrue(OBJDUMP.decodes(insn("95 00 00 00 00 00 00 00")));
        assertFalse(OBJDUMP.alu32());
        assertTrue(OBJDUMP_ALU32.alu32());
    }
}
