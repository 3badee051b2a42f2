package io.ebpf4j.verifier;

import static io.ebpf4j.isa.Opcodes.PSEUDO_FUNC;

import io.ebpf4j.asm.LlvmDisassembler;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import io.ebpf4j.link.LinkedProgram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Collects, when {@link VerifierOptions#keepBlockStates()} asks for it, the states at each block's
 * entry of every reporting analysis (the entry function's and each callee's in the checking pass,
 * i.e. the final states), and builds the {@link VerifierGraph}. Nothing of this runs by default.
 */
final class BlockStates {
    /** At most this many distinct states are kept per block (a function analysed from many entry states has many). */
    static final int MAX_STATES_SHOWN = 4;

    /** By function start, then by the block's first instruction: the distinct states at its entry. */
    private final Map<Integer, Map<Integer, LinkedHashSet<List<String>>>> states = new HashMap<>();
    /** By function start, then block start: states beyond {@link #MAX_STATES_SHOWN}. */
    private final Map<Integer, Map<Integer, Integer>> more = new HashMap<>();
    private final Map<Integer, List<PathTrace.Frame>> frames = new HashMap<>();

    void add(int fnStart, Cfg cfg, List<State>[] blockIn, PathTrace.Frame frame) {
        Map<Integer, LinkedHashSet<List<String>>> per = states.computeIfAbsent(fnStart, k -> new HashMap<>());
        Map<Integer, Integer> extra = more.computeIfAbsent(fnStart, k -> new HashMap<>());
        for (int b = 0; b < cfg.blocks() && b < blockIn.length; b++) {
            if (blockIn[b] == null) continue;
            LinkedHashSet<List<String>> set = per.computeIfAbsent(cfg.blockStart[b], k -> new LinkedHashSet<>());
            for (State st : blockIn[b]) {
                List<String> lines = lines(st);
                if (set.contains(lines)) continue;
                if (set.size() < MAX_STATES_SHOWN) set.add(lines);
                else extra.merge(cfg.blockStart[b], 1, Integer::sum);
            }
        }
        frames.computeIfAbsent(fnStart, k -> new ArrayList<>()).add(frame);
    }

    /** A state compactly: one line per initialised register, then each stack slot in use, ranges, references. */
    static List<String> lines(State st) {
        // State.describe prints "R0=... R1=... fp-8=... pkt_range=..."; cut it before each item
        return Arrays.asList(st.describe().split(" (?=R\\d+=|fp-\\d+=|pkt_range=|meta_range=|refs=|lock$)"));
    }

    VerifierGraph graph(Program code, Analyzer.Context ctx, int[] functionStarts) {
        LinkedProgram linked = ctx == null ? null : ctx.linked();
        List<VerifierGraph.Function> out = new ArrayList<>();
        int[] starts = functionStarts == null ? new int[] {0} : functionStarts;
        for (int k = 0; k < starts.length; k++) {
            int start = starts[k];
            int end = k + 1 < starts.length ? starts[k + 1] : code.size();
            if (start >= end) continue;
            // the function's own CFG (the analysis of a raw program's entry covers every instruction after it); states
            // and feasible edges are matched by block start instruction
            Cfg cfg;
            try {
                cfg = new Cfg(code, start, end);
            } catch (RuntimeException e) {
                continue;
            }
            Map<Integer, LinkedHashSet<List<String>>> per = states.getOrDefault(start, Map.of());
            Map<Integer, Integer> extra = more.getOrDefault(start, Map.of());
            List<PathTrace.Frame> fs = frames.getOrDefault(start, List.of());
            List<VerifierGraph.Block> blocks = new ArrayList<>();
            List<VerifierGraph.Edge> edges = new ArrayList<>();
            List<VerifierGraph.Call> calls = new ArrayList<>();
            for (int b = 0; b < cfg.blocks(); b++) {
                List<String> insns = new ArrayList<>();
                for (int i = cfg.blockStart[b]; i < cfg.blockEnd[b]; i++) {
                    Insn in = code.insn(i);
                    String text;
                    try {
                        text = LlvmDisassembler.OBJDUMP.format(in);
                    } catch (RuntimeException e) {
                        text = "<invalid>";
                    }
                    insns.add(i + ": " + text);
                    if (in.isPseudoCall() || (in.isWide() && in.src() == PSEUDO_FUNC)) {
                        int callee = PathTrace.calleeOf(code, i);
                        if (callee >= 0) calls.add(new VerifierGraph.Call(b, i, callee, !in.isPseudoCall()));
                    }
                }
                List<List<String>> st = new ArrayList<>(per.getOrDefault(cfg.blockStart[b], new LinkedHashSet<>()));
                blocks.add(new VerifierGraph.Block(cfg.blockStart[b], cfg.blockEnd[b], insns, st, extra.getOrDefault(cfg.blockStart[b], 0)));
                int last = cfg.blockEnd[b] - 1;
                Insn in = code.insn(last);
                boolean conditional = in.isBranch() && !in.isUnconditionalJump();
                int t = conditional ? cfg.target(last) : -1;
                int taken = t >= cfg.start && t < cfg.end ? cfg.blockOf[t] : -1;
                int fall = last + 1 < cfg.end ? cfg.blockOf[last + 1] : -1;
                for (int s : cfg.succ.get(b)) {
                    String label = !conditional || taken == fall ? "" : s == taken ? "true" : "false";
                    boolean feasible = false;
                    for (PathTrace.Frame f : fs) {
                        if (f.cfg == null) continue;
                        feasible |= f.feasible(f.cfg.blockOf[cfg.blockStart[b]], f.cfg.blockOf[cfg.blockStart[s]]);
                    }
                    edges.add(new VerifierGraph.Edge(b, s, label, feasible));
                }
            }
            out.add(new VerifierGraph.Function(PathTrace.functionName(start, linked), start, end, blocks, edges, calls));
        }
        return new VerifierGraph(out);
    }
}
