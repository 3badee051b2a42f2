package io.ebpf4j.verifier.domain;

import static io.ebpf4j.verifier.domain.Part.MASK32;

/**
 * Mutual reduction of the nine components of a {@link Scalar} (the kernel's reg_bounds_sync in
 * verifier.c: __update_reg_bounds, __reg_deduce_bounds, __reg_bound_offset). Every step only
 * removes values that no component admits, so it is sound by construction; the 32-bit bounds are
 * derived from the 64-bit ones only where the upper halves pin them (the unsound shortcuts behind
 * CVE-2020-8835 and CVE-2021-31440 are exactly derivations without that condition).
 *
 * <p>Unsigned 32-bit bounds are held zero-extended in longs here.
 */
final class Reduce {
    Tnum t;
    long smin, smax, umin, umax;
    long s32min, s32max, u32min, u32max;

    Reduce(Tnum t, long smin, long smax, long umin, long umax, long s32min, long s32max, long u32min, long u32max) {
        this.t = t;
        this.smin = smin;
        this.smax = smax;
        this.umin = umin;
        this.umax = umax;
        this.s32min = s32min;
        this.s32max = s32max;
        this.u32min = u32min;
        this.u32max = u32max;
    }

    private static boolean ult(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    private boolean empty() {
        return t == null || smin > smax || ult(umax, umin) || s32min > s32max || u32min > u32max;
    }

    private void u64(long lo, long hi) {
        if (ult(umin, lo)) umin = lo;
        if (ult(hi, umax)) umax = hi;
    }

    private void s64(long lo, long hi) {
        if (lo > smin) smin = lo;
        if (hi < smax) smax = hi;
    }

    private void u32(long lo, long hi) {
        if (lo > u32min) u32min = lo;
        if (hi < u32max) u32max = hi;
    }

    private void s32(long lo, long hi) {
        if (lo > s32min) s32min = lo;
        if (hi < s32max) s32max = hi;
    }

    /** Reduces to a fixpoint (a few rounds); false if the components admit no value at all. */
    boolean run() {
        for (int round = 0; round < 8; round++) {
            if (empty()) return false;
            Tnum t0 = t;
            long a = smin, b = smax, c = umin, d = umax, e = s32min, f = s32max, g = u32min, h = u32max;
            step();
            if (empty()) return false;
            if (t.equals(t0) && a == smin && b == smax && c == umin && d == umax && e == s32min && f == s32max
                    && g == u32min && h == u32max) {
                return true;
            }
        }
        return !empty();
    }

    private void step() {
        // kernel __update_reg64_bounds / __update_reg32_bounds: bounds implied by the known bits
        u64(t.value(), t.value() | t.mask());
        s64(t.value() | (t.mask() & Long.MIN_VALUE), t.value() | (t.mask() & Long.MAX_VALUE));
        long v32 = t.value() & MASK32, m32 = t.mask() & MASK32;
        u32(v32, v32 | m32);
        s32((int) (v32 | (m32 & 0x8000_0000L)), (int) (v32 | (m32 & 0x7fff_ffffL)));

        // kernel __reg64_deduce_bounds: signed and unsigned views of one interval that does not
        // cross the respective wrap point
        if (smin >= 0 || smax < 0) u64(smin, smax);
        if ((umin ^ umax) >= 0) s64(umin, umax);
        // a signed range crossing zero is two unsigned pieces, [0, smax] and [smin, 2^64)
        if (smin < 0 && smax >= 0) {
            if (ult(smax, umin)) u64(smin, -1L);         // umin lies in the upper piece
            else if (ult(umax, smin)) u64(0, smax);      // umax lies in the lower piece
        }
        // an unsigned range crossing 2^63 is two signed pieces, [umin, MAX] and [MIN, umax]
        if (umin >= 0 && umax < 0) {
            if (smin > umax) s64(umin, Long.MAX_VALUE);
            else if (smax < umin) s64(Long.MIN_VALUE, umax);
        }

        // kernel __reg32_deduce_bounds: the same for the subregister
        if (s32min >= 0 || s32max < 0) u32(s32min & MASK32, s32max & MASK32);
        if ((int) u32min <= (int) u32max) s32((int) u32min, (int) u32max);
        if (s32min < 0 && s32max >= 0) {
            if (s32max < u32min) u32(s32min & MASK32, MASK32);
            else if (u32max < (s32min & MASK32)) u32(0, s32max);
        }
        if (u32min <= Integer.MAX_VALUE && u32max > Integer.MAX_VALUE) {
            if (s32min > (int) u32max) s32(u32min, Integer.MAX_VALUE);
            else if (s32max < u32min) s32(Integer.MIN_VALUE, (int) u32max);
        }

        // 64 -> 32 (kernel __reg32_deduce_bounds, first part): only when the upper halves of the
        // bounds pin the low halves
        from64(umin, umax);
        from64(smin, smax);

        // 32 -> 64 (kernel __reg_deduce_mixed_bounds): x >= umin and low32(x) >= u32min give
        // x >= (umin's upper half | u32min), likewise for the maxima and the signed order
        long nUmin = (umin & ~MASK32) | u32min;
        long nUmax = (umax & ~MASK32) | u32max;
        u64(nUmin, nUmax);
        long nSmin = (smin & ~MASK32) | u32min;
        long nSmax = (smax & ~MASK32) | u32max;
        s64(nSmin, nSmax);

        // kernel __reg_bound_offset: known bits implied by the bounds
        Tnum r = t.meet(Tnum.range(umin, umax));
        if (r != null) {
            Tnum r32 = Tnum.range(u32min, u32max);
            r = r.meet(new Tnum(r32.value(), r32.mask() | ~MASK32));
        }
        t = r;
    }

    /** 32-bit bounds from a 64-bit interval [lo, hi] (in the order in which lo <= hi holds). */
    private void from64(long lo, long hi) {
        long hiLo = lo >>> 32, hiHi = hi >>> 32;
        if (hiLo == hiHi) {
            // same upper half: the low halves run from low(lo) to low(hi) without wrapping
            u32(lo & MASK32, hi & MASK32);
            if ((int) lo <= (int) hi) s32((int) lo, (int) hi);
        } else if (((hiLo + 1) & 0xffff_ffffL) == hiHi && (int) lo < 0 && (int) hi >= 0) {
            // upper halves differ by one and the low halves cross 0x7fffffff -> 0x80000000 of the
            // signed subregister only through -1 -> 0: one signed 32-bit interval
            s32((int) lo, (int) hi);
        }
    }
}
