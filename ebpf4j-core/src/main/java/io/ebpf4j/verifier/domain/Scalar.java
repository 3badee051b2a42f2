package io.ebpf4j.verifier.domain;

import static io.ebpf4j.isa.Opcodes.ADD;
import static io.ebpf4j.isa.Opcodes.AND;
import static io.ebpf4j.isa.Opcodes.ARSH;
import static io.ebpf4j.isa.Opcodes.DIV;
import static io.ebpf4j.isa.Opcodes.LSH;
import static io.ebpf4j.isa.Opcodes.MOD;
import static io.ebpf4j.isa.Opcodes.MOV;
import static io.ebpf4j.isa.Opcodes.MUL;
import static io.ebpf4j.isa.Opcodes.NEG;
import static io.ebpf4j.isa.Opcodes.OR;
import static io.ebpf4j.isa.Opcodes.RSH;
import static io.ebpf4j.isa.Opcodes.SUB;
import static io.ebpf4j.isa.Opcodes.XOR;
import static io.ebpf4j.verifier.domain.Part.MASK32;

import java.util.Arrays;
import java.util.Objects;

/**
 * An abstract 64-bit scalar: the reduced product of a {@link Tnum} with signed and unsigned
 * 64-bit intervals and signed and unsigned intervals of the low 32 bits — the kernel's
 * {@code struct bpf_reg_state} scalar fields (var_off, smin/smax/umin/umax_value and their
 * {@code 32} variants). Its meaning is the set of 64-bit values admitted by all nine components;
 * the components are kept mutually reduced after every operation (kernel verifier.c
 * reg_bounds_sync), so equal sets mostly have equal representations.
 *
 * <p>Immutable. The empty set (an infeasible path) is never an instance: the operations that can
 * produce it return {@code null}.
 */
public final class Scalar {
    private static final Scalar UNKNOWN = new Scalar(Tnum.UNKNOWN, Long.MIN_VALUE, Long.MAX_VALUE, 0, -1L,
            Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1);

    private final Tnum tnum;
    private final long smin, smax, umin, umax;
    private final int s32min, s32max, u32min, u32max;

    private Scalar(Tnum tnum, long smin, long smax, long umin, long umax, int s32min, int s32max, int u32min, int u32max) {
        this.tnum = tnum;
        this.smin = smin;
        this.smax = smax;
        this.umin = umin;
        this.umax = umax;
        this.s32min = s32min;
        this.s32max = s32max;
        this.u32min = u32min;
        this.u32max = u32max;
    }

    /** Reduces the components; null when they admit no value. */
    static Scalar make(Tnum t, long smin, long smax, long umin, long umax, long s32min, long s32max, long u32min, long u32max) {
        if (t == null) return null;
        Reduce r = new Reduce(t, smin, smax, umin, umax, s32min, s32max, u32min, u32max);
        if (!r.run()) return null;
        return new Scalar(r.t, r.smin, r.smax, r.umin, r.umax, (int) r.s32min, (int) r.s32max, (int) r.u32min, (int) r.u32max);
    }

    /** A result of an operation on non-empty operands: cannot be empty if the transfer functions are sound. */
    private static Scalar nonEmpty(Scalar s) {
        if (s == null) throw new IllegalStateException("scalar domain: an operation on non-empty values gave an empty result");
        return s;
    }

    public static Scalar constant(long v) {
        return new Scalar(Tnum.constant(v), v, v, v, v, (int) v, (int) v, (int) v, (int) v);
    }

    public static Scalar unknown() {
        return UNKNOWN;
    }

    /** The unsigned 64-bit interval [umin, umax] (unsigned order; umin <= umax required). */
    public static Scalar unsignedRange(long umin, long umax) {
        if (Long.compareUnsigned(umin, umax) > 0) throw new IllegalArgumentException("empty unsigned range");
        return nonEmpty(make(Tnum.UNKNOWN, Long.MIN_VALUE, Long.MAX_VALUE, umin, umax, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, MASK32));
    }

    /** The signed 64-bit interval [smin, smax] (smin <= smax required). */
    public static Scalar signedRange(long smin, long smax) {
        if (smin > smax) throw new IllegalArgumentException("empty signed range");
        return nonEmpty(make(Tnum.UNKNOWN, smin, smax, 0, -1L, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, MASK32));
    }

