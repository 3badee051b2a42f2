package io.ebpf4j.verifier.domain;

import static io.ebpf4j.isa.Opcodes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.verifier.domain.Samples.Sample;
import java.util.Arrays;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Soundness of the scalar domain against the interpreter: for random abstract values and
 * concrete members of them, the concrete result of every operation (computed by running the
 * instruction, see {@link Oracle}) lies in the abstract result, and an edge is called infeasible
 * only when no member pair takes it.
 */
class ScalarSoundnessTest {

    private static final int[] BINARY_OPS = {ADD, SUB, MUL, DIV, OR, AND, LSH, RSH, MOD, XOR, ARSH};
    private static final int[] JUMPS = {JEQ, JGT, JGE, JSET, JNE, JSGT, JSGE, JLT, JLE, JSLT, JSLE};

    @Provide
    Arbitrary<Sample> samples() {
        return Arbitraries.randomValue(Samples::sample);
    }

    @Provide
    Arbitrary<Sample[]> pairs() {
        return Arbitraries.randomValue(Samples::pair);
    }

    @Provide
    Arbitrary<Integer> binaryOps() {
        return Arbitraries.of(Arrays.stream(BINARY_OPS).boxed().toList());
    }

    @Provide
    Arbitrary<Integer> jumps() {
        return Arbitraries.of(Arrays.stream(JUMPS).boxed().toList());
    }

    private static void assertIn(Scalar abs, long v, String what) {
        assertTrue(abs.contains(v), () -> what + ": concrete 0x" + Long.toHexString(v) + " not in " + abs);
    }

    @Property(tries = 1500)
    void samplesHoldTheirMembers(@ForAll("samples") Sample a) {
        for (long x : a.members()) assertIn(a.abs(), x, "construction");
    }

    @Property(tries = 2000)
    void binaryAluIsSound(@ForAll("pairs") Sample[] ab, @ForAll("binaryOps") int op,
                          @ForAll boolean alu64, @ForAll boolean signedVariant) {
        Sample a = ab[0], b = ab[1];
        int offset = (op == DIV || op == MOD) && signedVariant ? 1 : 0;
        Scalar r = a.abs().alu(op, b.abs(), alu64, offset);
        for (long x : a.members()) {
            for (long y : b.members()) {
                long c = Oracle.alu(op, x, y, alu64, offset);
                assertIn(r, c, String.format("%s op 0x%x alu64=%b off=%d on 0x%x, 0x%x (dst %s, src %s)",
                        "alu", op, alu64, offset, x, y, a.abs(), b.abs()));
            }
        }
    }

    @Property(tries = 1000)
    void constantOperandsFoldExactly(@ForAll("samples") Sample a, @ForAll("samples") Sample b, @ForAll("binaryOps") int op,
                                     @ForAll boolean alu64, @ForAll boolean signedVariant) {
        int offset = (op == DIV || op == MOD) && signedVariant ? 1 : 0;
        long x = a.members()[0], y = b.members()[0];
        Scalar r = Scalar.constant(x).alu(op, Scalar.constant(y), alu64, offset);
        assertTrue(r.isConstant(), () -> "not folded: " + r);
        assertEquals(Oracle.alu(op, x, y, alu64, offset), r.constantValue());
    }

    @Property(tries = 1500)
    void movMovsxNegAndEndianAreSound(@ForAll("samples") Sample a, @ForAll boolean alu64) {
        Scalar src = a.abs();
        int[] offsets = alu64 ? new int[] {0, 8, 16, 32} : new int[] {0, 8, 16};
        for (int off : offsets) {
            Scalar r = Scalar.unknown().alu(MOV, src, alu64, off);
            for (long x : a.members()) assertIn(r, Oracle.alu(MOV, 0x5a5a, x, alu64, off), "mov off " + off + " alu64=" + alu64);
        }
        Scalar n = src.neg(alu64);
        for (long x : a.members()) assertIn(n, Oracle.neg(x, alu64), "neg alu64=" + alu64);
        for (int width : new int[] {16, 32, 64}) {
            for (boolean swap : new boolean[] {false, true}) {
                if (alu64 && !swap) continue;
                Scalar e = src.endian(alu64, swap, width);
                for (long x : a.members()) assertIn(e, Oracle.endian(x, alu64, swap, width), "end " + width + " swap=" + swap);
            }
        }
    }

