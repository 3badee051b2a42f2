package io.ebpf4j.verifier.prevail;

import io.ebpf4j.object.MapType;
import io.ebpf4j.verifier.EntryState;
import io.ebpf4j.verifier.MapDescriptor;
import io.ebpf4j.verifier.Verifier;
import io.ebpf4j.verifier.VerifierEnv;
import io.ebpf4j.verifier.VerifierError;
import io.ebpf4j.verifier.VerifierOptions;
import io.ebpf4j.verifier.VerifierResult;
import io.ebpf4j.verifier.domain.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one PREVAIL YAML case through our verifier: assembles the code, translates {@code pre} into entry states and
 * the options into {@link VerifierOptions}, and compares verdicts.
 *
 * <p>The environment is PREVAIL's test platform (src/test/ebpf_yaml.cpp): the context of {@link PrevailContext};
 * one map for every fd, key_size 4, value_size 4, max_entries 4 ({@code test_map_descriptor}, type 0, which
 * PREVAIL's Linux platform treats as a non-array map: a lookup may return NULL), at index 0; a program array of the
 * same sizes at index 1 for {@code map_fd_programs}.
 *
 * <p>{@code pre} is the whole entry state ({@code setup_constraints=false}). Per register: {@code number} gives a
 * scalar in the meet of its svalue and uvalue intervals; {@code ctx}, {@code packet}, {@code stack} and
 * {@code shared} give pointers with their offset (an absent offset is unknown); PREVAIL numbers the stack
 * absolutely with {@code r10.stack_offset} (512 unless {@code pre} says otherwise) at the frame's top, so a stack
 * offset {@code o} is {@code o - base} from r10; {@code packet_offset=packet_size} is {@code data_end};
 * {@code shared} of {@code shared_region_size} bytes is a map value of that size (the smallest size allowed when
 * a range is given: fewer bytes can only reject more). {@code map_fd} / {@code map_fd_programs} are map pointers.
 * {@code type in {...}} is a disjunction: the case is run once per type assignment and is accepted iff every run
 * is (the union of the runs' states is the entry state). {@code s[a...b].type=number} (with a value for an 8-byte
 * slot) initialises those stack bytes, as does {@code stack_numeric_size} from a stack pointer's offset.
 * {@code packet_size} is the proven packet length and {@code meta_offset} (PREVAIL: data_meta - data, at most 0)
 * gives data - data_meta. What cannot be said per register is dropped and listed in {@link Outcome#approximations}.
 */
final class PrevailRunner {
    private PrevailRunner() {}

    static final List<MapDescriptor> MAPS = List.of(
            new MapDescriptor(MapType.HASH, 4, 4, 4, "prevail_test_map", false),
            new MapDescriptor(MapType.PROG_ARRAY, 4, 4, 4, "prevail_prog_array", false));

    /** What one case gave. */
    record Outcome(PrevailCase c, boolean parsed, String parseError, String untranslatable, boolean accepted,
                   String firstError, int errorLine, List<String> approximations, List<String> ignoredOptions) {
        boolean expectsError() {
            return c.expectsError();
        }

        /** Whether the case ran: it parsed and its pre could be said in our entry state. */
        boolean ran() {
            return parsed && untranslatable == null;
        }

        boolean agrees() {
            return ran() && accepted != c.expectsError();
        }
    }

    /** A pre our entry state cannot say without becoming unsound (accepting what PREVAIL's state rejects). */
    static final class Untranslatable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Untranslatable(String why) {
            super(why);
        }
    }

    static Outcome run(PrevailCase c) {
        PrevailAssembler.Assembled a;
        PrevailPre pre;
        try {
            a = PrevailAssembler.assemble(c.blocks());
            pre = PrevailPre.parse(c.pre());
        } catch (PrevailAssembler.SyntaxError | IllegalArgumentException e) {
            return new Outcome(c, false, e.getMessage(), null, false, null, -1, List.of(), List.of());
        }
        List<String> approximations = new ArrayList<>(pre.relational);
        List<String> ignored = new ArrayList<>();
        VerifierOptions options = options(c, ignored);
        List<EntryState> entries = new ArrayList<>();
        boolean usesR10 = c.blocks().values().stream().anyMatch(t -> t.matches("(?s).*\\b[rw]10\\b.*"));
        try {
            for (Map<Integer, String> types : pre.typeAlternatives()) {
                EntryState e = entry(pre, types, approximations, usesR10);
                if (e != null) entries.add(e);
            }
        } catch (Untranslatable e) {
            return new Outcome(c, true, null, e.getMessage(), false, null, -1, List.copyOf(approximations), List.copyOf(ignored));
        }
        boolean accepted = true;
        String firstError = null;
        int errorLine = -1;
        for (EntryState entry : entries) {
            VerifierEnv env = new VerifierEnv(new PrevailContext(), MAPS, entry, Set.of(a.sinkIndex()), 0);
            VerifierResult r = Verifier.verify(a.program(), env, options);
            if (!r.accepted()) {
                accepted = false;
                firstError = r.errors().isEmpty() ? "rejected without an error" : describe(r.errors().getFirst(), a);
                if (!r.errors().isEmpty() && r.errors().getFirst().insnIndex() >= 0) errorLine = a.lineOfIndex(r.errors().getFirst().insnIndex());
                break;
            }
        }
        return new Outcome(c, true, null, null, accepted, firstError, errorLine, List.copyOf(approximations), List.copyOf(ignored));
    }

    private static String describe(VerifierError e, PrevailAssembler.Assembled a) {
        int line = e.insnIndex() < 0 ? -1 : a.lineOfIndex(e.insnIndex());
        return (line >= 0 ? "line " + line + ": " : "") + e.format();
    }

    /**
     * PREVAIL's options (ebpf_yaml.cpp raw_options_to_options) in ours: {@code !allow_division_by_zero} is
     * {@link VerifierOptions#allowDivisionByZero()} false. {@code termination} has no switch because our verifier
     * always requires termination, as the kernel does. {@code big_endian}/{@code !big_endian} (byte order of
     * be/le/swap) and {@code simplify} (block merging in PREVAIL's CFG) have no counterpart: the case runs in
     * little-endian order and the option is reported.
     */
    static VerifierOptions options(PrevailCase c, List<String> ignored) {
        VerifierOptions d = VerifierOptions.defaults();
        boolean allowDiv = true;
        for (String o : c.options()) {
            switch (o) {
                case "!allow_division_by_zero" -> allowDiv = false;
                case "termination", "!big_endian" -> { }
                default -> ignored.add(o);
            }
        }
        return new VerifierOptions(d.logLevel(), allowDiv, d.maxIterations(), d.maxErrors());
    }

    /** The entry state for one type assignment; {@link Untranslatable} when it cannot be said without loss of soundness. */
    static EntryState entry(PrevailPre pre, Map<Integer, String> types, List<String> approx, boolean usesR10) {
        EntryState.Builder b = EntryState.builder();
        long base = 512;
        PrevailPre.Reg r10 = pre.regs.get(10);
        if (r10 != null) {
            PrevailPre.Interval o = r10.values.get("stack_offset");
            if (o != null && o.singleton()) base = o.lo();
            if (!"stack".equals(types.get(10))) note(approx, "r10 is the frame pointer (pre gives it type " + types.get(10) + ")");
        } else if (usesR10) {
            note(approx, "r10 is the frame pointer (PREVAIL: r10 unconstrained, pre does not name it)");
        }
        for (Map.Entry<Integer, PrevailPre.Reg> e : pre.regs.entrySet()) {
            int n = e.getKey();
            if (n == 10) continue;
            PrevailPre.Reg r = e.getValue();
            String type = types.get(n);
            if (type == null) continue; // unconstrained type: uninitialised here
            switch (type) {
                case "number" -> {
                    Scalar s = number(r);
                    if (s == null) {
                        // PREVAIL keeps svalue and uvalue as two variables and does not find them contradictory; no
                        // 64-bit number has both, so the case runs with either one (their join): a larger entry
                        // state, which can only add rejections (sound, as every dropped fact here)
                        s = eitherValue(r);
                        if (s == null) throw new Untranslatable("r" + n + ": an empty svalue or uvalue interval in pre");
                        note(approx, "r" + n + ": svalue and uvalue name no common 64-bit number; either one taken");
                    }
                    b.scalar(n, s);
                }
                case "ctx" -> b.ctx(n, offset(r, "ctx_offset", 0));
                case "packet" -> {
                    if (r.packetEnd) b.packetEnd(n);
                    else b.packet(n, offset(r, "packet_offset", 0));
                }
                case "stack" -> {
                    Scalar off = offset(r, "stack_offset", base);
                    b.stack(n, off);
                    PrevailPre.Interval size = r.values.get("stack_numeric_size");
                    PrevailPre.Interval o = r.values.get("stack_offset");
                    if (size != null && size.lo() > 0 && o != null && o.singleton()) {
                        long from = o.lo() - base, to = from + size.lo();
                        if (from >= -512 && to <= 0) b.stackScalar((int) from, (int) to, null);
                        else note(approx, "r" + n + ".stack_numeric_size outside the frame");
                    }
                }
                case "shared" -> {
                    // PREVAIL: a shared pointer whose value may be 0 may be NULL (src/crab/ebpf_checker.cpp ValidMapKeyValue/within)
                    PrevailPre.Interval sv = r.values.get("svalue"), uv = r.values.get("uvalue");
                    boolean maybeNull = sv != null && sv.lo() <= 0 && sv.hi() >= 0 || uv != null && uv.lo() == 0;
                    PrevailPre.Interval size = r.values.get("shared_region_size");
                    if (size == null || !size.singleton()) note(approx, "r" + n + ".shared_region_size taken as its lower bound");
                    int bytes = size == null ? 0 : (int) Math.max(0, Math.min(size.lo(), Integer.MAX_VALUE));
                    if (maybeNull) b.mapValueOrNull(n, -1, bytes, offset(r, "shared_offset", 0));
                    else b.mapValue(n, -1, bytes, offset(r, "shared_offset", 0));
                }
                case "map_fd" -> b.mapPtr(n, PrevailAssembler.MAP_INDEX);
                case "map_fd_programs" -> b.mapPtr(n, PrevailAssembler.PROG_ARRAY_INDEX);
                default -> throw new IllegalArgumentException("unknown type " + type);
            }
        }
        for (PrevailPre.Cell cell : pre.cells.values()) {
            long from = cell.lo - base, to = cell.hi + 1 - base;
            if (!"number".equals(cell.type)) {
                note(approx, "s[" + cell.lo + "..." + cell.hi + "] of type " + cell.type + " not set");
                continue;
            }
            if (from < -512 || to > 0 || from >= to) {
                note(approx, "s[" + cell.lo + "..." + cell.hi + "] outside the frame of r10=" + base);
                continue;
            }
            Scalar v = null;
            if (cell.svalue != null) v = Scalar.constant(cell.svalue.lo());
            else if (cell.uvalue != null) v = Scalar.constant(cell.uvalue.lo());
            b.stackScalar((int) from, (int) to, v);
        }
        if (pre.packetSize != null) b.packetSize(range(pre.packetSize));
        if (pre.metaOffset != null) {
            // PREVAIL's meta_offset is data_meta's offset from data (<= 0); ours is data - data_meta
            b.metaOffset(Scalar.signedRange(-pre.metaOffset.hi(), -pre.metaOffset.lo()));
        }
        return b.build();
    }

    private static void note(List<String> approx, String s) {
        if (!approx.contains(s)) approx.add(s);
    }

    /** The scalar a number register holds: svalue ∩ uvalue (∩ [0, 2^63-1] when uvalue=svalue); null if empty. */
    static Scalar number(PrevailPre.Reg r) {
        Scalar s = Scalar.unknown();
        PrevailPre.Interval sv = r.values.get("svalue"), uv = r.values.get("uvalue");
        if (sv != null) {
            if (sv.lo() > sv.hi()) return null;
            s = s.meet(Scalar.signedRange(sv.lo(), sv.hi()));
        }
        if (s != null && uv != null) {
            if (Long.compareUnsigned(uv.lo(), uv.hi()) > 0) return null;
            s = s.meet(Scalar.unsignedRange(uv.lo(), uv.hi()));
        }
        if (s != null && r.unsignedEqualsSigned) s = s.meet(Scalar.signedRange(0, Long.MAX_VALUE));
        return s;
    }

    /** The join of the svalue and the uvalue intervals of {@code r} (null when either interval is empty). */
    static Scalar eitherValue(PrevailPre.Reg r) {
        PrevailPre.Interval sv = r.values.get("svalue"), uv = r.values.get("uvalue");
        if (sv == null || uv == null || sv.lo() > sv.hi() || Long.compareUnsigned(uv.lo(), uv.hi()) > 0) return null;
        return Scalar.signedRange(sv.lo(), sv.hi()).join(Scalar.unsignedRange(uv.lo(), uv.hi()));
    }

    private static Scalar offset(PrevailPre.Reg r, String kind, long base) {
        PrevailPre.Interval o = r.values.get(kind);
        if (o == null) return Scalar.unknown();
        return Scalar.signedRange(o.lo() - base, o.hi() - base);
    }

    private static Scalar range(PrevailPre.Interval i) {
        return Scalar.signedRange(i.lo(), i.hi());
    }
}
