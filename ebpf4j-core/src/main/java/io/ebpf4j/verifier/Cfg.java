package io.ebpf4j.verifier;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The control-flow graph of one function in basic blocks, and its weak topological order
 * (Bourdoncle, "Efficient chaotic iteration strategies with widenings", 1993: the recursive
 * hierarchical decomposition into strongly connected components, heads first).
 */
final class Cfg {
    final Program code;
    final int start;
    final int end;
    /** Block starts (instruction indices), ascending. */
    final int[] blockStart;
    final int[] blockEnd;
    /** Block of each instruction index in [start, end), -1 outside. */
    final int[] blockOf;
    final List<List<Integer>> succ = new ArrayList<>();
    final List<List<Integer>> pred = new ArrayList<>();
    /** Instructions whose target lies outside the function (index → message). */
    final List<int[]> badTargets = new ArrayList<>();

    /** One element of the WTO: a vertex, or a component with its head and body. */
    record Wto(int block, List<Wto> body) {
        boolean isComponent() {
            return body != null;
        }
    }

    final List<Wto> wto;
    /** Whether a block heads a WTO component (a loop head). */
    final BitSet heads = new BitSet();
    /** The blocks of each component, by head. */
    final java.util.Map<Integer, BitSet> componentBlocks = new java.util.HashMap<>();

    Cfg(Program code, int start, int end) {
        this.code = code;
        this.start = start;
        this.end = end;
        int n = code.size();
        BitSet leaders = new BitSet();
        leaders.set(start);
        for (int i = start; i < end; i++) {
            Insn in = code.insn(i);
            if (in.isBranch()) {
                int t = target(i);
                if (t >= start && t < end) leaders.set(t);
                if (i + 1 < end) leaders.set(i + 1);
            } else if (in.isExit() && i + 1 < end) {
                leaders.set(i + 1);
            }
        }
        int nb = leaders.cardinality();
        blockStart = new int[nb];
        blockEnd = new int[nb];
        blockOf = new int[n];
        java.util.Arrays.fill(blockOf, -1);
        int b = 0;
        for (int i = leaders.nextSetBit(0); i >= 0; i = leaders.nextSetBit(i + 1)) blockStart[b++] = i;
        for (b = 0; b < nb; b++) {
            blockEnd[b] = b + 1 < nb ? blockStart[b + 1] : end;
            for (int i = blockStart[b]; i < blockEnd[b]; i++) blockOf[i] = b;
            succ.add(new ArrayList<>());
            pred.add(new ArrayList<>());
        }
        for (b = 0; b < nb; b++) {
            int last = blockEnd[b] - 1;
            Insn in = code.insn(last);
            if (in.isExit()) continue;
            if (in.isBranch()) {
                int t = target(last);
                if (t < start || t >= end) {
                    badTargets.add(new int[] {last, t});
                } else {
                    addEdge(b, blockOf[t]);
                }
                if (!in.isUnconditionalJump()) {
                    if (last + 1 < end) addEdge(b, blockOf[last + 1]);
                    else badTargets.add(new int[] {last, last + 1});
                }
            } else if (last + 1 < end) {
                addEdge(b, blockOf[last + 1]);
            } else {
                badTargets.add(new int[] {last, last + 1});
            }
        }
        wto = new WtoBuilder().build();
        for (Wto w : wto) collect(w);
    }

    /** Instruction index a branch at {@code i} goes to (-1 when it lands inside a wide instruction or outside the program). */
    int target(int i) {
        Insn in = code.insn(i);
        int slot = code.slotOf(i) + 1 + in.branchOffset();
        if (slot < 0 || slot >= code.slotCount()) return -1;
        int idx = code.indexAtSlot(slot);
        return idx;
    }

    private void addEdge(int from, int to) {
        if (!succ.get(from).contains(to)) {
            succ.get(from).add(to);
            pred.get(to).add(from);
        }
    }

    int blocks() {
        return blockStart.length;
    }

    private BitSet collect(Wto w) {
        BitSet all = new BitSet();
        all.set(w.block());
        if (w.isComponent()) {
            heads.set(w.block());
            for (Wto x : w.body()) all.or(collect(x));
            componentBlocks.put(w.block(), all);
        }
        return all;
    }

    /** Bourdoncle's algorithm (1993, §4.3), recursive on the blocks reachable from the entry block. */
    private final class WtoBuilder {
        private final int[] dfn = new int[blocks()];
        private final java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
        private int num;

        List<Wto> build() {
            java.util.LinkedList<Wto> partition = new java.util.LinkedList<>();
            if (blocks() > 0) visit(0, partition);
            return new ArrayList<>(partition);
        }

        private int visit(int v, java.util.LinkedList<Wto> partition) {
            stack.push(v);
            dfn[v] = ++num;
            int head = dfn[v];
            boolean loop = false;
            for (int w : succ.get(v)) {
                int min = dfn[w] == 0 ? visit(w, partition) : dfn[w];
                if (min <= head) {
                    head = min;
                    loop = true;
                }
            }
            if (head == dfn[v]) {
                dfn[v] = Integer.MAX_VALUE;
                int element = stack.pop();
                if (loop) {
                    while (element != v) {
                        dfn[element] = 0;
                        element = stack.pop();
                    }
                    partition.addFirst(component(v));
                } else {
                    partition.addFirst(new Wto(v, null));
                }
            }
            return head;
        }

        private Wto component(int v) {
            java.util.LinkedList<Wto> partition = new java.util.LinkedList<>();
            for (int w : succ.get(v)) {
                if (dfn[w] == 0) visit(w, partition);
            }
            return new Wto(v, new ArrayList<>(partition));
        }
    }
}
