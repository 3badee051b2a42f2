package io.ebpf4j.verifier;

import java.util.List;

/**
 * The control-flow graph the verifier analysed, function by function, with the abstract state at
 * each basic block's entry after the analysis (asked for with {@link VerifierOptions#keepBlockStates()};
 * {@link Dot} draws it for Graphviz).
 *
 * @param functions every function of the program, the entry first
 */
public record VerifierGraph(List<Function> functions) {

    public VerifierGraph {
        functions = List.copyOf(functions);
    }

    /**
     * One function.
     *
     * @param name       its name ({@code func@N} without a function table)
     * @param startIndex its first instruction
     * @param endIndex   one past its last instruction
     * @param blocks     its basic blocks in address order (index = position in this list)
     * @param edges      its CFG edges
     * @param calls      its bpf-to-bpf calls and callback arguments, each from a block to another function
     */
    public record Function(String name, int startIndex, int endIndex, List<Block> blocks, List<Edge> edges, List<Call> calls) {
        public Function {
            blocks = List.copyOf(blocks);
            edges = List.copyOf(edges);
            calls = List.copyOf(calls);
        }
    }

    /**
     * One basic block.
     *
     * @param startIndex first instruction
     * @param endIndex   one past the last
     * @param insns      each instruction as {@code "12: r0 = *(u32 *)(r1 + 4)"}
     * @param states     the distinct abstract states at its entry (from every analysis of the function: a function
     *                   called from several states has several), each as lines ({@code R1=ctx(off=0)}, {@code fp-8=...});
     *                   empty when no analysis reached the block
     * @param statesNotShown distinct states beyond those in {@code states} (at most 4 are kept per block)
     */
    public record Block(int startIndex, int endIndex, List<String> insns, List<List<String>> states, int statesNotShown) {
        public Block {
            insns = List.copyOf(insns);
            states = states.stream().map(List::copyOf).toList();
        }

        public boolean reached() {
            return !states.isEmpty();
        }
    }

    /**
     * A CFG edge between blocks of one function.
     *
     * @param from     block index
     * @param to       block index
     * @param label    {@code "true"} (a conditional jump taken), {@code "false"} (not taken) or {@code ""}
     * @param feasible whether some final state of the analysis takes it
     */
    public record Edge(int from, int to, String label, boolean feasible) {}

    /**
     * A call from a block to a function: a bpf-to-bpf call, or a function passed to a helper as a callback.
     *
     * @param fromBlock   block index in the calling function
     * @param insnIndex   the call (or the {@code ld_imm64} of the callback's address)
     * @param calleeStart the called function's first instruction
     * @param callback    whether it is a callback argument rather than a call
     */
    public record Call(int fromBlock, int insnIndex, int calleeStart, boolean callback) {}
}