    public static Scalar of(Tnum t) {
        return nonEmpty(make(t, Long.MIN_VALUE, Long.MAX_VALUE, 0, -1L, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, MASK32));
    }

    /** A 64-bit value whose low 32 bits lie in the unsigned interval [lo, hi] and upper bits are zero. */
    public static Scalar zeroExtended32(int u32lo, int u32hi) {
        long lo = u32lo & MASK32, hi = u32hi & MASK32;
        if (lo > hi) throw new IllegalArgumentException("empty unsigned 32-bit range");
        return unsignedRange(lo, hi);
    }

    public Tnum tnum() { return tnum; }
    public long smin() { return smin; }
    public long smax() { return smax; }
    public long umin() { return umin; }
    public long umax() { return umax; }
    public int s32min() { return s32min; }
    public int s32max() { return s32max; }
    /** Unsigned 32-bit minimum (compare with {@link Integer#compareUnsigned}). */
    public int u32min() { return u32min; }
    /** Unsigned 32-bit maximum. */
    public int u32max() { return u32max; }

    public boolean isConstant() {
        return tnum.isConstant();
    }

    /** The value of a constant scalar. */
    public long constantValue() {
        if (!isConstant()) throw new IllegalStateException("not a constant: " + this);
        return tnum.value();
    }

    public boolean isUnknown() {
        return equals(UNKNOWN);
    }

    public boolean contains(long v) {
        return tnum.contains(v) && v >= smin && v <= smax
                && Long.compareUnsigned(v, umin) >= 0 && Long.compareUnsigned(v, umax) <= 0
                && (int) v >= s32min && (int) v <= s32max
                && Integer.compareUnsigned((int) v, u32min) >= 0 && Integer.compareUnsigned((int) v, u32max) <= 0;
    }

    /** {@code this ⊆ o}, judged component by component (sufficient, and exact on reduced values in practice). */
    public boolean leq(Scalar o) {
        return tnum.leq(o.tnum) && smin >= o.smin && smax <= o.smax
                && Long.compareUnsigned(umin, o.umin) >= 0 && Long.compareUnsigned(umax, o.umax) <= 0
                && s32min >= o.s32min && s32max <= o.s32max
                && Integer.compareUnsigned(u32min, o.u32min) >= 0 && Integer.compareUnsigned(u32max, o.u32max) <= 0;
    }

    // ---- width views

    Part part64() {
        return new Part(64, tnum, smin, smax, umin, umax);
    }

    Part part32() {
        return new Part(32, tnum.cast(4), s32min, s32max, u32min & MASK32, u32max & MASK32);
    }

    /** This value with its low 32 bits further constrained to the 32-bit part p; null if empty. */
    Scalar withPart32(Part p) {
        Tnum t = tnum.meet(new Tnum(p.t().value(), p.t().mask() | ~MASK32));
        return make(t, smin, smax, umin, umax,
                Math.max(s32min, p.smin()), Math.min(s32max, p.smax()),
                Math.max(u32min & MASK32, p.umin()), Math.min(u32max & MASK32, p.umax()));
    }

    /** This value further constrained to the 64-bit part p (and the given 32-bit part, or none); null if empty. */
    Scalar withPart64(Part p) {
        Tnum t = tnum.meet(p.t());
        return make(t, Math.max(smin, p.smin()), Math.min(smax, p.smax()),
                Part.umax2(umin, p.umin()), Part.umin2(umax, p.umax()),
                s32min, s32max, u32min & MASK32, u32max & MASK32);
    }

    /** A 64-bit result from its 64-bit part and (optionally precise) 32-bit part. */
    static Scalar of(Part p64, Part p32) {
        Tnum t = p64.t().meet(new Tnum(p32.t().value(), p32.t().mask() | ~MASK32));
        return nonEmpty(make(t, p64.smin(), p64.smax(), p64.umin(), p64.umax(), p32.smin(), p32.smax(), p32.umin(), p32.umax()));
    }

