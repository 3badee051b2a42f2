package io.ebpf4j.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The JIT's unsigned division and modulo by an immediate ({@link Alu#udiv64Const} ... {@link Alu#umod32Const}) give
 * what RFC 9669 §4.1 asks, as {@link Alu#udiv64} ... {@link Alu#umod32} (Java's unsigned division, with the rules for
 * a zero divisor) give it: on every edge of the Hacker's Delight identity (dividends around 2^63 and 2^64, divisors 1,
 * powers of two, divisors of 2^63 and above, sign-extended negative immediates) and on random pairs.
 */
class AluConstDivisionTest {

    private static final long[] DIVIDENDS = {0, 1, 2, 3, 7, 8, 9, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, 0x1_0000_0000L,
            Long.MAX_VALUE - 1, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, -3, -2, -1, 0x5851f42d4c957f2dL,
            0x9E3779B97F4A7C15L};
    // an immediate is 32 bits, sign-extended for ALU64: -1 is 2^64 - 1, Integer.MIN_VALUE is 2^64 - 2^31
    private static final long[] DIVISORS = {0, 1, 2, 3, 5, 6, 7, 10, 16, 1000, 0x7fff_ffffL, Integer.MIN_VALUE, -1, -2, -3,
            -7, -1000, 0x8000_0000L, 0xffff_ffffL, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 62, (1L << 62) + 1};

    private static void check(long x, long d) {
        String at = Long.toUnsignedString(x) + " by " + Long.toUnsignedString(d);
        assertEquals(Alu.udiv64(x, d), Alu.udiv64Const(x, d), "udiv64 " + at);
        assertEquals(Alu.umod64(x, d), Alu.umod64Const(x, d), "umod64 " + at);
        assertEquals(Alu.udiv32(x, d), Alu.udiv32Const(x, d), "udiv32 " + at);
        assertEquals(Alu.umod32(x, d), Alu.umod32Const(x, d), "umod32 " + at);
    }

    @Test
    void edges() {
        for (long x : DIVIDENDS) {
            for (long d : DIVISORS) {
                for (long dx = -2; dx <= 2; dx++) check(x + dx, d);
            }
        }
        // a dividend that is a multiple of the divisor, and one short of it (where the quotient's correction matters)
        for (long d : DIVISORS) {
            if (d == 0) continue;
            long m = Long.divideUnsigned(-1L, d) * d;
            check(m, d);
            check(m - 1, d);
        }
    }

    @Provide
    Arbitrary<Long> divisors() {
        return Arbitraries.oneOf(Arbitraries.integers().map(Integer::longValue), Arbitraries.longs(),
                Arbitraries.integers().between(0, 63).map(k -> 1L << k),
                Arbitraries.of(java.util.Arrays.stream(DIVISORS).boxed().toList()));
    }

    @Property(tries = 20_000)
    void randomPairs(@ForAll long x, @ForAll("divisors") long d) {
        check(x, d);
    }
}
