package io.ebpf4j.vm;

import static io.ebpf4j.isa.Opcodes.*;
import static io.ebpf4j.vm.Code.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.isa.Insn;
import org.junit.jupiter.api.Test;

/** RFC 9669 §4.1-§4.2: arithmetic, moves, byte swaps. */
class AluSemanticsTest {

    @Test
    void alu64ImmediatesAreSignExtended() {
        assertEquals(-1L, eval(0, alu64(ADD, 1, -1)));
        assertEquals(0xffff_ffff_8000_0000L, eval(-1L, alu64(AND, 1, 0x8000_0000)));
        assertEquals(-1L, eval(0, alu64(OR, 1, 0xffff_ffff)));
        assertEquals(-0x8000_0000L, eval(0, alu64(MOV, 1, 0x8000_0000)));
        assertEquals(~5L, eval(5, alu64(XOR, 1, -1)));
        assertEquals(-6L, eval(3, alu64(MUL, 1, -2)));
        assertEquals(5L, eval(3, alu64(SUB, 1, -2)));
    }

    @Test
    void alu32ResultsAreZeroExtended() {
        assertEquals(0xffff_ffffL, eval(0, alu32(ADD, 1, -1)));
        assertEquals(0L, eval(0xffff_ffffL, alu32(ADD, 1, 1)));
        assertEquals(0x8000_0000L, eval(0, alu32(MOV, 1, 0x8000_0000)));
        assertEquals(0x2345_6789L, eval(0x1_2345_6789L, 0, alu32r(ADD, 1, 2)));
        assertEquals(2L, eval(0x8000_0001L, alu32(MUL, 1, 2)));
        assertEquals(0x2345_6789L, eval(0, 0xabcd_0000_2345_6789L, alu32r(MOV, 1, 2)));
        assertEquals(0xffff_fffdL, eval(-3L, alu32(OR, 1, 0)));
        assertEquals(0xffff_fff0L, eval(-1L, alu32(AND, 1, -16)));
        assertEquals(0xffff_fffeL, eval(1L, alu32(XOR, 1, -1)));
        assertEquals(0xffff_ffffL, eval(0L, alu32(SUB, 1, 1)));
    }

    @Test
    void shiftCountsAreMasked() {
        assertEquals(1L << 1, eval(1, alu64(LSH, 1, 65)));
        assertEquals(1L << 63, eval(1, alu64(LSH, 1, -1)));
        assertEquals(1L, eval(Long.MIN_VALUE, alu64(RSH, 1, 63 + 64)));
        assertEquals(-1L, eval(Long.MIN_VALUE, alu64(ARSH, 1, -1)));
        assertEquals(2L, eval(1, 65, alu64r(LSH, 1, 2)));
        assertEquals(2L, eval(1, alu32(LSH, 1, 33)));
        assertEquals(0x8000_0000L, eval(1, alu32(LSH, 1, -1)));
        assertEquals(1L, eval(0x8000_0000L, alu32(RSH, 1, 31 + 32)));
        assertEquals(0xffff_ffffL, eval(0x8000_0000L, alu32(ARSH, 1, -1)));
        assertEquals(0xc000_0000L, eval(0x8000_0000L, 33, alu32r(ARSH, 1, 2)));
        assertEquals(0x4000_0000L, eval(0xffff_ffff_8000_0000L, 1, alu32r(RSH, 1, 2)));
    }

    @Test
    void unsignedDivisionAndModuloByZero() {
        assertEquals(0L, eval(7, 0, alu64r(DIV, 1, 2)));
        assertEquals(0L, eval(7, alu64(DIV, 1, 0)));
        assertEquals(7L, eval(7, 0, alu64r(MOD, 1, 2)));
        assertEquals(0L, eval(7, 0x1_0000_0000L, alu32r(DIV, 1, 2)));
        // 32-bit modulo by zero keeps the low half of dst, zero-extended
        assertEquals(0xffff_ffffL, eval(-1L, 0, alu32r(MOD, 1, 2)));
        assertEquals(0xffff_ffffL, eval(-1L, alu32(MOD, 1, 0)));
    }

    @Test
    void unsignedDivisionTreatsOperandsAsUnsigned() {
        assertEquals(Long.divideUnsigned(-1L, 3), eval(-1L, alu64(DIV, 1, 3)));
        // ALU64 K: imm sign-extended, then unsigned: -1 / 0xffffffffffffffff = 1
        assertEquals(1L, eval(-1L, alu64(DIV, 1, -1)));
        assertEquals(1L, eval(0xffff_ffffL, alu32(DIV, 1, -1)));
        assertEquals(Long.remainderUnsigned(-1L, 10), eval(-1L, alu64(MOD, 1, 10)));
        assertEquals(0xffff_ffffL % 10, eval(-1L, alu32(MOD, 1, 10)));
    }

    private static Insn sdiv64(int dst, int src) {
        return new Insn(ALU64 | DIV | X, dst, src, 1, 0);
    }