    /** The zero extension of a 32-bit result (RFC 9669 §4.1: ALU32 clears the upper half). */
    static Scalar zext(Part p32) {
        return nonEmpty(make(p32.t(), p32.umin(), p32.umax(), p32.umin(), p32.umax(),
                p32.smin(), p32.smax(), p32.umin(), p32.umax()));
    }

    // ---- ALU

    /**
     * The result of the BPF ALU operation {@code dst op= src} with {@code dst = this}: {@code op} is
     * the operation field ({@code opcode & 0xf0}, {@link io.ebpf4j.isa.Opcodes#ADD} …
     * {@link io.ebpf4j.isa.Opcodes#ARSH}); {@code alu64 = false} is the 32-bit operation with the
     * result zero-extended (RFC 9669 §4.1); {@code offset} is the instruction's offset (non-zero
     * selects sdiv/smod, 8/16/32 selects movsx). The concrete semantics are those of
     * {@code io.ebpf4j.vm.Interpreter}/{@code Alu}: division by zero gives 0, modulo by zero leaves
     * the dividend, shift counts are masked to the width. Never null.
     *
     * @throws IllegalArgumentException for an operation field that is not an ALU operation taking a source
     */
    public Scalar alu(int op, Scalar src, boolean alu64, int offset) {
        Objects.requireNonNull(src, "src");
        if (op == MOV) return mov(src, alu64, offset);
        if (op == NEG) return neg(alu64);
        if (isConstant() && src.isConstant()) {
            return constant(Concrete.alu(op, constantValue(), src.constantValue(), alu64, offset));
        }
        if (!alu64) {
            return zext(op32(op, part32(), src.part32(), offset != 0));
        }
        Part a = part64(), b = src.part64();
        Part p64 = switch (op) {
            case ADD -> Part.add(a, b);
            case SUB -> Part.sub(a, b);
            case MUL -> Part.mul(a, b);
            case AND -> Part.and(a, b);
            case OR -> Part.or(a, b);
            case XOR -> Part.xor(a, b);
            case LSH -> Part.shift(a, b, Part::lsh);
            case RSH -> Part.shift(a, b, Part::rsh);
            case ARSH -> Part.shift(a, b, Part::arsh);
            case DIV -> offset != 0 ? Part.sdiv(a, b) : Part.udiv(a, b);
            case MOD -> offset != 0 ? Part.smod(a, b) : Part.umod(a, b);
            default -> throw new IllegalArgumentException("not an ALU operation: 0x" + Integer.toHexString(op));
        };
        // the low 32 bits of +, -, *, &, |, ^ depend only on the operands' low 32 bits
        // (kernel adjust_scalar_min_max_vals runs the 32-bit and 64-bit transfer functions side by side)
        Part p32 = switch (op) {
            case ADD, SUB, MUL, AND, OR, XOR -> op32(op, part32(), src.part32(), false);
            default -> Part.top(32);
        };
        return of(p64, p32);
    }

    private static Part op32(int op, Part a, Part b, boolean signed) {
        return switch (op) {
            case ADD -> Part.add(a, b);
            case SUB -> Part.sub(a, b);
            case MUL -> Part.mul(a, b);
            case AND -> Part.and(a, b);
            case OR -> Part.or(a, b);
            case XOR -> Part.xor(a, b);
            case LSH -> Part.shift(a, b, Part::lsh);
            case RSH -> Part.shift(a, b, Part::rsh);
            case ARSH -> Part.shift(a, b, Part::arsh);
            case DIV -> signed ? Part.sdiv(a, b) : Part.udiv(a, b);
            case MOD -> signed ? Part.smod(a, b) : Part.umod(a, b);
            default -> throw new IllegalArgumentException("not an ALU operation: 0x" + Integer.toHexString(op));
        };
    }

    private static Scalar mov(Scalar src, boolean alu64, int offset) {
        if (alu64) {
            return switch (offset) {
                case 0 -> src;
                case 8 -> src.signExtend(1);
                case 16 -> src.signExtend(2);
                case 32 -> src.signExtend(4);
                default -> throw new IllegalArgumentException("invalid mov offset " + offset);
            };
        }
        return switch (offset) {
            // RFC 9669 §4.1: a 32-bit mov keeps the low half and zeroes the upper one
            case 0 -> src.truncate(4);
            // movsx in ALU: sign-extend to 32 bits, then zero-extend to 64
            case 8 -> src.signExtend(1).truncate(4);
            case 16 -> src.signExtend(2).truncate(4);
            default -> throw new IllegalArgumentException("invalid 32-bit mov offset " + offset);
        };
    }