    @Property(tries = 1500)
    void loadsTruncateAndSignExtendSoundly(@ForAll("samples") Sample a) {
        for (int size : new int[] {1, 2, 4, 8}) {
            Scalar z = a.abs().truncate(size);
            Scalar s = a.abs().signExtend(size);
            for (long x : a.members()) {
                assertIn(z, Oracle.load(x, size, false), "ldx size " + size);
                assertIn(s, Oracle.load(x, size, true), "ldxsx size " + size);
            }
        }
    }

    @Property(tries = 2000)
    void branchRefinementKeepsEveryPairOnItsEdge(@ForAll("pairs") Sample[] ab, @ForAll("jumps") int op, @ForAll boolean jmp32) {
        Sample a = ab[0], b = ab[1];
        Scalar[] onTrue = Scalar.assume(op, a.abs(), b.abs(), jmp32, true);
        Scalar[] onFalse = Scalar.assume(op, a.abs(), b.abs(), jmp32, false);
        Boolean decided = Scalar.decide(op, a.abs(), b.abs(), jmp32);
        for (long x : a.members()) {
            for (long y : b.members()) {
                boolean taken = Oracle.jump(op, x, y, jmp32);
                Scalar[] edge = taken ? onTrue : onFalse;
                String what = String.format("jump 0x%x jmp32=%b %s on 0x%x, 0x%x (dst %s, src %s)", op, jmp32, taken, x, y, a.abs(), b.abs());
                assertNotNull(edge, what + ": edge called infeasible");
                assertIn(edge[0], x, what + " dst");
                assertIn(edge[1], y, what + " src");
                if (decided != null) assertEquals(decided, taken, what + ": decided wrongly");
            }
        }
    }

    @Property(tries = 1500)
    void joinMeetWidenNarrowAreSound(@ForAll("pairs") Sample[] ab) {
        Sample a = ab[0], b = ab[1];
        Scalar j = a.abs().join(b.abs());
        long[] th = LongStream.concat(Arrays.stream(a.members()), Arrays.stream(b.members())).sorted().toArray();
        Scalar w = a.abs().widen(b.abs(), th);
        Scalar wNone = a.abs().widen(b.abs(), new long[0]);
        for (long x : a.members()) {
            assertIn(j, x, "join");
            assertIn(w, x, "widen");
            assertIn(wNone, x, "widen without thresholds");
        }
        for (long y : b.members()) {
            assertIn(j, y, "join");
            assertIn(w, y, "widen");
            assertIn(wNone, y, "widen without thresholds");
        }
        assertTrue(a.abs().leq(j) && b.abs().leq(j), "join is an upper bound");
        Scalar m = a.abs().meet(b.abs());
        for (long x : a.members()) {
            if (b.abs().contains(x)) {
                assertNotNull(m, "meet called empty but holds 0x" + Long.toHexString(x));
                assertIn(m, x, "meet");
            }
        }
        if (m != null) {
            assertTrue(m.leq(a.abs()) && m.leq(b.abs()), "meet is a lower bound");
            // narrowing the widened value with something it contains keeps that something
            Scalar n = w.narrow(m);
            for (long x : a.members()) if (m.contains(x)) assertIn(n, x, "narrow");
        }
        Scalar n2 = w.narrow(a.abs());
        for (long x : a.members()) assertIn(n2, x, "narrow");
    }

    @Property(tries = 1000)
    void leqMeansContainment(@ForAll("samples") Sample a, @ForAll("samples") Sample b) {
        if (a.abs().leq(b.abs())) {
            for (long x : a.members()) assertIn(b.abs(), x, "leq");
        }
        assertTrue(a.abs().leq(a.abs()));
        assertTrue(a.abs().leq(Scalar.unknown()));
    }

    @Property(tries = 1000)
    void singletonMeetsAreExact(@ForAll("samples") Sample a) {
        for (long x : a.members()) {
            Scalar m = a.abs().meet(Scalar.constant(x));
            assertNotNull(m);
            assertTrue(m.isConstant() && m.constantValue() == x, () -> "meet with member: " + m);
        }
        // a value outside the tnum cannot meet
        Tnum t = a.abs().tnum();
        if (t.mask() != -1L) {
            long outside = t.value() ^ Long.lowestOneBit(~t.mask());
            assertNull(a.abs().meet(Scalar.constant(outside)));
        }
    }
}
