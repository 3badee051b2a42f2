package io.ebpf4j.verifier.domain;

/**
 * One width's view of a {@link Scalar}: the 64-bit register ({@code w = 64}) or its low 32-bit
 * subregister ({@code w = 32}), as a tnum plus signed and unsigned bounds. For {@code w = 32} the
 * tnum's upper 32 bits are known zero, unsigned bounds lie in [0, 2^32) and signed bounds in the
 * int range, all held in longs so one set of transfer functions serves both widths (the kernel
 * writes each one twice, e.g. scalar32_min_max_add and scalar_min_max_add in verifier.c).
 *
 * <p>The ops are not reduced; {@link Scalar} reduces their result. They may return a bound
 * pair with {@code min > max} only from {@link Refine}, never from an ALU transfer function.
 */
record Part(int w, Tnum t, long smin, long smax, long umin, long umax) {

    static final long MASK32 = 0xffff_ffffL;

    static long umaxOf(int w) {
        return w == 64 ? -1L : MASK32;
    }

    static long sminOf(int w) {
        return w == 64 ? Long.MIN_VALUE : Integer.MIN_VALUE;
    }

    static long smaxOf(int w) {
        return w == 64 ? Long.MAX_VALUE : Integer.MAX_VALUE;
    }

    /** The unsigned representative of {@code x} at width w. */
    static long u(int w, long x) {
        return w == 64 ? x : x & MASK32;
    }

    /** The signed representative of {@code x} at width w. */
    static long s(int w, long x) {
        return w == 64 ? x : (int) x;
    }

    static Tnum tn(int w, Tnum t) {
        return w == 64 ? t : t.cast(4);
    }

    static Part top(int w) {
        return new Part(w, tn(w, Tnum.UNKNOWN), sminOf(w), smaxOf(w), 0, umaxOf(w));
    }

    static Part constant(int w, long v) {
        return new Part(w, Tnum.constant(u(w, v)), s(w, v), s(w, v), u(w, v), u(w, v));
    }

    /** Bounds only from the tnum; signed and unsigned intervals full. */
    static Part ofTnum(int w, Tnum t) {
        return new Part(w, tn(w, t), sminOf(w), smaxOf(w), 0, umaxOf(w));
    }

    boolean isConstant() {
        return t.isConstant() || umin == umax;
    }

    /** The single value (unsigned representative) of a constant part. */
    long constant() {
        return t.isConstant() ? t.value() : umin;
    }

    Part withT(Tnum nt) {
        return new Part(w, tn(w, nt), smin, smax, umin, umax);
    }

    Part withS(long lo, long hi) {
        return new Part(w, t, lo, hi, umin, umax);
    }

    Part withU(long lo, long hi) {
        return new Part(w, t, smin, smax, lo, hi);
    }

