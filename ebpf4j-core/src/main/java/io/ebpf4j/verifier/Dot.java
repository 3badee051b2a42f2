package io.ebpf4j.verifier;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a {@link VerifierGraph} in Graphviz's DOT language: each function a cluster
 * ({@code subgraph cluster_<name>}), each basic block a node with its instructions and the
 * abstract states at its entry, CFG edges labelled {@code true}/{@code false} for conditional
 * jumps (dotted grey where no final state takes them), calls and callback addresses as dashed
 * edges to the callee's cluster, blocks no state reaches greyed, and the blocks of errors filled
 * red with the error. Render it with {@code dot -Tsvg FILE -o cfg.svg}.
 */
public final class Dot {
    private Dot() {}

    /** The DOT text of {@code result}'s graph for program {@code name}; empty if the result kept no graph. */
    public static String render(String name, VerifierResult result) {
        if (result.graph().isEmpty()) return "";
        VerifierGraph g = result.graph().get();
        Map<String, String> errorsAt = new HashMap<>(); // node id -> error lines
        for (VerifierError e : result.errors()) {
            String node = nodeOf(g, e.insnIndex());
            if (node != null) errorsAt.merge(node, "ERROR " + e.format(), (a, b) -> a + "\n" + b);
        }
        StringBuilder b = new StringBuilder();
        b.append("digraph ").append(quote(name)).append(" {\n");
        b.append("  compound=true;\n");
        b.append("  labelloc=t;\n");
        b.append("  label=").append(quote(name + ": " + (result.accepted() ? "verified"
                : "rejected, " + result.errors().size() + " error" + (result.errors().size() == 1 ? "" : "s")))).append(";\n");
        b.append("  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
        b.append("  edge [fontname=\"monospace\", fontsize=9];\n");
        for (VerifierGraph.Function f : g.functions()) {
            b.append("  subgraph ").append(quote("cluster_" + f.name().replaceAll("[^A-Za-z0-9_]", "_"))).append(" {\n");
            b.append("    label=").append(quote(f.name() + " (insns " + f.startIndex() + "-" + (f.endIndex() - 1) + ")")).append(";\n");
            for (int k = 0; k < f.blocks().size(); k++) {
                VerifierGraph.Block blk = f.blocks().get(k);
                String id = id(f, k);
                StringBuilder label = new StringBuilder();
                for (String insn : blk.insns()) label.append(insn).append('\n');
                if (blk.reached()) {
                    for (List<String> st : blk.states()) {
                        label.append("--- entry state\n");
                        for (String line : st) label.append("  ").append(line).append('\n');
                    }
                    if (blk.statesNotShown() > 0) label.append("--- and ").append(blk.statesNotShown()).append(" more entry states\n");
                } else {
                    label.append("--- not reached\n");
                }
                String err = errorsAt.get(id);
                if (err != null) label.append(err).append('\n');
                b.append("    ").append(quote(id)).append(" [label=").append(dotLabel(label.toString()));
                if (err != null) b.append(", color=red, penwidth=2, style=filled, fillcolor=\"#ffe0e0\"");
                else if (!blk.reached()) b.append(", color=gray, fontcolor=gray, style=dashed");
                b.append("];\n");
            }
            for (VerifierGraph.Edge e : f.edges()) {
                b.append("    ").append(quote(id(f, e.from()))).append(" -> ").append(quote(id(f, e.to())));
                StringBuilder attrs = new StringBuilder();
                if (!e.label().isEmpty()) attrs.append("label=").append(quote(e.label()));
                if (!e.feasible()) attrs.append(attrs.isEmpty() ? "" : ", ").append("style=dotted, color=gray");
                if (!attrs.isEmpty()) b.append(" [").append(attrs).append(']');
                b.append(";\n");
            }
            b.append("  }\n");
        }
        for (VerifierGraph.Function f : g.functions()) {
            for (VerifierGraph.Call c : f.calls()) {
                VerifierGraph.Function callee = null;
                for (VerifierGraph.Function x : g.functions()) if (x.startIndex() == c.calleeStart()) callee = x;
                if (callee == null || callee.blocks().isEmpty()) continue;
                b.append("  ").append(quote(id(f, c.fromBlock()))).append(" -> ").append(quote(id(callee, 0))).append(" [style=dashed, ");
                // a call into its own function (recursion, which the verifier rejects) cannot end at its own cluster's border
                if (callee != f) b.append("lhead=").append(quote("cluster_" + callee.name().replaceAll("[^A-Za-z0-9_]", "_"))).append(", ");
                b.append("label=").append(quote((c.callback() ? "&" : "call ") + callee.name() + " @" + c.insnIndex())).append("];\n");
            }
        }
        b.append("}\n");
        return b.toString();
    }

    private static String id(VerifierGraph.Function f, int block) {
        return "f" + f.startIndex() + "_b" + block;
    }

    /** The node of the block holding instruction {@code insn}, or null. */
    private static String nodeOf(VerifierGraph g, int insn) {
        for (VerifierGraph.Function f : g.functions()) {
            if (insn < f.startIndex() || insn >= f.endIndex()) continue;
            for (int k = 0; k < f.blocks().size(); k++) {
                VerifierGraph.Block blk = f.blocks().get(k);
                if (insn >= blk.startIndex() && insn < blk.endIndex()) return id(f, k);
            }
        }
        return null;
    }

    /** A DOT string: quotes and backslashes escaped. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** A node label whose lines are left-justified ({@code \l} ends each line). */
    private static String dotLabel(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) continue;
            b.append(line.replace("\t", " ").replace("\\", "\\\\").replace("\"", "\\\"")).append("\\l");
        }
        return b.append('"').toString();
    }
}
