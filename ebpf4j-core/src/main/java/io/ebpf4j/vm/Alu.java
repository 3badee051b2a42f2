package io.ebpf4j.vm;

/**
 * The arithmetic rules of RFC 9669 §4.1-§4.2 that are not a single Java operator: division and
 * modulo by zero, signed overflow, byte swaps. Shared by the engines (and usable for constant folding).
 * 32-bit variants take and return the 64-bit register value: operands are the low halves and the
 * result is zero-extended (RFC 9669 §4.1: "the upper 32 bits of the destination are zeroed").
 */
public final class Alu {
    private Alu() {}

    static final long MASK32 = 0xffff_ffffL;

    /** RFC 9669 §4.1: unsigned {@code dst / src}; division by zero gives 0. */
    public static long udiv64(long dst, long src) {
        return src == 0 ? 0 : Long.divideUnsigned(dst, src);
    }

    /** RFC 9669 §4.1: unsigned {@code dst % src}; modulo by zero leaves dst unchanged. */
    public static long umod64(long dst, long src) {
        return src == 0 ? dst : Long.remainderUnsigned(dst, src);
    }

    /** RFC 9669 §4.1: signed division truncating toward zero; by zero gives 0; LLONG_MIN / -1 = LLONG_MIN (Java's rule too). */
    public static long sdiv64(long dst, long src) {
        return src == 0 ? 0 : dst / src;
    }

    /** RFC 9669 §4.1: signed modulo with the dividend's sign; by zero leaves dst; LLONG_MIN % -1 = 0. */
    public static long smod64(long dst, long src) {
        return src == 0 ? dst : dst % src;
    }

    public static long udiv32(long dst, long src) {
        int s = (int) src;
        return s == 0 ? 0 : Integer.divideUnsigned((int) dst, s) & MASK32;
    }

    /** 32-bit modulo by zero keeps the low half of dst, zero-extended. */
    public static long umod32(long dst, long src) {
        int s = (int) src;
        return s == 0 ? dst & MASK32 : Integer.remainderUnsigned((int) dst, s) & MASK32;
    }

    public static long sdiv32(long dst, long src) {
        int s = (int) src;
        return s == 0 ? 0 : ((int) dst / s) & MASK32;
    }

    public static long smod32(long dst, long src) {
        int s = (int) src;
        return s == 0 ? dst & MASK32 : ((int) dst % s) & MASK32;
    }

    // ---- unsigned division by an immediate, for the JIT (the same results as udiv64 ... umod32)
    //
    // HotSpot's C2 turns a signed long division by a constant into a multiply-high and shifts, but
    // compiles Long.divideUnsigned and Integer.divideUnsigned to the hardware divide, constant or not.
    // The JIT calls these with the instruction's immediate as {@code d}: once inlined, d is a constant,
    // the branches on it fold, and what remains is a signed division of a non-negative value by a
    // constant. Quotient of a 64-bit value from signed division: Hacker's Delight (2nd ed.) §9-3,
    // "Unsigned Short Division from Signed Division": q = ((n >>> 1) / d) << 1 is the quotient or one
    // short of it, which the remainder tells.

    /** {@link #udiv64} for a divisor known where it is compiled (an ALU64 immediate, sign-extended). */
    public static long udiv64Const(long dst, long d) {
        if (d == 0) return 0;
        if (d < 0) return Long.compareUnsigned(dst, d) >= 0 ? 1 : 0; // d >= 2^63: the quotient is 0 or 1
        long q = ((dst >>> 1) / d) << 1;
        return Long.compareUnsigned(dst - q * d, d) >= 0 ? q + 1 : q;
    }

    /** {@link #umod64} for a divisor known where it is compiled. */
    public static long umod64Const(long dst, long d) {
        if (d == 0) return dst;
        return dst - udiv64Const(dst, d) * d;
    }

    /** {@link #udiv32} for a divisor known where it is compiled: both halves fit a non-negative long. */
    public static long udiv32Const(long dst, long d) {
        long dd = d & MASK32;
        return dd == 0 ? 0 : (dst & MASK32) / dd;
    }

    /** {@link #umod32} for a divisor known where it is compiled. */
    public static long umod32Const(long dst, long d) {
        long dd = d & MASK32;
        return dd == 0 ? dst & MASK32 : (dst & MASK32) % dd;
    }

    /** RFC 9669 §4.2: {@code bswap16/32/64} (and {@code be} on a little-endian host): byte swap, truncating to the width. */
    public static long bswap(long dst, int width) {
        return switch (width) {
            case 16 -> Short.reverseBytes((short) dst) & 0xffffL;
            case 32 -> Integer.reverseBytes((int) dst) & MASK32;
            default -> Long.reverseBytes(dst);
        };
    }

    /** RFC 9669 §4.2: {@code le16/32/64} on a little-endian host: no swap, truncate (zero-extend) to the width. */
    public static long le(long dst, int width) {
        return switch (width) {
            case 16 -> dst & 0xffffL;
            case 32 -> dst & MASK32;
            default -> dst;
        };
    }
}