    static boolean ult(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    static long umin2(long a, long b) {
        return ult(a, b) ? a : b;
    }

    static long umax2(long a, long b) {
        return ult(a, b) ? b : a;
    }

    /** Hull of two parts (join). */
    Part join(Part o) {
        return new Part(w, t.join(o.t), Math.min(smin, o.smin), Math.max(smax, o.smax),
                umin2(umin, o.umin), umax2(umax, o.umax));
    }

    // ---- wrap counting: a monotone interval map stays an interval after wrapping to w bits only
    // if both of its ends wrapped the same number of times (kernel verifier.c scalar_min_max_add:
    // "if both overflow ... the result is still a valid range", newer trees)

    /** How many times 2^w was subtracted to bring the exact unsigned sum a + b back into range (0 or 1). */
    private static int carry(int w, long a, long b) {
        if (w == 32) return (a + b) > MASK32 ? 1 : 0;
        return ult(a + b, a) ? 1 : 0;
    }

    /** -1 if the exact signed sum a + b is below the range, +1 above, 0 inside. */
    private static int sovfAdd(int w, long a, long b) {
        if (w == 32) {
            long r = a + b;
            return r > Integer.MAX_VALUE ? 1 : r < Integer.MIN_VALUE ? -1 : 0;
        }
        long r = a + b;
        if (a >= 0 && b >= 0 && r < 0) return 1;
        if (a < 0 && b < 0 && r >= 0) return -1;
        return 0;
    }

    /** As sovfAdd for a - b. */
    private static int sovfSub(int w, long a, long b) {
        if (w == 32) {
            long r = a - b;
            return r > Integer.MAX_VALUE ? 1 : r < Integer.MIN_VALUE ? -1 : 0;
        }
        long r = a - b;
        if (a >= 0 && b < 0 && r < 0) return 1;
        if (a < 0 && b >= 0 && r >= 0) return -1;
        return 0;
    }

    // kernel verifier.c scalar_min_max_add / scalar32_min_max_add
    static Part add(Part a, Part b) {
        int w = a.w;
        Tnum t = tn(w, a.t.add(b.t));
        long umin = 0, umax = umaxOf(w);
        if (carry(w, a.umin, b.umin) == carry(w, a.umax, b.umax)) {
            umin = u(w, a.umin + b.umin);
            umax = u(w, a.umax + b.umax);
        }
        long smin = sminOf(w), smax = smaxOf(w);
        if (sovfAdd(w, a.smin, b.smin) == sovfAdd(w, a.smax, b.smax)) {
            smin = s(w, a.smin + b.smin);
            smax = s(w, a.smax + b.smax);
        }
        return new Part(w, t, smin, smax, umin, umax);
    }

    // kernel verifier.c scalar_min_max_sub / scalar32_min_max_sub
    static Part sub(Part a, Part b) {
        int w = a.w;
        Tnum t = tn(w, a.t.sub(b.t));
        long umin = 0, umax = umaxOf(w);
        // a borrow happens at an end iff the minuend is below the subtrahend there
        if (ult(a.umin, b.umax) == ult(a.umax, b.umin)) {
            umin = u(w, a.umin - b.umax);
            umax = u(w, a.umax - b.umin);
        }
        long smin = sminOf(w), smax = smaxOf(w);
        if (sovfSub(w, a.smin, b.smax) == sovfSub(w, a.smax, b.smin)) {
            smin = s(w, a.smin - b.smax);
            smax = s(w, a.smax - b.smin);
        }
        return new Part(w, t, smin, smax, umin, umax);
    }

    static Part neg(Part a) {
        return sub(constant(a.w, 0), a);
    }

    // kernel verifier.c scalar_min_max_mul: bounds only when no product overflows
    static Part mul(Part a, Part b) {
        int w = a.w;
        Tnum t = tn(w, a.t.mul(b.t));
        long umin = 0, umax = umaxOf(w);
        boolean uok = w == 64 ? Math.unsignedMultiplyHigh(a.umax, b.umax) == 0
                : Long.compareUnsigned(a.umax * b.umax, MASK32) <= 0;
        if (uok) {
            umin = a.umin * b.umin;
            umax = a.umax * b.umax;
        }
        long smin = sminOf(w), smax = smaxOf(w);
        long[] xs = {a.smin, a.smax};
        long[] ys = {b.smin, b.smax};
        boolean sok = true;
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (long x : xs) {
            for (long y : ys) {
                long p = x * y;
                boolean ovf = w == 64 ? Math.multiplyHigh(x, y) != (p >> 63)
                        : p < Integer.MIN_VALUE || p > Integer.MAX_VALUE;
                if (ovf) sok = false;
                lo = Math.min(lo, p);
                hi = Math.max(hi, p);
            }
        }
        if (sok) {
            smin = lo;
            smax = hi;
        }
        return new Part(w, t, smin, smax, umin, umax);
    }

    // kernel verifier.c scalar_min_max_and: x & y <= min(x, y) unsigned; non-negative if either is
    static Part and(Part a, Part b) {
        int w = a.w;
        Tnum t = tn(w, a.t.and(b.t));
        long umin = t.value();
        long umax = umin2(a.umax, b.umax);
        long smin = sminOf(w), smax = smaxOf(w);
        if (a.smin >= 0 && b.smin >= 0) {
            smin = 0;
            smax = Math.min(a.smax, b.smax);
        } else if (a.smin >= 0) {
            smin = 0;
            smax = a.smax;
        } else if (b.smin >= 0) {
            smin = 0;
            smax = b.smax;
        } else if (a.smax < 0 && b.smax < 0) {
            // both negative: the sign bit stays and clearing other bits only lowers the value
            smax = Math.min(a.smax, b.smax);
        }
        return new Part(w, t, smin, smax, umin, umax);
    }

    // kernel verifier.c scalar_min_max_or: x | y >= max(x, y) unsigned
    static Part or(Part a, Part b) {
        int w = a.w;
        Tnum t = tn(w, a.t.or(b.t));
        long umin = umax2(a.umin, b.umin);
        long umax = t.value() | t.mask();
        long smin = sminOf(w), smax = smaxOf(w);
        if (a.smin >= 0 && b.smin >= 0) {
            smin = Math.max(a.smin, b.smin);
        } else if (a.smax < 0 && b.smax < 0) {
            smin = Math.max(a.smin, b.smin);
            smax = -1;
        } else if (a.smax < 0) {
            // setting bits of a negative number keeps it negative and does not lower it
            smin = a.smin;
            smax = -1;
        } else if (b.smax < 0) {
            smin = b.smin;
            smax = -1;
        }
        return new Part(w, t, smin, smax, umin, umax);
    }

    // kernel verifier.c scalar_min_max_xor: bounds from the tnum; the sign is the xor of the signs
    static Part xor(Part a, Part b) {
        int w = a.w;
        Tnum t = tn(w, a.t.xor(b.t));
        long umin = t.value();
        long umax = t.value() | t.mask();
        long smin = sminOf(w), smax = smaxOf(w);
        boolean aPos = a.smin >= 0, bPos = b.smin >= 0, aNeg = a.smax < 0, bNeg = b.smax < 0;
        if ((aPos && bPos) || (aNeg && bNeg)) {
            smin = 0;
        } else if ((aPos && bNeg) || (aNeg && bPos)) {
            smax = -1;
        }
        return new Part(w, t, smin, smax, umin, umax);
    }

    // ---- shifts by a known amount k in [0, w)

    // kernel verifier.c scalar_min_max_lsh: bounds survive if no set bit is shifted out
    static Part lsh(Part a, int k) {
        int w = a.w;
        if (k == 0) return a;
        Tnum t = tn(w, a.t.lshift(k));
        long umin = 0, umax = umaxOf(w);
        if ((a.umax >>> (w - k)) == 0) {
            umin = u(w, a.umin << k);
            umax = u(w, a.umax << k);
        }
        long smin = sminOf(w), smax = smaxOf(w);
        // no signed overflow at either end: x << k == x * 2^k, monotone
        if (s(w, a.smin << k) >> k == a.smin && s(w, a.smax << k) >> k == a.smax) {
            smin = s(w, a.smin << k);
            smax = s(w, a.smax << k);
        }
        return new Part(w, t, smin, smax, umin, umax);
    }

    // kernel verifier.c scalar_min_max_rsh
    static Part rsh(Part a, int k) {
        int w = a.w;
        if (k == 0) return a;
        Tnum t = tn(w, a.t.rshift(k));
        return new Part(w, t, sminOf(w), smaxOf(w), a.umin >>> k, a.umax >>> k);
    }

    // kernel verifier.c scalar_min_max_arsh: monotone in the signed order
    static Part arsh(Part a, int k) {
        int w = a.w;
        if (k == 0) return a;
        Tnum t = a.t.arshift(k, w);
        return new Part(w, t, a.smin >> k, a.smax >> k, 0, umaxOf(w));
    }

    /**
     * The shift amounts {@code b & (w - 1)} can take: RFC 9669 §4.1 leaves larger counts to the
     * implementation; ours (the interpreter's Java shifts) masks them, so a wide count is still a
     * shift by its low bits.
     */
    static boolean[] shiftAmounts(Part b) {
        int w = b.w;
        boolean[] ks = new boolean[w];
        Tnum low = b.t.cast(1).and(Tnum.constant(w - 1));
        boolean inRange = Long.compareUnsigned(b.umax, w) < 0;
        for (int k = 0; k < w; k++) {
            ks[k] = low.contains(k) && (!inRange || (k >= b.umin && k <= b.umax));
        }
        return ks;
    }

    interface ShiftOp {
        Part apply(Part a, int k);
    }

    static Part shift(Part a, Part b, ShiftOp op) {
        boolean[] ks = shiftAmounts(b);
        Part r = null;
        for (int k = 0; k < ks.length; k++) {
            if (!ks[k]) continue;
            Part p = op.apply(a, k);
            r = r == null ? p : r.join(p);
        }
        return r == null ? top(a.w) : r;
    }

    // ---- division and modulo (RFC 9669 §4.1: x / 0 = 0, x % 0 = x); the kernel marks non-constant
    // divisions unknown (adjust_scalar_min_max_vals), so these bounds are our own derivation

    static Part udiv(Part a, Part b) {
        int w = a.w;
        long umin, umax;
        if (b.umax == 0) {
            umin = umax = 0;
        } else {
            umin = b.umin == 0 ? 0 : Long.divideUnsigned(a.umin, b.umax);
            umax = Long.divideUnsigned(a.umax, b.umin == 0 ? 1 : b.umin);
        }
        return new Part(w, tn(w, Tnum.range(umin, umax)), sminOf(w), smaxOf(w), umin, umax);
    }

    static Part umod(Part a, Part b) {
        int w = a.w;
        if (b.umax == 0) return a;                       // x % 0 = x
        if (ult(a.umax, b.umin)) return a;               // x < y: x % y = x
        // x % y <= x, and x % y < y for y != 0
        long umax = b.umin == 0 ? a.umax : umin2(a.umax, b.umax - 1);
        return new Part(w, tn(w, Tnum.range(0, umax)), sminOf(w), smaxOf(w), 0, umax);
    }

    /** Signed division truncating toward zero; MIN / -1 = MIN (RFC 9669 §4.1, Java's rule too). */
    static Part sdiv(Part a, Part b) {
        int w = a.w;
        long min = sminOf(w);
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        // zero divisor
        if (b.smin <= 0 && b.smax >= 0) {
            lo = Math.min(lo, 0);
            hi = Math.max(hi, 0);
        }
        // the quotient is monotone in each operand on each sign of the divisor, so a box's
        // extremes sit at its corners; -1 is taken apart because MIN / -1 wraps
        long[][] ranges = {
            {Math.max(b.smin, 1), b.smax},
            {b.smin, Math.min(b.smax, -2)},
        };
        for (long[] r : ranges) {
            if (r[0] > r[1]) continue;
            for (long x : new long[] {a.smin, a.smax}) {
                for (long y : r) {
                    long q = x / y;
                    lo = Math.min(lo, q);
                    hi = Math.max(hi, q);
                }
            }
        }
        if (b.smin <= -1 && b.smax >= -1) {
            if (a.smin == min) {
                // MIN / -1 = MIN; -x over [MIN + 1, smax] reaches -(MIN + 1) = MAX
                lo = min;
                hi = Math.max(hi, a.smax > min ? smaxOf(w) : min);
            } else {
                lo = Math.min(lo, -a.smax);
                hi = Math.max(hi, -a.smin);
            }
        }
        return new Part(w, tn(w, Tnum.UNKNOWN), lo, hi, 0, umaxOf(w));
    }

    /** Signed remainder with the dividend's sign; x % 0 = x, MIN % -1 = 0. */
    static Part smod(Part a, Part b) {
        int w = a.w;
        if (b.smin == 0 && b.smax == 0) return a;        // x % 0 = x
        // a divisor range without 0 whose smallest magnitude exceeds |x|: x % y = x
        if ((b.smin > 0 || (b.smax < 0 && b.smax > sminOf(w)))) {
            long minAbs = b.smin > 0 ? b.smin : -b.smax;
            if (a.smin > -minAbs && a.smax < minAbs) return a;
        }
        // |x % y| < |y| for y != 0 and |x % y| <= |x|, with the dividend's sign
        // the largest |y| - 1 over the divisor range; |MIN| - 1 = MAX
        long m = b.smin == sminOf(w) ? smaxOf(w) : Math.max(Math.abs(b.smin), Math.abs(b.smax)) - 1;
        long lo = Math.max(Math.min(a.smin, 0), -m);
        long hi = Math.min(Math.max(a.smax, 0), m);
        if (b.smin <= 0 && b.smax >= 0) {
            // a zero divisor returns x itself
            lo = Math.min(lo, a.smin);
            hi = Math.max(hi, a.smax);
        }
        return new Part(w, tn(w, Tnum.UNKNOWN), lo, hi, 0, umaxOf(w));
    }
}