    /** {@code dst = -dst} (RFC 9669 §4.1), 64-bit or 32-bit zero-extended. */
    public Scalar neg(boolean alu64) {
        if (isConstant()) return constant(alu64 ? -constantValue() : -constantValue() & MASK32);
        if (!alu64) return zext(Part.neg(part32()));
        return of(Part.neg(part64()), Part.neg(part32()));
    }

    /**
     * BPF_END (RFC 9669 §4.2): in class ALU, {@code toBigEndianOrSwap} selects {@code be} (a byte swap
     * on our little-endian target) over {@code le} (truncation to the width); in class ALU64 it is
     * {@code bswap}. Width 16, 32 or 64.
     */
    public Scalar endian(boolean alu64, boolean toBigEndianOrSwap, int width) {
        if (width != 16 && width != 32 && width != 64) throw new IllegalArgumentException("byte swap width " + width);
        if (alu64 || toBigEndianOrSwap) {
            if (isConstant()) return constant(Concrete.bswap(constantValue(), width));
            // a byte swap only moves bits, so the tnum image is exact
            return of(tnum.bswap(width));
        }
        return truncate(width / 8);
    }

    /** The value of a zero-extending load of {@code sizeBytes} (1, 2, 4, 8) from memory holding this. */
    public Scalar truncate(int sizeBytes) {
        return switch (sizeBytes) {
            case 8 -> this;
            case 4 -> nonEmpty(make(tnum.cast(4), u32min & MASK32, u32max & MASK32, u32min & MASK32, u32max & MASK32,
                    s32min, s32max, u32min & MASK32, u32max & MASK32));
            case 1, 2 -> {
                long m = (1L << (sizeBytes * 8)) - 1;
                long lo = u32min & MASK32, hi = u32max & MASK32;
                long rlo = 0, rhi = m;
                // the low bytes run monotonically iff the bits above them agree at both ends
                if ((lo & ~m) == (hi & ~m)) {
                    rlo = lo & m;
                    rhi = hi & m;
                }
                yield nonEmpty(make(tnum.cast(sizeBytes), rlo, rhi, rlo, rhi, rlo, rhi, rlo, rhi));
            }
            default -> throw new IllegalArgumentException("load size " + sizeBytes);
        };
    }

    /** The value of a sign-extending load (BPF_MEMSX, RFC 9669 §5.2) of {@code sizeBytes} (1, 2, 4, 8). */
    public Scalar signExtend(int sizeBytes) {
        if (sizeBytes == 8) return this;
        if (sizeBytes != 1 && sizeBytes != 2 && sizeBytes != 4) throw new IllegalArgumentException("load size " + sizeBytes);
        if (isConstant()) return constant(Concrete.signExtend(constantValue(), sizeBytes));
        long half = 1L << (sizeBytes * 8 - 1);
        // already a sign-extended value of that size: nothing changes (kernel coerce_reg_to_size_sx)
        if (smin >= -half && smax < half) return this;
        long lo, hi;
        if (sizeBytes < 4 && s32min >= -half && s32max < half) {
            // the subregister holds a value of that size: its sign extension is the s32 value
            lo = s32min;
            hi = s32max;
        } else if (sizeBytes == 4) {
            lo = s32min;
            hi = s32max;
        } else {
            int bits = sizeBytes * 8;
            long m = (1L << bits) - 1;
            Scalar z = truncate(sizeBytes);
            long zlo = z.umin, zhi = z.umax;
            if (zhi < half) {
                lo = zlo;
                hi = zhi;
            } else if (zlo >= half) {
                lo = zlo - (m + 1);
                hi = zhi - (m + 1);
            } else {
                lo = -half;
                hi = half - 1;
            }
        }
        return nonEmpty(make(tnum.cast(sizeBytes).signExtend(sizeBytes), lo, hi, 0, -1L,
                Integer.MIN_VALUE, Integer.MAX_VALUE, 0, MASK32));
    }

