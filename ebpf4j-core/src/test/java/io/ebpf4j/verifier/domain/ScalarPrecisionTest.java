package io.ebpf4j.verifier.domain;

import static io.ebpf4j.isa.Opcodes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Precision on the cases the kernel's verifier handles (the expected bounds are the kernel's own
 * results for the same instruction, as its verifier log prints them) and the concrete values of
 * constant folding (RFC 9669 §4.1).
 */
class ScalarPrecisionTest {

    private static final Scalar U = Scalar.unknown();

    private static Scalar c(long v) {
        return Scalar.constant(v);
    }

    private static void bounds(Scalar s, long smin, long smax, long umin, long umax) {
        assertEquals(smin, s.smin(), () -> "smin of " + s);
        assertEquals(smax, s.smax(), () -> "smax of " + s);
        assertEquals(umin, s.umin(), () -> "umin of " + s);
        assertEquals(umax, s.umax(), () -> "umax of " + s);
    }

    @Test
    void andWithByteMaskGivesByteRange() {
        // kernel log for `r1 &= 0xff` on an unknown r1 (e.g. selftests verifier_*.c __msg lines)
        Scalar r = U.alu(AND, c(0xff), true, 0);
        bounds(r, 0, 255, 0, 255);
        assertEquals(new Tnum(0, 0xff), r.tnum());
        assertEquals("scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))", r.toString());
    }

    @Test
    void unsignedCompareRefinesBothEdges() {
        Scalar[] t = Scalar.assume(JLT, U, c(10), false, true);
        bounds(t[0], 0, 9, 0, 9);
        assertEquals(new Tnum(0, 0xf), t[0].tnum());
        Scalar[] f = Scalar.assume(JLT, U, c(10), false, false);
        assertEquals(10, f[0].umin());
        assertEquals(-1L, f[0].umax());
        // `if r1 > 5`: [6, max] on the taken edge, [0, 5] on the other
        assertEquals(6, Scalar.assume(JGT, U, c(5), false, true)[0].umin());
        assertEquals(5, Scalar.assume(JGT, U, c(5), false, false)[0].umax());
    }

    @Test
    void signedCompareRefinesSignedBoundsAndTheUnsignedViewWhenItCan() {
        Scalar[] t = Scalar.assume(JSGT, U, c(-1), false, true);   // r1 s> -1: non-negative
        bounds(t[0], 0, Long.MAX_VALUE, 0, Long.MAX_VALUE);
        Scalar[] both = Scalar.assume(JSLT, t[0], c(100), false, true);
        bounds(both[0], 0, 99, 0, 99);
    }

    @Test
    void registerComparisonRefinesBothOperands() {
        Scalar a = Scalar.unsignedRange(0, 100), b = Scalar.unsignedRange(50, 60);
        Scalar[] t = Scalar.assume(JLT, a, b, false, true);         // a < b
        assertEquals(59, t[0].umax());
        Scalar[] e = Scalar.assume(JEQ, a, b, false, true);
        assertEquals(50, e[0].umin());
        assertEquals(60, e[0].umax());
        assertEquals(e[0], e[1]);
    }

    @Test
    void jmp32CompareRefinesOnlyTheSubregister() {
        Scalar[] t = Scalar.assume(JLT, U, c(10), true, true);     // if w1 < 10
        assertEquals(0, t[0].u32min());
        assertEquals(9, t[0].u32max());
        // 0x1_0000_0005 also satisfies w1 < 10: the 64-bit bounds only lose what the low half
        // excludes (kernel __reg_deduce_mixed_bounds: umax = upper half of umax | umax32)
        assertEquals(0xffff_ffff_0000_0009L, t[0].umax());
        assertTrue(t[0].contains(0x1_0000_0005L));
        // after a 64-bit bound that pins the upper half, the 32-bit refinement reaches 64 bits
        Scalar small = Scalar.unsignedRange(0, 0xffff_ffffL);
        Scalar[] t2 = Scalar.assume(JLT, small, c(10), true, true);
        bounds(t2[0], 0, 9, 0, 9);
    }

