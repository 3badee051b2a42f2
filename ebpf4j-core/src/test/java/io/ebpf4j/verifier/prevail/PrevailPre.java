package io.ebpf4j.verifier.prevail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code pre} of a PREVAIL YAML case, read into per-register facts (the constraint grammar of vbpf/prevail
 * src/test/parse.cpp parse_linear_constraints; README "Constraint syntax").
 *
 * <p>Values: {@code svalue}, offsets and sizes are signed 64-bit; {@code uvalue} is unsigned 64-bit (kept in a
 * {@code long} as its two's complement). A fact naming another variable ({@code r2.svalue=r1.svalue}), a
 * difference ({@code r6.uvalue-r7.uvalue<=-1}) and a type equality between registers are relational: the
 * verifier's entry state is per register, so they are kept only where they reduce to a per-register fact
 * ({@code rN.uvalue=rN.svalue}: the value is in [0, 2^63-1]); the others are recorded in {@link #relational}
 * (dropping a constraint over-approximates the entry state, which is sound: it can only add rejections).
 */
final class PrevailPre {

    /** An interval of a variable; {@code unsigned} for uvalue. */
    record Interval(long lo, long hi) {
        static Interval of(long v) {
            return new Interval(v, v);
        }

        boolean singleton() {
            return lo == hi;
        }
    }

    /** What {@code pre} says about one register. */
    static final class Reg {
        /** The allowed types (PREVAIL names), or null when the type is unconstrained. */
        Set<String> types;
        /** {@code kind -> interval} for svalue, uvalue, ctx_offset, stack_offset, packet_offset, shared_offset, shared_region_size, stack_numeric_size, map_fd, map_fd_programs. */
        final Map<String, Interval> values = new TreeMap<>();
        /** {@code packet_offset=packet_size}: the register is {@code data_end}. */
        boolean packetEnd;
        /** {@code uvalue=svalue} of the same register. */
        boolean unsignedEqualsSigned;
    }

    /** One stack byte range {@code s[lo...hi]} (absolute PREVAIL stack indices, inclusive). */
    static final class Cell {
        final long lo, hi;
        String type;
        Interval svalue, uvalue;

        Cell(long lo, long hi) {
            this.lo = lo;
            this.hi = hi;
        }
    }

    final Map<Integer, Reg> regs = new TreeMap<>();
    final Map<String, Cell> cells = new LinkedHashMap<>();
    Interval packetSize, metaOffset;
    /** Constraints kept only partly or not at all, verbatim. */
    final List<String> relational = new ArrayList<>();
    /** Type equalities {@code rA.type=rB.type}. */
    final List<int[]> typeEqualities = new ArrayList<>();

    static final Set<String> TYPES = Set.of("shared", "number", "packet", "stack", "ctx", "map_fd", "map_fd_programs");
    private static final String R = "\\s*r(\\d\\d?)\\s*";
    private static final String KIND = "\\s*(svalue|uvalue|ctx_offset|map_fd|map_fd_programs|packet_offset|shared_offset|stack_offset|shared_region_size|stack_numeric_size)\\s*";
    private static final String IMM = "\\s*\\[?([-+]?(?:0x)?[0-9a-f]+)\\]?\\s*";
    private static final String INTERVAL = "\\s*\\[([-+]?\\d+),\\s*([-+]?\\d+)\\]?\\s*";
    private static final String SPECIAL = "\\s*(packet_size|meta_offset)\\s*";
    private static final String CELLS = "s\\s*\\[([-+]?\\d+)(?:\\.\\.\\.\\s*([-+]?\\d+))?\\]?\\s*";
    private static final Pattern SPECIAL_IMM = Pattern.compile(SPECIAL + "=" + IMM);
    private static final Pattern SPECIAL_INTERVAL = Pattern.compile(SPECIAL + "=" + INTERVAL);
    private static final Pattern SPECIAL_REG = Pattern.compile(SPECIAL + "=" + R + "\\." + KIND);
    private static final Pattern REG_SPECIAL = Pattern.compile(R + "\\." + KIND + "=" + SPECIAL);
    private static final Pattern REG_REG = Pattern.compile(R + "\\." + KIND + "=" + R + "\\." + KIND);
    private static final Pattern TYPE_EQ = Pattern.compile(R + "\\.type=" + R + "\\.type");
    private static final Pattern TYPE = Pattern.compile(R + "\\.type=\\s*(\\w+)\\s*");
    private static final Pattern TYPE_IN = Pattern.compile(R + "\\.type\\s*in\\s*\\{\\s*([^}]*)\\s*\\}\\s*");
    private static final Pattern REG_IMM = Pattern.compile(R + "\\." + KIND + "=" + IMM);
    private static final Pattern REG_INTERVAL = Pattern.compile(R + "\\." + KIND + "=" + INTERVAL);
    private static final Pattern DIFF = Pattern.compile(R + "\\." + KIND + "-" + R + "\\." + KIND + "<=" + IMM);
    private static final Pattern CELL_TYPE = Pattern.compile(CELLS + "\\.type=\\s*(\\w+)\\s*");
    private static final Pattern CELL_VALUE = Pattern.compile(CELLS + "\\.(svalue|uvalue)=" + IMM);

    /**
     * Reads a {@code pre} list.
     *
     * @throws IllegalArgumentException naming a constraint PREVAIL's parser would not read either
     */
    static PrevailPre parse(List<String> constraints) {
        PrevailPre p = new PrevailPre();
        for (String c : constraints) p.add(c);
        return p;
    }

    private Reg reg(String n) {
        int r = Integer.parseInt(n);
        if (r > 10) throw new IllegalArgumentException("no register r" + r);
        return regs.computeIfAbsent(r, k -> new Reg());
    }

    private void add(String c) {
        Matcher m;
        if ((m = SPECIAL_IMM.matcher(c)).matches()) {
            special(m.group(1), Interval.of(signed(m.group(2))));
        } else if ((m = SPECIAL_INTERVAL.matcher(c)).matches()) {
            special(m.group(1), new Interval(signed(m.group(2)), signed(m.group(3))));
        } else if ((m = SPECIAL_REG.matcher(c)).matches() || (m = REG_SPECIAL.matcher(c)).matches()) {
            if (c.matches(R + "\\.packet_offset=\\s*packet_size\\s*")) {
                reg(m.group(1)).packetEnd = true;
            } else {
                relational.add(c);
            }
        } else if ((m = REG_REG.matcher(c)).matches()) {
            if (m.group(1).equals(m.group(3)) && m.group(2).equals("uvalue") && m.group(4).equals("svalue")
                    || m.group(1).equals(m.group(3)) && m.group(2).equals("svalue") && m.group(4).equals("uvalue")) {
                reg(m.group(1)).unsignedEqualsSigned = true;
            } else {
                reg(m.group(1));
                reg(m.group(3));
                relational.add(c);
            }
        } else if ((m = TYPE_EQ.matcher(c)).matches()) {
            reg(m.group(1));
            reg(m.group(2));
            typeEqualities.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
        } else if ((m = TYPE.matcher(c)).matches()) {
            restrictType(reg(m.group(1)), Set.of(type(m.group(2))));
        } else if ((m = TYPE_IN.matcher(c)).matches()) {
            Set<String> set = new LinkedHashSet<>();
            for (String t : m.group(2).split("[,\\s]+")) if (!t.isBlank()) set.add(type(t.strip()));
            if (set.isEmpty()) throw new IllegalArgumentException("Empty type set in 'in { ... }' constraint: " + c);
            restrictType(reg(m.group(1)), set);
        } else if ((m = REG_IMM.matcher(c)).matches()) {
            String kind = m.group(2);
            long v = kind.equals("uvalue") ? unsigned(m.group(3)) : signed(m.group(3));
            value(reg(m.group(1)), kind, Interval.of(v), c);
        } else if ((m = REG_INTERVAL.matcher(c)).matches()) {
            String kind = m.group(2);
            boolean u = kind.equals("uvalue");
            value(reg(m.group(1)), kind, new Interval(u ? unsigned(m.group(3)) : signed(m.group(3)),
                    u ? unsigned(m.group(4)) : signed(m.group(4))), c);
        } else if ((m = DIFF.matcher(c)).matches()) {
            reg(m.group(1));
            reg(m.group(3));
            relational.add(c);
        } else if ((m = CELL_TYPE.matcher(c)).matches()) {
            cell(m).type = type(m.group(3));
        } else if ((m = CELL_VALUE.matcher(c)).matches()) {
            Cell cell = cell(m);
            if (m.group(3).equals("svalue")) cell.svalue = Interval.of(signed(m.group(4)));
            else cell.uvalue = Interval.of(unsigned(m.group(4)));
        } else {
            throw new IllegalArgumentException("Unknown constraint: " + c);
        }
    }

    private Cell cell(Matcher m) {
        long lo = Long.parseLong(m.group(1));
        long hi = m.group(2) == null ? lo : Long.parseLong(m.group(2));
        return cells.computeIfAbsent(lo + "..." + hi, k -> new Cell(lo, hi));
    }

    private void special(String name, Interval v) {
        if (name.equals("packet_size")) packetSize = v;
        else metaOffset = v;
    }

    private static void restrictType(Reg r, Set<String> set) {
        if (r.types == null) {
            r.types = new LinkedHashSet<>(set);
        } else {
            r.types.retainAll(set);
        }
    }

    private void value(Reg r, String kind, Interval v, String c) {
        Interval old = r.values.get(kind);
        if (old != null) {
            boolean u = kind.equals("uvalue");
            long lo = u ? (Long.compareUnsigned(old.lo(), v.lo()) >= 0 ? old.lo() : v.lo()) : Math.max(old.lo(), v.lo());
            long hi = u ? (Long.compareUnsigned(old.hi(), v.hi()) <= 0 ? old.hi() : v.hi()) : Math.min(old.hi(), v.hi());
            v = new Interval(lo, hi);
        }
        r.values.put(kind, v);
    }

    private static String type(String t) {
        if (!TYPES.contains(t)) throw new IllegalArgumentException("unknown type: " + t);
        return t;
    }

    static long signed(String s) {
        return PrevailAssembler.number(s);
    }

    static long unsigned(String s) {
        if (s.startsWith("-")) throw new IllegalArgumentException("unsigned value is negative: " + s);
        return PrevailAssembler.number(s);
    }

    /**
     * The type assignments the pre allows: one map {@code register -> type} per combination of the registers'
     * type sets ({@code rN.type in {...}}) that satisfies the type equalities. A register without a type
     * constraint is absent (uninitialised in our entry state, see {@link PrevailRunner}).
     */
    List<Map<Integer, String>> typeAlternatives() {
        List<Map<Integer, String>> out = new ArrayList<>();
        out.add(new TreeMap<>());
        for (Map.Entry<Integer, Reg> e : regs.entrySet()) {
            Set<String> types = e.getValue().types;
            if (types == null) continue;
            List<Map<Integer, String>> next = new ArrayList<>();
            for (Map<Integer, String> alt : out) {
                for (String t : types) {
                    Map<Integer, String> a = new TreeMap<>(alt);
                    a.put(e.getKey(), t);
                    next.add(a);
                }
            }
            out = next;
        }
        out.removeIf(a -> {
            for (int[] eq : typeEqualities) {
                String x = a.get(eq[0]), y = a.get(eq[1]);
                if (x != null && y != null && !x.equals(y)) return true;
            }
            return false;
        });
        return out;
    }
}