    // ---- lattice

    public Scalar join(Scalar o) {
        if (o == this) return this;
        return nonEmpty(make(tnum.join(o.tnum), Math.min(smin, o.smin), Math.max(smax, o.smax),
                Part.umin2(umin, o.umin), Part.umax2(umax, o.umax),
                Math.min(s32min, o.s32min), Math.max(s32max, o.s32max),
                Math.min(u32min & MASK32, o.u32min & MASK32), Math.max(u32max & MASK32, o.u32max & MASK32)));
    }

    /** Intersection; null if empty. */
    public Scalar meet(Scalar o) {
        return make(tnum.meet(o.tnum), Math.max(smin, o.smin), Math.min(smax, o.smax),
                Part.umax2(umin, o.umin), Part.umin2(umax, o.umax),
                Math.max(s32min, o.s32min), Math.min(s32max, o.s32max),
                Math.max(u32min & MASK32, o.u32min & MASK32), Math.min(u32max & MASK32, o.u32max & MASK32));
    }

    /**
     * Widening at loop heads: each bound of {@code next} beyond this one's jumps to the nearest
     * threshold outside it (the thresholds, sorted ascending, are program constants and their
     * neighbours; the type limits close the chain), and the tnum joins (finite height). The result
     * contains both and is not reduced further, so an increasing chain of widenings is finite.
     */
    public Scalar widen(Scalar next, long[] thresholds) {
        long nsmin = next.smin < smin ? below(thresholds, next.smin, Long.MIN_VALUE, false) : smin;
        long nsmax = next.smax > smax ? above(thresholds, next.smax, Long.MAX_VALUE, false) : smax;
        long numin = Long.compareUnsigned(next.umin, umin) < 0 ? below(thresholds, next.umin, 0, true) : umin;
        long numax = Long.compareUnsigned(next.umax, umax) > 0 ? above(thresholds, next.umax, -1L, true) : umax;
        long ns32min = next.s32min < s32min ? below32(thresholds, next.s32min, Integer.MIN_VALUE, false) : s32min;
        long ns32max = next.s32max > s32max ? above32(thresholds, next.s32max, Integer.MAX_VALUE, false) : s32max;
        long nu32min = Integer.compareUnsigned(next.u32min, u32min) < 0 ? below32(thresholds, next.u32min & MASK32, 0, true) : u32min & MASK32;
        long nu32max = Integer.compareUnsigned(next.u32max, u32max) > 0 ? above32(thresholds, next.u32max & MASK32, MASK32, true) : u32max & MASK32;
        Tnum t = tnum.join(next.tnum);
        // a threshold is seldom a value the number can take: each bound moves in to the nearest value with the low
        // bits both operands agree on (a counter stepping by 8 widened to the threshold 1023 is at most 1016, so
        // that `!= 1024` on the back edge, which trims a bound equal to 1024 only, stops it there). Only the known
        // bits below the lowest unknown one count: the high bits of a joined tnum grow one by one and would hold the
        // bounds back instead of letting them jump. Both operands' values keep those bits, so none is lost; the bounds
        // stay between the operands' and the thresholds', so a chain of widenings stays finite.
        long wsmin = nsmin, wsmax = nsmax, wumin = numin, wumax = numax, ws32min = ns32min, ws32max = ns32max, wu32min = nu32min, wu32max = nu32max;
        Tnum low = t.mask() == 0 ? t : new Tnum(t.value() & (Long.lowestOneBit(t.mask()) - 1), -Long.lowestOneBit(t.mask()));
        Tnum flip64 = signFlipped(low, Long.MIN_VALUE);
        Tnum t32 = new Tnum(low.value() & MASK32, low.mask() & MASK32);
        Tnum flip32 = signFlipped(t32, 1L << 31);
        nsmin = flip64.minAtLeast(nsmin ^ Long.MIN_VALUE) ^ Long.MIN_VALUE;
        nsmax = flip64.maxAtMost(nsmax ^ Long.MIN_VALUE) ^ Long.MIN_VALUE;
        numin = low.minAtLeast(numin);
        numax = low.maxAtMost(numax);
        ns32min = (int) ((flip32.minAtLeast((ns32min & MASK32) ^ (1L << 31)) ^ (1L << 31)) & MASK32);
        ns32max = (int) ((flip32.maxAtMost((ns32max & MASK32) ^ (1L << 31)) ^ (1L << 31)) & MASK32);
        nu32min = t32.minAtLeast(nu32min);
        nu32max = t32.maxAtMost(nu32max);
        if (nsmin > nsmax || Long.compareUnsigned(numin, numax) > 0 || ns32min > ns32max || nu32min > nu32max) {
            // no member in some view: the operands were not both members of t (cannot happen for reduced values); keep the thresholds
            return new Scalar(t, wsmin, wsmax, wumin, wumax, (int) ws32min, (int) ws32max, (int) wu32min, (int) wu32max);
        }
        return new Scalar(t, nsmin, nsmax, numin, numax,
                (int) ns32min, (int) ns32max, (int) nu32min, (int) nu32max);
    }

