package io.ebpf4j.verifier.domain;

import static io.ebpf4j.isa.Opcodes.JEQ;
import static io.ebpf4j.isa.Opcodes.JGE;
import static io.ebpf4j.isa.Opcodes.JGT;
import static io.ebpf4j.isa.Opcodes.JLE;
import static io.ebpf4j.isa.Opcodes.JLT;
import static io.ebpf4j.isa.Opcodes.JNE;
import static io.ebpf4j.isa.Opcodes.JSET;
import static io.ebpf4j.isa.Opcodes.JSGE;
import static io.ebpf4j.isa.Opcodes.JSGT;
import static io.ebpf4j.isa.Opcodes.JSLE;
import static io.ebpf4j.isa.Opcodes.JSLT;

/**
 * Branch refinement of two scalars (kernel verifier.c reg_set_min_max, regs_refine_cond_op,
 * is_branch_taken): the comparison is applied to the 64-bit views, or for JMP32 to the low 32-bit
 * views, and the result is written back into the full value, whose other components the
 * reduction then tightens only as far as that is sound.
 */
final class Refine {
    private Refine() {}

    /** The false edge of JSET: {@code (dst & src) == 0}. Not an opcode. */
    private static final int JNSET = -1;

    static Scalar[] assume(int jmpOp, Scalar dst, Scalar src, boolean jmp32, boolean holds) {
        int op = holds ? jmpOp : negate(jmpOp);
        if (op == JEQ && !jmp32) {
            // equal 64-bit values: both are the intersection of all views (kernel regs_refine_cond_op
            // copies the tighter bounds into both registers)
            Scalar m = dst.meet(src);
            return m == null ? null : new Scalar[] {m, m};
        }
        Part a = jmp32 ? dst.part32() : dst.part64();
        Part b = jmp32 ? src.part32() : src.part64();
        Part[] r = refine(op, a, b);
        if (r == null) return null;
        Scalar d = jmp32 ? dst.withPart32(r[0]) : dst.withPart64(r[0]);
        Scalar s = jmp32 ? src.withPart32(r[1]) : src.withPart64(r[1]);
        if (d == null || s == null) return null;
        return new Scalar[] {d, s};
    }

    // RFC 9669 §4.3 Table 8: the complement of each condition
    private static int negate(int op) {
        return switch (op) {
            case JEQ -> JNE;
            case JNE -> JEQ;
            case JGT -> JLE;
            case JLE -> JGT;
            case JGE -> JLT;
            case JLT -> JGE;
            case JSGT -> JSLE;
            case JSLE -> JSGT;
            case JSGE -> JSLT;
            case JSLT -> JSGE;
            case JSET -> JNSET;
            default -> throw new IllegalArgumentException("not a conditional jump: 0x" + Integer.toHexString(op));
        };
    }

    private static Part[] refine(int op, Part a, Part b) {
        return switch (op) {
            case JEQ -> eq(a, b);
            case JNE -> ne(a, b);
            case JLT -> ult(a, b, true);
            case JLE -> ult(a, b, false);
            case JGT -> swap(ult(b, a, true));
            case JGE -> swap(ult(b, a, false));
            case JSLT -> slt(a, b, true);
            case JSLE -> slt(a, b, false);
            case JSGT -> swap(slt(b, a, true));
            case JSGE -> swap(slt(b, a, false));
            case JSET -> set(a, b);
            case JNSET -> notSet(a, b);
            default -> throw new IllegalArgumentException("not a conditional jump: 0x" + Integer.toHexString(op));
        };
    }

    private static Part[] swap(Part[] r) {
        return r == null ? null : new Part[] {r[1], r[0]};
    }

    private static boolean valid(Part p) {
        return p.t() != null && p.smin() <= p.smax() && Long.compareUnsigned(p.umin(), p.umax()) <= 0;
    }

    private static Part[] pair(Part a, Part b) {
        return valid(a) && valid(b) ? new Part[] {a, b} : null;
    }

