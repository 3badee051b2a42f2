package io.ebpf4j.vm;

import static io.ebpf4j.isa.Opcodes.*;
import static io.ebpf4j.vm.Code.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.isa.Insn;
import org.junit.jupiter.api.Test;

/** RFC 9669 §4.3: conditional and unconditional jumps. */
class JumpSemanticsTest {

    /** Whether the jump (off +2) is taken with r1 = a, r2 = b. */
    private static boolean taken(long a, long b, Insn jump) {
        return run(lddw(1, a), lddw(2, b), jump, mov(0, 0), exit(), mov(0, 1), exit()) == 1;
    }

    private static boolean k(int op, long a, int imm) {
        return taken(a, 0, jmp(op, 1, imm, 2));
    }

    private static boolean x(int op, long a, long b) {
        return taken(a, b, jmpr(op, 1, 2, 2));
    }

    private static boolean k32(int op, long a, int imm) {
        return taken(a, 0, jmp32(op, 1, imm, 2));
    }

    private static boolean x32(int op, long a, long b) {
        return taken(a, b, new Insn(JMP32 | op | X, 1, 2, 2, 0));
    }

    @Test
    void equalityAndSet() {
        assertTrue(k(JEQ, -1L, -1));          // imm sign-extended to 64 bits
        assertFalse(k(JEQ, 0xffff_ffffL, -1));
        assertTrue(x(JNE, 1, 2));
        assertFalse(k(JNE, 5, 5));
        assertTrue(k(JSET, 0b1010, 0b0010));
        assertFalse(x(JSET, 0b1010, 0b0101));
        assertTrue(k(JSET, 1L << 63, -1));
    }

    @Test
    void unsignedComparisons() {
        assertTrue(k(JGT, -1L, 5));
        assertFalse(k(JGT, 5, -1));           // -1 sign-extends to the largest unsigned value
        assertTrue(x(JGE, 5, 5));
        assertTrue(k(JLT, 5, -1));
        assertTrue(x(JLE, 5, 5));
        assertFalse(x(JLT, -1L, 0));
    }

    @Test
    void signedComparisons() {
        assertTrue(k(JSGT, 5, -1));
        assertFalse(k(JSGT, -1L, 5));
        assertTrue(x(JSGE, -5, -5));
        assertTrue(k(JSLT, -1L, 5));
        assertTrue(x(JSLE, Long.MIN_VALUE, -1));
        assertFalse(k(JSLT, 0, -1));
    }

    @Test
    void jmp32ComparesTheLowHalves() {
        assertTrue(k32(JEQ, 0x1_0000_0005L, 5));
        assertTrue(k32(JEQ, 0xffff_ffffL, -1));
        assertTrue(x32(JGT, 0xffff_ffffL, 0x1_0000_0001L));
        assertTrue(k32(JSLT, 0x8000_0000L, 0));      // negative as int
        assertFalse(k(JSLT, 0x8000_0000L, 0));       // positive as long
        assertTrue(x32(JSGE, 0x1_0000_0000L, 0));
        assertTrue(k32(JSET, 0x1_0000_0001L, 1));
        assertFalse(k32(JSET, 0x1_0000_0000L, -1));
        assertTrue(k32(JLE, 0x5_0000_0003L, 3));
        assertTrue(k32(JNE, 0x5_0000_0003L, 5));
        assertTrue(x32(JSLE, -1L, 0));
        assertTrue(k32(JGE, 7, 7));
        assertTrue(x32(JLT, 0x9_0000_0001L, 2));
        assertTrue(k32(JSGT, 1, -1));
    }

    @Test
    void jaAndGotol() {
        assertEquals(3L, run(mov(0, 1), ja(1), mov(0, 2), alu64(ADD, 0, 2), exit()));
        Insn gotol = new Insn(GOTOL, 0, 0, 0, 1);
        assertEquals(3L, run(mov(0, 1), gotol, mov(0, 2), alu64(ADD, 0, 2), exit()));
        // backward jump: count r0 down to 0
        assertEquals(0L, run(mov(0, 10), alu64(SUB, 0, 1), jmp(JNE, 0, 0, -2), exit()));
    }

    @Test
    void jumpOffsetsCountSlots() {
        // the lddw between jump and target takes two slots
        assertEquals(1L, run(mov(0, 1), ja(2), lddw(0, 99), exit()));
    }
}
