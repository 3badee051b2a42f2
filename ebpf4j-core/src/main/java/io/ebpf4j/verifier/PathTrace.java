package io.ebpf4j.verifier;

import static io.ebpf4j.isa.Opcodes.*;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import io.ebpf4j.link.LinkedProgram;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the paths to errors need of an analysis: for each analysed frame its CFG, the edges its
 * final states take (recorded by the checking pass) and the call it was entered from; and for each
 * error the frame, instruction and state it was found at. Once the whole program is analysed (every
 * frame's edges known) {@link #pathOf} turns that into an {@link ErrorPath}: in each frame a
 * breadth-first search from the function's entry to the block of the error (or of the call), so
 * the decisions named are those of a shortest way there.
 *
 * <p>The search runs over the states the analysis kept apart (up to {@code Analyzer.MAX_STATES} per
 * block): a node is a block and one of its entry states, and running the block from that state
 * leads to each entry state of a successor that covers the state it sends there. So where paths
 * were kept apart, the way found is one the failing state itself came by. Where that search finds
 * nothing (states merged in ways it cannot follow), the search over feasible block edges answers.
 */
final class PathTrace {

    /** One analysis of one function (a callee analysed from several entry states has one per state). */
    static final class Frame {
        final int fnStart;
        /** The frame this one was called from (null for the program's entry and a global function verified alone). */
        final Frame caller;
        /** The call (or helper call, for a callback) in {@link #caller}. */
        final int callInsn;
        /** Which of the caller's block entry states was being run at the call (-1: unknown). */
        final int callState;
        /** {@link ErrorPath.Frame#entry()}. */
        final String entry;
        /** Set once the analysis has built it. */
        Cfg cfg;
        private final Set<Long> feasible = new HashSet<>();
        /** Moves between (block, entry state index) nodes: {@link #node} → the nodes it reaches. */
        private final Map<Long, List<Long>> moves = new HashMap<>();
        /** Breadth-first tree over the feasible edges from the entry block: the block before each ( -1 = not reached). */
        private int[] before;

        Frame(int fnStart, Frame caller, int callInsn, int callState, String entry) {
            this.fnStart = fnStart;
            this.caller = caller;
            this.callInsn = callInsn;
            this.callState = callState;
            this.entry = entry;
        }

        static long node(int block, int state) {
            return ((long) block << 32) | (state & 0xffffffffL);
        }

        /**
         * The checking pass, running block {@code from} from its entry state number {@code fromState}, sent state
         * {@code out} to block {@code to}, whose entry states are {@code toStates}.
         */
        void reached(int from, int fromState, int to, State out, List<State> toStates) {
            feasible.add(((long) from << 32) | (to & 0xffffffffL));
            before = null;
            if (fromState < 0 || toStates == null || toStates.isEmpty()) return;
            List<Long> next = moves.computeIfAbsent(node(from, fromState), k -> new ArrayList<>(2));
            int n = toStates.size();
            boolean any = false;
            if (n > 1) {
                // the entry states of `to` that cover `out` (kernel-style: the state it was merged into or kept as)
                for (int j = 0; j < n; j++) {
                    if (Joiner.leq(out, toStates.get(j))) {
                        add(next, node(to, j));
                        any = true;
                    }
                }
            }
            if (!any) for (int j = 0; j < n; j++) add(next, node(to, j));
        }

        private static void add(List<Long> l, long v) {
            if (!l.contains(v)) l.add(v);
        }

        boolean feasible(int from, int to) {
            return feasible.contains(((long) from << 32) | (to & 0xffffffffL));
        }

        /**
         * The blocks of a shortest way from the entry block to {@code target} entered in its state number
         * {@code state} (-1: any), both included; over the moves between states where they lead there, else over the
         * feasible block edges; null if neither does.
         */
        List<Integer> shortestWay(int target, int state) {
            if (cfg == null || target < 0) return null;
            int entry = cfg.blockOf[fnStart];
            List<Integer> byState = byStates(entry, target, state);
            if (byState != null) return byState;
            if (before == null) {
                before = new int[cfg.blocks()];
                Arrays.fill(before, -1);
                before[entry] = entry;
                ArrayDeque<Integer> work = new ArrayDeque<>();
                work.add(entry);
                while (!work.isEmpty()) {
                    int b = work.poll();
                    for (int s : cfg.succ.get(b)) {
                        if (before[s] < 0 && feasible(b, s)) {
                            before[s] = b;
                            work.add(s);
                        }
                    }
                }
            }
            if (before[target] < 0) return null;
            List<Integer> way = new ArrayList<>();
            for (int b = target; ; b = before[b]) {
                way.add(0, b);
                if (b == entry) break;
            }
            return way;
        }

        /** Breadth-first over the moves between (block, state) nodes, from every entry state of the entry block. */
        private List<Integer> byStates(int entry, int target, int state) {
            if (moves.isEmpty()) return null;
            Map<Long, Long> prev = new HashMap<>();
            ArrayDeque<Long> work = new ArrayDeque<>();
            for (int k = 0; k < Analyzer.MAX_STATES; k++) {
                long n = node(entry, k);
                if (k == 0 || moves.containsKey(n)) {
                    prev.put(n, n);
                    work.add(n);
                }
            }
            Long found = null;
            while (!work.isEmpty()) {
                long n = work.poll();
                if ((int) (n >>> 32) == target && (state < 0 || (int) n == state)) {
                    found = n;
                    break;
                }
                for (long m : moves.getOrDefault(n, List.of())) {
                    if (prev.putIfAbsent(m, n) == null) work.add(m);
                }
            }
            if (found == null) return null;
            List<Integer> way = new ArrayList<>();
            for (long n = found; ; n = prev.get(n)) {
                way.add(0, (int) (n >>> 32));
                if (prev.get(n) == n) break;
            }
            return way;
        }
    }

    private record Pending(Frame frame, int insn, int state) {}

    private final IdentityHashMap<VerifierError, Pending> pending = new IdentityHashMap<>();

    /** Error {@code e} was found at instruction {@code insn} of frame {@code f}, running its block from entry state {@code state}. */
    void note(VerifierError e, Frame f, int insn, int state) {
        if (f != null && insn >= 0) pending.put(e, new Pending(f, insn, state));
    }

    /** {@code e} with its path, where one was noted. */
    VerifierError withPath(VerifierError e, Program code, LinkedProgram linked) {
        Pending p = pending.get(e);
        return p == null ? e : e.withPath(pathOf(p.frame(), p.insn(), p.state(), code, linked));
    }

    /**
     * The path to instruction {@code insn} of frame {@code f}; {@link ErrorPath#NONE} when no final state reaches it
     * (errors found before the analysis: invalid or unreachable instructions, jumps out of range).
     */
    static ErrorPath pathOf(Frame f, int insn, int state, Program code, LinkedProgram linked) {
        List<ErrorPath.Frame> frames = new ArrayList<>();
        for (Frame cur = f; cur != null; cur = cur.caller) {
            List<ErrorPath.Step> steps = steps(cur, insn, state, code, linked);
            if (steps == null && cur == f) return ErrorPath.NONE;
            frames.add(new ErrorPath.Frame(functionName(cur.fnStart, linked), insn, source(insn, linked), cur.entry,
                    steps == null ? List.of() : steps));
            insn = cur.callInsn;
            state = cur.callState;
        }
        return new ErrorPath(frames);
    }

    /**
     * The decisions and returned calls on a shortest way from {@code f}'s entry to instruction {@code insn} (its block
     * entered in state number {@code state}, -1: any); null if none.
     */
    private static List<ErrorPath.Step> steps(Frame f, int insn, int state, Program code, LinkedProgram linked) {
        if (f.cfg == null || insn < f.cfg.start || insn >= f.cfg.end) return null;
        List<Integer> way = f.shortestWay(f.cfg.blockOf[insn], state);
        if (way == null) return null;
        Cfg cfg = f.cfg;
        List<ErrorPath.Step> out = new ArrayList<>();
        for (int k = 0; k < way.size(); k++) {
            int b = way.get(k);
            int last = k + 1 < way.size() ? cfg.blockEnd[b] : insn; // the last block only up to the instruction itself
            for (int i = cfg.blockStart[b]; i < last; i++) {
                Insn in = code.insn(i);
                if (in.isPseudoCall()) {
                    int callee = calleeOf(code, i);
                    out.add(new ErrorPath.Step(i, source(i, linked), ErrorPath.StepKind.RETURNED,
                            "after " + (callee < 0 ? "the call" : functionName(callee, linked)) + " returned"));
                }
            }
            if (k + 1 == way.size()) break;
            int j = cfg.blockEnd[b] - 1;
            Insn in = code.insn(j);
            if (!in.isBranch() || in.isUnconditionalJump()) continue;
            int t = cfg.target(j);
            int taken = t >= 0 && t < cfg.blockOf.length ? cfg.blockOf[t] : -1;
            int fall = j + 1 < cfg.end ? cfg.blockOf[j + 1] : -1;
            if (taken == fall) continue; // a jump to the next instruction decides nothing
            boolean isTaken = way.get(k + 1) == taken;
            String cond = condition(in);
            out.add(new ErrorPath.Step(j, source(j, linked), isTaken ? ErrorPath.StepKind.TAKEN : ErrorPath.StepKind.NOT_TAKEN,
                    isTaken ? "when " + cond : "when not (" + cond + ")"));
        }
        return out;
    }

    /** A conditional jump's condition in C-ish words: {@code r2 > 14}, {@code w1 s< -1}, {@code r3 & 0x4}. */
    static String condition(Insn in) {
        if (in.opcode() == MAY_GOTO) return "may_goto's budget is exhausted"; // kernel: may_goto jumps once its count runs out
        boolean is32 = in.cls() == JMP32;
        String p = is32 ? "w" : "r";
        String op = switch (in.op()) {
            case JEQ -> "==";
            case JNE -> "!=";
            case JGT -> ">";
            case JGE -> ">=";
            case JLT -> "<";
            case JLE -> "<=";
            case JSGT -> "s>";
            case JSGE -> "s>=";
            case JSLT -> "s<";
            case JSLE -> "s<=";
            case JSET -> "&";
            default -> "?";
        };
        String rhs;
        if (in.isRegSource()) rhs = p + in.src();
        else if (in.op() == JSET) rhs = "0x" + Long.toHexString(is32 ? in.imm() & 0xffffffffL : (long) in.imm());
        else rhs = Long.toString(in.imm()); // RFC 9669 §4.3: the immediate is sign-extended (to 64 bits for JMP)
        return p + in.dst() + " " + op + " " + rhs;
    }

    static int calleeOf(Program code, int i) {
        int slot = code.slotOf(i) + 1 + code.insn(i).imm();
        if (slot < 0 || slot >= code.slotCount()) return -1;
        return code.indexAtSlot(slot);
    }

    /** The function's name from the linked program's table; {@code func@N} (N its first instruction) without one. */
    static String functionName(int start, LinkedProgram linked) {
        if (linked != null) {
            for (LinkedProgram.Function fn : linked.functions()) if (fn.startIndex() == start) return fn.name();
        }
        return "func@" + start;
    }

    static Optional<LinkedProgram.SourceLine> source(int insn, LinkedProgram linked) {
        if (linked == null || insn < 0) return Optional.empty();
        return linked.sourceAt(insn);
    }
}
