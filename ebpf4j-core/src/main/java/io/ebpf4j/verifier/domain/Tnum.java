package io.ebpf4j.verifier.domain;

/**
 * A tristate number, as the kernel's {@code kernel/bpf/tnum.c}: bit {@code i} is known iff bit
 * {@code i} of {@link #mask} is 0, and then its value is bit {@code i} of {@link #value}. The
 * canonical form keeps {@code value & mask == 0} (the constructor clears value bits under the mask),
 * so equal sets of concrete values have equal records.
 *
 * <p>Every operation is a sound over-approximation of the concrete 64-bit operation: for all
 * {@code x} in {@code a} and {@code y} in {@code b}, {@code x OP y} is in {@code a.OP(b)}.
 */
public record Tnum(long value, long mask) {

    /** Nothing known: every 64-bit value. */
    public static final Tnum UNKNOWN = new Tnum(0, -1L);

    public Tnum {
        value &= ~mask;
    }

    /** Exactly {@code v} (kernel tnum_const). */
    public static Tnum constant(long v) {
        return new Tnum(v, 0);
    }

    /**
     * The smallest tnum holding every value of the unsigned interval [umin, umax] (kernel
     * tnum_range): the bits above the highest bit where the bounds differ are known.
     */
    public static Tnum range(long umin, long umax) {
        long chi = umin ^ umax;
        int bits = 64 - Long.numberOfLeadingZeros(chi);
        if (bits > 63) return UNKNOWN;
        long delta = (1L << bits) - 1;
        return new Tnum(umin & ~delta, delta);
    }

    public boolean isConstant() {
        return mask == 0;
    }

    public boolean isUnknown() {
        return mask == -1L;
    }

    public boolean contains(long v) {
        return ((v ^ value) & ~mask) == 0;
    }

    /** Smallest member as an unsigned number. */
    public long umin() {
        return value;
    }

    /** Largest member as an unsigned number. */
    public long umax() {
        return value | mask;
    }

    /**
     * The largest member that is at most {@code bound} in unsigned order, or {@code bound} itself
     * when no member is (then nothing can be tightened). Walks the bits from the top, keeping the
     * prefix equal to the bound's while the known bits allow; where a known bit is below the
     * bound's the rest is free (all unknown bits set); where it is above, the result drops the
     * lowest-placed unknown 1 of the prefix seen so far and sets every unknown bit below it.
     */
    public long maxAtMost(long bound) {
        int back = -1;
        for (int i = 63; i >= 0; i--) {
            long bit = 1L << i;
            boolean ub = (bound & bit) != 0;
            if ((mask & bit) != 0) {
                if (ub) back = i;
                continue;
            }
            boolean vb = (value & bit) != 0;
            if (vb == ub) continue;
            if (ub) return (bound & ~(bit | (bit - 1))) | ((value | mask) & (bit - 1)); // this bit 0 under the bound's 1
            if (back < 0) return bound; // every member is above the bound
            long b = 1L << back;
            return (bound & ~(b | (b - 1))) | ((value | mask) & (b - 1));
        }
        return bound; // the bound is a member
    }

    /** The smallest member that is at least {@code bound} in unsigned order, or {@code bound} itself when none is. */
    public long minAtLeast(long bound) {
        // x >= bound  <=>  ~x <= ~bound, and ~x ranges over the members of (~value with the same unknown bits)
        long r = new Tnum(~value, mask).maxAtMost(~bound);
        return ~r;
    }

    // kernel tnum.c tnum_add: the carries that can differ between the all-unknown-zero and
    // all-unknown-one sums mark every bit they may flip as unknown.
    public Tnum add(Tnum o) {
        long sm = mask + o.mask;
        long sv = value + o.value;
        long sigma = sm + sv;
        long chi = sigma ^ sv;
        long mu = chi | mask | o.mask;
        return new Tnum(sv & ~mu, mu);
    }

    // kernel tnum.c tnum_sub: same idea with the two extreme borrows
    public Tnum sub(Tnum o) {
        long dv = value - o.value;
        long alpha = dv + mask;
        long beta = dv - o.mask;
        long chi = alpha ^ beta;
        long mu = chi | mask | o.mask;
        return new Tnum(dv & ~mu, mu);
    }

    // kernel tnum.c tnum_and: a bit is surely 1 if both are surely 1, maybe 1 if both may be 1
    public Tnum and(Tnum o) {
        long alpha = value | mask;
        long beta = o.value | o.mask;
        long v = value & o.value;
        return new Tnum(v, alpha & beta & ~v);
    }

    // kernel tnum.c tnum_or
    public Tnum or(Tnum o) {
        long v = value | o.value;
        long mu = mask | o.mask;
        return new Tnum(v, mu & ~v);
    }

    // kernel tnum.c tnum_xor
    public Tnum xor(Tnum o) {
        long v = value ^ o.value;
        long mu = mask | o.mask;
        return new Tnum(v & ~mu, mu);
    }

