package io.ebpf4j.verifier.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Tristate numbers (kernel/bpf/tnum.c): each operation over-approximates the concrete one bit-exactly. */
class TnumTest {

    /** A tnum and two members of it. */
    record T(Tnum t, long x, long y) {}

    static T random(Random r) {
        long mask = switch (r.nextInt(4)) {
            case 0 -> r.nextLong() & r.nextLong();
            case 1 -> (1L << r.nextInt(64)) - 1;
            case 2 -> 0;
            default -> r.nextLong() & r.nextLong() & r.nextLong() & r.nextLong();
        };
        long value = Samples.interesting(r) & ~mask;
        Tnum t = new Tnum(value, mask);
        return new T(t, value | (r.nextLong() & mask), value | (r.nextLong() & mask));
    }

    @Provide
    Arbitrary<T> tnums() {
        return Arbitraries.randomValue(TnumTest::random);
    }

    private static void in(Tnum t, long v, String op) {
        assertTrue(t.contains(v), () -> op + ": 0x" + Long.toHexString(v) + " not in " + t);
    }

    @Property(tries = 2000)
    void binaryOperationsAreSound(@ForAll("tnums") T a, @ForAll("tnums") T b) {
        for (long x : new long[] {a.x(), a.y()}) {
            for (long y : new long[] {b.x(), b.y()}) {
                in(a.t().add(b.t()), x + y, "add");
                in(a.t().sub(b.t()), x - y, "sub");
                in(a.t().mul(b.t()), x * y, "mul");
                in(a.t().and(b.t()), x & y, "and");
                in(a.t().or(b.t()), x | y, "or");
                in(a.t().xor(b.t()), x ^ y, "xor");
                in(a.t().join(b.t()), x, "join");
                in(a.t().join(b.t()), y, "join");
            }
        }
        Tnum m = a.t().meet(b.t());
        if (b.t().contains(a.x())) in(m, a.x(), "meet");
        if (m == null) assertFalse(b.t().contains(a.x()) || b.t().contains(a.y()));
    }

    @Property(tries = 1500)
    void shiftsCastsAndSwapsAreSound(@ForAll("tnums") T a, @ForAll("tnums") T k) {
        int n = (int) (k.x() & 63);
        long x = a.x();
        in(a.t().lshift(n), x << n, "lshift");
        in(a.t().rshift(n), x >>> n, "rshift");
        in(a.t().arshift(n, 64), x >> n, "arshift64");
        in(a.t().cast(4).arshift(n & 31, 32), ((int) x >> (n & 31)) & 0xffff_ffffL, "arshift32");
        for (int bytes : new int[] {1, 2, 4, 8}) {
            in(a.t().cast(bytes), bytes == 8 ? x : x & ((1L << (bytes * 8)) - 1), "cast");
        }
        in(a.t().signExtend(1), (byte) x, "sext1");
        in(a.t().signExtend(2), (short) x, "sext2");
        in(a.t().signExtend(4), (int) x, "sext4");
        in(a.t().bswap(16), Short.reverseBytes((short) x) & 0xffffL, "bswap16");
        in(a.t().bswap(32), Integer.reverseBytes((int) x) & 0xffff_ffffL, "bswap32");
        in(a.t().bswap(64), Long.reverseBytes(x), "bswap64");
    }

    @Property(tries = 1500)
    void rangeHoldsItsInterval(@ForAll("tnums") T a, @ForAll("tnums") T b) {
        long lo = Part.umin2(a.x(), b.x()), hi = Part.umax2(a.x(), b.x());
        Tnum r = Tnum.range(lo, hi);
        in(r, lo, "range");
        in(r, hi, "range");
        in(r, lo + ((hi - lo) >>> 1), "range");
    }

    @Example
    void rangeKnowsTheBitsAboveTheHighestDifference() {
        // kernel tnum_range: [0, 255] leaves the low byte unknown, everything above known 0
        assertEquals(new Tnum(0, 0xff), Tnum.range(0, 255));
        assertEquals(new Tnum(0x100, 0xff), Tnum.range(0x100, 0x1ff));
        assertEquals(Tnum.constant(42), Tnum.range(42, 42));
        assertEquals(Tnum.UNKNOWN, Tnum.range(0, -1L));
    }

    @Example
    void constantsFoldExactly() {
        assertEquals(Tnum.constant(12), Tnum.constant(5).add(Tnum.constant(7)));
        assertEquals(Tnum.constant(-2), Tnum.constant(5).sub(Tnum.constant(7)));
        assertEquals(Tnum.constant(35), Tnum.constant(5).mul(Tnum.constant(7)));
        assertEquals(Tnum.constant(0xf0), Tnum.constant(0xff).and(Tnum.constant(0xf0)));
    }

    @Example
    void knownLowBitsSurviveAddition() {
        // x * 4 + 1 with x unknown: the low two bits stay 01 (the kernel's alignment tracking relies on this)
        Tnum fourX = Tnum.UNKNOWN.lshift(2);
        Tnum r = fourX.add(Tnum.constant(1));
        assertEquals(1, r.value() & 3);
        assertEquals(0, r.mask() & 3);
    }

    @Example
    void meetOfContradictoryBitsIsEmpty() {
        assertNull(new Tnum(1, 0xfe).meet(new Tnum(0, 0xfe)));
        assertEquals(new Tnum(1, 0xf0), new Tnum(1, 0xff).meet(new Tnum(1, 0xfff0)));
    }

    @Example
    void constructorClearsValueBitsUnderTheMask() {
        assertEquals(new Tnum(0, 0xff), new Tnum(0x12, 0xff));
    }

    @Example
    void maxAtMostAndMinAtLeastAreTheNearestMembersOfEverySixBitTnum() {
        // the definition, by enumeration: every tnum over the low 6 bits (bits above known 0), every bound
        for (long mask = 0; mask < 64; mask++) {
            for (long value = 0; value < 64; value++) {
                if ((value & mask) != 0) continue;
                Tnum t = new Tnum(value, mask);
                for (long bound = 0; bound < 64; bound++) {
                    long below = bound, above = bound;
                    for (long x = 0; x < 64; x++) if (t.contains(x) && x <= bound) below = x;
                    for (long x = 63; x >= 0; x--) if (t.contains(x) && x >= bound) above = x;
                    assertEquals(below, t.maxAtMost(bound), t + " maxAtMost " + bound);
                    assertEquals(above, t.minAtLeast(bound), t + " minAtLeast " + bound);
                }
            }
        }
    }

    @Property(tries = 2000)
    void maxAtMostIsTheLargestMemberNotAboveTheBound(@ForAll("tnums") T a) {
        // 64-bit: a member <= bound; flipping any unknown 0 bit of it to 1 (clearing the unknown bits below) exceeds the bound
        Tnum t = a.t();
        long bound = a.x() ^ (a.y() >>> 7);
        long m = t.maxAtMost(bound);
        if (Long.compareUnsigned(t.umin(), bound) > 0) {
            assertEquals(bound, m, "no member is <= the bound: the bound itself");
            return;
        }
        assertTrue(t.contains(m) && Long.compareUnsigned(m, bound) <= 0, () -> t + " maxAtMost " + bound + " = " + m);
        for (int i = 0; i < 64; i++) {
            long bit = 1L << i;
            if ((t.mask() & bit) == 0 || (m & bit) != 0) continue;
            long bigger = (m | bit) & ~(t.mask() & (bit - 1)); // the smallest member above m with this bit set
            assertTrue(Long.compareUnsigned(bigger, bound) > 0, () -> "member " + bigger + " lies between " + m + " and " + bound);
        }
    }
}
