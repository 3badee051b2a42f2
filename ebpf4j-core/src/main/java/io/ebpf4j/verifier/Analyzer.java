package io.ebpf4j.verifier;

import static io.ebpf4j.isa.Opcodes.*;

import io.ebpf4j.asm.LlvmDisassembler;
import io.ebpf4j.helpers.ArgKind;
import io.ebpf4j.helpers.ArgType;
import io.ebpf4j.helpers.Helper;
import io.ebpf4j.helpers.HelperIds;
import io.ebpf4j.helpers.HelperProto;
import io.ebpf4j.helpers.HelperRegistry;
import io.ebpf4j.helpers.RetKind;
import io.ebpf4j.helpers.RetType;
import io.ebpf4j.helpers.TypeFlag;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.InsnValidator;
import io.ebpf4j.isa.Program;
import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.object.MapType;
import io.ebpf4j.object.ProgramType;
import io.ebpf4j.progtype.ContextField;
import io.ebpf4j.progtype.ProgTypeOps;
import io.ebpf4j.verifier.domain.Scalar;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The abstract interpreter of one function: a fixpoint over the weak topological order of its CFG
 * (widening at loop heads with the program's constants as thresholds, then one narrowing pass),
 * then a checking pass that reports every rule broken in the final states, then the termination
 * check of every loop.
 *
 * <p>Rules cite their source: RFC 9669 for what instructions do, the kernel's
 * Documentation/bpf/verifier.rst and kernel/bpf/verifier.c (function names given) for what it
 * checks. The kernel is path-sensitive and explores each path; this analysis merges paths, so
 * where the kernel would keep two states apart we keep the weaker merged one (always sound).
 */
final class Analyzer {
    /** BPF_MAX_VAR_OFF (verifier.c): pointer offsets beyond ±2^29 are refused. */
    static final long MAX_VAR_OFF = 1L << 29;
    /** MAX_PACKET_OFF (verifier.c). */
    static final long MAX_PACKET_OFF = 0xffff;
    /** A loop must be proven to run at most this many iterations (BPF_MAX_LOOPS in the kernel is 8M for bpf_loop). */
    static final long MAX_LOOP_ITERATIONS = 1L << 23;
    /** Fresh ids of references that were leaked by re-reserving in a loop. */
    static final int LEAK_BASE = 4_000_000;

    /** Extra knowledge available when verifying a linked program of an object. */
    record Context(LinkedProgram linked, String license, List<byte[]> rodata, List<Integer> innerMap,
                   List<MapDescriptor> innerDescriptors, HelperRegistry helpers, io.ebpf4j.btf.Btf btf) {}

    /** A rule broken at one instruction (the path stops there). */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String rule;
        final transient Map<String, String> regs;

        Failure(String rule, String message, Map<String, String> regs) {
            super(message, null, false, false);
            this.rule = rule;
            this.regs = regs;
        }
    }

    private final Program code;
    private final VerifierEnv env;
    private final VerifierOptions opts;
    private final Context ctx;
    private final ProgTypeOps ops;
    private final List<MapDescriptor> maps;
    private final int fnStart;
    private final int fnEnd;

    private Cfg cfg;
    private List<State>[] blockIn;
    private final Map<Long, List<State>> edgeOut = new HashMap<>();
    private int[] widenDelay;
    private long[] thresholds;
    private boolean checking;
    private List<VerifierError> errors = new ArrayList<>();
    private List<String> warnings = new ArrayList<>();
    private StringBuilder log = new StringBuilder();

    /** What the analyses of the entry function and of the functions it calls share. */
    private static final class Shared {
        final Map<Integer, Cfg> cfgs = new HashMap<>();
        /** Bytes of stack each function touches (kernel subprog_info.stack_depth). */
        final Map<Integer, Long> stackUse = new java.util.TreeMap<>();
        /** caller start << 32 | callee start. */
        final java.util.Set<Long> callEdges = new java.util.TreeSet<>();
        /** Global functions already verified on their own (verifyGlobalFunction). */
        final java.util.Set<Integer> globalChecked = new java.util.HashSet<>();
        final java.util.Set<Integer> validated = new java.util.HashSet<>();
        final Map<String, List<State>> memo = new HashMap<>();
        int[] functionStarts;
        /** Callee analyses run, and calls answered from {@link #memo} instead (VerifierStats). */
        int functionAnalyses, memoHits;
        /** Per memo entry: the ids its callee (and the functions it calls) made with freshId. */
        final Map<String, BitSet> memoFresh = new HashMap<>();
        /** Per memo entry whose key leaves the callers out: the join of its exits (callInContext). */
        final Map<String, State> memoJoined = new HashMap<>();
        /** Where each error was found, for its path (ErrorPath). */
        final PathTrace paths = new PathTrace();
        /** The per-block states of the reporting analyses, when VerifierOptions.keepBlockStates (for --dot). */
        BlockStates blockStates;
        /** Head instructions of the loops this analysis runs iteration by iteration before it tries widening. */
        final java.util.Set<Integer> unrollFirst = new TreeSet<>();
        /** Head instructions of the loops analysed by widening, and of those unrolled to their end. */
        final java.util.Set<Integer> widenedLoops = new TreeSet<>();
        final java.util.Set<Integer> unrolledLoops = new TreeSet<>();
        /** Iterations run by {@link #unroll} (whether or not the loop then ended). */
        long iterationsUnrolled;
        /** Loads from a function table in .rodata whose offsets may miss a function (tableLoad), by instruction, for callx's message. */
        final Map<Integer, String> tableMisses = new java.util.TreeMap<>();
    }

    private Shared shared = new Shared();
    private Analyzer parent;
    /** Call depth: 0 for the entry function. */
    private int depth;
    private State calleeEntry;
    /** Start instructions of the functions from the entry down to this one. */
    private List<Integer> chain = List.of();
    /** States at this callee's exits (the checking pass collects them). */
    private List<State> returns;
    /** Whether errors found are reported (a callee analysed for its caller's fixpoint only reports nothing). */
    private boolean recordErrors = true;
    /** This analysis as a frame of the paths to errors: its CFG, feasible edges and the call it came from. */
    private PathTrace.Frame pathFrame;
    /** In the checking pass: which of the block's entry states is being run (for the paths to errors). */
    private int checkingState = -1;

    /** The path ends here without an error (a callee that never returns). */
    private static final class DeadPath extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeadPath() {
            super(null, null, false, false);
        }
    }
    /** Deltas of each loop head's back edges, as the widening analysis sends states round them. */
    private final Map<Integer, List<Scalar[]>> backEdgeStates = new HashMap<>();
    /** Ids this analysis (and the callees it analysed) made with {@link #freshId}. */
    private final BitSet freshened = new BitSet();
    private int insnsProcessed;
    private int joins;
    private int widenings;
    /** Instruction currently interpreted (for fresh ids and messages). */
    private int cur;

    Analyzer(Program code, VerifierEnv env, VerifierOptions opts, Context ctx, int fnStart, int fnEnd) {
        this.code = code;
        this.env = env;
        this.opts = opts;
        this.ctx = ctx;
        this.ops = env.progType();
        List<MapDescriptor> all = new ArrayList<>(env.maps());
        if (ctx != null && ctx.innerDescriptors() != null) all.addAll(ctx.innerDescriptors());
        this.maps = all;
        this.fnStart = fnStart;
        this.fnEnd = fnEnd;
        this.chain = List.of(fnStart);
        this.pathFrame = new PathTrace.Frame(fnStart, null, -1, -1, "");
    }

    /** The analysis of a callee in the context of its caller's state at the call. */
    private Analyzer(Analyzer parent, int start, int end, State entry) {
        this(parent.code, parent.env, parent.opts, parent.ctx, start, end);
        this.parent = parent;
        this.shared = parent.shared;
        this.depth = parent.depth + 1;
        this.calleeEntry = entry;
        List<Integer> c = new ArrayList<>(parent.chain);
        c.add(start);
        this.chain = c;
        this.errors = parent.errors;
        this.warnings = parent.warnings;
        this.log = parent.log;
        this.recordErrors = parent.checking && parent.recordErrors;
        this.unrollBudget = Math.max(0, parent.unrollBudget / 2);
        // entered from the instruction the parent is interpreting: a call, or a helper call for a callback
        this.pathFrame = new PathTrace.Frame(start, parent.pathFrame, parent.cur, parent.checkingState,
                parent.code.insn(parent.cur).isHelperCall() ? "callback" : "");
    }

    // ------------------------------------------------------------------ driver

    /**
     * Every loop is first analysed by widening (one pass round it to a fixpoint, then narrowing).
     * When that analysis ends in errors, the program is analysed again with the loops suspected of
     * them run iteration by iteration ({@link #unroll}, bounded by a budget of instructions), as the
     * kernel walks them: first the widened loops that contain an error instruction (or, when an
     * error lies in no widened loop, every widened loop); if errors remain, every loop that was
     * widened. Widening alone is sound, so a program whose first analysis has no error is accepted;
     * a rejection is never less precise than unrolling every loop would give.
     */
    VerifierResult run() {
        long t0 = System.nanoTime();
        Analyzer a = this;
        a.analyseOnce();
        int insns = a.insnsProcessed, joined = a.joins, widened = a.widenings;
        long iterations = a.shared.iterationsUnrolled;
        int analyses = a.shared.functionAnalyses, memoHits = a.shared.memoHits;
        for (int round = 2; round <= MAX_ROUNDS && !a.errors.isEmpty(); round++) {
            java.util.Set<Integer> more = round == MAX_ROUNDS ? new TreeSet<>(a.shared.widenedLoops) : a.suspectLoops();
            more.removeAll(a.shared.unrollFirst);
            if (more.isEmpty()) break;
            Analyzer b = new Analyzer(code, env, opts, ctx, fnStart, fnEnd);
            b.shared.unrollFirst.addAll(a.shared.unrollFirst);
            b.shared.unrollFirst.addAll(more);
            if (DEBUG) System.err.println("loops: round " + round + " unrolls the loops at insns " + b.shared.unrollFirst
                    + " (errors after widening: " + a.errors.stream().map(e -> e.insnIndex() + " " + e.message()).toList() + ")");
            b.analyseOnce();
            insns += b.insnsProcessed;
            joined += b.joins;
            widened += b.widenings;
            iterations += b.shared.iterationsUnrolled;
            analyses += b.shared.functionAnalyses;
            memoHits += b.shared.memoHits;
            a = b;
        }
        Shared last = a.shared;
        a.errors.replaceAll(e -> last.paths.withPath(e, code, ctx == null ? null : ctx.linked()));
        boolean ok = a.errors.isEmpty();
        return new VerifierResult(ok, a.errors, a.warnings,
                new VerifierStats(insns, joined, System.nanoTime() - t0, widened, analyses, memoHits,
                        last.unrolledLoops.size(), iterations, List.copyOf(last.unrolledLoops)), a.log.toString(),
                last.blockStates == null ? Optional.empty() : Optional.of(last.blockStates.graph(code, ctx, last.functionStarts)));
    }

    /** Analyses of a program: widening only, then unrolling the loops suspected of the errors, then every widened loop. */
    static final int MAX_ROUNDS = 3;

    private void analyseOnce() {
        try {
            analyse();
        } catch (StackOverflowError e) {
            errors.add(error(-1, "program too complex", "the control-flow graph is too deep to analyse", Map.of()));
        }
    }

    /**
     * The widened loops that may have caused this analysis's errors: those whose body holds an
     * error's instruction (loops of callees included); all widened loops if some error lies in none
     * (its cause may be a value a loop before it computed, widened).
     */
    private java.util.Set<Integer> suspectLoops() {
        java.util.Set<Integer> out = new TreeSet<>();
        boolean outside = false;
        for (VerifierError e : errors) {
            int i = e.insnIndex();
            boolean inLoop = false;
            for (Cfg g : shared.cfgs.values()) {
                if (i < g.start || i >= g.end || g.blockOf[i] < 0) continue;
                for (int h = g.heads.nextSetBit(0); h >= 0; h = g.heads.nextSetBit(h + 1)) {
                    int head = g.blockStart[h];
                    if (g.componentBlocks.get(h).get(g.blockOf[i]) && shared.widenedLoops.contains(head)) {
                        out.add(head);
                        inLoop = true;
                    }
                }
            }
            if (!inLoop) outside = true;
        }
        if (outside) out.addAll(shared.widenedLoops);
        return out;
    }

    private void analyse() {
        if (shared.functionStarts == null) shared.functionStarts = functionStarts();
        boolean valid = true;
        for (int i = fnStart; i < fnEnd; i++) {
            String why = InsnValidator.problem(code.insn(i));
            if (why != null) {
                valid = false;
                if (recordErrors) errors.add(error(i, "invalid instruction", why, Map.of()));
            }
        }
        if (!valid) return;
        cfg = shared.cfgs.computeIfAbsent(fnStart, k -> new Cfg(code, fnStart, fnEnd));
        pathFrame.cfg = cfg;
        if (!cfg.badTargets.isEmpty() && !recordErrors) return;
        for (int[] bad : cfg.badTargets) {
            boolean reachable = true;
            errors.add(error(bad[0], "jump out of range", bad[1] < 0 || bad[1] >= code.size() || bad[1] >= fnEnd
                    ? "jump out of range from insn " + bad[0] + " to " + bad[1] + " (the function is insns " + fnStart + "-" + (fnEnd - 1) + ")"
                    : "control falls off the end of the function", Map.of()));
            if (!reachable) break;
        }
        if (!errors.isEmpty()) return;
        if (depth == 0 && recordErrors) {
            int dead = firstUnreachable();
            if (dead >= 0) {
                errors.add(error(dead, "unreachable instruction", "unreachable insn " + code.slotOf(dead)
                        + ": no path from the program's entry reaches it (the kernel refuses dead code)", Map.of()));
                return;
            }
        }
        thresholds = thresholds();
        widenDelay = new int[cfg.blocks()];
        java.util.Arrays.fill(widenDelay, 2);
        fixpoint();
        List<Integer> unbounded = termination();
        // checking pass: the final states, every reachable block once per state kept, in address order
        checking = true;
        for (int b = 0; b < cfg.blocks(); b++) {
            if (blockIn[b] == null) continue;
            for (int k = 0; k < blockIn[b].size(); k++) {
                checkingState = k;
                runBlock(b, blockIn[b].get(k));
            }
        }
        checkingState = -1;
        if (opts.keepBlockStates() && recordErrors) {
            if (shared.blockStates == null) shared.blockStates = new BlockStates();
            shared.blockStates.add(fnStart, cfg, blockIn, pathFrame);
        }
        if (recordErrors) {
            for (int h = diverged.nextSetBit(0); h >= 0; h = diverged.nextSetBit(h + 1)) {
                int i = cfg.blockStart[h];
                errors.add(error(i, "too complex", "the analysis of the loop at insn " + i + " does not reach a fixpoint within "
                        + opts.maxIterations() + " iterations", Map.of()));
            }
        }
        if (depth == 0) {
            dedupeErrors();
            checkStackDepth();
        }
        if (recordErrors && !unbounded.isEmpty() && errors.stream().noneMatch(e -> e.rule().equals("unbounded loop"))) {
            for (int h : unbounded) {
                int i = cfg.blockStart[h];
                errors.add(error(i, "unbounded loop", "loop at insn " + i + " is not proven to terminate: no register or stack slot"
                        + " changes by a constant step each iteration within bounds the loop condition proves, and no may_goto"
                        + " on every cycle (kernel: \"infinite loop detected\" / \"The sequence of 8193 jumps is too complex\")",
                        Map.of()));
            }
        }
    }

    /**
     * Kernel check_cfg: a depth-first walk from the entry over every jump edge (both ways of each
     * conditional jump, whatever the values), call targets and function addresses (ld_imm64
     * BPF_PSEUDO_FUNC); an instruction it does not reach is refused ("unreachable insn N").
     * Returns the first such instruction at or after the entry, or -1.
     */
    private int firstUnreachable() {
        int n = code.size();
        BitSet seen = new BitSet(n);
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
        work.push(fnStart);
        seen.set(fnStart);
        if (ctx != null && ctx.linked() != null) {
            // a function of a function table in global data is reached as a ld_imm64 src=BPF_PSEUDO_FUNC target is
            for (LinkedProgram.DataFunction f : ctx.linked().dataFunctions()) {
                if (f.startIndex() >= 0 && f.startIndex() < n && !seen.get(f.startIndex())) {
                    seen.set(f.startIndex());
                    work.push(f.startIndex());
                }
            }
        }
        while (!work.isEmpty()) {
            int i = work.pop();
            Insn in = code.insn(i);
            List<Integer> next = new ArrayList<>(2);
            if (in.isExit()) {
                // no successor
            } else if (in.isBranch()) {
                int slot = code.slotOf(i) + 1 + in.branchOffset();
                if (slot >= 0 && slot < code.slotCount()) next.add(code.indexAtSlot(slot));
                if (!in.isUnconditionalJump()) next.add(i + 1);
            } else {
                if (in.isPseudoCall() || (in.isWide() && in.src() == PSEUDO_FUNC)) {
                    int slot = code.slotOf(i) + 1 + in.imm();
                    if (slot >= 0 && slot < code.slotCount()) next.add(code.indexAtSlot(slot));
                }
                next.add(i + 1);
            }
            for (int t : next) {
                if (t >= 0 && t < n && !seen.get(t)) {
                    seen.set(t);
                    work.push(t);
                }
            }
        }
        // the sinks a test harness appends for its assume edges (VerifierEnv.assumeSinks) are not program code
        for (int sink : env.assumeSinks()) if (sink >= 0 && sink < n) seen.set(sink);
        int dead = seen.nextClearBit(fnStart);
        return dead < n ? dead : -1;
    }

    /** The same rule broken at the same instruction in several of its states is one error. */
    private void dedupeErrors() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        errors.removeIf(e -> !seen.add(e.insnIndex() + "|" + e.message()));
        errors.sort(java.util.Comparator.comparingInt(VerifierError::insnIndex));
        while (errors.size() > opts.maxErrors()) errors.remove(errors.size() - 1);
    }

    /**
     * Paths are kept apart where they meet, up to this many states per program point (the kernel
     * keeps every path apart and prunes equal ones); beyond it a state is merged into the one most
     * like it. Loop heads analysed by widening keep one state.
     */
    static final int MAX_STATES = 8;

    /** Adds {@code s} to a program point's states: dropped if one of them covers it, merged beyond {@link #MAX_STATES}. */
    private List<State> addState(List<State> list, State s, int node) {
        if (s == null) return list;
        if (list == null) list = new ArrayList<>(2);
        for (State t : list) if (Joiner.leq(s, t)) return list;
        list.removeIf(t -> Joiner.leq(t, s));
        if (list.size() < MAX_STATES) {
            list.add(s);
            return list;
        }
        int best = 0, bestD = Integer.MAX_VALUE;
        for (int i = 0; i < list.size(); i++) {
            int d = distance(list.get(i), s);
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        list.set(best, Joiner.join(node, list.get(best), s));
        joins++;
        return list;
    }

    /** How unlike two states are: registers of other types count most, other values less. */
    private static int distance(State a, State b) {
        int d = 0;
        for (int r = 0; r < 11; r++) {
            Value x = a.regs[r], y = b.regs[r];
            if (x.type != y.type || x.maybeNull != y.maybeNull) d += 8;
            else if (!x.equals(y)) d += 1;
        }
        if (!a.pktRange.equals(b.pktRange)) d += 2;
        if (!a.refs.equals(b.refs) || a.lockHeld != b.lockHeld) d += 16;
        return d;
    }

    private State joinAll(List<State> list, int node) {
        if (list == null || list.isEmpty()) return null;
        State s = list.get(0);
        for (int i = 1; i < list.size(); i++) {
            s = Joiner.join(node, s, list.get(i));
            joins++;
        }
        return s;
    }

    private static List<State> single(State s) {
        List<State> l = new ArrayList<>(1);
        if (s != null) l.add(s);
        return l;
    }

    private void fixpoint() {
        @SuppressWarnings("unchecked")
        List<State>[] fresh = new List[cfg.blocks()];
        blockIn = fresh;
        edgeOut.clear();
        backEdgeStates.clear();
        checking = false;
        analyseList(cfg.wto);
    }

    private void analyseList(List<Cfg.Wto> list) {
        for (Cfg.Wto w : list) {
            if (w.isComponent()) analyseComponent(w);
            else {
                int b = w.block();
                List<State> in = incoming(b);
                boolean inLoop = false;
                for (BitSet u : unrolling) if (u.get(b)) inLoop = true;
                // while a loop is unrolled, a block's states for the checking pass are those of all iterations
                if (inLoop) {
                    if (in != null) for (State st : in) blockIn[b] = addState(blockIn[b], st, b);
                } else {
                    blockIn[b] = in;
                }
                clearOut(b);
                if (in != null) for (State st : in) runBlock(b, st);
            }
        }
    }

    /**
     * A loop is analysed by widening ({@link #widenComponent}) and must then pass the termination
     * check; only a loop {@link #run} names after an analysis with errors is first run iteration
     * by iteration, as the kernel walks it (each iteration from the states the previous one sent
     * round the back edges, no merging at the head): when no state comes round any more the loop
     * is bounded and its states are exact per iteration. A loop that does not end that way within
     * the budget, or stops making progress, is widened after all.
     */
    private void analyseComponent(Cfg.Wto c) {
        int h = c.block();
        int head = cfg.blockStart[h];
        if (shared.unrollFirst.contains(head) && unrollBudget > 0 && !mayGotoOnEveryCycle(h) && !irreducible(h) && unroll(c)) {
            unrolled.set(h);
            shared.unrolledLoops.add(head);
            return;
        }
        unrollFailed.set(h);
        shared.widenedLoops.add(head);
        widenComponent(c);
    }

    /** Budget of instructions interpreted while unrolling (the kernel's BPF_COMPLEXITY_LIMIT_INSNS is 1M). */
    private long unrollBudget = 200_000;
    private final BitSet unrolled = new BitSet();
    private final BitSet unrollFailed = new BitSet();
    /** Loop heads whose widening did not stabilise within the iteration bound. */
    private final BitSet diverged = new BitSet();
    private final java.util.ArrayDeque<BitSet> unrolling = new java.util.ArrayDeque<>();
    static final int UNROLL_LIMIT = 2048;

    private boolean unroll(Cfg.Wto c) {
        int h = c.block();
        BitSet comp = cfg.componentBlocks.get(h);
        List<State> cur = null;
        if (h == cfg.blockOf[fnStart]) cur = addState(cur, entryState(), h);
        for (int p : cfg.pred.get(h)) {
            if (comp.get(p)) continue;
            List<State> e = edgeOut.get(edgeKey(p, h));
            if (e != null) for (State st : e) cur = addState(cur, st, h);
        }
        // progress is judged against this run of the loop only (the head's states from earlier runs, e.g. earlier
        // iterations of an enclosing loop, say nothing about whether this one repeats itself)
        State acc = null;
        unrolling.push(comp);
        try {
            for (int k = 0; cur != null && !cur.isEmpty(); k++) {
                if (k >= UNROLL_LIMIT || unrollBudget <= 0) {
                    if (DEBUG) System.err.println("unroll h=" + h + " gives up at k=" + k + " budget=" + unrollBudget);
                    return false;
                }
                State all = joinAll(cur, h);
                if (acc != null && Joiner.leq(all, acc)) {
                    if (DEBUG) System.err.println("unroll h=" + h + " no progress at k=" + k + "\n  all=" + all.describe() + "\n  acc=" + acc.describe());
                    return false; // no progress: it may loop forever
                }
                acc = acc == null ? all : Joiner.join(h, acc, all);
                for (State st : cur) blockIn[h] = addState(blockIn[h], st, h);
                // edges inside the loop belong to one iteration; edges leaving it collect every iteration's states
                for (int b = comp.nextSetBit(0); b >= 0; b = comp.nextSetBit(b + 1)) {
                    for (int t : cfg.succ.get(b)) if (comp.get(t)) edgeOut.remove(edgeKey(b, t));
                }
                long before = insnsProcessed;
                shared.iterationsUnrolled++;
                for (State st : cur) runBlock(h, st);
                analyseList(c.body());
                unrollBudget -= insnsProcessed - before;
                List<State> next = null;
                for (int p : cfg.pred.get(h)) {
                    if (!comp.get(p)) continue;
                    List<State> e = edgeOut.get(edgeKey(p, h));
                    if (e != null) for (State st : e) next = addState(next, st, h);
                }
                cur = next;
            }
            return true;
        } finally {
            unrolling.pop();
        }
    }

    /** Whether the loop can be entered other than through its head (an irreducible loop: its body has entries of its own). */
    private boolean irreducible(int h) {
        BitSet comp = cfg.componentBlocks.get(h);
        for (int b = comp.nextSetBit(0); b >= 0; b = comp.nextSetBit(b + 1)) {
            if (b == h) continue;
            if (b == cfg.blockOf[fnStart]) return true;
            for (int p : cfg.pred.get(b)) if (!comp.get(p)) return true;
        }
        return false;
    }

    static final boolean DEBUG = Boolean.getBoolean("ebpf4j.verifier.debug");

    private void widenComponent(Cfg.Wto c) {
        int h = c.block();
        boolean irreducible = irreducible(h);
        int iterations = 0;
        blockIn[h] = single(joinAll(blockIn[h], h));
        while (true) {
            State in = joinAll(incoming(h), h);
            State old = joinAll(blockIn[h], h);
            if (DEBUG) System.err.println("widen h=" + h + " it=" + iterations + "\n  in=" + (in == null ? null : in.describe()) + "\n  old=" + (old == null ? null : old.describe()));
            if (old != null && in != null) {
                State next;
                if (iterations >= widenDelay[h]) {
                    next = Joiner.widen(h, old, in, thresholds);
                    widenings++;
                } else {
                    next = Joiner.join(h, old, in);
                    joins++;
                }
                // stable; but the body runs at least once here, so the back edges' deltas are those of this analysis
                if (Joiner.leq(next, old) && iterations > 0) break;
                in = next;
            }
            if (in == null) {
                blockIn[h] = null;
                clearOut(h);
                if (!irreducible || iterations > 0) return;
                // the head is not reached (yet) but the body has entries of its own
                analyseList(c.body());
                iterations++;
                continue;
            }
            blockIn[h] = single(in);
            clearOut(h);
            runBlock(h, in);
            analyseList(c.body());
            iterations++;
            if (iterations > widenDelay[h] + opts.maxIterations()) {
                diverged.set(h); // reported as an error: these states are not a fixpoint
                return;
            }
        }
        State widened = joinAll(blockIn[h], h);
        if (unrolling.isEmpty()) {
            // the induction step; when what comes round from the tightened head leaves the bounds it was derived from
            // (a path the widened state cut short at an error lives from the tighter one), those bounds widen to
            // include it and the step is tried again; if it never holds, the widened state stays
            State base = widened;
            boolean ran = false, holds = false;
            for (int tries = 0; tries < MAX_INDUCTION_TRIES && !holds; tries++) {
                Induction ind = induction(h, base);
                if (ind == null) break;
                if (DEBUG) System.err.println("induction h=" + h + " try " + tries + "\n  -> " + ind.tight().describe());
                ran = true;
                blockIn[h] = single(ind.tight());
                clearOut(h);
                runBlock(h, ind.tight());
                analyseList(c.body());
                State again = joinAll(incoming(h), h);
                holds = ind.holds(again, base);
                if (!holds) {
                    base = Joiner.widen(h, base, again, thresholds);
                    widenings++;
                }
            }
            if (ran && !holds) {
                blockIn[h] = single(widened);
                clearOut(h);
                runBlock(h, widened);
                analyseList(c.body());
            }
        }
        // one narrowing step: the head from its predecessors' states, bounds that are tighter replace the widened ones
        State in = joinAll(incoming(h), h);
        State old = joinAll(blockIn[h], h);
        if (in != null && old != null) {
            State narrowed = narrow(old, in);
            if (DEBUG) System.err.println("narrow h=" + h + "\n  in=" + in.describe() + "\n  old=" + old.describe() + "\n  -> " + (narrowed == null ? null : narrowed.describe()));
            if (narrowed != null) {
                blockIn[h] = single(narrowed);
                clearOut(h);
                runBlock(h, narrowed);
                analyseList(c.body());
                // the narrowed head must still hold every state that comes round (paths that died on an error from the
                // wider state may live from the narrower one); if not, the widened state stays
                State again = joinAll(incoming(h), h);
                if (again != null && !Joiner.leq(again, narrowed)) {
                    blockIn[h] = single(old);
                    clearOut(h);
                    runBlock(h, old);
                    analyseList(c.body());
                }
            }
        }
    }

    /**
     * The induction step after widening: when a location (the counter) changes by the same constant on
     * every way round, is its own value plus that step, and is bounded at the head, the loop has run at
     * most K = (bound - entry) / step times whenever the head is reached. Every other location that also
     * changes by one constant step s on every way round is then within its entry value + s * [0, K]:
     * a pointer stepped beside a counter (clang's strength-reduced {@code buf[i]}) stays in the array
     * the counter bounds, which widening alone, keeping no relation between the two, cannot see. Sound
     * because each bound holds of every execution: the k-th arrival at the head has counter =
     * entry + k * step exactly (no wrap: checked) and counter within the head's bounds. Returns the
     * tightened head, or null when nothing is tighter.
     */
    private Induction induction(int h, State head) {
        List<Scalar[]> backs = backEdgeStates.get(h);
        if (head == null || backs == null || backs.isEmpty()) return null;
        State entry = null;
        if (h == cfg.blockOf[fnStart]) entry = entryState();
        BitSet comp = cfg.componentBlocks.get(h);
        for (int p : cfg.pred.get(h)) {
            if (comp.get(p)) continue;
            List<State> e = edgeOut.get(edgeKey(p, h));
            if (e != null) for (State st : e) entry = entry == null ? st : Joiner.join(h, entry, st);
        }
        if (entry == null) return null;
        long k = Long.MAX_VALUE;
        BitSet counters = new BitSet();
        for (int loc = 0; loc < State.DELTA_SLOTS; loc++) {
            Long step = constantStep(backs, loc);
            Value hv = at(head, loc), ev = at(entry, loc);
            if (step == null || step == 0 || hv == null || ev == null || !hv.isScalar() || !ev.isScalar()) continue;
            counters.set(loc);
            long st = step;
            long span;
            if (st > 0) {
                if (hv.var.smax() > Long.MAX_VALUE - st) continue;
                span = hv.var.smax() - ev.var.smin();
            } else {
                if (hv.var.smin() < Long.MIN_VALUE - st) continue;
                span = ev.var.smax() - hv.var.smin();
            }
            if (span < 0) continue; // overflowed, or no iteration possible: nothing to learn here
            k = Math.min(k, span / Math.abs(st));
        }
        if (k == Long.MAX_VALUE) return null;
        State out = head.copy();
        BitSet tightened = new BitSet();
        for (int loc = 0; loc < State.DELTA_SLOTS; loc++) {
            Long step = constantStep(backs, loc);
            Value hv = at(head, loc), ev = at(entry, loc);
            if (step == null || hv == null || ev == null) continue;
            Value t = tighten(hv, ev, step, k);
            if (t == null || t.equals(hv)) continue;
            tightened.set(loc);
            put(out, loc, t);
        }
        return tightened.isEmpty() ? null : new Induction(out, counters, tightened);
    }

    /** Rounds of the induction step per loop before the widened state is kept as it is. */
    static final int MAX_INDUCTION_TRIES = 16;

    /**
     * A head tightened by {@link #induction}, the counters whose head bounds gave the iteration bound,
     * and the locations tightened.
     */
    private record Induction(State tight, BitSet counters, BitSet tightened) {
        /**
         * Whether the states that come round from the tight head keep the bound: each counter within
         * its widened head bounds (so the next arrival is still within K iterations, and every tightened
         * location within its range), everything else within the tight head.
         */
        boolean holds(State again, State widened) {
            if (again == null) return true;
            State b = again.copy();
            BitSet both = (BitSet) tightened.clone();
            both.or(counters);
            for (int loc = both.nextSetBit(0); loc >= 0; loc = both.nextSetBit(loc + 1)) {
                Value v = at(again, loc), w = at(widened, loc);
                if (v == null || w == null || !Joiner.leq(v, w)) return false;
                put(b, loc, at(tight, loc));
            }
            return Joiner.leq(b, tight);
        }
    }

    private static void put(State s, int loc, Value v) {
        if (loc < 11) {
            s.regs[loc] = v;
        } else {
            s.own();
            s.spill[(loc - 11) * 8] = v;
        }
    }

    /** The value at a delta location: register 0-10 or the 8-byte spill of slot loc - 11; null if none. */
    private static Value at(State s, int loc) {
        if (loc < 11) return s.regs[loc];
        int i = (loc - 11) * 8;
        return s.spill[i] != null && s.spillSize[i] == 8 ? s.spill[i] : null;
    }

    /** The step of {@code loc} when it is the same constant on every back edge and relative to loc's own head value. */
    private static Long constantStep(List<Scalar[]> backs, int loc) {
        Long step = null;
        for (Scalar[] d : backs) {
            if (d == null || d[loc] == null || !ownDelta(d, loc) || !d[loc].isConstant()) return null;
            long v = d[loc].constantValue();
            if (step != null && step != v) return null;
            step = v;
        }
        return step;
    }

    /** {@code hv} within {@code ev + step * [0, k]} (for a pointer: its whole offset, in the same region), or null. */
    private static Value tighten(Value hv, Value ev, long step, long k) {
        long reach;
        try {
            reach = Math.multiplyExact(step, k);
        } catch (ArithmeticException e) {
            return null;
        }
        if (hv.isScalar() && ev.isScalar()) {
            long lo, hi;
            try {
                lo = Math.addExact(ev.var.smin(), Math.min(0, reach));
                hi = Math.addExact(ev.var.smax(), Math.max(0, reach));
            } catch (ArithmeticException e) {
                return null;
            }
            Scalar m = hv.var.meet(Scalar.signedRange(lo, hi));
            return m == null ? null : Value.scalar(m);
        }
        if (!hv.isPointer() || !ev.isPointer() || hv.type != ev.type || hv.map != ev.map || hv.size != ev.size
                || hv.type == Value.Type.PACKET_END || hv.type == Value.Type.FUNC_PTR) return null;
        Scalar eo = ev.offset();
        long lo, hi;
        try {
            lo = Math.addExact(Math.subtractExact(eo.smin(), hv.fixed), Math.min(0, reach));
            hi = Math.addExact(Math.subtractExact(eo.smax(), hv.fixed), Math.max(0, reach));
        } catch (ArithmeticException e) {
            return null;
        }
        Scalar m = hv.var.meet(Scalar.signedRange(lo, hi));
        return m == null ? null : hv.withVar(hv.fixed, m, hv.id);
    }

    /** Narrowing of scalars where the shape of the state is unchanged; otherwise the widened state stays. */
    private State narrow(State widened, State next) {
        if (!Joiner.leq(next, widened)) return null;
        State out = widened.copy();
        for (int r = 0; r < 11; r++) out.regs[r] = narrowValue(widened.regs[r], next.regs[r]);
        for (int i = 0; i < State.STACK_SIZE; i++) {
            if (out.spill[i] != null && next.spill[i] != null && next.spillSize[i] == out.spillSize[i]) {
                out.own();
                out.spill[i] = narrowValue(out.spill[i], next.spill[i]);
            }
        }
        return out;
    }

    private static Value narrowValue(Value w, Value n) {
        if (w.isScalar() && n.isScalar()) return Value.scalar(w.var.narrow(n.var));
        if (w.isPointer() && n.isPointer() && w.type == n.type && w.fixed == n.fixed && w.id == n.id) return w.withVar(w.fixed, w.var.narrow(n.var), w.id);
        return w;
    }

    private List<State> incoming(int b) {
        List<State> list = null;
        if (b == cfg.blockOf[fnStart]) list = addState(list, entryState(), b);
        for (int p : cfg.pred.get(b)) {
            List<State> e = edgeOut.get(edgeKey(p, b));
            if (e == null) continue;
            for (State st : e) list = addState(list, st, b);
        }
        return list;
    }

    private State entryState() {
        return calleeEntry != null ? calleeEntry.copy() : env.entry().state();
    }

    private static long edgeKey(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }

    private void clearOut(int b) {
        BitSet scope = null;
        for (BitSet u : unrolling) {
            if (u.get(b)) {
                scope = u;
                break;
            }
        }
        for (int s : cfg.succ.get(b)) {
            // edges leaving a loop being unrolled collect the states of all its iterations
            if (scope != null && !scope.get(s)) continue;
            edgeOut.remove(edgeKey(b, s));
        }
    }

    private void setOut(int from, int toInsn, State s) {
        if (s == null) return;
        int to = cfg.blockOf[toInsn];
        if (cfg.heads.get(to) && cfg.componentBlocks.get(to).get(from)) {
            if (!checking && !unrolling.contains(cfg.componentBlocks.get(to))) {
                Scalar[] d = s.deltas.get(to);
                backEdgeStates.computeIfAbsent(to, k -> new ArrayList<>()).add(d == null ? null : d.clone());
            }
        }
        if (checking) {
            if (recordErrors) pathFrame.reached(from, checkingState, to, s, blockIn[to]);
            return;
        }
        long k = edgeKey(from, to);
        edgeOut.put(k, addState(edgeOut.get(k), s, to));
    }

    // ------------------------------------------------------------------ blocks

    private void runBlock(int b, State in) {
        State s = in.copy();
        if (cfg.heads.get(b)) {
            // the loop's own deltas restart at its head: each location is its own value there, plus 0
            Scalar[] d = new Scalar[2 * State.DELTA_SLOTS];
            // (pointers too: their offset's step, for the iteration bound of widenComponent's induction step)
            for (int r = 0; r < 11; r++) if (s.regs[r].isScalar() || s.regs[r].isPointer()) deltaStart(d, r);
            for (int slot = 0; slot < State.STACK_SIZE / 8; slot++) {
                int i = slot * 8;
                if (s.spill[i] != null && s.spillSize[i] == 8 && s.spill[i].isInit()) deltaStart(d, 11 + slot);
            }
            s.deltas.put(b, d);
        }
        for (int i = cfg.blockStart[b]; i < cfg.blockEnd[b]; i++) {
            if (env.assumeSinks().contains(i)) return;
            cur = i;
            Insn in2 = code.insn(i);
            insnsProcessed++;
            if (checking && recordErrors && opts.logLevel() >= 2) logState(i, s);
            try {
                if (in2.isExit()) {
                    if (depth > 0) {
                        // a callee's return: its caller continues from here (kernel prepare_func_exit)
                        if (checking) returns.add(s);
                        return;
                    }
                    checkExit(s);
                    return;
                }
                if (in2.isBranch()) {
                    branch(b, i, in2, s);
                    return;
                }
                step(s, i, in2);
            } catch (Failure f) {
                if (checking && recordErrors) {
                    errors.add(error(i, f.rule, f.getMessage(), f.regs));
                    if (opts.logLevel() >= 1) log.append(i).append(": ERROR ").append(f.getMessage()).append('\n');
                }
                return;
            } catch (DeadPath d) {
                return;
            }
        }
        setOut(b, cfg.blockEnd[b], s);
    }

    private void logState(int i, State s) {
        log.append(i).append(": ").append(disasm(i)).append("\n    ; ").append(s.describe()).append('\n');
    }

    // ------------------------------------------------------------------ errors

    VerifierError error(int i, String rule, String message, Map<String, String> regs) {
        String text = i >= 0 && i < code.size() ? disasm(i) : "";
        Optional<LinkedProgram.SourceLine> src = Optional.empty();
        if (i >= 0 && ctx != null && ctx.linked() != null) src = ctx.linked().sourceAt(i);
        VerifierError e = new VerifierError(i, text, src, rule, message, regs);
        if (recordErrors && i >= fnStart && i < fnEnd) shared.paths.note(e, pathFrame, i, checkingState);
        return e;
    }

    private String disasm(int i) {
        Insn in = code.insn(i);
        String s = LlvmDisassembler.OBJDUMP.format(in);
        return s;
    }

    private static Failure fail(String rule, String message, Object... regsAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int k = 0; k + 1 < regsAndValues.length; k += 2) m.put(String.valueOf(regsAndValues[k]), String.valueOf(regsAndValues[k + 1]));
        return new Failure(rule, message, m);
    }

    private static Value read(State s, int reg) {
        Value v = s.regs[reg];
        // kernel check_reg_arg(SRC_OP): "R%d !read_ok"
        if (!v.isInit()) throw fail("uninitialised register", "R" + reg + " !read_ok: r" + reg + " is read before it is written", "r" + reg, "uninit");
        return v;
    }

    // ------------------------------------------------------------------ thresholds

    private long[] thresholds() {
        TreeSet<Long> t = new TreeSet<>();
        t.add(0L);
        t.add(1L);
        t.add(-1L);
        for (int i = fnStart; i < fnEnd; i++) {
            Insn in = code.insn(i);
            long v;
            if (in.isWide()) {
                if (in.src() != 0) continue;
                v = in.imm64();
            } else if ((in.isAlu() || in.isJmp()) && !in.isRegSource()) {
                v = in.imm();
            } else if (in.cls() == ST) {
                v = in.imm();
            } else {
                continue;
            }
            for (long d = -1; d <= 1; d++) t.add(v + d);
            if (in.isJmp() && !in.isRegSource()) {
                t.add(v & 0xffffffffL);
            }
        }
        long[] out = new long[t.size()];
        int k = 0;
        for (long v : t) out[k++] = v;
        java.util.Arrays.sort(out);
        return out;
    }

    // ------------------------------------------------------------------ ids

    /** A fresh id for a value created at instruction {@code i} (kernel {@code ++env->id_gen}). */
    private int freshId(State s, int i) {
        int id = i + 1;
        freshened.set(id);
        // a value made by this instruction on an earlier iteration keeps its facts, but no longer shares them
        s.rewrite(v -> v.isPointer() && v.id == id ? v.withId(Joiner.UNIQUE) : v);
        s.pktRange.remove(id);
        s.metaRange.remove(id);
        if (s.refs.remove(id)) s.refs.add(LEAK_BASE + i);
        return id;
    }

    // ------------------------------------------------------------------ deltas (termination)

    // A delta array holds, per location (register 0-10, 8-byte stack slot 11 + slot), its value minus the value at the
    // loop head of the location it was copied from (index loc), and that origin location as a constant (index
    // DELTA_SLOTS + loc): `r1 = r2; r1 += 1` makes r1 "r2's head value + 1", which is a step of r1 only when r2 is r1.

    private static void deltaStart(Scalar[] d, int loc) {
        d[loc] = Scalar.constant(0);
        d[State.DELTA_SLOTS + loc] = Scalar.constant(loc);
    }

    private static void deltaSet(State s, int loc, Scalar d) {
        for (Scalar[] arr : s.deltas.values()) {
            arr[loc] = d;
            if (d == null) arr[State.DELTA_SLOTS + loc] = null;
        }
    }

    private static void deltaCopy(State s, int to, int from) {
        for (Scalar[] arr : s.deltas.values()) {
            arr[to] = arr[from];
            arr[State.DELTA_SLOTS + to] = arr[State.DELTA_SLOTS + from];
        }
    }

    /** Whether the delta of {@code loc} is relative to loc's own value at the head (not a copy of another location's). */
    private static boolean ownDelta(Scalar[] d, int loc) {
        Scalar o = d[State.DELTA_SLOTS + loc];
        return o != null && o.isConstant() && o.constantValue() == loc;
    }

    private static void deltaAdd(State s, int loc, long c) {
        for (Scalar[] arr : s.deltas.values()) {
            if (arr[loc] != null) arr[loc] = arr[loc].alu(ADD, Scalar.constant(c), true, 0);
        }
    }

    /**
     * Termination (the kernel's guarantee that every program ends; it walks loops until they exit,
     * verifier.c is_state_visited / "infinite loop detected"): a loop is bounded when some register
     * or 8-byte stack slot holds at its head a number in a finite range, and every way around the
     * loop changes it by a step of one sign without wrapping, so it leaves the range after finitely
     * many iterations; or when every cycle passes a {@code may_goto}, which the kernel bounds.
     * Returns the heads of the loops not proven bounded.
     */
    private List<Integer> termination() {
        List<Integer> bad = new ArrayList<>();
        for (int h = cfg.heads.nextSetBit(0); h >= 0; h = cfg.heads.nextSetBit(h + 1)) {
            State head = joinAll(blockIn[h], h);
            if (head == null || !unrollFailed.get(h)) continue;
            List<Scalar[]> backs = backEdgeStates.getOrDefault(h, List.of());
            if (backs.isEmpty()) continue; // no state comes round: the loop never repeats
            if (mayGotoOnEveryCycle(h)) continue;
            boolean proven = false;
            for (int loc = 0; loc < State.DELTA_SLOTS && !proven; loc++) {
                Value hv = loc < 11 ? head.regs[loc] : (head.spillSize[(loc - 11) * 8] == 8 ? head.spill[(loc - 11) * 8] : null);
                if (hv == null || !hv.isScalar()) continue;
                proven = stepsOut(hv.var, backs, h, loc);
            }
            if (!proven) bad.add(h);
        }
        return bad;
    }

    private static boolean stepsOut(Scalar head, List<Scalar[]> backs, int h, int loc) {
        long dmin = Long.MAX_VALUE, dmax = Long.MIN_VALUE;
        for (Scalar[] d : backs) {
            if (d == null || d[loc] == null || !ownDelta(d, loc)) return false;
            dmin = Math.min(dmin, d[loc].smin());
            dmax = Math.max(dmax, d[loc].smax());
        }
        if (dmin >= 1) {
            // increasing: unsigned without wrap, or signed without overflow
            if (Long.compareUnsigned(head.umax(), -1L - dmax) <= 0) {
                long span = head.umax() - head.umin();
                if (Long.compareUnsigned(span / dmin, MAX_LOOP_ITERATIONS) <= 0) return true;
            }
            if (head.smax() <= Long.MAX_VALUE - dmax) {
                long span = head.smax() - head.smin();
                if (head.smax() - head.smin() >= 0 && Long.compareUnsigned(span / dmin, MAX_LOOP_ITERATIONS) <= 0) return true;
            }
        } else if (dmax <= -1) {
            long dm = -dmin;
            long step = -dmax;
            if (dmin == Long.MIN_VALUE) return false;
            if (Long.compareUnsigned(head.umin(), dm) >= 0) {
                long span = head.umax() - head.umin();
                if (Long.compareUnsigned(span / step, MAX_LOOP_ITERATIONS) <= 0) return true;
            }
            if (head.smin() >= Long.MIN_VALUE + dm) {
                long span = head.smax() - head.smin();
                if (span >= 0 && Long.compareUnsigned(span / step, MAX_LOOP_ITERATIONS) <= 0) return true;
            }
        }
        return false;
    }

    private boolean mayGotoOnEveryCycle(int h) {
        BitSet comp = cfg.componentBlocks.get(h);
        // blocks of the component that contain no may_goto; a cycle through h avoiding may_goto fails the test
        BitSet free = new BitSet();
        for (int b = comp.nextSetBit(0); b >= 0; b = comp.nextSetBit(b + 1)) {
            boolean has = false;
            for (int i = cfg.blockStart[b]; i < cfg.blockEnd[b]; i++) if (code.insn(i).opcode() == MAY_GOTO) has = true;
            if (!has) free.set(b);
        }
        if (!free.get(h)) return true;
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
        BitSet seen = new BitSet();
        work.add(h);
        while (!work.isEmpty()) {
            int b = work.poll();
            for (int s : cfg.succ.get(b)) {
                if (s == h) return false;
                if (free.get(s) && !seen.get(s)) {
                    seen.set(s);
                    work.add(s);
                }
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ instructions

    private void step(State s, int i, Insn in) {
        if (in.cls() == LDX && in.dst() == 10) throw fail("frame pointer is read only", "frame pointer is read only: r10 cannot be written");
        switch (in.cls()) {
            case ALU, ALU64 -> alu(s, in);
            case LD -> {
                if (in.isWide()) ldImm64(s, in);
                else ldAbs(s, in);
            }
            case LDX -> {
                Value p = read(s, in.src());
                Value v = access(s, in.src(), p, in.off(), in.sizeBytes(), false, null, in.mode() == MEMSX);
                s.regs[in.dst()] = v;
                deltaLoad(s, in.dst(), p, in.off(), in.sizeBytes());
            }
            case ST -> {
                Value p = read(s, in.dst());
                access(s, in.dst(), p, in.off(), in.sizeBytes(), true, Value.constant(in.imm()), false);
                deltaStore(s, -1, p, in.off(), in.sizeBytes());
            }
            case STX -> {
                if (in.mode() == ATOMIC) atomic(s, in);
                else {
                    Value p = read(s, in.dst());
                    Value v = read(s, in.src());
                    access(s, in.dst(), p, in.off(), in.sizeBytes(), true, v, false);
                    deltaStore(s, in.src(), p, in.off(), in.sizeBytes());
                }
            }
            case JMP, JMP32 -> call(s, i, in);
            default -> throw fail("invalid instruction", "unknown instruction class");
        }
    }

    private void deltaLoad(State s, int dst, Value p, int off, int size) {
        if (s.deltas.isEmpty()) return;
        if (p.type == Value.Type.STACK && Math.max(0, p.map) == depth && size == 8 && p.var.isConstant() && p.var.constantValue() == 0) {
            long o = p.fixed + off + State.STACK_SIZE;
            if (o >= 0 && o % 8 == 0 && o < State.STACK_SIZE) {
                deltaCopy(s, dst, 11 + (int) (o / 8));
                return;
            }
        }
        deltaSet(s, dst, null);
    }

    private void deltaStore(State s, int srcReg, Value p, int off, int size) {
        if (s.deltas.isEmpty() || p.type != Value.Type.STACK || Math.max(0, p.map) != depth) return;
        long lo, hi;
        if (p.var.isConstant()) {
            lo = p.fixed + p.var.constantValue() + off + State.STACK_SIZE;
            hi = lo + size;
        } else {
            lo = 0;
            hi = State.STACK_SIZE;
        }
        for (long slot = Math.max(0, lo / 8); slot * 8 < Math.min(hi, State.STACK_SIZE); slot++) {
            if (srcReg >= 0 && size == 8 && slot * 8 == lo && p.var.isConstant()) deltaCopy(s, 11 + (int) slot, srcReg);
            else deltaSet(s, 11 + (int) slot, null);
        }
    }

    // ---- ALU (RFC 9669 §4.1; kernel check_alu_op, adjust_reg_min_max_vals, adjust_ptr_min_max_vals)

    private void alu(State s, Insn in) {
        boolean alu64 = in.cls() == ALU64;
        int op = in.op();
        int d = in.dst();
        if (d == 10) throw fail("frame pointer is read only", "frame pointer is read only: r10 cannot be written");
        if (op == END) {
            Value v = read(s, d);
            // kernel check_alu_op BPF_END: on a pointer (allowed with allow_ptr_leaks) the result is an unknown number
            Scalar x = v.isScalar() ? v.var : Scalar.unknown();
            s.regs[d] = Value.scalar(x.endian(alu64, alu64 || in.isRegSource(), in.imm()));
            deltaSet(s, d, null);
            return;
        }
        if (op == NEG) {
            Value v = read(s, d);
            s.regs[d] = Value.scalar(v.isScalar() ? v.var.neg(alu64) : Scalar.unknown().neg(alu64));
            deltaSet(s, d, null);
            return;
        }
        Value src = in.isRegSource() ? read(s, in.src()) : Value.constant(in.imm());
        if (op == MOV) {
            mov(s, in, alu64, src);
            return;
        }
        Value dst = read(s, d);
        // kernel check_alu_op: constant shifts out of range and division by a constant 0 are refused
        if (!in.isRegSource()) {
            int width = alu64 ? 64 : 32;
            if ((op == LSH || op == RSH || op == ARSH) && (in.imm() < 0 || in.imm() >= width)) {
                throw fail("invalid shift", "invalid shift " + in.imm() + ": a " + width + "-bit shift takes 0-" + (width - 1));
            }
            if ((op == DIV || op == MOD) && in.imm() == 0) throw fail("division by zero", "div by zero: division or modulo by the constant 0");
        }
        if ((op == DIV || op == MOD) && in.isRegSource() && !opts.allowDivisionByZero() && src.isScalar()
                && (alu64 ? src.var : src.var.truncate(4)).contains(0)) {
            // BPF defines x/0 = 0 and x%0 = x (RFC 9669 §4.1) and the kernel allows it; with the option off, as
            // PREVAIL's !allow_division_by_zero (ebpf_checker.cpp ValidDivisor), a divisor that may be 0 is refused
            // (ALU32 divides by the low 32 bits)
            throw fail("division by zero", "Possible division by zero: r" + in.src() + " may be 0 (" + src + ")", "r" + in.src(), src);
        }
        Scalar oldDelta = null;
        if (dst.isScalar() && src.isScalar()) {
            Scalar before = dst.var;
            s.regs[d] = Value.scalar(dst.var.alu(op, src.var, alu64, in.off()));
            if (dst.id != 0 && alu64 && (op == ADD || op == SUB) && src.var.isConstant()) {
                // kernel adjust_reg_min_max_vals (BPF_ADD_CONST): rX += c keeps rX linked to its copies, c apart
                long c = op == ADD ? src.var.constantValue() : -src.var.constantValue();
                s.regs[d] = Value.linked(s.regs[d].var, dst.id, dst.fixed + c);
            }
            deltaAlu(s, d, op, alu64, before, src.var);
            zeroExtendPair(s, in, dst);
            return;
        }
        // a pointer moved by a constant: its offset steps by it (what the induction step needs); otherwise unknown
        long ptrStep = dst.isPointer() && src.isScalar() && src.var.isConstant() && alu64 && (op == ADD || op == SUB)
                ? (op == ADD ? src.var.constantValue() : -src.var.constantValue()) : 0;
        if (ptrStep != 0 && ptrStep != Long.MIN_VALUE) deltaAdd(s, d, ptrStep);
        else if (!(alu64 && (op == ADD || op == SUB) && dst.isPointer() && src.isScalar() && src.var.isConstant()
                && src.var.constantValue() == 0)) deltaSet(s, d, oldDelta);
        if (!alu64) {
            // kernel adjust_ptr_min_max_vals: "32-bit ALU ops on pointers produce (meaningless) scalars";
            // SUB is allowed with allow_ptr_leaks (root), everything else is refused
            if (op == SUB) {
                s.regs[d] = Value.scalar(Scalar.unknown().truncate(4));
                return;
            }
            throw fail("pointer arithmetic", "R" + d + " 32-bit pointer arithmetic prohibited", "r" + d, dst, "src", src);
        }
        if (dst.isPointer() && src.isPointer()) {
            // kernel adjust_reg_min_max_vals: pointer op pointer -> only SUB (unknown scalar with allow_ptr_leaks)
            if (op != SUB) throw fail("pointer arithmetic", "R" + d + " pointer " + opName(op) + " pointer prohibited", "r" + d, dst, "r" + in.src(), src);
            if (dst.type == src.type && dst.id == src.id && dst.map == src.map && dst.var.isConstant() && src.var.isConstant()
                    && (dst.type == Value.Type.STACK || dst.isPacketLike() || dst.type == Value.Type.MAP_VALUE && dst.map >= 0)) {
                // same region and same variable part: the difference of the constant parts
                long diff = dst.fixed + dst.var.constantValue() - src.fixed - src.var.constantValue();
                s.regs[d] = Value.constant(diff);
            } else {
                s.regs[d] = Value.unknown();
            }
            return;
        }
        Value ptr = dst.isPointer() ? dst : src;
        Value off = dst.isPointer() ? src : dst;
        if (dst.isScalar() && op == SUB) {
            throw fail("pointer arithmetic", "R" + d + " tried to subtract pointer from scalar", "r" + d, dst, "r" + in.src(), src);
        }
        if (op != ADD && op != SUB) {
            throw fail("pointer arithmetic", "R" + d + " " + (op == AND || op == OR || op == XOR ? "bitwise operator " : "pointer arithmetic with ")
                    + opName(op) + " on pointer prohibited", "r" + d, dst, "src", src);
        }
        s.regs[d] = pointerArith(s, d, ptr, off.var, op == SUB);
    }

    private void deltaAlu(State s, int d, int op, boolean alu64, Scalar before, Scalar src) {
        if (s.deltas.isEmpty()) return;
        if (src.isConstant() && (op == ADD || op == SUB)) {
            long c = op == ADD ? src.constantValue() : -src.constantValue();
            if (alu64) {
                deltaAdd(s, d, c);
                return;
            }
            // w += c is a step of c when neither the operand nor the result leaves [0, 2^32)
            long c32 = (int) c;
            if (Long.compareUnsigned(before.umax(), 0xffffffffL) <= 0 && before.umin() + c32 >= 0 && before.umax() + c32 <= 0xffffffffL) {
                deltaAdd(s, d, c32);
                return;
            }
        }
        deltaSet(s, d, null);
    }

    private static String opName(int op) {
        return switch (op) {
            case ADD -> "+=";
            case SUB -> "-=";
            case MUL -> "*=";
            case DIV -> "/=";
            case OR -> "|=";
            case AND -> "&=";
            case LSH -> "<<=";
            case RSH -> ">>=";
            case MOD -> "%=";
            case XOR -> "^=";
            case ARSH -> "s>>=";
            default -> "op 0x" + Integer.toHexString(op);
        };
    }

    private void mov(State s, Insn in, boolean alu64, Value src) {
        int d = in.dst();
        if (alu64 && in.off() == 0) {
            // RFC 9669 §4.1 MOV: a register copy keeps its type (kernel copy_register_state)
            if (in.isRegSource()) src = link(s, in.src(), src);
            s.regs[d] = src;
            if (in.isRegSource()) deltaCopy(s, d, in.src());
            else deltaSet(s, d, null);
            return;
        }
        Scalar x = src.isScalar() ? src.var : Scalar.unknown(); // partial copy of a pointer: a number (allow_ptr_leaks)
        Scalar before = x;
        s.regs[d] = Value.scalar(x.alu(MOV, x, alu64, in.off()));
        if (!alu64 && in.off() == 0 && in.isRegSource() && src.isScalar() && Long.compareUnsigned(x.umax(), 0xffffffffL) <= 0) {
            // kernel check_alu_op BPF_MOV (is_src_reg_u32): w_d = w_s of a number below 2^32 is a copy, linked as one
            s.regs[d] = link(s, in.src(), src);
        }
        if (in.isRegSource() && !alu64 && in.off() == 0 && src.isScalar() && Long.compareUnsigned(before.umax(), 0xffffffffL) <= 0) {
            deltaCopy(s, d, in.src());
        } else {
            deltaSet(s, d, null);
        }
    }

    /**
     * {@code ptr ± scalar} (kernel adjust_ptr_min_max_vals): refused on pointers that may be NULL, on
     * map pointers, packet_end and function pointers; the scalar's minimum must be bounded
     * (check_reg_sane_offset); a constant moves the constant part, anything else the variable part,
     * and a packet pointer with a new variable part gets a new id with no proven range.
     */
    private Value pointerArith(State s, int d, Value ptr, Scalar off, boolean sub) {
        String t = ptr.type.logName + (ptr.maybeNull ? "_or_null" : "");
        if (ptr.maybeNull) throw fail("pointer arithmetic", "R" + d + " pointer arithmetic on " + t + " prohibited, null-check it first", "r" + d, ptr);
        switch (ptr.type) {
            case MAP_PTR, PACKET_END, FUNC_PTR, SOCK_COMMON ->
                throw fail("pointer arithmetic", "R" + d + " pointer arithmetic on " + t + " prohibited", "r" + d, ptr);
            default -> { }
        }
        if (off.smin() == Long.MIN_VALUE && !off.isConstant()) {
            throw fail("pointer arithmetic", "R" + d + " math between " + t + " pointer and register with unbounded min value is not allowed", "r" + d, ptr, "offset", off);
        }
        if (off.isConstant()) {
            long c = off.constantValue();
            if (c <= -MAX_VAR_OFF || c >= MAX_VAR_OFF) {
                throw fail("pointer arithmetic", "value " + c + " makes " + t + " pointer be out of bounds", "r" + d, ptr);
            }
            long f = sub ? ptr.fixed - c : ptr.fixed + c;
            if (f <= -MAX_VAR_OFF || f >= MAX_VAR_OFF) throw fail("pointer arithmetic", "R" + d + " " + t + " pointer offset " + f + " is not allowed", "r" + d, ptr);
            return ptr.withVar(f, ptr.var, ptr.id);
        }
        if (off.smin() <= -MAX_VAR_OFF || off.smin() >= MAX_VAR_OFF) {
            throw fail("pointer arithmetic", "R" + d + " value " + off.smin() + " makes " + t + " pointer be out of bounds", "r" + d, ptr, "offset", off);
        }
        Scalar v = ptr.var.alu(sub ? SUB : ADD, off, true, 0);
        int id = ptr.isPacketLike() ? freshId(s, cur) : ptr.id;
        return ptr.withVar(ptr.fixed, v, id);
    }

    // ---- ld_imm64 (RFC 9669 §5.4; kernel check_ld_imm)

    private void ldImm64(State s, Insn in) {
        int d = in.dst();
        if (d == 10) throw fail("frame pointer is read only", "frame pointer is read only: r10 cannot be written");
        deltaSet(s, d, null);
        switch (in.src()) {
            case 0 -> s.regs[d] = Value.constant(in.imm64());
            case PSEUDO_MAP_FD, PSEUDO_MAP_IDX -> {
                MapDescriptor m = map(in.imm());
                s.regs[d] = Value.pointer(Value.Type.MAP_PTR, 0, Scalar.constant(0), 0).with(Value.Type.MAP_PTR, 0, in.imm(), m.readOnly(), false);
            }
            case PSEUDO_MAP_VALUE, PSEUDO_MAP_IDX_VALUE -> {
                MapDescriptor m = map(in.imm());
                long off = in.imm2() & 0xffffffffL;
                if (off >= m.valueSize()) throw fail("invalid map value address", "invalid access to map value pointer, value_size=" + m.valueSize() + " off=" + off);
                s.regs[d] = Value.pointer(Value.Type.MAP_VALUE, off, Scalar.constant(0), 0)
                        .with(Value.Type.MAP_VALUE, m.valueSize(), in.imm(), m.readOnly(), false);
            }
            case PSEUDO_FUNC -> {
                int t = cfgTargetOfCall(in);
                s.regs[d] = Value.pointer(Value.Type.FUNC_PTR, 0, Scalar.constant(0), 0).with(Value.Type.FUNC_PTR, 0, t, true, false);
            }
            case PSEUDO_BTF_ID -> s.regs[d] = Value.unknown(); // a kernel symbol's address: a number this runtime cannot dereference
            default -> throw fail("invalid instruction", "invalid ld_imm64 source " + in.src());
        }
    }

    private int cfgTargetOfCall(Insn in) {
        int slot = code.slotOf(cur) + 1 + in.imm();
        if (slot < 0 || slot >= code.slotCount()) throw fail("jump out of range", "function address out of range");
        return code.indexAtSlot(slot);
    }

    private MapDescriptor map(int index) {
        if (index < 0 || index >= env.maps().size()) {
            throw fail("invalid map", "fd " + index + " is not pointing to valid bpf_map (the program has " + env.maps().size() + " maps)");
        }
        return maps.get(index);
    }

    // ---- legacy packet loads (kernel check_ld_abs)

    private void ldAbs(State s, Insn in) {
        boolean allowed = ops == null || switch (ops.type()) {
            case SOCKET_FILTER, SCHED_CLS, SCHED_ACT, UNSPEC -> true;
            default -> false;
        };
        if (!allowed) throw fail("legacy packet access", "BPF_LD_[ABS|IND] instructions not allowed for this program type");
        if (!s.refs.isEmpty()) throw fail("legacy packet access", "BPF_LD_[ABS|IND] cannot be mixed with socket references");
        if (s.lockHeld) throw fail("legacy packet access", "BPF_LD_[ABS|IND] cannot be used inside bpf_spin_lock-ed region");
        Value r6 = read(s, 6);
        if (ops != null && ops.type() != ProgramType.UNSPEC && r6.type != Value.Type.CTX) {
            throw fail("legacy packet access", "at the time of BPF_LD_ABS|IND R6 != pointer to skb", "r6", r6);
        }
        if (in.mode() == IND) {
            Value x = read(s, in.src());
            if (!x.isScalar()) throw fail("legacy packet access", "R" + in.src() + " must be a number for BPF_LD_IND", "r" + in.src(), x);
        }
        clobberCallerSaved(s);
        s.regs[0] = Value.scalar(Scalar.unknown().truncate(in.sizeBytes()));
    }

    private static void clobberCallerSaved(State s) {
        for (int r = 1; r <= 5; r++) {
            s.regs[r] = Value.UNINIT;
            deltaSet(s, r, null);
        }
        deltaSet(s, 0, null);
    }

    // ---- memory (kernel check_mem_access and friends)

    /**
     * Checks a load or store of {@code size} bytes at {@code ptr + off}; for a store, {@code value} is
     * what is written. Returns the loaded value (a load) or null.
     */
    private Value access(State s, int reg, Value ptr, long off, int size, boolean write, Value value, boolean signExtend) {
        String r = "r" + reg;
        Value loaded;
        if (ptr.maybeNull) {
            throw fail("possible NULL dereference", "R" + reg + " invalid mem access '" + ptr.type.logName + (ptr.ringbuf ? "_ringbuf" : "")
                    + "_or_null': check the pointer against NULL first", r, ptr);
        }
        switch (ptr.type) {
            case STACK -> loaded = stackAccess(s, reg, ptr, off, size, write, value);
            case CTX -> loaded = ctxAccess(s, reg, ptr, off, size, write);
            case PACKET, PACKET_META -> loaded = packetAccess(s, reg, ptr, off, size, write);
            case PACKET_END -> throw fail("invalid packet access", "R" + reg + " invalid mem access 'pkt_end'", r, ptr);
            case MAP_VALUE, MEM -> loaded = regionAccess(s, reg, ptr, off, size, write);
            case SCALAR -> throw fail("invalid memory access", "R" + reg + " invalid mem access 'scalar': a number is not a pointer", r, ptr);
            default -> throw fail("invalid memory access", "R" + reg + " invalid mem access '" + ptr.type.logName + (ptr.maybeNull ? "_or_null" : "") + "'", r, ptr);
        }
        if (write) return null;
        if (signExtend && loaded.isScalar()) return Value.scalar(loaded.var.signExtend(size));
        if (signExtend) return Value.scalar(Scalar.unknown().signExtend(size));
        return loaded;
    }

    private Value stackAccess(State cur, int reg, Value ptr, long off, int size, boolean write, Value value) {
        int d = Math.max(0, ptr.map);
        if (d > depth) throw fail("invalid stack access", "R" + reg + " points into the frame of a function that has returned", "r" + reg, ptr);
        // a caller's frame through a pointer it passed down, else this function's own
        State s = write ? cur.frameForWrite(d) : cur.frame(d);
        Scalar total = ptr.var.alu(ADD, Scalar.constant(ptr.fixed + off), true, 0);
        String r = "r" + reg;
        if (!total.isConstant()) {
            // kernel check_stack_access_within_bounds / check_stack_read_var_off
            long lo = total.smin(), hi = total.smax();
            if (lo < -State.STACK_SIZE || hi + size > 0 || lo > hi) {
                throw fail("invalid stack access", "invalid variable-offset " + (write ? "write to" : "read from") + " stack R" + reg
                        + " var_off=" + ptr.var + " off=" + (ptr.fixed + off) + " size=" + size + ": outside the 512-byte frame", r, ptr);
            }
            int from = (int) lo + State.STACK_SIZE, to = (int) hi + size + State.STACK_SIZE;
            if (d == depth) useStack(lo);
            if (write) {
                // a write at an unknown place (kernel check_stack_write_var_off): spills it may touch are plain data now;
                // bytes that were uninitialised stay so, as they may not have been written
                if (value.isPointer()) throw fail("invalid stack access", "spilled pointer at a variable offset: the kernel cannot track it", r, ptr);
                s.clobberStackKeepInit(from, to);
                return null;
            }
            for (int i = from; i < to; i++) {
                if (s.stack[i] == State.INVALID) {
                    throw fail("uninitialised stack read", "invalid variable-offset read from stack R" + reg + " var_off=" + ptr.var
                            + " off=" + (ptr.fixed + off) + " size=" + size + ": byte fp" + (i - State.STACK_SIZE) + " is uninitialised", r, ptr);
                }
            }
            return Value.scalar(Scalar.unknown().truncate(size));
        }
        long o = total.constantValue();
        if (o < -State.STACK_SIZE || o + size > 0) {
            throw fail("invalid stack access", "invalid " + (write ? "write to" : "read from") + " stack R" + reg + " off=" + o + " size=" + size
                    + ": outside the 512-byte frame [-512, 0)", r, ptr);
        }
        int i0 = (int) o + State.STACK_SIZE;
        if (d == depth) useStack(o);
        if (write) {
            storeStack(s, i0, size, value);
            return null;
        }
        for (int i = i0; i < i0 + size; i++) {
            if (s.stack[i] == State.INVALID) {
                throw fail("uninitialised stack read", "invalid read from stack R" + reg + " off=" + o + " size=" + size + ": byte fp"
                        + (i - State.STACK_SIZE) + " is uninitialised", r, ptr);
            }
        }
        Value sp = s.spill[i0];
        if (sp != null) {
            int ss = s.spillSize[i0];
            if (ss == size) return sp;
            if (ss > size && sp.isScalar()) return Value.scalar(sp.var.truncate(size)); // little-endian: the low bytes come first
        }
        boolean zero = true;
        for (int i = i0; i < i0 + size; i++) if (s.stack[i] != State.ZERO) zero = false;
        return zero ? Value.constant(0) : Value.scalar(Scalar.unknown().truncate(size));
    }

    /**
     * A store to a known stack offset (kernel check_stack_write_fixed_off): an 8-byte aligned store
     * of a register spills it whole (its type and bounds are kept); a narrower aligned store of a
     * number is kept too; pointers may only be spilled whole ("invalid size of register spill").
     */
    private static void storeStack(State s, int i0, int size, Value value) {
        if (value.isPointer() && size != 8) {
            throw fail("invalid stack access", "invalid size of register spill: a pointer is spilled with 8-byte stores only", "value", value);
        }
        Value kept = value.isScalar() && size < 8 ? Value.scalar(value.var.truncate(size)) : value;
        boolean zero = kept.isZero();
        s.clobberStack(i0, i0 + size, zero ? State.ZERO : State.MISC);
        // zeros stay STACK_ZERO bytes (any part reads back as 0); other aligned stores are remembered whole
        if (zero || i0 % size != 0 || (value.isPointer() && i0 % 8 != 0)) return;
        s.own();
        s.spill[i0] = kept;
        s.spillSize[i0] = (byte) size;
        for (int i = i0; i < i0 + size; i++) s.stack[i] = State.SPILL;
    }

    /**
     * Context access (kernel check_ctx_access → the type's is_valid_access): the pointer must be
     * the context itself (check_ptr_off_reg: "dereference of modified ctx ptr"), the field
     * readable or writable, pointer fields loaded whole.
     */
    private Value ctxAccess(State s, int reg, Value ptr, long off, int size, boolean write) {
        String r = "r" + reg;
        if (!(ptr.var.isConstant() && ptr.var.constantValue() == 0)) {
            throw fail("invalid context access", "variable ctx access var_off=" + ptr.var + " disallowed", r, ptr);
        }
        if (ptr.fixed != 0) throw fail("invalid context access", "dereference of modified ctx ptr R" + reg + " off=" + ptr.fixed + " disallowed", r, ptr);
        String bad = "invalid bpf_context access off=" + off + " size=" + size;
        if (ops == null || ops.contextFields().isEmpty()) {
            long limit;
            boolean writable;
            if (ops == null || ops.type() == ProgramType.UNSPEC) {
                limit = env.ctxSize();
                writable = true;
            } else if (ops.type() == ProgramType.SYSCALL) {
                limit = env.ctxSize() > 0 ? env.ctxSize() : 0xffff; // syscall_prog_is_valid_access: off < U16_MAX
                writable = true;
            } else {
                limit = 12 * 8; // bpf_tracing_ctx_access: MAX_BPF_FUNC_ARGS u64 arguments, read only
                writable = false;
            }
            if (off < 0 || off + size > limit || off % size != 0 || (write && !writable)) {
                throw fail("invalid context access", bad + (limit == 0 ? " (this program type has no context the verifier knows)" : ""), r, ptr);
            }
            return write ? null : Value.scalar(Scalar.unknown().truncate(size));
        }
        ContextField field = null;
        for (ContextField f : ops.contextFields()) {
            if (off >= f.offset() && off + size <= f.end()) field = f;
        }
        if (field == null || (write ? !field.writable() : !field.readable())) {
            throw fail("invalid context access", bad + (field == null ? "" : " (" + field.name() + " is " + (write ? "not writable" : "not readable") + ")"), r, ptr);
        }
        if (field.kind() != ContextField.Kind.SCALAR && (off != field.offset() || size != field.size())) {
            throw fail("invalid context access", bad + " (" + field.name() + " is a pointer: load it whole)", r, ptr);
        }
        if (write && size != field.size() && !field.name().startsWith("cb[")) {
            throw fail("invalid context access", bad + " (" + field.name() + " is written whole)", r, ptr);
        }
        if (write) return null;
        return switch (field.kind()) {
            case SCALAR -> Value.scalar(Scalar.unknown().truncate(size));
            case PTR_TO_PACKET -> Value.pointer(Value.Type.PACKET, 0, Scalar.constant(0), 0);
            case PTR_TO_PACKET_END -> Value.pointer(Value.Type.PACKET_END, 0, Scalar.constant(0), 0);
            case PTR_TO_PACKET_META -> Value.pointer(Value.Type.PACKET_META, 0, Scalar.constant(0), 0);
            case PTR_TO_SOCK_COMMON_OR_NULL -> Value.pointer(Value.Type.SOCK_COMMON, 0, Scalar.constant(0), freshId(s, cur)).withMaybeNull(true);
            case PTR_TO_FLOW_KEYS -> Value.pointer(Value.Type.FLOW_KEYS, 0, Scalar.constant(0), 0);
        };
    }

    private boolean packetWritable() {
        if (ops == null) return true;
        // kernel may_access_direct_pkt_data: XDP and tc may write, socket filters may not
        return switch (ops.type()) {
            case XDP, SCHED_CLS, SCHED_ACT, LWT_XMIT, SK_SKB -> true;
            default -> false;
        };
    }

    /**
     * Packet access (kernel check_packet_access): the variable part must not be negative and
     * {@code off + size} within the range a comparison with data_end proved for the pointer's id.
     */
    private Value packetAccess(State s, int reg, Value ptr, long off, int size, boolean write) {
        String r = "r" + reg;
        boolean meta = ptr.type == Value.Type.PACKET_META;
        if (write && !packetWritable()) throw fail("invalid packet access", "cannot write into packet", r, ptr);
        if (ptr.var.smin() < 0) {
            throw fail("invalid packet access", "R" + reg + " min value is negative, either use unsigned index or do a if (index >=0) check.", r, ptr);
        }
        if (Long.compareUnsigned(ptr.var.umax(), MAX_PACKET_OFF) > 0) {
            throw fail("invalid packet access", "R" + reg + " unbounded memory access, make sure to bounds check any such access", r, ptr);
        }
        long o = ptr.fixed + off;
        long range = ptr.id == Joiner.UNIQUE ? 0 : meta ? s.metaRange(ptr.id) : s.pktRange(ptr.id);
        if (o < 0 || o + size > range) {
            throw fail("invalid packet access", "invalid access to " + (meta ? "packet metadata" : "packet") + ", off=" + o + " size=" + size
                    + ", R" + reg + "(id=" + ptr.id + ",off=" + ptr.fixed + ",r=" + range + ")"
                    + ": not proven within data_end (compare the pointer with data_end first)", r, ptr);
        }
        return write || size > 8 ? null : Value.scalar(Scalar.unknown().truncate(size));
    }

    /** Map values and helper memory (kernel check_map_access / check_mem_region_access). */
    private Value regionAccess(State s, int reg, Value ptr, long off, int size, boolean write) {
        String r = "r" + reg;
        String what = ptr.type == Value.Type.MAP_VALUE ? "map value" : ptr.ringbuf ? "ringbuf record" : "memory";
        if (ptr.maybeNull) {
            throw fail("possible NULL dereference", "R" + reg + " invalid mem access '" + (ptr.type == Value.Type.MAP_VALUE ? "map_value_or_null"
                    : ptr.ringbuf ? "ringbuf_mem_or_null" : "mem_or_null") + "': check the pointer against NULL first", r, ptr);
        }
        if (write && ptr.readOnly) {
            throw fail("write to read-only memory", ptr.type == Value.Type.MAP_VALUE ? "write into map forbidden, value_size=" + ptr.size + " off=" + (ptr.fixed + off) + " size=" + size
                    : "cannot write into rdonly_mem", r, ptr);
        }
        Scalar total = ptr.var.alu(ADD, Scalar.constant(ptr.fixed + off), true, 0);
        if (total.smin() < 0) {
            throw fail("invalid " + what + " access", "R" + reg + " min value is negative, either use unsigned index or do a if (index >=0) check."
                    + " (" + what + " off=" + total + ")", r, ptr);
        }
        if (total.smax() > ptr.size - size || Long.compareUnsigned(total.umax(), ptr.size) >= 0) {
            String msg = total.isConstant()
                    ? "invalid access to " + what + ", " + (ptr.type == Value.Type.MAP_VALUE ? "value_size=" : "mem_size=") + ptr.size + " off=" + total.constantValue() + " size=" + size
                    : "R" + reg + " unbounded memory access or out of range: " + what + " of " + ptr.size + " bytes, off=" + total + " size=" + size;
            throw fail("invalid " + what + " access", msg, r, ptr);
        }
        if (write || size > 8) return null;
        if (ptr.type == Value.Type.MAP_VALUE && ptr.readOnly && ctx != null && ctx.rodata() != null && ctx.linked() != null
                && !ctx.linked().dataFunctions().isEmpty() && ptr.map >= 0 && ptr.map < ctx.rodata().size()
                && ctx.rodata().get(ptr.map) != null) {
            Value f = tableLoad(ptr.map, total, size);
            if (f != null) return f;
        }
        if (ptr.type == Value.Type.MAP_VALUE && ptr.readOnly && total.isConstant() && ctx != null && ctx.rodata() != null
                && ptr.map >= 0 && ptr.map < ctx.rodata().size() && ctx.rodata().get(ptr.map) != null) {
            // kernel bpf_map_direct_read: a load from a frozen read-only map at a constant offset is a known number
            byte[] c = ctx.rodata().get(ptr.map);
            int at = (int) total.constantValue();
            if (at + size <= c.length) {
                long v = 0;
                for (int k = size - 1; k >= 0; k--) v = (v << 8) | (c[at + k] & 0xff);
                return Value.constant(v);
            }
        }
        return Value.scalar(Scalar.unknown().truncate(size));
    }

    /** Most offsets a variable-offset load from a function table is checked at one by one. */
    private static final int MAX_TABLE_OFFSETS = 1 << 16;

    /**
     * A load of {@code size} bytes at offset {@code total} of the frozen read-only global data map
     * {@code map} where the linker wrote function addresses (a function table in {@code .rodata},
     * issue #6), or null when it is not a function pointer. This extends the kernel's
     * bpf_map_direct_read (verifier.c: a load from a frozen read-only map at a constant offset is the
     * constant there; map->frozen, bpf_map_is_rdonly) to the value the linker wrote: at a constant offset
     * where a function's address sits it is that function pointer; at a bounded variable offset it is
     * the union of the functions of every offset the scalar may take, and only if each of those
     * offsets holds a function's address of the load's size (one that does not makes the value a
     * number, which callx refuses; the offsets are remembered for its message). Sound because
     * the map is frozen before any program runs (user space cannot change it) and BPF_F_RDONLY_PROG
     * (the program cannot either), and the engines call exactly the function whose pointer the linker wrote.
     */
    private Value tableLoad(int map, Scalar total, int size) {
        Map<Long, LinkedProgram.DataFunction> at = new HashMap<>();
        for (LinkedProgram.DataFunction f : ctx.linked().dataFunctions()) {
            if (f.mapIndex() == map) at.put((long) f.offset(), f);
        }
        if (at.isEmpty()) return null;
        if (total.isConstant()) {
            LinkedProgram.DataFunction f = at.get(total.constantValue());
            return f != null && f.size() == size ? Value.function(new int[] {f.startIndex()}) : null;
        }
        long lo = total.umin(), hi = total.umax();
        String where = "insn " + cur + " loads " + size + " bytes of '" + mapName(map) + "' at offsets " + lo + ".." + hi
                + (size == 8 && lo % 8 == 0 ? " (8-byte entries " + lo / 8 + ".." + hi / 8 + ")" : "") + ", " + total;
        boolean any = false;
        for (long o : at.keySet()) any |= total.contains(o);
        if (!any) return null; // no function's address in reach: the plain numbers of the map
        if (hi - lo >= MAX_TABLE_OFFSETS) {
            shared.tableMisses.put(cur, where + " (" + (hi - lo + 1) + " possible offsets, too many to check)");
            return null;
        }
        java.util.TreeSet<Integer> targets = new java.util.TreeSet<>();
        for (long o = lo; o <= hi; o++) {
            if (!total.contains(o)) continue;
            LinkedProgram.DataFunction f = at.get(o);
            if (f == null || f.size() != size) {
                long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
                for (long k : at.keySet()) {
                    first = Math.min(first, k);
                    last = Math.max(last, k);
                }
                shared.tableMisses.put(cur, where + ", and offset " + o + " holds no function's address (the function"
                        + " table there spans offsets " + first + ".." + last + ": " + at.size() + " entries)");
                return null;
            }
            targets.add(f.startIndex());
        }
        return Value.function(targets.stream().mapToInt(Integer::intValue).toArray());
    }

    private String mapName(int map) {
        List<io.ebpf4j.object.MapSpec> maps = ctx.linked().maps();
        return map < maps.size() ? maps.get(map).name() : "map " + map;
    }

    // ---- atomics (RFC 9669 §5.3; kernel check_atomic)

    private void atomic(State s, Insn in) {
        int size = in.sizeBytes();
        if (size != 4 && size != 8) throw fail("invalid atomic", "invalid atomic operand size " + size);
        Value p = read(s, in.dst());
        Value v = read(s, in.src());
        int op = in.imm();
        if (op == CMPXCHG) read(s, 0);
        if (v.isPointer()) throw fail("invalid atomic", "R" + in.src() + " leaks addr into mem", "r" + in.src(), v);
        switch (p.type) {
            case STACK, MAP_VALUE, MEM -> { }
            default -> throw fail("invalid atomic", "BPF_ATOMIC stores into R" + in.dst() + " " + p.type.logName + " is not allowed", "r" + in.dst(), p);
        }
        access(s, in.dst(), p, in.off(), size, false, null, false); // the old value is read
        access(s, in.dst(), p, in.off(), size, true, Value.unknown(), false);
        deltaStore(s, -1, p, in.off(), size);
        Value old = Value.scalar(Scalar.unknown().truncate(size));
        if (op == CMPXCHG) {
            s.regs[0] = old;
            deltaSet(s, 0, null);
        } else if ((op & FETCH) != 0) {
            s.regs[in.src()] = old;
            deltaSet(s, in.src(), null);
        }
    }

    // ---- calls (kernel check_helper_call, check_func_arg)

    private void call(State s, int i, Insn in) {
        if (in.isPseudoCall()) {
            bpfCall(s, i, in);
            return;
        }
        if (in.isCallx()) {
            callx(s, i, in);
            return;
        }
        if (in.isKfuncCall()) {
            throw fail("unknown function", "kfunc call (btf_id " + in.imm() + ") is not supported: ebpf4j has no kfunc prototypes");
        }
        if (!in.isHelperCall()) throw fail("invalid instruction", "unknown call form");
        helperCall(s, in.imm());
    }

    /** Kernel MAX_CALL_FRAMES. */
    static final int MAX_CALL_FRAMES = 8;

    /** Where functions start: the linked program's function table, or the entry and every call and function-pointer target. */
    private int[] functionStarts() {
        java.util.TreeSet<Integer> starts = new java.util.TreeSet<>();
        starts.add(0);
        if (ctx != null && ctx.linked() != null) {
            for (LinkedProgram.Function f : ctx.linked().functions()) starts.add(f.startIndex());
        } else {
            for (int i = 0; i < code.size(); i++) {
                Insn in = code.insn(i);
                if (in.isPseudoCall() || (in.isWide() && in.src() == PSEUDO_FUNC)) {
                    int slot = code.slotOf(i) + 1 + in.imm();
                    if (slot >= 0 && slot < code.slotCount()) starts.add(code.indexAtSlot(slot));
                }
            }
        }
        starts.add(fnStart);
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private int functionEnd(int start) {
        for (int f : shared.functionStarts) if (f > start) return f;
        return code.size();
    }

    private String functionName(int start) {
        if (ctx != null && ctx.linked() != null) {
            for (LinkedProgram.Function f : ctx.linked().functions()) if (f.startIndex() == start) return f.name();
        }
        return "insn " + start;
    }

    /**
     * A bpf-to-bpf call analysed in context (the kernel's check_func_call / prepare_func_exit): the
     * callee runs from the caller's state, R1-R5 its arguments, a fresh 512-byte frame, the caller's
     * frames reachable through the pointers it was given; on return R0 is the callee's, R1-R5 are
     * unreadable, R6-R9, R10 and the caller's stack are the caller's again (as the callee left them).
     */
    private void bpfCall(State s, int i, Insn in) {
        int slot = code.slotOf(i) + 1 + in.imm();
        if (slot < 0 || slot >= code.slotCount() || code.slotOf(code.indexAtSlot(slot)) != slot) {
            throw fail("jump out of range", "call to a target outside the program (slot " + slot + ")");
        }
        State after = callInContext(s, i, code.indexAtSlot(slot));
        if (after == null) throw new DeadPath();
        s.assign(after);
    }

    /**
     * {@code callx rN} (BPF_JMP|BPF_CALL|BPF_X, the register in dst as LLVM encodes it and as
     * isa.InsnValidator and the interpreter decode it). Linux has no indirect calls (6.18 refuses
     * opcode 0x8d: "unknown opcode 8d"); ebpf4j accepts one where it is safe (issue #6): rN must be a
     * function pointer ({@code ld_imm64 src=BPF_PSEUDO_FUNC}, kept through moves, spills and fills
     * and joined into a set of possible targets at merges), and each function it may hold is
     * analysed as a bpf-to-bpf call from the same state (memoized like any call), the states after
     * the calls joined. A function pointer may also come from a function table in frozen {@code .rodata}
     * (the linker writes each entry's function pointer there; see tableLoad). Anything else is refused
     * with the values rN may hold: a number, another pointer, a function pointer that may be NULL, and
     * any value loaded from writable memory (a map value, {@code .data}, {@code .bss}: user space or the
     * program may overwrite it, so it is a number to this analysis).
     */
    private void callx(State s, int i, Insn in) {
        int reg = in.dst();
        Value v = read(s, reg);
        String rn = "r" + reg;
        if (v.type != Value.Type.FUNC_PTR) {
            String what = !v.isScalar() ? v.toString() : v.var.isConstant() ? "the number " + v : "a number (" + v + ")";
            String misses = shared.tableMisses.isEmpty() ? ""
                    : "; a function table load may miss: " + String.join("; ", shared.tableMisses.values());
            throw fail("callx target", "callx R" + reg + ": R" + reg + " holds " + what
                    + ", not a function pointer (callx calls a function whose address ld_imm64 src=BPF_PSEUDO_FUNC gave,"
                    + " or one loaded from a function table in .rodata; a value loaded from writable memory, a map"
                    + " value or .data/.bss, is a number here: user space and the program may overwrite it)" + misses, rn, v);
        }
        if (v.maybeNull) {
            throw fail("callx target", "callx R" + reg + ": R" + reg + " holds " + v + ": it may be NULL, check it first", rn, v);
        }
        State joined = null;
        for (int target : v.funcs) {
            if (java.util.Arrays.binarySearch(shared.functionStarts, target) < 0) {
                throw fail("callx target", "callx R" + reg + ": insn " + target + " is not the start of a function", rn, v);
            }
            State after = callInContext(s.copy(), i, target);
            if (after != null) joined = joined == null ? after : Joiner.join(cfg.blockOf[i], joined, after);
        }
        if (joined == null) throw new DeadPath();
        s.assign(joined);
    }

    /**
     * The call of the function at {@code target} from state {@code s} at instruction {@code i}:
     * the caller's state after it returns (the join over the callee's exits), or null when it
     * never returns. {@code s} itself may be changed (a global function's memory arguments).
     */
    private State callInContext(State s, int i, int target) {
        if (chain.contains(target)) {
            StringBuilder c = new StringBuilder();
            for (int f : chain) c.append(functionName(f)).append(" -> ");
            throw fail("recursive call", "recursive call: " + c + functionName(target) + " (the kernel allows no recursion)");
        }
        if (depth + 1 >= MAX_CALL_FRAMES) {
            throw fail("call stack too deep", "the call stack of " + (depth + 2) + " frames is too deep (the kernel allows " + MAX_CALL_FRAMES + ")");
        }
        if (s.lockHeld) throw fail("call while holding a lock", "function calls are not allowed while holding a lock");
        shared.callEdges.add(((long) fnStart << 32) | target);
        if (checking && recordErrors) verifyGlobalFunction(target);
        checkGlobalCallArgs(s, target);
        State e = calleeEntry(s, s.regs);
        boolean report = checking && recordErrors;
        // A callee holding no pointer into its callers' stacks cannot see or change their frames (their
        // stacks are reachable only through such pointers; a pointer loaded from a map value or ctx is a
        // number), so its result depends on its own entry (R1-R5, packet ranges, references) alone: the
        // key leaves the callers out, and one analysis serves every call site whose arguments are equal
        // even where the callers' R6-R9 and stacks differ (issue #6 memoization).
        boolean framesOut = true;
        for (int r = 1; r <= 5; r++) if (e.regs[r].type == Value.Type.STACK) framesOut = false;
        String key = target + "|" + chain + "|" + report + "|" + (framesOut ? "own " + e.describe() : e.fingerprint());
        List<State> rets = shared.memo.get(key);
        if (rets == null) {
            Analyzer sub = new Analyzer(this, target, functionEnd(target), e);
            rets = sub.runNested();
            shared.memo.put(key, rets);
            shared.memoFresh.put(key, sub.freshened);
            shared.functionAnalyses++;
        } else {
            shared.memoHits++;
            freshened.or(shared.memoFresh.get(key));
        }
        if (framesOut) {
            // the stored exits carry the frames of the call that computed them: put this call's back, with the
            // ids the callee made afresh un-shared in them as the callee's freshId would have done (kernel
            // mark_ptr_or_null_regs / find_good_pkt_pointers must not tie a caller's old value to a new one)
            BitSet known = new BitSet(); // ids the callee was given: shared with the caller's copies on purpose
            for (int r = 1; r <= 5; r++) if (e.regs[r].isPointer() && e.regs[r].id > 0) known.set(e.regs[r].id);
            for (int id : e.pktRange.keySet()) if (id > 0) known.set(id);
            for (int id : e.metaRange.keySet()) if (id > 0) known.set(id);
            for (int id : e.refs) if (id > 0) known.set(id);
            // the exits joined once per memo entry, not at every call site that reuses it (the frames the join also
            // merges are replaced below); the dead-frame check of returnTo is made on each exit first, as a join
            // could hide a stack pointer of the callee's frame in R0
            if (!rets.isEmpty() && !shared.memoJoined.containsKey(key)) {
                State j = null;
                for (State r : rets) {
                    Value r0 = r.regs[0];
                    if (r0.type == Value.Type.STACK && r0.map > depth) {
                        throw fail("invalid return", "cannot return stack pointer to the caller frame", "r0", r0);
                    }
                    j = j == null ? r.copy() : Joiner.join(cfg.blockOf[i], j, r);
                }
                shared.memoJoined.put(key, j);
            }
            if (!rets.isEmpty()) rets = List.of(shared.memoJoined.get(key));
            List<State> mine = new ArrayList<>(rets.size());
            for (State r : rets) {
                // ids that come back and were not given (made by the callee's instructions or joins) name new objects
                BitSet fresh = (BitSet) shared.memoFresh.get(key).clone();
                if (r.regs[0].isPointer() && r.regs[0].id > 0 && !known.get(r.regs[0].id)) fresh.set(r.regs[0].id);
                for (int id : r.pktRange.keySet()) if (id > 0 && !known.get(id)) fresh.set(id);
                for (int id : r.metaRange.keySet()) if (id > 0 && !known.get(id)) fresh.set(id);
                for (int id : r.refs) if (id > 0 && !known.get(id)) fresh.set(id);
                State c = r.copy();
                c.callers = new State[e.callers.length];
                for (int k = 0; k < c.callers.length; k++) {
                    c.callers[k] = e.callers[k].copy();
                    c.callers[k].rewrite(v -> v.isPointer() && v.id > 0 && fresh.get(v.id) ? v.withId(Joiner.UNIQUE) : v);
                }
                mine.add(c);
            }
            rets = mine;
        }
        State joined = null;
        for (State r : rets) {
            State c = returnTo(r, s);
            joined = joined == null ? c : Joiner.join(cfg.blockOf[i], joined, c);
        }
        return joined;
    }

    /** R10 of a callee of this function: the start of a fresh frame one deeper. */
    private Value calleeFramePointer() {
        return Value.pointer(Value.Type.STACK, 0, Scalar.constant(0), 0).with(Value.Type.STACK, 0, depth + 1, false, false);
    }

    /**
     * The entry state of a callee called from {@code caller} (kernel check_func_call / setup_func_entry):
     * R1-R5 are {@code args[1..5]} (uninitialised where null), R10 a fresh frame, the caller's frames
     * kept as its callers (the caller's own without its deltas, packet ranges or references, which
     * stay with the callee's state), packet ranges and references carried over.
     */
    private State calleeEntry(State caller, Value[] args) {
        State e = new State();
        for (int r = 1; r <= 5; r++) e.regs[r] = args[r] == null ? Value.UNINIT : args[r];
        e.regs[10] = calleeFramePointer();
        State snap = caller.copy();
        snap.callers = State.NO_CALLERS;
        snap.deltas.clear();
        snap.pktRange.clear();
        snap.metaRange.clear();
        snap.refs.clear();
        e.callers = new State[depth + 1];
        for (int k = 0; k < depth; k++) e.callers[k] = caller.callers[k].copy();
        e.callers[depth] = snap;
        e.pktRange.putAll(caller.pktRange);
        e.metaRange.putAll(caller.metaRange);
        e.refs.addAll(caller.refs);
        return e;
    }

    /**
     * A global function (BTF FUNC with global linkage) is verified once on its own, as the kernel
     * does (verifier.c do_check_subprogs, btf_prepare_func_args): its arguments are what its BTF
     * prototype says and nothing more — integers and enums are unknown scalars, a pointer to the
     * program type's context struct is the context, a pointer to a sized type is memory of that
     * size that may be NULL ({@code mem_or_null}, so it must be checked before use). The calls are
     * still analysed in their callers' context too (an over-approximation of what runs), so a
     * program is accepted only when both analyses are.
     */
    private void verifyGlobalFunction(int target) {
        if (!shared.globalChecked.add(target)) return;
        GlobalSig sig = globalSignature(target);
        if (sig == null) return;
        if (sig.problem() != null) {
            errors.add(error(target, "global function", "global function " + sig.name() + ": " + sig.problem(), Map.of()));
            return;
        }
        State e = new State();
        e.regs[10] = calleeFramePointer();
        e.callers = new State[depth + 1];
        for (int k = 0; k <= depth; k++) e.callers[k] = new State();
        for (int k = 0; k < sig.args().length; k++) {
            long a = sig.args()[k];
            e.regs[k + 1] = a == ARG_SCALAR ? Value.unknown()
                    : a == ARG_CTX ? env.entry().state().regs[1]
                    : Value.pointer(Value.Type.MEM, 0, Scalar.constant(0), GLOBAL_ARG_ID + k).with(Value.Type.MEM, a, -1, false, false).withMaybeNull(true);
        }
        Analyzer sub = new Analyzer(this, target, functionEnd(target), e);
        sub.recordErrors = true;
        sub.pathFrame = new PathTrace.Frame(target, null, -1, -1, "global");
        sub.runNested();
        shared.functionAnalyses++;
        // its return value, to the kernel, is an unknown scalar (the callers' in-context analysis is kept: it is tighter)
        for (State r : sub.returns) {
            if (!r.regs[0].isScalar()) {
                errors.add(error(target, "global function", "global function " + sig.name()
                        + " must return a scalar (R0 is " + r.regs[0] + ")", Map.of()));
                break;
            }
        }
    }

    static final long ARG_SCALAR = -1, ARG_CTX = -2;

    /** A global function's arguments: {@link #ARG_SCALAR}, {@link #ARG_CTX} or the size of nullable memory; or why the kernel refuses it. */
    record GlobalSig(String name, long[] args, String problem) {}

    /** The BTF signature of the global function starting at {@code target}, or null when it is not one (or there is no BTF). */
    private GlobalSig globalSignature(int target) {
        if (ctx == null || ctx.btf() == null || ctx.linked() == null) return null;
        LinkedProgram.Function fn = null;
        for (LinkedProgram.Function f : ctx.linked().functions()) if (f.startIndex() == target) fn = f;
        if (fn == null || fn.btfFuncId() <= 0) return null;
        io.ebpf4j.btf.Btf btf = ctx.btf();
        io.ebpf4j.btf.BtfType.Func func;
        io.ebpf4j.btf.BtfType.FuncProto proto;
        try {
            if (!(btf.type(fn.btfFuncId()) instanceof io.ebpf4j.btf.BtfType.Func f) || f.linkage() != 1) return null;
            func = f;
            if (!(btf.type(f.protoType()) instanceof io.ebpf4j.btf.BtfType.FuncProto p)) return null;
            proto = p;
        } catch (RuntimeException ex) {
            return null; // malformed BTF: the object loader reports it; the in-context analysis stands
        }
        List<io.ebpf4j.btf.BtfType.Param> params = proto.params();
        if (params.size() > 5) return new GlobalSig(func.name(), null, params.size() + " arguments (the kernel allows 5)");
        String ctxStruct = ops.type() == io.ebpf4j.object.ProgramType.XDP ? "xdp_md" : "__sk_buff";
        long[] args = new long[params.size()];
        for (int k = 0; k < params.size(); k++) {
            io.ebpf4j.btf.BtfType t = btf.skipModsAndTypedefs(params.get(k).type());
            if (t instanceof io.ebpf4j.btf.BtfType.Int || t instanceof io.ebpf4j.btf.BtfType.Enum) {
                args[k] = ARG_SCALAR;
            } else if (t instanceof io.ebpf4j.btf.BtfType.Ptr ptr) {
                io.ebpf4j.btf.BtfType to = btf.skipModsAndTypedefs(ptr.type());
                if (to instanceof io.ebpf4j.btf.BtfType.Struct st && ctxStruct.equals(st.name())) {
                    args[k] = ARG_CTX;
                } else {
                    long size;
                    try {
                        size = btf.sizeOf(ptr.type());
                    } catch (RuntimeException ex) {
                        size = 0;
                    }
                    // kernel btf_prepare_func_args: a pointer argument must point to a type of known size
                    if (size <= 0) return new GlobalSig(func.name(), null, "argument " + (k + 1) + " points to a type of unknown size");
                    args[k] = size;
                }
            } else {
                return new GlobalSig(func.name(), null, "argument " + (k + 1) + " has a type the kernel does not pass to a global function");
            }
        }
        return new GlobalSig(func.name(), args, null);
    }

    /**
     * A call of a global function checked against its signature (kernel btf_check_subprog_arg_match /
     * btf_check_func_arg_match): a scalar where a number is expected, the unmoved context where the
     * context is, and NULL or memory of the pointee's size that may be read and written where a
     * pointer is (check_mem_reg: the caller's bytes there are then unknown).
     */
    private void checkGlobalCallArgs(State s, int target) {
        GlobalSig sig = globalSignature(target);
        if (sig == null || sig.args() == null) return;
        for (int k = 0; k < sig.args().length; k++) {
            int r = k + 1;
            Value v = read(s, r);
            long a = sig.args()[k];
            String rn = "r" + r;
            if (a == ARG_SCALAR) {
                if (!v.isScalar()) throw fail("global function argument", "R" + r + " is not a scalar (" + sig.name() + " takes a number)", rn, v);
            } else if (a == ARG_CTX) {
                if (v.type != Value.Type.CTX || v.fixed != 0 || !v.var.isConstant() || v.var.constantValue() != 0) {
                    throw fail("global function argument", "arg#" + k + " expected pointer to ctx, but got " + v + " (" + sig.name() + ")", rn, v);
                }
            } else if (v.isScalar() && v.var.isConstant() && v.var.constantValue() == 0) {
                // NULL is allowed: the callee was verified with the argument maybe NULL
            } else if (v.isScalar()) {
                throw fail("global function argument", "R" + r + " type=" + v + " expected a pointer to " + a + " bytes or NULL (" + sig.name() + ")", rn, v);
            } else {
                Value nn = v.withMaybeNull(false);
                helperMem(s, r, nn, a, a, false, true, sig.name());
                helperMem(s, r, nn, a, a, true, false, sig.name());
            }
        }
    }

    /** Ids of the nullable memory a global function's pointer arguments hold (kept apart from instruction-made ids). */
    static final int GLOBAL_ARG_ID = 1 << 29;

    private List<State> runNested() {
        returns = new ArrayList<>();
        analyse();
        parent.freshened.or(freshened);
        parent.insnsProcessed += insnsProcessed;
        parent.joins += joins;
        parent.widenings += widenings;
        return returns;
    }

    /** The caller's state after the callee returned in state {@code r}; {@code before} is the caller's at the call. */
    private State returnTo(State r, State before) {
        State c = r.callers[depth].copy();
        c.callers = new State[depth];
        for (int k = 0; k < depth; k++) c.callers[k] = r.callers[k].copy();
        Value r0 = r.regs[0];
        if (r0.type == Value.Type.STACK && r0.map > depth) {
            throw fail("invalid return", "cannot return stack pointer to the caller frame", "r0", r0);
        }
        c.regs[0] = r0;
        for (int k = 1; k <= 5; k++) c.regs[k] = Value.UNINIT;
        c.pktRange.clear();
        c.pktRange.putAll(r.pktRange);
        c.metaRange.clear();
        c.metaRange.putAll(r.metaRange);
        c.refs.clear();
        c.refs.addAll(r.refs);
        c.lockHeld = r.lockHeld;
        // pointers into the callee's frame die with it
        c.rewrite(v -> v.type == Value.Type.STACK && v.map > depth ? Value.unknown() : v);
        c.deltas.clear();
        for (Map.Entry<Integer, Scalar[]> d : before.deltas.entrySet()) {
            Scalar[] arr = d.getValue().clone();
            for (int k = 0; k <= 5; k++) arr[k] = null;
            for (int slot = 0; slot < State.STACK_SIZE / 8; slot++) {
                int b0 = slot * 8;
                boolean same = java.util.Objects.equals(before.spill[b0], c.spill[b0]);
                for (int k = b0; k < b0 + 8 && same; k++) same = before.stack[k] == c.stack[k];
                if (!same) arr[11 + slot] = null;
            }
            c.deltas.put(d.getKey(), arr);
        }
        return c;
    }

    /** Kernel check_max_stack_depth: the frames of the deepest chain of calls, each rounded up to 32 bytes, fit in 512. */
    private void checkStackDepth() {
        long[] tailCall = {-1, -1}; // {instruction, stack of the frames below it} of the first tail call too deep
        long worst = chainDepth(fnStart, new java.util.HashSet<>(), 0, tailCall);
        if (worst > State.STACK_SIZE) {
            errors.add(error(-1, "stack too large", "combined stack size of the deepest call chain is " + worst
                    + " bytes. Too large (the kernel allows " + State.STACK_SIZE + ")", Map.of()));
        }
        if (tailCall[0] >= 0) {
            errors.add(error((int) tailCall[0], "stack too large", "tail_calls are not allowed when call stack of previous frames is "
                    + tailCall[1] + " bytes. Too large (a tail call from a called function needs the frames below it within "
                    + MAX_TAIL_CALL_CALLER_STACK + " bytes)", Map.of()));
        }
    }

    /**
     * Kernel check_max_stack_depth_subprog: with bpf-to-bpf calls and tail calls mixed, a called
     * function that contains a tail call may only be reached with less than 256 bytes of stack in
     * the frames below it (the tail-called program reuses the stack, up to 33 times).
     */
    static final int MAX_TAIL_CALL_CALLER_STACK = 256;

    /** Stack of the deepest chain from {@code f}, {@code below} bytes used by the frames under it. */
    private long chainDepth(int f, java.util.Set<Integer> onPath, long below, long[] tailCall) {
        if (!onPath.add(f)) return 0;
        if (f != fnStart && below >= MAX_TAIL_CALL_CALLER_STACK && tailCall[0] < 0) {
            int tc = tailCallIn(f);
            if (tc >= 0) {
                tailCall[0] = tc;
                tailCall[1] = below;
            }
        }
        long own = (Math.max(1, shared.stackUse.getOrDefault(f, 0L)) + 31) / 32 * 32;
        long deepest = 0;
        for (long e : shared.callEdges) {
            if ((int) (e >>> 32) == f) deepest = Math.max(deepest, chainDepth((int) e, onPath, below + own, tailCall));
        }
        onPath.remove(f);
        return own + deepest;
    }

    /** The first bpf_tail_call in function {@code f}, or -1 (kernel check_subprogs sets has_tail_call from the code alone). */
    private int tailCallIn(int f) {
        int end = functionEnd(f);
        for (int i = f; i < end; i++) {
            Insn in = code.insn(i);
            if (in.isHelperCall() && in.imm() == HelperIds.TAIL_CALL) return i;
        }
        return -1;
    }

    private void useStack(long lowestOffset) {
        if (lowestOffset < 0) shared.stackUse.merge(fnStart, -lowestOffset, Math::max);
    }

    /**
     * A helper that calls back into the program (bpf_loop, bpf_for_each_map_elem): the callback is
     * analysed as a function called with the helper's arguments (kernel set_loop_callback_state,
     * set_map_elem_callback_state), any number of times: its effect on the caller's frames is
     * iterated to a fixpoint (joined, widened after a few rounds), and it must return 0 or 1
     * (kernel: "At callback return the register R0 ... should have been in [0, 1]").
     */
    private void callback(State s, int helperId, Helper h, Value fn, MapDescriptor map, int mapIndex) {
        int target = fn.map;
        if (helperId != HelperIds.LOOP && helperId != HelperIds.FOR_EACH_MAP_ELEM) {
            throw fail("unsupported", "callbacks of " + h.name() + " are not analysed");
        }
        if (chain.contains(target)) throw fail("recursive call", "recursive callback " + functionName(target));
        if (depth + 1 >= MAX_CALL_FRAMES) throw fail("call stack too deep", "the call stack of " + (depth + 2) + " frames is too deep");
        shared.callEdges.add(((long) fnStart << 32) | target);
        Value[] args = new Value[6];
        if (helperId == HelperIds.LOOP) {
            Value n = s.regs[1];
            long max = n.isScalar() ? Math.min(n.var.umax(), 1L << 23) : 1L << 23; // BPF_MAX_LOOPS
            args[1] = Value.scalar(Scalar.unsignedRange(0, Math.max(0, max - 1)));
            args[2] = s.regs[3];
        } else {
            args[1] = s.regs[1];
            args[2] = Value.pointer(Value.Type.MEM, 0, Scalar.constant(0), 0).with(Value.Type.MEM, map.keySize(), -1, true, false);
            args[3] = Value.pointer(Value.Type.MAP_VALUE, 0, Scalar.constant(0), 0).with(Value.Type.MAP_VALUE, map.valueSize(), mapIndex, map.readOnly(), false);
            args[4] = s.regs[3];
        }
        State cur = s.copy();
        for (int round = 0; round < 64; round++) {
            State e = calleeEntry(cur, args);
            boolean report = checking && recordErrors;
            String key = "cb" + target + "|" + chain + "|" + report + "|" + e.fingerprint();
            List<State> rets = shared.memo.get(key);
            if (rets == null) {
                Analyzer sub = new Analyzer(this, target, functionEnd(target), e);
                rets = sub.runNested();
                shared.memo.put(key, rets);
                shared.functionAnalyses++;
            } else {
                shared.memoHits++;
            }
            State next = cur;
            for (State r : rets) {
                Value r0 = r.regs[0];
                if (!r0.isScalar() || Long.compareUnsigned(r0.var.umax(), 1) > 0) {
                    throw fail("callback return", "At callback return the register R0 has " + r0 + " should have been in [0, 1]"
                            + " (" + functionName(target) + " called by " + h.name() + ")", "r0", r0);
                }
                State c = returnTo(r, cur);
                // what the caller's registers were stays (the helper's own result comes after)
                for (int k = 0; k <= 5; k++) c.regs[k] = cur.regs[k];
                next = Joiner.join(cfg.blockOf[cur_insn()], next, c);
            }
            if (Joiner.leq(next, cur)) break;
            cur = round >= 3 ? Joiner.widen(cfg.blockOf[cur_insn()], cur, next, thresholds) : next;
            if (round == 63) throw fail("callback", "the callback's effect does not converge");
        }
        s.assign(cur);
    }

    private int cur_insn() {
        return cur;
    }

    private static final java.util.Set<Integer> CHANGES_PKT_DATA = java.util.Set.of(HelperIds.SKB_STORE_BYTES, HelperIds.L3_CSUM_REPLACE,
            HelperIds.L4_CSUM_REPLACE, HelperIds.CLONE_REDIRECT, HelperIds.XDP_ADJUST_HEAD, HelperIds.XDP_ADJUST_META,
            HelperIds.XDP_ADJUST_TAIL);

    private void helperCall(State s, int id) {
        HelperRegistry reg = ctx != null && ctx.helpers() != null ? ctx.helpers() : HelperRegistry.standard();
        Optional<Helper> oh = reg.get(id);
        String name = HelperIds.name(id);
        if (oh.isEmpty()) throw fail("unknown helper", "invalid func " + (name == null ? "unknown" : "bpf_" + name) + "#" + id + ": ebpf4j has no such helper");
        Helper h = oh.get();
        if (ops != null && !reg.isUserHelper(id) && !ops.allowsHelper(id)) {
            throw fail("helper not allowed", "program of this type cannot use helper " + h.name() + "#" + id + " (not available to " + ops.name() + " programs)");
        }
        if (s.lockHeld && id != HelperIds.SPIN_UNLOCK) throw fail("call while holding a lock", "function calls are not allowed while holding a lock");
        HelperProto p = h.proto();
        if (p.gplOnly() && ctx != null && ctx.license() != null && !gplCompatible(ctx.license())) {
            throw fail("GPL-only helper", "cannot call GPL-restricted function " + h.name() + " from non-GPL compatible program (license \"" + ctx.license() + "\")");
        }
        int mapIndex = -1;
        Value callbackArg = null;
        MapDescriptor map = null;
        long allocSize = -1;
        Value releaseArg = null;
        Value spinLockArg = null;
        for (int a = 0; a < 5; a++) {
            ArgType t = p.arg(a);
            int r = a + 1;
            if (t.kind() == ArgKind.DONTCARE) continue;
            Value v = read(s, r);
            String rn = "r" + r;
            switch (t.kind()) {
                case ANYTHING -> { }
                case CONST_MAP_PTR -> {
                    if (v.type != Value.Type.MAP_PTR || v.maybeNull) throw fail("helper argument", "R" + r + " type=" + v + " expected=map_ptr (" + h.name() + ")", rn, v);
                    mapIndex = v.map;
                    map = maps.get(mapIndex);
                    String why = mapCompat(id, map.type());
                    if (why != null) throw fail("helper argument", "cannot pass map_type " + map.type().number() + " into func " + h.name() + "#" + id + ": " + why, rn, v);
                }
                case PTR_TO_MAP_KEY, PTR_TO_MAP_VALUE -> {
                    if (map == null) throw fail("helper argument", "invalid map_ptr to access map->" + (t.kind() == ArgKind.PTR_TO_MAP_KEY ? "key" : "value"));
                    int size = t.kind() == ArgKind.PTR_TO_MAP_KEY ? map.keySize() : map.valueSize();
                    boolean w = t.has(TypeFlag.UNINIT);
                    helperMem(s, r, v, size, size, w, false, h.name());
                }
                case PTR_TO_MEM -> {
                    if (t.has(TypeFlag.MAYBE_NULL) && v.isZero()) break;
                    long lo, hi;
                    if (t.has(TypeFlag.FIXED_SIZE)) {
                        lo = hi = t.fixedSize();
                    } else {
                        Value sz = read(s, r + 1);
                        if (!sz.isScalar()) throw fail("helper argument", "R" + (r + 1) + " is not a size (a number) for " + h.name(), "r" + (r + 1), sz);
                        lo = sz.var.umin();
                        hi = sz.var.umax();
                        if (sz.var.smin() < 0) throw fail("helper argument", "R" + (r + 1) + " min value is negative, either use unsigned or 'var &= const'", "r" + (r + 1), sz);
                        if (hi >= (1L << 29)) throw fail("helper argument", "R" + (r + 1) + " unbounded memory access, use 'var &= const' or 'if (var < const)'", "r" + (r + 1), sz);
                        boolean zeroOk = p.arg(a + 1).kind() == ArgKind.CONST_SIZE_OR_ZERO;
                        if (lo == 0 && !zeroOk) throw fail("helper argument", "R" + (r + 1) + " invalid zero-sized read: " + h.name() + " needs at least one byte", "r" + (r + 1), sz);
                    }
                    if (hi == 0) break;
                    // memory the helper may write (no MEM_RDONLY) is its output: kernel 6.12+ marks it MEM_WRITE and,
                    // as the kernel's check_helper_mem_access for writes, need not be initialised before
                    boolean output = t.has(TypeFlag.UNINIT) || !t.has(TypeFlag.RDONLY);
                    helperMem(s, r, v, lo, hi, output, t.has(TypeFlag.RDONLY), h.name());
                }
                case CONST_SIZE, CONST_SIZE_OR_ZERO -> {
                    if (!v.isScalar()) throw fail("helper argument", "R" + r + " type=" + v + " expected=scalar", rn, v);
                }
                case CONST_ALLOC_SIZE_OR_ZERO -> {
                    if (!v.isScalar() || !v.var.isConstant()) throw fail("helper argument", "R" + r + " is not a known constant'", rn, v);
                    allocSize = v.var.constantValue();
                }
                case PTR_TO_CTX -> {
                    if (v.type != Value.Type.CTX) throw fail("helper argument", "R" + r + " type=" + v + " expected=ctx", rn, v);
                    if (v.fixed != 0 || !v.var.isConstant() || v.var.constantValue() != 0) {
                        throw fail("helper argument", "dereference of modified ctx ptr R" + r + " off=" + v.fixed + " disallowed", rn, v);
                    }
                }
                case PTR_TO_STACK -> {
                    if (t.has(TypeFlag.MAYBE_NULL) && v.isZero()) break;
                    if (v.type != Value.Type.STACK) throw fail("helper argument", "R" + r + " type=" + v + " expected=fp", rn, v);
                }
                case PTR_TO_SPIN_LOCK -> {
                    if (v.type != Value.Type.MAP_VALUE || v.maybeNull) throw fail("helper argument", "R" + r + " type=" + v + " expected=map_value (a bpf_spin_lock)", rn, v);
                    helperMem(s, r, v, 4, 4, false, false, h.name());
                    spinLockArg = v;
                }
                case PTR_TO_CONST_STR -> {
                    if (v.type != Value.Type.MAP_VALUE || v.maybeNull || !v.readOnly || !v.var.isConstant()) {
                        throw fail("helper argument", "R" + r + " does not point to a readonly map' (a constant string must be in .rodata)", rn, v);
                    }
                    constString(v, rn, id == HelperIds.SNPRINTF);
                }
                case PTR_TO_RINGBUF_MEM -> {
                    if (v.type != Value.Type.MEM || !v.ringbuf || v.maybeNull) throw fail("helper argument", "R" + r + " type=" + v + " expected=ringbuf_mem", rn, v);
                    if (v.fixed != 0 || !v.var.isConstant() || v.var.constantValue() != 0) {
                        throw fail("helper argument", "R" + r + " must have zero offset when passed to release func", rn, v);
                    }
                    if (t.has(TypeFlag.RELEASE)) releaseArg = v;
                }
                case PTR_TO_FUNC -> {
                    if (v.type != Value.Type.FUNC_PTR) throw fail("helper argument", "R" + r + " type=" + v + " expected=func (" + h.name() + ")", rn, v);
                    // kernel check_func_arg ARG_PTR_TO_FUNC: the callback is one known function (the ld_imm64 that made it)
                    if (v.maybeNull || v.funcs.length != 1) throw fail("helper argument", "R" + r + " type=" + v + " expected=one known func (" + h.name() + ")", rn, v);
                    callbackArg = v;
                }
                default -> throw fail("unsupported", h.name() + ": argument kind " + t + " is not supported by the verifier", rn, v);
            }
        }
        if (callbackArg != null) callback(s, id, h, callbackArg, map, mapIndex);
        if (releaseArg != null) {
            // kernel release_reference: the record is gone, every copy of the pointer is invalid
            int rid = releaseArg.id;
            if (!s.refs.remove(rid)) {
                throw fail("reference released twice", "R1 must be referenced when passed to release function: the record (id=" + rid + ") was already submitted or discarded", "r1", releaseArg);
            }
            s.rewrite(v -> v.isPointer() && v.id == rid && v.ringbuf ? Value.unknown() : v);
        }
        if (id == HelperIds.SPIN_LOCK) {
            if (s.lockHeld) throw fail("spin lock", "Locking two bpf_spin_locks are not allowed");
            s.lockHeld = true;
        } else if (id == HelperIds.SPIN_UNLOCK) {
            if (!s.lockHeld) throw fail("spin lock", "bpf_spin_unlock without taking a lock");
            s.lockHeld = false;
        }
        if (CHANGES_PKT_DATA.contains(id)) {
            // kernel clear_all_pkt_pointers: helpers that may move the packet invalidate every packet pointer
            s.rewrite(v -> v.type == Value.Type.PACKET || v.type == Value.Type.PACKET_END || v.type == Value.Type.PACKET_META ? Value.unknown() : v);
            s.pktRange.clear();
            s.metaRange.clear();
        }
        clobberCallerSaved(s);
        s.regs[0] = result(s, p.ret(), map, mapIndex, allocSize, h);
    }

    private void constString(Value v, String rn, boolean format) {
        if (ctx == null || ctx.rodata() == null || v.map < 0 || v.map >= ctx.rodata().size() || ctx.rodata().get(v.map) == null) return;
        byte[] c = ctx.rodata().get(v.map);
        long at = v.fixed + v.var.constantValue();
        for (long k = at; k < c.length; k++) {
            if (c[(int) k] == 0) {
                String why = format ? formatProblem(c, (int) at) : null;
                if (why != null) throw fail("helper argument", "Invalid format string: " + why, rn, v);
                return;
            }
        }
        throw fail("helper argument", "string is not zero-terminated", rn, v);
    }

    /**
     * The conversions bpf_snprintf accepts (kernel/bpf/helpers.c bpf_bprintf_prepare, which the
     * verifier runs on the constant format: check_bpf_snprintf_call). Null when the format is valid.
     */
    static String formatProblem(byte[] f, int i) {
        for (; i < f.length && f[i] != 0; i++) {
            int ch = f[i] & 0xff;
            if (ch >= 0x80 || (ch < 0x20 && !(ch >= 9 && ch <= 13))) return "non-printable character 0x" + Integer.toHexString(ch);
            if (ch != '%') continue;
            i++;
            if (i >= f.length || f[i] == 0) return "'%' at the end";
            if (f[i] == '%') continue;
            while (i < f.length && "-+ #0".indexOf(f[i]) >= 0) i++;
            while (i < f.length && Character.isDigit(f[i])) i++;
            if (i < f.length && f[i] == '.') {
                i++;
                while (i < f.length && Character.isDigit(f[i])) i++;
            }
            if (i >= f.length) return "unterminated conversion";
            char c = (char) f[i];
            if (c == 'p') {
                char n = i + 1 < f.length ? (char) f[i + 1] : 0;
                if (n == 'K' || n == 'x' || n == 'B') i++;
                else if ((n == 'i' || n == 'I') && i + 2 < f.length && (f[i + 2] == '4' || f[i + 2] == '6')) i += 2;
                else if ((n == 'k' || n == 'u') && i + 2 < f.length && f[i + 2] == 's') i += 2;
                continue;
            }
            if (c == 's' || c == 'c') continue;
            if (c == 'l') {
                i++;
                if (i < f.length && f[i] == 'l') i++;
                if (i >= f.length) return "unterminated conversion";
                c = (char) f[i];
            }
            if ("diuxX".indexOf(c) < 0) return "unsupported conversion '%" + c + "'";
        }
        return null;
    }

    private static boolean gplCompatible(String license) {
        // include/linux/license.h license_is_gpl_compatible
        return switch (license) {
            case "GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL" -> true;
            default -> false;
        };
    }

    /** Which map types each map helper takes (kernel check_map_func_compatibility), for the helpers ebpf4j has. */
    private static String mapCompat(int helper, MapType t) {
        boolean ring = t == MapType.RINGBUF;
        boolean qs = t == MapType.QUEUE || t == MapType.STACK;
        switch (helper) {
            case HelperIds.RINGBUF_OUTPUT, HelperIds.RINGBUF_RESERVE, HelperIds.RINGBUF_QUERY:
                return ring ? null : "ring-buffer helpers take a ringbuf map";
            case HelperIds.TAIL_CALL:
                return t == MapType.PROG_ARRAY ? null : "bpf_tail_call takes a prog_array map";
            case HelperIds.MAP_PUSH_ELEM, HelperIds.MAP_POP_ELEM:
                return qs ? null : "push/pop take a queue or stack map";
            case HelperIds.MAP_PEEK_ELEM:
                return qs || t == MapType.BLOOM_FILTER ? null : "peek takes a queue, stack or bloom filter map";
            case HelperIds.MAP_LOOKUP_PERCPU_ELEM:
                return t == MapType.PERCPU_ARRAY || t == MapType.PERCPU_HASH || t == MapType.LRU_PERCPU_HASH ? null : "takes a per-CPU map";
            case HelperIds.MAP_LOOKUP_ELEM, HelperIds.MAP_UPDATE_ELEM, HelperIds.MAP_DELETE_ELEM:
                if (ring || qs || t == MapType.PROG_ARRAY || t == MapType.PERF_EVENT_ARRAY || t == MapType.BLOOM_FILTER) {
                    return "map type " + t.libbpfName() + " has no lookup/update/delete from programs";
                }
                return null;
            default:
                if (ring || t == MapType.PROG_ARRAY) return "this map type is for its own helpers only";
                return null;
        }
    }

    /**
     * Memory a helper reads or writes (kernel check_helper_mem_access): stack (initialised bytes
     * when read; written bytes become initialised), packet within the proven range, map values and
     * helper memory within their size; read-only memory only for read-only arguments.
     */
    private void helperMem(State s, int r, Value v, long lo, long hi, boolean writeOnly, boolean readOnly, String who) {
        String rn = "r" + r;
        if (v.maybeNull) throw fail("possible NULL dereference", "R" + r + " type=" + v + " expected a pointer that is not NULL (" + who + ")", rn, v);
        switch (v.type) {
            case STACK -> {
                int fd = Math.max(0, v.map);
                if (fd > depth) throw fail("invalid stack access", "R" + r + " points into the frame of a function that has returned", rn, v);
                State cur = s;
                s = cur.frameForWrite(fd);
                Scalar total = v.var.alu(ADD, Scalar.constant(v.fixed), true, 0);
                long from = total.smin(), to = total.smax() + hi;
                if (from < -State.STACK_SIZE || to > 0) {
                    throw fail("invalid stack access", "invalid indirect access to stack R" + r + " off=" + total + " size=" + hi + " (" + who + "): outside the 512-byte frame", rn, v);
                }
                int a = (int) from + State.STACK_SIZE, b = (int) to + State.STACK_SIZE;
                if (fd == depth) useStack(from);
                if (writeOnly) {
                    // the bytes written for sure become initialised; those maybe written lose what they held
                    s.clobberStackKeepInit(a, b);
                    if (total.isConstant()) s.clobberStack(a, a + (int) lo, State.MISC);
                    for (long slot = a / 8; slot * 8 < b; slot++) deltaSet(cur, 11 + (int) slot, null);
                } else {
                    int mustInit = total.isConstant() ? (int) (a + hi) : b;
                    for (int i = a; i < mustInit; i++) {
                        if (s.stack[i] == State.INVALID) {
                            throw fail("uninitialised stack read", "invalid indirect read from stack R" + r + " off " + (i - State.STACK_SIZE)
                                    + "+0 size " + hi + " (" + who + " reads byte fp" + (i - State.STACK_SIZE) + ", which is uninitialised)", rn, v);
                        }
                    }
                    if (!readOnly) {
                        // the helper may write: spills there are no longer registers
                        s.clobberStackKeepInit(a, b);
                        for (long slot = a / 8; slot * 8 < b; slot++) deltaSet(cur, 11 + (int) slot, null);
                    }
                }
            }
            case PACKET, PACKET_META -> {
                if (!readOnly && !packetWritable()) throw fail("invalid packet access", "helper access to the packet is not allowed for writing", rn, v);
                packetAccess(s, r, v.withVar(v.fixed, v.var, v.id), 0, (int) Math.min(hi, Integer.MAX_VALUE), false);
            }
            case MAP_VALUE, MEM -> {
                if (!readOnly && v.readOnly) throw fail("write to read-only memory", "R" + r + " cannot write into read-only memory (" + who + ")", rn, v);
                regionAccess(s, r, v, 0, (int) Math.min(hi, Integer.MAX_VALUE), false);
            }
            default -> throw fail("helper argument", "R" + r + " type=" + v + " expected=fp, pkt, pkt_meta, map_value, mem (" + who + ")", rn, v);
        }
    }

    private Value result(State s, RetType ret, MapDescriptor map, int mapIndex, long allocSize, Helper h) {
        boolean mn = ret.has(TypeFlag.MAYBE_NULL);
        return switch (ret.kind()) {
            case INTEGER -> Value.unknown();
            case VOID -> Value.UNINIT;
            case PTR_TO_MAP_VALUE -> {
                if (map == null) throw fail("helper result", h.name() + " returns a map value but has no map argument");
                int id = freshId(s, cur);
                if (map.type().isMapInMap()) {
                    // kernel: lookup in a map-in-map gives the inner map (CONST_PTR_TO_MAP or NULL)
                    int inner = ctx != null && ctx.innerMap() != null && mapIndex < ctx.innerMap().size() ? ctx.innerMap().get(mapIndex) : -1;
                    if (inner < 0) throw fail("helper result", h.name() + ": the inner map of map " + mapIndex + " is not known");
                    yield Value.pointer(Value.Type.MAP_PTR, 0, Scalar.constant(0), id).with(Value.Type.MAP_PTR, 0, inner, false, false).withMaybeNull(mn);
                }
                yield Value.pointer(Value.Type.MAP_VALUE, 0, Scalar.constant(0), id)
                        .with(Value.Type.MAP_VALUE, map.valueSize(), mapIndex, map.readOnly(), false).withMaybeNull(mn);
            }
            case PTR_TO_MEM -> {
                if (allocSize < 0) throw fail("helper result", h.name() + " returns memory of unknown size");
                int id = freshId(s, cur);
                boolean ring = ret.has(TypeFlag.RINGBUF);
                if (ring) s.refs.add(id); // kernel acquire_reference_state: released by submit/discard
                yield Value.pointer(Value.Type.MEM, 0, Scalar.constant(0), id).with(Value.Type.MEM, allocSize, -1, ret.has(TypeFlag.RDONLY), ring).withMaybeNull(mn);
            }
            default -> Value.unknown(); // kernel objects: a number this runtime cannot dereference
        };
    }

    // ---- exit (kernel check_return_code, check_reference_leak)

    private void checkExit(State s) {
        if (!s.refs.isEmpty()) {
            int id = s.refs.first();
            String where = id >= LEAK_BASE ? " (reserved at insn " + (id - LEAK_BASE) + " on an earlier iteration and not released)"
                    : id > 0 && id < Joiner.JOIN_BASE ? " (reserved at insn " + (id - 1) + ")" : "";
            throw fail("unreleased reference", "Unreleased reference id=" + id + where + ": a ring-buffer record must be submitted or discarded on every path");
        }
        if (s.lockHeld) throw fail("spin lock", "bpf_spin_unlock is missing: exit with a spin lock held");
        Value r0 = s.regs[0];
        if (!r0.isInit()) throw fail("uninitialised register", "R0 !read_ok: the program exits without setting r0", "r0", "uninit");
        // kernel check_return_code demands a range only of cgroup, sock_ops, sk_lookup, netfilter, LSM and struct_ops
        // programs, none of the types ebpf4j runs; R0 must still be a number (issue #5: no pointer leaves the program)
        if (!r0.isScalar()) throw fail("return value", "At program exit the register R0 is not a known value (" + r0 + ")", "r0", r0);
    }

    // ---- branches (RFC 9669 §4.3; kernel check_cond_jmp_op, reg_set_min_max, find_good_pkt_pointers, mark_ptr_or_null_regs)

    private void branch(int b, int i, Insn in, State s) {
        int target = cfg.target(i);
        if (in.isUnconditionalJump()) {
            setOut(b, target, s);
            return;
        }
        if (in.opcode() == MAY_GOTO) {
            // kernel: may_goto falls through while its hidden counter lasts and jumps when it is exhausted
            setOut(b, target, s.copy());
            setOut(b, i + 1, s);
            if (checking && opts.logLevel() >= 1) log.append(i).append(": ").append(disasm(i)).append("\n    ; ").append(s.describe()).append('\n');
            return;
        }
        boolean jmp32 = in.cls() == JMP32;
        int op = in.op();
        Value dst = read(s, in.dst());
        Value src = in.isRegSource() ? read(s, in.src()) : Value.constant(in.imm());
        State taken = s.copy();
        State fall = s;
        boolean takenOk, fallOk;
        if (dst.isScalar() && src.isScalar()) {
            takenOk = refine(taken, in, dst, src, jmp32, true);
            fallOk = refine(fall, in, dst, src, jmp32, false);
        } else {
            takenOk = refinePointers(taken, in, dst, src, jmp32, true);
            fallOk = refinePointers(fall, in, dst, src, jmp32, false);
        }
        if (checking && opts.logLevel() >= 1) {
            log.append(i).append(": ").append(disasm(i)).append("\n    ; ").append(s.describe()).append('\n');
        }
        if (env.assumeSinks().contains(target)) takenOk = false;
        if (takenOk) setOut(b, target, taken);
        if (fallOk) setOut(b, i + 1, fall);
    }

    private static boolean refine(State s, Insn in, Value dst, Value src, boolean jmp32, boolean holds) {
        Scalar[] r = Scalar.assume(in.op(), dst.var, src.var, jmp32, holds);
        if (r == null) return false;
        s.regs[in.dst()] = Value.linked(r[0], dst.id, dst.fixed);
        if (in.isRegSource() && in.src() != in.dst()) s.regs[in.src()] = Value.linked(r[1], src.id, src.fixed);
        if (!syncLinked(s, dst.id, dst.fixed, r[0])) return false;
        if (in.isRegSource() && in.src() != in.dst() && !syncLinked(s, src.id, src.fixed, r[1])) return false;
        return true;
    }

    // ---- linked scalars: copies of one number share an id (kernel sync_linked_regs, find_equal_scalars)

    /** Ids of linked scalars: {@code LINK_BASE + insn} of the copy that made the link. */
    static final int LINK_BASE = 1 << 27;

    /**
     * The value a copy of register {@code reg} gets: a number that is not a constant is linked to its copy
     * (kernel check_alu_op BPF_MOV: "assign src and dst registers the same ID that will be used by
     * sync_linked_regs() to propagate min/max range"), so a bound a branch proves for one holds for
     * both. Pointers are copied as they are.
     */
    private Value link(State s, int reg, Value src) {
        if (!src.isScalar() || src.var.isConstant()) return src;
        if (src.id != 0) return src;
        int id = LINK_BASE + cur;
        // the copy made here on an earlier iteration is another number now: its links end
        s.rewrite(v -> v.isScalar() && v.id == id ? Value.scalar(v.var) : v);
        Value linked = Value.linked(src.var, id, 0);
        s.regs[reg] = linked;
        return linked;
    }

    /**
     * Every number linked to {@code id} takes the bounds proven for one of them (the one {@code delta} from
     * their common value), shifted by the difference of the deltas (kernel sync_linked_regs); false if they
     * admit no value.
     */
    private static boolean syncLinked(State s, int id, long delta, Scalar proven) {
        if (id == 0) return true;
        boolean[] empty = {false};
        s.rewrite(v -> {
            if (!v.isScalar() || v.id != id) return v;
            Scalar shifted = v.fixed == delta ? proven : proven.alu(ADD, Scalar.constant(v.fixed - delta), true, 0);
            Scalar m = v.var.meet(shifted);
            if (m == null) {
                empty[0] = true;
                return v;
            }
            return Value.linked(m, id, v.fixed);
        });
        return !empty[0];
    }

    /** The register and value before an {@code rX <<= 32} just interpreted, on state {@link #zextState}. */
    private int zextInsn = -1;
    private State zextState;
    private Value zextBefore;

    /**
     * {@code rX <<= 32; rX >>= 32} (how clang zero-extends a 32-bit number without ALU32) leaves a number
     * below 2^32 unchanged (RFC 9669 §4.1: the shifts are logical), so rX keeps its value and its links,
     * as if no instruction had run; a loop counter compared after this zero-extension is then bounded.
     */
    private void zeroExtendPair(State s, Insn in, Value before) {
        boolean shift32 = in.cls() == ALU64 && !in.isRegSource() && in.imm() == 32;
        if (shift32 && in.op() == LSH) {
            zextInsn = cur;
            zextState = s;
            zextBefore = before;
            return;
        }
        if (shift32 && in.op() == RSH && zextInsn == cur - 1 && zextState == s && code.insn(cur - 1).dst() == in.dst()
                && zextBefore.isScalar() && Long.compareUnsigned(zextBefore.var.umax(), 0xffffffffL) <= 0) {
            s.regs[in.dst()] = zextBefore;
        }
        zextInsn = -1;
        zextState = null;
    }

    private boolean refinePointers(State s, Insn in, Value dst, Value src, boolean jmp32, boolean holds) {
        int op = in.op();
        // NULL checks: "if rX == 0" / "if rX != 0" on a pointer
        Value ptr = dst.isPointer() ? dst : src;
        Value other = dst.isPointer() ? src : dst;
        if ((op == JEQ || op == JNE) && !jmp32 && other.isZero() && (dst.isPointer() != src.isPointer())) {
            boolean isNull = (op == JEQ) == holds;
            if (!ptr.maybeNull) return !isNull; // kernel is_branch_taken: a valid pointer is never NULL
            int reg = dst.isPointer() ? in.dst() : in.src();
            s.regs[reg] = isNull ? Value.constant(0) : ptr.withMaybeNull(false);
            markNull(s, ptr, isNull);
            return true;
        }
        if (dst.isPointer() && src.isPointer() && !jmp32) {
            if (dst.type == Value.Type.PACKET && src.type == Value.Type.PACKET_END) pktRange(s, dst, op, holds, false, s.pktRange);
            else if (dst.type == Value.Type.PACKET_END && src.type == Value.Type.PACKET) pktRange(s, src, flip(op), holds, false, s.pktRange);
            else if (dst.type == Value.Type.PACKET_META && src.type == Value.Type.PACKET && isDataItself(src)) pktRange(s, dst, op, holds, true, s.metaRange);
            else if (dst.type == Value.Type.PACKET && src.type == Value.Type.PACKET_META && isDataItself(dst)) pktRange(s, src, flip(op), holds, true, s.metaRange);
        }
        // other comparisons involving pointers: allowed (allow_ptr_leaks), nothing learnt
        return true;
    }

    private static boolean isDataItself(Value p) {
        return p.id == 0 && p.fixed == 0;
    }

    /** The operation with its operands swapped: {@code a op b} iff {@code b flip(op) a}. */
    private static int flip(int op) {
        return switch (op) {
            case JGT -> JLT;
            case JLT -> JGT;
            case JGE -> JLE;
            case JLE -> JGE;
            case JSGT -> JSLT;
            case JSLT -> JSGT;
            case JSGE -> JSLE;
            case JSLE -> JSGE;
            default -> op;
        };
    }

    /**
     * kernel find_good_pkt_pointers: on the edge where {@code p <= end} (or {@code p < end}) holds,
     * every packet pointer with p's id may access up to p's constant offset (one more for {@code <}).
     */
    private static void pktRange(State s, Value p, int op, boolean holds, boolean meta, java.util.TreeMap<Integer, Long> ranges) {
        // p op end, on the edge where it `holds`
        long r;
        boolean le = (op == JLE && holds) || (op == JGT && !holds);
        boolean lt = (op == JLT && holds) || (op == JGE && !holds);
        if (!le && !lt) return;
        if (p.id == Joiner.UNIQUE || p.fixed < 0 || (p.fixed == 0 && lt && false)) return;
        if (Long.compareUnsigned(p.var.umax(), MAX_PACKET_OFF) > 0 || p.fixed > MAX_PACKET_OFF) return;
        r = p.fixed + (lt ? 1 : 0);
        ranges.merge(p.id, r, Math::max);
    }

    /** kernel mark_ptr_or_null_regs: every copy (same id) becomes NULL (the number 0) or a valid pointer. */
    private static void markNull(State s, Value ptr, boolean isNull) {
        int id = ptr.id;
        if (id == Joiner.UNIQUE) {
            return; // no copies known: only this register changes, done by the caller's state below
        }
        s.rewrite(v -> {
            if (!v.isPointer() || v.id != id || !v.maybeNull || v.type != ptr.type) return v;
            if (isNull) return Value.constant(0);
            return v.withMaybeNull(false);
        });
        if (isNull) s.refs.remove(id); // a NULL record holds nothing (kernel release_reference_state on the NULL branch)
    }
}