    /** The tnum of {@code x ^ sign} for the members x of {@code t} (signed order as unsigned order). */
    private static Tnum signFlipped(Tnum t, long sign) {
        return (t.mask() & sign) != 0 ? t : new Tnum(t.value() ^ sign, t.mask());
    }

    /** Largest threshold <= v (in the given order), else the limit. */
    private static long below(long[] th, long v, long limit, boolean unsigned) {
        long best = limit;
        boolean found = false;
        for (long t : th) {
            if (cmp(t, v, unsigned) <= 0 && (!found || cmp(t, best, unsigned) > 0)) {
                best = t;
                found = true;
            }
        }
        return found ? best : limit;
    }

    /** Smallest threshold >= v, else the limit. */
    private static long above(long[] th, long v, long limit, boolean unsigned) {
        long best = limit;
        boolean found = false;
        for (long t : th) {
            if (cmp(t, v, unsigned) >= 0 && (!found || cmp(t, best, unsigned) < 0)) {
                best = t;
                found = true;
            }
        }
        return found ? best : limit;
    }

    private static long below32(long[] th, long v, long limit, boolean unsigned) {
        return below(in32(th, unsigned), v, limit, false);
    }

    private static long above32(long[] th, long v, long limit, boolean unsigned) {
        return above(in32(th, unsigned), v, limit, false);
    }

    /** The thresholds that are values of the 32-bit view (signed or unsigned). */
    private static long[] in32(long[] th, boolean unsigned) {
        return Arrays.stream(th)
                .filter(t -> unsigned ? t >= 0 && t <= MASK32 : t >= Integer.MIN_VALUE && t <= Integer.MAX_VALUE)
                .toArray();
    }

    private static int cmp(long a, long b, boolean unsigned) {
        return unsigned ? Long.compareUnsigned(a, b) : Long.compare(a, b);
    }

    /**
     * Narrowing after widening: bounds that widening pushed to a type limit take {@code next}'s;
     * other bounds keep the hull, so the result contains {@code next} and, when {@code next ⊆ this},
     * lies inside this.
     */
    public Scalar narrow(Scalar next) {
        long nsmin = smin == Long.MIN_VALUE ? next.smin : Math.min(smin, next.smin);
        long nsmax = smax == Long.MAX_VALUE ? next.smax : Math.max(smax, next.smax);
        long numin = umin == 0 ? next.umin : Part.umin2(umin, next.umin);
        long numax = umax == -1L ? next.umax : Part.umax2(umax, next.umax);
        long ns32min = s32min == Integer.MIN_VALUE ? next.s32min : Math.min(s32min, next.s32min);
        long ns32max = s32max == Integer.MAX_VALUE ? next.s32max : Math.max(s32max, next.s32max);
        long nu32min = u32min == 0 ? next.u32min & MASK32 : Math.min(u32min & MASK32, next.u32min & MASK32);
        long nu32max = u32max == -1 ? next.u32max & MASK32 : Math.max(u32max & MASK32, next.u32max & MASK32);
        Tnum t = next.tnum.leq(tnum) ? next.tnum : tnum.join(next.tnum);
        return nonEmpty(make(t, nsmin, nsmax, numin, numax, ns32min, ns32max, nu32min, nu32max));
    }