    /**
     * Multiplication: the intersection of the kernel's two published algorithms, both sound, neither
     * always the more precise. The current tnum_mul (Edamana, 2025) sums shifted copies of
     * {@code o} over the bits of this, taking the union of "added" and "not added" for an unknown
     * bit; the earlier one (Vishwanathan et al., CGO 2022, "our_mul") multiplies the known parts and
     * adds the partial products that involve an unknown bit.
     */
    public Tnum mul(Tnum o) {
        Tnum a = mulUnion(o), b = mulCgo(o);
        Tnum m = a.meet(b);
        return m == null ? a : m;
    }

    private Tnum mulUnion(Tnum o) {
        Tnum acc = new Tnum(0, 0);
        Tnum a = this;
        Tnum b = o;
        while (a.value != 0 || a.mask != 0) {
            if ((a.value & 1) != 0) {
                acc = acc.add(b);
            } else if ((a.mask & 1) != 0) {
                acc = acc.join(acc.add(b));
            }
            a = a.rshift(1);
            b = b.lshift(1);
        }
        return acc;
    }

    private Tnum mulCgo(Tnum o) {
        long accV = value * o.value;
        Tnum accM = new Tnum(0, 0);
        Tnum a = this;
        Tnum b = o;
        while (a.value != 0 || a.mask != 0) {
            if ((a.value & 1) != 0) {
                accM = accM.add(new Tnum(0, b.mask));
            } else if ((a.mask & 1) != 0) {
                accM = accM.add(new Tnum(0, b.value | b.mask));
            }
            a = a.rshift(1);
            b = b.lshift(1);
        }
        return new Tnum(accV, 0).add(accM);
    }

    /** Shift left by {@code n} in [0, 63] (kernel tnum_lshift). */
    public Tnum lshift(int n) {
        return new Tnum(value << n, mask << n);
    }

    /** Logical shift right by {@code n} in [0, 63] (kernel tnum_rshift). */
    public Tnum rshift(int n) {
        return new Tnum(value >>> n, mask >>> n);
    }

    /**
     * Arithmetic shift right by {@code n} of a {@code width}-bit value (kernel tnum_arshift): for
     * width 32 the low half is shifted as a signed 32-bit number and the result zero-extended.
     */
    public Tnum arshift(int n, int width) {
        if (width == 32) {
            return new Tnum(((int) value >> n) & 0xffff_ffffL, ((int) mask >> n) & 0xffff_ffffL);
        }
        return new Tnum(value >> n, mask >> n);
    }

    /** Keep the low {@code bytes} bytes, the rest known zero (kernel tnum_cast). */
    public Tnum cast(int bytes) {
        if (bytes >= 8) return this;
        long m = (1L << (bytes * 8)) - 1;
        return new Tnum(value & m, mask & m);
    }

    /** Sign-extend from the low {@code bytes} bytes: the sign bit, known or not, fills the upper bits. */
    public Tnum signExtend(int bytes) {
        if (bytes >= 8) return this;
        int sh = 64 - bytes * 8;
        return new Tnum((value << sh) >> sh, (mask << sh) >> sh);
    }

    /** The low {@code width} bits (16, 32, 64) with their bytes in reverse order; exact, as bits only move. */
    public Tnum bswap(int width) {
        return switch (width) {
            case 16 -> new Tnum(Short.reverseBytes((short) value) & 0xffffL, Short.reverseBytes((short) mask) & 0xffffL);
            case 32 -> new Tnum(Integer.reverseBytes((int) value) & 0xffff_ffffL, Integer.reverseBytes((int) mask) & 0xffff_ffffL);
            default -> new Tnum(Long.reverseBytes(value), Long.reverseBytes(mask));
        };
    }

    /**
     * Least upper bound: a bit stays known only where both are known and agree (the kernel's
     * tnum_union in newer trees).
     */
    public Tnum join(Tnum o) {
        long mu = mask | o.mask | (value ^ o.value);
        return new Tnum(value & ~mu, mu);
    }

    /** Intersection (kernel tnum_intersect), or null when a bit is known 0 in one and 1 in the other. */
    public Tnum meet(Tnum o) {
        if (((value ^ o.value) & ~mask & ~o.mask) != 0) return null;
        long mu = mask & o.mask;
        return new Tnum((value | o.value) & ~mu, mu);
    }

    /** {@code this ⊆ o}: every bit known in o is known in this with the same value. */
    public boolean leq(Tnum o) {
        return (mask & ~o.mask) == 0 && ((value ^ o.value) & ~o.mask) == 0;
    }

    /** The kernel's tnum_strn form: {@code (0x…; 0x…)}. */
    @Override
    public String toString() {
        return "(0x" + Long.toHexString(value) + "; 0x" + Long.toHexString(mask) + ")";
    }
}