    @Test
    void mov32AfterSixtyFourBitBounds() {
        // w1 = w2 with r2 in [0, 1000]: the subregister keeps the bounds
        bounds(U.alu(MOV, Scalar.unsignedRange(0, 1000), false, 0), 0, 1000, 0, 1000);
        // with r2 in [2^32, 2^32 + 16] the low halves run from 0 to 16
        bounds(U.alu(MOV, Scalar.unsignedRange(0x1_0000_0000L, 0x1_0000_0010L), false, 0), 0, 16, 0, 16);
        // with r2 in [-5, 5] the low halves wrap: zero-extended they are 0..5 and 0xfffffffb..0xffffffff
        Scalar w = U.alu(MOV, Scalar.signedRange(-5, 5), false, 0);
        assertEquals(-5, w.s32min());
        assertEquals(5, w.s32max());
        assertEquals(0, w.smin());
        assertEquals(0xffff_ffffL, w.umax());
        assertTrue(w.contains(0xffff_fffbL) && w.contains(5) && !w.contains(-5));
    }

    @Test
    void constantsFold() {
        assertEquals(c(8), c(5).alu(ADD, c(3), true, 0));
        assertEquals(c(0), c(0xffff_ffffL).alu(ADD, c(1), false, 0));           // wraps in 32 bits
        assertEquals(c(0x1_0000_0000L), c(0xffff_ffffL).alu(ADD, c(1), true, 0));
        assertEquals(c(0), c(7).alu(DIV, c(0), true, 0));                       // RFC 9669: x / 0 = 0
        assertEquals(c(7), c(7).alu(MOD, c(0), true, 0));                       // x % 0 = x
        assertEquals(c(0xffff_ffffL), c(-1).alu(MOD, c(0), false, 0));          // 32-bit: low half
        assertEquals(c(-3), c(-7).alu(DIV, c(2), true, 1));                     // sdiv truncates
        assertEquals(c(-1), c(-7).alu(MOD, c(2), true, 1));                     // smod: dividend's sign
        assertEquals(c(Long.MIN_VALUE), c(Long.MIN_VALUE).alu(DIV, c(-1), true, 1));
        assertEquals(c(2), c(1).alu(LSH, c(65), true, 0));                      // count masked to 63
        assertEquals(c(0xffff_fffbL), c(5).neg(false));
        assertEquals(c(-5), c(5).neg(true));
        assertEquals(c(0x3412), c(0x1234).endian(false, true, 16));
        assertEquals(c(0x1234), c(0x5_0001_1234L).endian(false, false, 16));       // le16 truncates
        assertEquals(c(0xffff_ff80L), U.alu(MOV, c(0x80), false, 8));           // movsx w, s8
        assertEquals(c(-128), U.alu(MOV, c(0x80), true, 8));
    }

    @Test
    void rangesAddAndSubtract() {
        Scalar a = Scalar.unsignedRange(0, 10);
        bounds(a.alu(ADD, c(5), true, 0), 5, 15, 5, 15);
        Scalar d = a.alu(SUB, c(5), true, 0);
        assertEquals(-5, d.smin());
        assertEquals(5, d.smax());
        assertTrue(d.contains(-5) && d.contains(5));
        // 32-bit: the same in the subregister, zero-extended
        Scalar d32 = a.alu(SUB, c(5), false, 0);
        assertEquals(-5, d32.s32min());
        assertEquals(5, d32.s32max());
        assertEquals(0xffff_ffffL, d32.umax());
    }