    // ---- branches

    /**
     * Branch refinement (kernel verifier.c reg_set_min_max / regs_refine_cond_op): the operands on
     * the edge where {@code dst jmpOp src} is {@code holds}; {@code jmp32} compares the low 32 bits
     * only. Returns {@code {dst', src'}}, or null if no pair of members takes that edge.
     */
    public static Scalar[] assume(int jmpOp, Scalar dst, Scalar src, boolean jmp32, boolean holds) {
        return Refine.assume(jmpOp, dst, src, jmp32, holds);
    }

    /** The outcome of {@code dst jmpOp src} when every pair of members agrees (kernel is_branch_taken), else null. */
    public static Boolean decide(int jmpOp, Scalar dst, Scalar src, boolean jmp32) {
        boolean canTrue = assume(jmpOp, dst, src, jmp32, true) != null;
        boolean canFalse = assume(jmpOp, dst, src, jmp32, false) != null;
        if (canTrue && !canFalse) return Boolean.TRUE;
        if (canFalse && !canTrue) return Boolean.FALSE;
        return null;
    }

    // ---- printing

    /**
     * Kernel-log style, as kernel/bpf/log.c print_reg_state and print_scalar_ranges print a scalar:
     * a constant prints as its value; otherwise {@code scalar(…)} lists the bounds that are not at
     * their type limits in the order smin, smax, umin, umax, smin32, smax32, umin32, umax32, a bound
     * followed by the later ones of the same kind (min or max) with the same value and sign, e.g.
     * {@code smin=smin32=0}, then {@code var_off} when any bit is known. Numbers print in decimal
     * when small (signed within [-32768, 32767], unsigned up to 65535), else in hex.
     */
    @Override
    public String toString() {
        if (isConstant()) return snum(constantValue());
        String[] names = {"smin", "smax", "umin", "umax", "smin32", "smax32", "umin32", "umax32"};
        long[] vals = {smin, smax, umin, umax,
            isSnumDecimal(s32min) ? s32min : s32min & MASK32,
            isSnumDecimal(s32max) ? s32max : s32max & MASK32,
            u32min & MASK32, u32max & MASK32};
        boolean[] omit = {smin == Long.MIN_VALUE, smax == Long.MAX_VALUE, umin == 0, umax == -1L,
            s32min == Integer.MIN_VALUE, s32max == Integer.MAX_VALUE, u32min == 0, u32max == -1};
        StringBuilder sb = new StringBuilder("scalar(");
        String sep = "";
        for (int i = 0; i < names.length; i++) {
            if (omit[i]) continue;
            boolean neg1 = names[i].charAt(0) == 's' && vals[i] < 0;
            sb.append(sep).append(names[i]).append('=');
            sep = ",";
            for (int j = i + 2; j < names.length; j += 2) {
                if (omit[j] || vals[j] != vals[i]) continue;
                boolean neg2 = names[j].charAt(0) == 's' && vals[j] < 0;
                if (neg2 != neg1) continue;   // never merge a negative with a positive
                omit[j] = true;
                sb.append(names[j]).append('=');
            }
            sb.append(names[i].charAt(0) == 's' ? snum(vals[i]) : unum(vals[i]));
        }
        if (!tnum.isUnknown()) sb.append(sep).append("var_off=").append(tnum);
        return sb.append(')').toString();
    }

    private static boolean isSnumDecimal(long v) {
        return v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
    }

    private static String snum(long v) {
        return isSnumDecimal(v) ? Long.toString(v) : "0x" + Long.toHexString(v);
    }

    private static String unum(long v) {
        return Long.compareUnsigned(v, 0xffff) <= 0 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scalar s && tnum.equals(s.tnum) && smin == s.smin && smax == s.smax && umin == s.umin
                && umax == s.umax && s32min == s.s32min && s32max == s.s32max && u32min == s.u32min && u32max == s.u32max;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tnum, smin, smax, umin, umax, s32min, s32max, u32min, u32max);
    }
}