    // kernel regs_refine_cond_op BPF_JEQ: both operands lie in the intersection
    private static Part[] eq(Part a, Part b) {
        Tnum t = a.t().meet(b.t());
        if (t == null) return null;
        Part m = new Part(a.w(), t, Math.max(a.smin(), b.smin()), Math.min(a.smax(), b.smax()),
                Part.umax2(a.umin(), b.umin()), Part.umin2(a.umax(), b.umax()));
        return pair(m, m);
    }

    // kernel regs_refine_cond_op BPF_JNE: only a constant on one side removes a bound end
    private static Part[] ne(Part a, Part b) {
        if (a.isConstant() && b.isConstant()) {
            return a.constant() == b.constant() ? null : new Part[] {a, b};
        }
        if (b.isConstant()) return pair(exclude(a, b.constant()), b);
        if (a.isConstant()) return pair(a, exclude(b, a.constant()));
        return new Part[] {a, b};
    }

    /** a without the value c (unsigned representative): trims the interval ends equal to c. */
    private static Part exclude(Part a, long c) {
        int w = a.w();
        long uc = Part.u(w, c), sc = Part.s(w, c);
        long umin = a.umin(), umax = a.umax(), smin = a.smin(), smax = a.smax();
        if (umin == uc) umin++;
        if (umax == uc) umax--;
        if (smin == sc) smin++;
        if (smax == sc) smax--;
        // the decrements above cannot wrap: an end equal to c with c at the type limit means the
        // other end is past it only if the interval was {c}, which isConstant caught
        return new Part(w, a.t(), smin, smax, umin, umax);
    }

    /** a < b (strict) or a <= b in the unsigned order. */
    private static Part[] ult(Part a, Part b, boolean strict) {
        long bmax = b.umax(), amin = a.umin();
        if (strict) {
            if (bmax == 0 || amin == Part.umaxOf(a.w())) return null;
            bmax -= 1;
            amin += 1;
        }
        Part na = a.withU(a.umin(), Part.umin2(a.umax(), bmax));
        Part nb = b.withU(Part.umax2(b.umin(), amin), b.umax());
        return pair(na, nb);
    }

    /** a < b (strict) or a <= b in the signed order. */
    private static Part[] slt(Part a, Part b, boolean strict) {
        long bmax = b.smax(), amin = a.smin();
        if (strict) {
            if (bmax == Part.sminOf(a.w()) || amin == Part.smaxOf(a.w())) return null;
            bmax -= 1;
            amin += 1;
        }
        Part na = a.withS(a.smin(), Math.min(a.smax(), bmax));
        Part nb = b.withS(Math.max(b.smin(), amin), b.smax());
        return pair(na, nb);
    }

    // kernel regs_refine_cond_op BPF_JSET (true edge): some bit is set in both
    private static Part[] set(Part a, Part b) {
        long aMay = a.t().value() | a.t().mask(), bMay = b.t().value() | b.t().mask();
        if ((aMay & bMay) == 0) return null;
        // the operands are non-zero
        Part na = nonZero(a), nb = nonZero(b);
        // a single-bit constant mask forces that bit
        if (b.isConstant() && Long.bitCount(b.constant()) == 1) {
            Tnum t = na.t().meet(new Tnum(b.constant(), ~b.constant()));
            if (t == null) return null;
            na = na.withT(t);
        }
        if (a.isConstant() && Long.bitCount(a.constant()) == 1) {
            Tnum t = nb.t().meet(new Tnum(a.constant(), ~a.constant()));
            if (t == null) return null;
            nb = nb.withT(t);
        }
        return pair(na, nb);
    }

    private static Part nonZero(Part a) {
        return a.umin() == 0 ? a.withU(1, a.umax()) : a;
    }

    // kernel regs_refine_cond_op BPF_JSET (false edge): no bit set in both; a constant side
    // clears its bits in the other
    private static Part[] notSet(Part a, Part b) {
        if ((a.t().value() & b.t().value()) != 0) return null;
        Tnum ta = a.t(), tb = b.t();
        if (b.isConstant()) ta = ta.meet(new Tnum(0, ~b.constant()));
        if (a.isConstant()) tb = tb.meet(new Tnum(0, ~a.constant()));
        if (ta == null || tb == null) return null;
        Part na = a.withT(ta), nb = b.withT(tb);
        return pair(na, nb);
    }
}