    @Test
    void shiftsOfAByteRange() {
        Scalar b = U.alu(AND, c(0xff), true, 0);
        bounds(b.alu(LSH, c(8), true, 0), 0, 0xff00, 0, 0xff00);
        bounds(b.alu(RSH, c(4), true, 0), 0, 15, 0, 15);
        Scalar s = U.alu(MOV, U, true, 8);                                    // movsx r, s8: [-128, 127]
        assertEquals(-128, s.smin());
        assertEquals(127, s.smax());
        Scalar a = s.alu(ARSH, c(4), true, 0);
        assertEquals(-8, a.smin());
        assertEquals(7, a.smax());
        // a variable shift by at most 3
        bounds(b.alu(LSH, Scalar.unsignedRange(0, 3), true, 0), 0, 0xff << 3, 0, 0xff << 3);
    }

    @Test
    void divisionAndModuloBounds() {
        Scalar a = Scalar.unsignedRange(0, 1000);
        bounds(a.alu(DIV, c(10), true, 0), 0, 100, 0, 100);
        bounds(a.alu(MOD, c(16), true, 0), 0, 15, 0, 15);
        // a divisor that may be zero: x / 0 = 0, x % 0 = x
        bounds(a.alu(DIV, Scalar.unsignedRange(0, 4), true, 0), 0, 1000, 0, 1000);
        bounds(a.alu(MOD, Scalar.unsignedRange(0, 4), true, 0), 0, 1000, 0, 1000);
        Scalar s = Scalar.signedRange(-10, 10);
        Scalar q = s.alu(DIV, c(2), true, 1);
        assertEquals(-5, q.smin());
        assertEquals(5, q.smax());
        // |x| below every divisor magnitude: x % y = x
        assertEquals(Scalar.signedRange(-3, 4), Scalar.signedRange(-3, 4).alu(MOD, Scalar.signedRange(5, 9), true, 1));
        Scalar m = U.alu(MOD, c(8), true, 1);
        assertEquals(-7, m.smin());
        assertEquals(7, m.smax());
    }

    @Test
    void byteSwapOfAByteMovesItsUnknownBits() {
        Scalar b = U.alu(AND, c(0xff), true, 0);
        Scalar be32 = b.endian(false, true, 32);
        assertEquals(new Tnum(0, 0xff00_0000L), be32.tnum());
        assertEquals(0xff00_0000L, be32.umax());
        Scalar le16 = U.endian(false, false, 16);
        bounds(le16, 0, 0xffff, 0, 0xffff);
    }

    @Test
    void loadsTruncateAndSignExtend() {
        bounds(U.truncate(1), 0, 255, 0, 255);
        bounds(U.truncate(2), 0, 0xffff, 0, 0xffff);
        bounds(U.truncate(4), 0, 0xffff_ffffL, 0, 0xffff_ffffL);
        Scalar sx = U.signExtend(1);
        assertEquals(-128, sx.smin());
        assertEquals(127, sx.smax());
        Scalar sx4 = U.signExtend(4);
        assertEquals(Integer.MIN_VALUE, sx4.smin());
        assertEquals(Integer.MAX_VALUE, sx4.smax());
        // a small non-negative value is unchanged by either
        Scalar small = Scalar.unsignedRange(3, 9);
        assertEquals(small, small.truncate(1));
        assertEquals(small, small.signExtend(2));
    }

    @Test
    void decideFollowsIsBranchTaken() {
        assertEquals(Boolean.TRUE, Scalar.decide(JGT, c(5), c(3), false));
        assertEquals(Boolean.FALSE, Scalar.decide(JGT, Scalar.unsignedRange(0, 10), c(20), false));
        assertNull(Scalar.decide(JGT, U, c(20), false));
        assertEquals(Boolean.TRUE, Scalar.decide(JSET, U.alu(OR, c(4), true, 0), c(4), false));
        assertEquals(Boolean.FALSE, Scalar.decide(JSET, U.alu(AND, c(0xf0), true, 0), c(0xf), false));
        assertEquals(Boolean.FALSE, Scalar.decide(JEQ, U.alu(OR, c(1), true, 0), c(0), false));
        // only the low halves are compared by JMP32
        assertEquals(Boolean.TRUE, Scalar.decide(JEQ, c(0x1_0000_0007L), c(7), true));
        assertEquals(Boolean.FALSE, Scalar.decide(JEQ, c(0x1_0000_0007L), c(7), false));
        assertNull(Scalar.assume(JNE, c(3), c(3), false, true));
    }

