package io.ebpf4j.verifier.domain;

import static io.ebpf4j.isa.Opcodes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The shapes of the kernel verifier's 32/64-bit bound confusion holes (VERIFIER-NOTES.md), each
 * with the concrete value the exploit relied on (checked on the interpreter) staying inside our
 * abstract result, and the nearly-equal safe case staying precise.
 */
class BoundConfusionHolesTest {

    private static final Scalar U = Scalar.unknown();

    private static Scalar c(long v) {
        return Scalar.constant(v);
    }

    /**
     * CVE-2017-16995: {@code w2 = 0xffffffff} was tracked as the 64-bit -1 (sign-extended) while at
     * run time the upper half is zeroed, so {@code if r2 != 0xffffffff} (imm sign-extended to -1)
     * looked never taken but always is.
     */
    @Test
    void cve2017_16995_mov32OfNegativeImmediateIsZeroExtended() {
        Scalar r2 = U.alu(MOV, c(-1), false, 0);                 // imm -1 sign-extended, as the decoder gives it
        assertEquals(Oracle.alu(MOV, 0, -1, false, 0), r2.constantValue());
        assertEquals(0xffff_ffffL, r2.constantValue());
        assertEquals(Boolean.TRUE, Scalar.decide(JNE, r2, c(-1), false));
        assertTrue(Oracle.jump(JNE, 0xffff_ffffL, -1, false));
        // the same compare as JMP32 sees equal low halves
        assertEquals(Boolean.FALSE, Scalar.decide(JNE, r2, c(-1), true));
    }

    /**
     * CVE-2020-8835: after {@code if r6 >= 1}, {@code if r6 <= 0x100000001} and the JMP32
     * {@code if w6 == 1}, the kernel's __reg_bound_offset32 combined the 32-bit bounds with the
     * 64-bit tnum into the constant 1, though 0x100000001 passes all three checks.
     */
    @Test
    void cve2020_8835_jmp32RefinementDoesNotInventUpperBits() {
        Scalar ge = Scalar.assume(JGE, U, c(1), false, true)[0];
        Scalar le = Scalar.assume(JLE, ge, c(0x1_0000_0001L), false, true)[0];
        Scalar r6 = Scalar.assume(JEQ, le, c(1), true, true)[0];
        for (long v : new long[] {1, 0x1_0000_0001L}) {
            assertTrue(Oracle.jump(JGE, v, 1, false) && Oracle.jump(JLE, v, 0x1_0000_0001L, false) && Oracle.jump(JEQ, v, 1, true));
            assertTrue(r6.contains(v), () -> "lost 0x" + Long.toHexString(v) + ": " + r6);
        }
        assertFalse(r6.isConstant());
        // the exploit's next step, r6 >>= 32, must not be the constant 0
        Scalar shifted = r6.alu(RSH, c(32), true, 0);
        assertTrue(shifted.contains(0) && shifted.contains(1));
        // safe twin: with r6 <= 1 instead, the value is exactly 1
        Scalar safe = Scalar.assume(JLE, Scalar.assume(JGE, U, c(1), false, true)[0], c(1), false, true)[0];
        safe = Scalar.assume(JEQ, safe, c(1), true, true)[0];
        assertEquals(c(1), safe);
    }

    /**
     * CVE-2021-3490: ALU32 and/or/xor on operands whose low halves are known but upper halves are
     * not skipped the 32-bit bound update (scalar32_min_max_and returned early), leaving the
     * subregister bounds of the destination in place: here [1, 1] for a result that is 0.
     */
    @Test
    void cve2021_3490_bitwiseOpsUpdateSubregisterBoundsFromKnownLowHalves() {
        long upper = 0xffff_ffff_0000_0000L;
        Scalar dst = Scalar.of(new Tnum(1, upper));               // low half 1, upper unknown
        Scalar src = Scalar.of(new Tnum(2, upper));               // low half 2, upper unknown
        Scalar and64 = dst.alu(AND, src, true, 0);
        assertEquals(0, and64.u32min());
        assertEquals(0, and64.u32max());
        assertEquals(0, and64.s32min());
        long x = 0x5_0000_0001L, y = 0x3_0000_0002L;
        assertTrue(and64.contains(Oracle.alu(AND, x, y, true, 0)));
        assertEquals(c(0), dst.alu(AND, src, false, 0));        // w1 &= w2 is exactly 0
        assertEquals(c(3), dst.alu(OR, src, false, 0));
        assertEquals(c(3), dst.alu(XOR, src, false, 0));
        Scalar or64 = dst.alu(OR, src, true, 0);
        assertEquals(3, or64.u32min());
        assertEquals(3, or64.u32max());
        assertTrue(or64.contains(Oracle.alu(OR, x, y, true, 0)));
    }

    /**
     * CVE-2021-31440: 64-bit unsigned bounds were copied to the subregister one end at a time, so
     * [1, 0x100000001] gave umin32 = 1 though 0x100000000 (low half 0) is in the range.
     */
    @Test
    void cve2021_31440_sixtyFourBitBoundsReachTheSubregisterOnlyWhenTheyPinIt() {
        Scalar r = Scalar.unsignedRange(1, 0x1_0000_0001L);
        assertEquals(0, r.u32min());
        assertTrue(r.contains(0x1_0000_0000L));
        assertNull(Scalar.decide(JEQ, r, c(0), true));
        Scalar[] zero = Scalar.assume(JEQ, r, c(0), true, true);
        assertNotNull(zero);
        assertTrue(zero[0].contains(0x1_0000_0000L));
        assertTrue(Oracle.jump(JEQ, 0x1_0000_0000L, 0, true));
        // the same through a 64-bit compare on an unknown value
        Scalar viaBranch = Scalar.assume(JLE, Scalar.assume(JGE, U, c(1), false, true)[0], c(0x1_0000_0001L), false, true)[0];
        assertTrue(viaBranch.contains(0x1_0000_0000L));
        assertEquals(0, viaBranch.u32min());
        // safe twin: within one upper half the bounds carry over exactly
        Scalar safe = Scalar.unsignedRange(1, 0xffff_ffffL);
        assertEquals(1, safe.u32min());
        assertEquals(Boolean.FALSE, Scalar.decide(JEQ, safe, c(0), true));
    }
}
