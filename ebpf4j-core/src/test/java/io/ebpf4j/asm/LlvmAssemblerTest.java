package io.ebpf4j.asm;

import static io.ebpf4j.isa.Opcodes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The assembler on its own: syntax variants, labels, and its error messages. */
class LlvmAssemblerTest {

    private static Insn one(String statement) {
        return LlvmAssembler.assembleInsn(statement);
    }

    @Test
    void assemblesEachFormToItsEncoding() {
        assertEquals(new Insn(ALU64 | MOV | K, 1, 0, 0, 5), one("r1 = 5"));
        assertEquals(new Insn(ALU | ADD | X, 1, 2, 0, 0), one("w1 += w2"));
        assertEquals(new Insn(ALU64 | DIV | X, 1, 2, 1, 0), one("r1 s/= r2"));
        assertEquals(new Insn(ALU | MOD | K, 1, 0, 1, 3), one("w1 s%= 3"));
        assertEquals(new Insn(ALU64 | ARSH | K, 1, 0, 0, 11), one("r1 s>>= 0xb"));
        assertEquals(new Insn(ALU64 | NEG, 3, 0, 0, 0), one("r3 = -r3"));
        assertEquals(new Insn(ALU64 | MOV | X, 1, 2, 32, 0), one("r1 = (s32)r2"));
        assertEquals(new Insn(ALU | END | X, 1, 0, 0, 16), one("r1 = be16 r1"));
        assertEquals(new Insn(ALU | END | K, 1, 0, 0, 64), one("r1 = le64 r1"));
        assertEquals(new Insn(ALU64 | END | K, 1, 0, 0, 32), one("r1 = bswap32 r1"));
        assertEquals(new Insn(ALU64 | MOV | X, 1, 2, 1, 0x10002), one("r1 = addr_space_cast(r2, 1, 2)"));
        assertEquals(new Insn(LDX | MEMSX | B, 1, 2, 1, 0), one("r1 = *(s8 *)(r2 + 0x1)"));
        assertEquals(new Insn(LDX | MEM | W, 0, 1, -4, 0), one("w0 = *(u32 *)(r1 - 4)"));
        assertEquals(new Insn(STX | MEM | DW, 10, 1, -8, 0), one("*(u64 *)(r10 - 0x8) = r1"));
        assertEquals(new Insn(ST | MEM | H, 10, 0, -2, -2), one("*(u16 *)(r10 - 2) = -2"));
        assertEquals(new Insn(STX | ATOMIC | DW, 0, 7, 0, ATOMIC_ADD), one("lock *(u64 *)(r0 + 0x0) += r7"));
        assertEquals(new Insn(STX | ATOMIC | W, 0, 7, 0, ATOMIC_XOR | FETCH), one("w7 = atomic_fetch_xor((u32 *)(r0 + 0), w7)"));
        assertEquals(new Insn(STX | ATOMIC | DW, 0, 7, 8, XCHG), one("r7 = xchg_64(r0 + 8, r7)"));
        assertEquals(new Insn(STX | ATOMIC | W, 1, 2, 0, CMPXCHG), one("w0 = cmpxchg32_32(r1 + 0, w0, w2)"));
        assertEquals(new Insn(JMP | JGT | K, 1, 0, 3, 5), one("if r1 > 0x5 goto +0x3"));
        assertEquals(new Insn(JMP32 | JSLE | X, 1, 2, -1, 0), one("if w1 s<= w2 goto -0x1"));
        assertEquals(new Insn(JMP | JSET | K, 1, 0, 1, 4), one("if r1 & 4 goto +1"));
        assertEquals(new Insn(GOTOL, 0, 0, 0, 100000), one("gotol +100000"));
        assertEquals(new Insn(MAY_GOTO, 0, 0, 2, 0), one("may_goto +2"));
        assertEquals(new Insn(CALL_IMM, 0, 0, 0, 7), one("call 0x7"));
        assertEquals(new Insn(CALLX, 2, 0, 0, 0), one("callx r2"));
        assertEquals(new Insn(LD | ABS | B, 0, 0, 0, 1), one("r0 = *(u8 *)skb[1]"));
        assertEquals(new Insn(LD | IND | W, 0, 3, 0, 0), one("r0 = *(u32 *)skb[r3]"));
        assertEquals(Insn.ldImm64(1, 0, 0x123456789L), one("r1 = 0x123456789 ll"));
        assertEquals(new Insn(LD_IMM64, 1, 2, (short) 0, 4, 0), one("ld_pseudo r1, 2, 4"));
        assertEquals(Insn.exit(), one("exit"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            r1 = 0xffffffff        | -1
            r1 = 4294967295        | -1
            r1 = -2147483648       | -2147483648
            r1 = 0b101             | 5
            r1 = 017               | 15
            r1 = -0x10             | -16
            """)
    void readsNumbersAsLlvmDoes(String statement, int imm) {
        assertEquals(imm, one(statement).imm());
    }

    @Test
    void readsAllSixtyFourBitValues() {
        assertEquals(-1L, one("r1 = 0xffffffffffffffff ll").imm64());
        assertEquals(-1L, one("r1 = -1 ll").imm64());
        assertEquals(Long.MIN_VALUE, one("r1 = -0x8000000000000000 ll").imm64());
        assertEquals(Long.MAX_VALUE, one("r1 = 9223372036854775807 ll").imm64());
    }

    @Test
    void resolvesLabelsForwardAndBackward() {
        Program p = LlvmAssembler.assemble("""
                entry:  r0 = 0          ; comment
                loop:                   // another
                        r0 += 1         # and another
                        r2 = 0x1 ll
                        if r0 < 10 goto loop
                        gotol done
                        may_goto loop
                        call sub
                        r3 = sub ll
                done:   exit
                sub:    r0 = 1
                        exit
                """);
        List<Insn> in = p.insns();
        assertEquals(-4, in.get(3).off(), "if r0 < 10 goto loop");
        assertEquals(4, in.get(4).imm(), "gotol done");
        assertEquals(-6, in.get(5).off(), "may_goto loop");
        assertEquals(new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, 3), in.get(6), "call sub: a bpf-to-bpf call");
        assertEquals(new Insn(LD_IMM64, 3, PSEUDO_FUNC, (short) 0, 2, 0), in.get(7), "r3 = sub ll: a function pointer, relative to the next slot");
        p.validate();
    }

    @Test
    void readsAnLlvmObjdumpListing() {
        Program p = LlvmAssembler.assemble("""

                x.o:\tfile format elf64-bpf

                Disassembly of section xdp:

                0000000000000000 <prog>:
                       0:\tr0 = 0x1
                       1:\tif r2 > r3 goto +0x1 <LBB0_2>
                       2:\tr0 = 0x2

                0000000000000018 <LBB0_2>:
                       3:\tgoto -0x4 <prog>
                       4:\texit
                """, "x.o");
        assertEquals(List.of(new Insn(ALU64 | MOV | K, 0, 0, 0, 1), new Insn(JMP | JGT | X, 2, 3, 1, 0),
                new Insn(ALU64 | MOV | K, 0, 0, 0, 2), new Insn(JA_OP, 0, 0, -4, 0), Insn.exit()), p.insns());
    }

    @Test
    void ignoresDirectives() {
        Program p = LlvmAssembler.assemble("""
                \t.text
                \t.globl f
                \t.type f,@function
                \t.p2align 3
                f:
                .LBB0_1:
                \tgoto .LBB0_1
                """);
        assertEquals(List.of(new Insn(JA_OP, 0, 0, -1, 0)), p.insns());
    }

    // ------------------------------------------------------------------ errors

    private static AsmException error(String source) {
        return assertThrows(AsmException.class, () -> LlvmAssembler.assemble(source, "test.s"));
    }

    @Test
    void unknownMnemonicNamesTheLine() {
        AsmException e = error("r0 = 1\n\nfrobnicate r1, r2\nexit\n");
        assertEquals(3, e.line());
        assertEquals("test.s:3: unknown mnemonic 'frobnicate'", e.getMessage());
    }

    @Test
    void badRegisterNamesTheLine() {
        AsmException e = error("r0 = 1\nr12 = 1\n");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith("test.s:2: bad register 'r12'"), e.getMessage());
        assertEquals(1, error("r1 += r99").line());
        assertTrue(error("r1 += r99").getMessage().contains("bad register 'r99'"));
        assertTrue(error("r1 = *(u8 *)(x1 + 0)").getMessage().contains("expected a register, found 'x1'"));
        assertTrue(error("r1 = *(u8 *)(w1 + 0)").getMessage().contains("expected a 64-bit register, found w1"));
        assertTrue(error("w1 += r2").getMessage().contains("register width mismatch: w1 and r2"));
    }

    @Test
    void offsetOutOfRangeNamesTheLine() {
        AsmException e = error("exit\nexit\nr0 = *(u32 *)(r1 + 32768)\n");
        assertEquals(3, e.line());
        assertEquals("test.s:3: offset 32768 is out of range (-32768..32767)", e.getMessage());
        assertEquals("test.s:1: offset -32769 is out of range (-32768..32767)", error("*(u8 *)(r10 - 0x8001) = 1").getMessage());
        assertEquals("test.s:1: jump offset 40000 is out of range (-32768..32767)", error("goto +40000").getMessage());
    }

    @Test
    void labelTooFarForA16BitJumpNamesTheJump() {
        StringBuilder src = new StringBuilder("goto far\n");
        src.append("r0 = 0\n".repeat(32768));
        src.append("far: exit\n");
        AsmException e = error(src.toString());
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("jump offset 32768 to 'far' is out of range"), e.getMessage());
    }

    @Test
    void otherErrorsNameTheLineToo() {
        assertEquals("test.s:1: immediate 4294967296 is out of range (-2147483648..4294967295)", error("r1 = 0x100000000").getMessage());
        assertEquals("test.s:2: undefined label 'nowhere'", error("exit\ngoto nowhere\n").getMessage());
        assertEquals("test.s:2: duplicate label 'a'", error("a: exit\na: exit\n").getMessage());
        assertEquals("test.s:1: unexpected 'r3' after the instruction", error("r1 = r2 r3").getMessage());
        assertEquals("test.s:1: bad number '0x'", error("r1 = 0x").getMessage());
        assertEquals("test.s:1: unexpected character '@'", error("r1 = @").getMessage());
        assertEquals("test.s:1: ld_imm64 needs a 64-bit register, not w1", error("w1 = 1 ll").getMessage());
        assertEquals("test.s:1: a legacy packet load writes r0, not r1", error("r1 = *(u8 *)skb[1]").getMessage());
        assertEquals("test.s:1: unknown mnemonic '<'", error("<unknown>").getMessage());
        assertEquals("test.s:1: unknown mnemonic '...'", error("...").getMessage());
        assertEquals("test.s:2: data directive '.quad' is not supported: a program holds instructions only",
                error("exit\n\t.quad 0\n").getMessage());
        assertEquals(1, assertThrows(AsmException.class, () -> LlvmAssembler.assembleInsn("goto label")).line());
    }
}