    private static Insn smod64(int dst, int src) {
        return new Insn(ALU64 | MOD | X, dst, src, 1, 0);
    }

    private static Insn sdiv32(int dst, int src) {
        return new Insn(ALU | DIV | X, dst, src, 1, 0);
    }

    private static Insn smod32(int dst, int src) {
        return new Insn(ALU | MOD | X, dst, src, 1, 0);
    }

    @Test
    void signedDivisionAndModulo() {
        assertEquals(-2L, eval(-7, 3, sdiv64(1, 2)));
        assertEquals(-1L, eval(-7, 3, smod64(1, 2)));     // sign of the dividend
        assertEquals(1L, eval(7, -3, smod64(1, 2)));
        assertEquals(0L, eval(-7, 0, sdiv64(1, 2)));     // by zero: 0
        assertEquals(-7L, eval(-7, 0, smod64(1, 2)));    // by zero: dst unchanged
        assertEquals(Long.MIN_VALUE, eval(Long.MIN_VALUE, -1, sdiv64(1, 2)));
        assertEquals(0L, eval(Long.MIN_VALUE, -1, smod64(1, 2)));
        assertEquals(-3L, eval(7, new Insn(ALU64 | DIV | K, 1, 0, 1, -2)));
        assertEquals(1L, eval(7, new Insn(ALU64 | MOD | K, 1, 0, 1, -2)));
    }

    @Test
    void signedDivisionAndModulo32() {
        assertEquals(0xffff_fffeL, eval(-7, 3, sdiv32(1, 2)));
        assertEquals(0xffff_ffffL, eval(-7, 3, smod32(1, 2)));
        assertEquals(0L, eval(-7, 0, sdiv32(1, 2)));
        assertEquals(0xffff_fff9L, eval(-7, 0, smod32(1, 2)));
        assertEquals(0x8000_0000L, eval(0x8000_0000L, -1, sdiv32(1, 2)));
        assertEquals(0L, eval(0x8000_0000L, -1, smod32(1, 2)));
        // only the low halves count: 0x1_0000_0000 is 0 as a 32-bit divisor
        assertEquals(0L, eval(5, 0x1_0000_0000L, sdiv32(1, 2)));
    }

    @Test
    void negation() {
        assertEquals(-5L, eval(5, new Insn(ALU64 | NEG, 1, 0, 0, 0)));
        assertEquals(0xffff_fffbL, eval(5, new Insn(ALU | NEG, 1, 0, 0, 0)));
        assertEquals(Long.MIN_VALUE, eval(Long.MIN_VALUE, new Insn(ALU64 | NEG, 1, 0, 0, 0)));
    }

    private static Insn movsx(int cls, int bits, int dst, int src) {
        return new Insn(cls | MOV | X, dst, src, bits, 0);
    }

    @Test
    void movsxSignExtends() {
        assertEquals(-128L, eval(0, 0x1_0000_0080L, movsx(ALU64, 8, 1, 2)));
        assertEquals(-32768L, eval(0, 0x8000L, movsx(ALU64, 16, 1, 2)));
        assertEquals(-0x8000_0000L, eval(0, 0xff_8000_0000L, movsx(ALU64, 32, 1, 2)));
        assertEquals(0x7fL, eval(0, 0xff7fL, movsx(ALU64, 8, 1, 2)));
        // ALU: sign-extend to 32 bits, then zero-extend
        assertEquals(0xffff_ff80L, eval(0, 0x80L, movsx(ALU, 8, 1, 2)));
        assertEquals(0xffff_8000L, eval(0, 0x8000L, movsx(ALU, 16, 1, 2)));
    }

    private static Insn end(int cls, int source, int bits) {
        return new Insn(cls | END | source, 1, 0, 0, bits);
    }

    @Test
    void byteSwapsAndTruncations() {
        long v = 0x0123_4567_89ab_cdefL;
        assertEquals(0xcdefL, eval(v, end(ALU, K, 16)));             // le16
        assertEquals(0x89ab_cdefL, eval(v, end(ALU, K, 32)));        // le32
        assertEquals(v, eval(v, end(ALU, K, 64)));                   // le64
        assertEquals(0xefcdL, eval(v, end(ALU, X, 16)));             // be16
        assertEquals(0xefcd_ab89L, eval(v, end(ALU, X, 32)));        // be32
        assertEquals(0xefcd_ab89_6745_2301L, eval(v, end(ALU, X, 64)));
        assertEquals(0xefcdL, eval(v, end(ALU64, K, 16)));           // bswap16
        assertEquals(0xefcd_ab89L, eval(v, end(ALU64, K, 32)));
        assertEquals(0xefcd_ab89_6745_2301L, eval(v, end(ALU64, K, 64)));
    }

    @Test
    void lddwLoadsTheFull64Bits() {
        assertEquals(0x8000_0000_0000_0001L, run(lddw(0, 0x8000_0000_0000_0001L), exit()));
    }
}
