package io.ebpf4j.verifier.domain;

import static io.ebpf4j.isa.Opcodes.*;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;

/**
 * Random abstract values together with concrete members of them, built so that the members are
 * known to lie in the value by construction: joins of constants, intervals with their ends and
 * inner points, tnums with filled-in unknown bits, and values derived from those by an ALU op with
 * a constant, a branch edge or a meet (members mapped through the interpreter or filtered).
 */
final class Samples {
    private Samples() {}

    /** An abstract value and some of its concrete members. */
    record Sample(Scalar abs, long[] members) {
        @Override
        public String toString() {
            return abs + " ∋ " + Arrays.toString(members);
        }
    }

    private static final long[] EDGES = {
        0, 1, -1, 2, 7, 8, 63, 64, 255, 256, 0xffff, 0x1_0000, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL,
        0x1_0000_0000L, 0x1_0000_0001L, -0x8000_0000L, -0x8000_0001L, 0xffff_ffff_0000_0000L,
        0x7fff_ffff_ffff_ffffL, 0x8000_0000_0000_0000L, 0x8000_0000_0000_0001L, 0x7fff_ffff_0000_0000L,
        0x0000_0001_8000_0000L, 0xffff_ffff_7fff_ffffL,
    };

    static long interesting(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> r.nextInt(601) - 300;
            case 1 -> EDGES[r.nextInt(EDGES.length)];
            case 2 -> EDGES[r.nextInt(EDGES.length)] + r.nextInt(9) - 4;
            case 3 -> r.nextLong();
            case 4 -> r.nextLong() & 0xffff_ffffL;
            case 5 -> (long) r.nextInt();
            default -> (1L << r.nextInt(64)) + r.nextInt(5) - 2;
        };
    }

    /** A span for an interval: mostly small, sometimes huge. */
    private static long span(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> r.nextInt(8);
            case 1 -> r.nextInt(1000);
            case 2 -> r.nextLong() >>> r.nextInt(64);
            default -> (1L << r.nextInt(64)) - 1;
        };
    }

    static Sample sample(Random r) {
        return sample(r, 0);
    }

    private static Sample sample(Random r, int depth) {
        int kind = r.nextInt(depth < 2 ? 10 : 5);
        return switch (kind) {
            case 0, 1 -> {
                long[] m = LongStream.generate(() -> interesting(r)).limit(1 + r.nextInt(4)).toArray();
                Scalar s = Scalar.constant(m[0]);
                for (long v : m) s = s.join(Scalar.constant(v));
                yield new Sample(s, m);
            }
            case 2 -> {
                long lo = interesting(r);
                long hi = lo + span(r);
                if (Long.compareUnsigned(hi, lo) < 0) hi = -1L;
                yield new Sample(Scalar.unsignedRange(lo, hi), inside(r, lo, hi, true));
            }
            case 3 -> {
                long lo = interesting(r);
                long hi = lo + span(r);
                if (hi < lo) hi = Long.MAX_VALUE;
                yield new Sample(Scalar.signedRange(lo, hi), inside(r, lo, hi, false));
            }
            case 4 -> {
                long mask = switch (r.nextInt(3)) {
                    case 0 -> r.nextLong() & r.nextLong() & r.nextLong();
                    case 1 -> (1L << r.nextInt(64)) - 1;
                    default -> ((1L << r.nextInt(64)) - 1) << r.nextInt(40);
                };
                long value = interesting(r) & ~mask;
                Tnum t = new Tnum(value, mask);
                long[] m = {value, value | mask, value | (r.nextLong() & mask), value | (r.nextLong() & mask)};
                yield new Sample(Scalar.of(t), m);
            }
            case 5, 6 -> {
                // derived through an ALU op with a constant: correlates the 64-bit and 32-bit views
                Sample a = sample(r, depth + 1);
                int[] ops = {ADD, SUB, MUL, AND, OR, XOR, LSH, RSH, ARSH, DIV, MOD};
                int op = ops[r.nextInt(ops.length)];
                boolean alu64 = r.nextBoolean();
                int off = (op == DIV || op == MOD) && r.nextBoolean() ? 1 : 0;
                long c = op == LSH || op == RSH || op == ARSH ? r.nextInt(64) : interesting(r);
                long[] m = Arrays.stream(a.members).map(x -> Oracle.alu(op, x, c, alu64, off)).toArray();
                yield new Sample(a.abs.alu(op, Scalar.constant(c), alu64, off), m);
            }
            case 9 -> {
                // refined by a branch against a constant, as the verifier's states mostly are:
                // the members that take the chosen edge (run on the interpreter)
                Sample a = sample(r, depth + 1);
                int[] jumps = {JEQ, JGT, JGE, JSET, JNE, JSGT, JSGE, JLT, JLE, JSLT, JSLE};
                int op = jumps[r.nextInt(jumps.length)];
                boolean jmp32 = r.nextBoolean();
                long c = r.nextBoolean() ? interesting(r) : a.members[r.nextInt(a.members.length)] + r.nextInt(3) - 1;
                boolean holds = Oracle.jump(op, a.members[0], c, jmp32);
                long[] m = Arrays.stream(a.members).filter(x -> Oracle.jump(op, x, c, jmp32) == holds).toArray();
                Scalar[] edge = Scalar.assume(op, a.abs, Scalar.constant(c), jmp32, holds);
                if (edge == null) yield a;   // unsound, but the branch property reports it
                yield new Sample(edge[0], m);
            }
            case 7 -> {
                Sample a = sample(r, depth + 1);
                Sample b = sample(r, depth + 1);
                long[] m = Arrays.stream(a.members).filter(b.abs::contains).toArray();
                Scalar met = a.abs.meet(b.abs);
                if (m.length == 0 || met == null) yield a;
                yield new Sample(met, m);
            }
            default -> {
                Sample a = sample(r, depth + 1);
                Sample b = sample(r, depth + 1);
                long[] m = LongStream.concat(Arrays.stream(a.members), Arrays.stream(b.members)).toArray();
                yield new Sample(a.abs.join(b.abs), m);
            }
        };
    }

    /**
     * Two samples, half the time related: the second made of the first's members moved by -1, 0
     * or +1 (so comparisons hit their boundary cases), a 32-bit twin of one, or a range around one.
     */
    static Sample[] pair(Random r) {
        Sample a = sample(r);
        if (r.nextBoolean()) return new Sample[] {a, sample(r)};
        long x = a.members()[r.nextInt(a.members().length)];
        long d = r.nextInt(3) - 1;
        Sample b = switch (r.nextInt(4)) {
            case 0 -> new Sample(Scalar.constant(x + d), new long[] {x + d});
            case 1 -> {
                long y = (x & 0xffff_ffffL) | ((long) r.nextInt() << 32);
                yield new Sample(Scalar.constant(y + d).join(Scalar.constant(y)), new long[] {y, y + d});
            }
            case 2 -> {
                long lo = Math.min(x, x + d), hi = Math.max(x, x + d);
                yield new Sample(Scalar.signedRange(lo, hi), new long[] {lo, hi});
            }
            default -> {
                long y = a.members()[r.nextInt(a.members().length)];
                long lo = Part.umin2(x, y + d), hi = Part.umax2(x, y + d);
                yield new Sample(Scalar.unsignedRange(lo, hi), new long[] {lo, hi});
            }
        };
        return r.nextBoolean() ? new Sample[] {a, b} : new Sample[] {b, a};
    }

    /** The ends of [lo, hi] and two points inside. */
    private static long[] inside(Random r, long lo, long hi, boolean unsigned) {
        long width = hi - lo; // the span, as an unsigned number, in both orders
        long[] m = new long[4];
        m[0] = lo;
        m[1] = hi;
        for (int i = 2; i < 4; i++) {
            long off = width == -1L ? r.nextLong() : Long.remainderUnsigned(r.nextLong(), width + 1);
            m[i] = lo + off;
        }
        return m;
    }
}