    @Test
    void notEqualTrimsARangeEnd() {
        Scalar[] t = Scalar.assume(JNE, Scalar.unsignedRange(0, 10), c(0), false, true);
        assertEquals(1, t[0].umin());
        Scalar[] f = Scalar.assume(JSET, U, c(8), false, false);   // (r1 & 8) == 0
        assertEquals(0, f[0].tnum().value() & 8);
        assertEquals(0, f[0].tnum().mask() & 8);
        Scalar[] s = Scalar.assume(JSET, U, c(8), false, true);    // bit 3 set
        assertEquals(8, s[0].tnum().value() & 8);
    }

    @Test
    void wideningJumpsToThresholdsAndNarrowingRecovers() {
        long[] th = {99, 100, 101};
        Scalar i0 = c(0);
        Scalar i1 = Scalar.unsignedRange(0, 1);
        Scalar w = i0.widen(i1, th);
        assertEquals(99, w.umax());
        assertEquals(0, w.umin());
        // a bound that grows past every threshold goes to the type limit
        Scalar w2 = w.widen(Scalar.unsignedRange(0, 500), th);
        assertEquals(-1L, w2.umax());
        // narrowing with the loop-guarded value brings the limit back
        Scalar n = w2.narrow(Scalar.unsignedRange(0, 100));
        assertEquals(100, n.umax());
        // widening is an upper bound and idempotent on a stable value
        assertTrue(i1.leq(w) && i0.leq(w));
        assertEquals(w.umax(), w.widen(w, th).umax());
    }

    @Test
    void wideningKeepsTheAlignmentBothOperandsShare() {
        // a counter stepping by 8: [0, 8] then [0, 16]; the threshold 1023 is not a multiple of 8, 1016 is the
        // largest value below it that the counter can take (its low 3 bits are 0 on both sides)
        long[] th = {1023, 1024, 1025};
        Scalar w = c(0).join(c(8)).widen(c(16).join(c(0)).join(c(8)), th);
        assertEquals(1016, w.umax());
        assertEquals(1016, w.smax());
        assertEquals(1016, w.u32max() & 0xffffffffL);
        assertEquals(0, w.umin());
        // an odd counter (low bit 1 on both sides) below the threshold 100 is at most 99
        Scalar odd = c(3).join(c(5)).widen(c(3).join(c(7)), new long[] {100});
        assertEquals(99, odd.umax());
    }

    @Test
    void joinAndMeet() {
        Scalar j = c(4).join(c(12));
        bounds(j, 4, 12, 4, 12);
        assertEquals(new Tnum(4, 8), j.tnum());
        assertNull(Scalar.unsignedRange(0, 5).meet(Scalar.unsignedRange(6, 9)));
        assertEquals(c(5), Scalar.unsignedRange(0, 5).meet(Scalar.unsignedRange(5, 9)));
    }

    @Test
    void printsLikeTheKernelLog() {
        assertEquals("scalar()", U.toString());
        assertEquals("-1", c(-1).toString());
        assertEquals("0x80000000", c(0x8000_0000L).toString());
        assertEquals("scalar(smin=smin32=-128,smax=smax32=127)", U.signExtend(1).toString());
    }

    @Test
    void rejectsWhatIsNotAnAluOperation() {
        assertThrows(IllegalArgumentException.class, () -> U.alu(0xe0, U, true, 0));
        assertThrows(IllegalArgumentException.class, () -> U.alu(MOV, U, false, 32));
        assertThrows(IllegalArgumentException.class, () -> Scalar.assume(JA, U, U, false, true));
        assertNotNull(U.alu(NEG, U, true, 0));
    }
}
