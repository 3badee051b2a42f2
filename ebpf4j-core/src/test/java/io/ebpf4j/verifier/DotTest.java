package io.ebpf4j.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.asm.LlvmAssembler;
import io.ebpf4j.object.ProgramType;
import io.ebpf4j.progtype.ProgTypes;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Dot}: the CFG as Graphviz clusters. The expected blocks and edges are counted by hand from each
 * program (a block starts at the entry, at every jump target and after every jump or exit; a conditional jump
 * has a taken and a fall-through edge, an unconditional one one edge, an exit none).
 */
class DotTest {
    @TempDir
    Path tmp;

    /**
     * main (0-6): {0-2} {3} {4-6}, edges 2 (if: true/false); f (7-10): {7-8} {9} {10}, edges 3 (if: true/false, 9 -> 10);
     * g (11-12): one block; h (13-14): one block. Calls: h at 1, f at 5, g at 9. g reads r9, unset in a callee's frame.
     */
    static final String CALLS = """
            r6 = *(u32 *)(r1 + 16)
            call h
            if r6 > 7 goto go
            exit
            go:
            r1 = r6
            call f
            exit
            f:
            r0 = 0
            if r1 != 9 goto ret
            call g
            ret:
            exit
            g:
            r0 = r9
            exit
            h:
            r0 = 0
            exit
            """;

    static VerifierResult verify(String asm, VerifierOptions options) {
        VerifierEnv env = new VerifierEnv(ProgTypes.of(ProgramType.XDP).orElseThrow(), List.of(), EntryState.kernelDefault(), Set.of(), 0);
        return Verifier.verify(LlvmAssembler.assemble(asm, "test"), env, options);
    }

    static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void functionsAreClustersBlocksAreNodesAndEdgesAreTheCfgs() {
        VerifierResult r = verify(CALLS, VerifierOptions.defaults().withKeepBlockStates(true));
        String dot = Dot.render("calls", r);
        assertEquals(4, count(dot, "^  subgraph \"cluster_"), dot);
        for (String fn : List.of("func_0", "func_7", "func_11", "func_13")) assertTrue(dot.contains("subgraph \"cluster_" + fn + "\""), fn);
        assertEquals(3 + 3 + 1 + 1, count(dot, "^    \"f\\d+_b\\d+\" \\[label="), dot);
        assertEquals(2 + 3, count(dot, "^    \"f\\d+_b\\d+\" -> \"f\\d+_b\\d+\""), dot);
        assertEquals(2 + 2, count(dot, "label=\"(true|false)\""), dot);
        // calls: dashed, to the callee's cluster
        assertEquals(3, count(dot, "^  \"f\\d+_b\\d+\" -> \"f\\d+_b0\" \\[style=dashed, lhead=\"cluster_"), dot);
        assertTrue(dot.contains("\"f7_b1\" -> \"f11_b0\" [style=dashed, lhead=\"cluster_func_11\""), dot);
        // the error's block is red and says why; entry states list the initialised registers, one per line
        assertEquals(1, count(dot, "color=red"), dot);
        assertTrue(dot.matches("(?s).*\"f11_b0\" \\[label=\"11: r0 = r9\\\\l.*ERROR 11: .*color=red.*"), dot);
        assertTrue(dot.contains("\\l  R1=ctx(off=0)\\l  R10=fp(off=0)\\l"), dot);
    }

    @Test
    void edgesNoFinalStateTakesAreDottedAndUnreachedBlocksGrey() {
        // "r0 = 1; if r0 == 2 goto t" never jumps (RFC 9669 §4.3): the taken edge {0-1} -> {3-4} is infeasible, and {3-4}
        // is reached only through the fall-through block {2}
        VerifierResult r = verify("""
                r0 = 1
                if r0 == 2 goto t
                r0 = 0
                t:
                r1 = r9
                exit
                """, VerifierOptions.defaults().withKeepBlockStates(true));
        assertEquals(1, r.graph().orElseThrow().functions().size());
        VerifierGraph.Function f = r.graph().get().functions().get(0);
        assertEquals(3, f.blocks().size());
        assertEquals(List.of(new VerifierGraph.Edge(0, 2, "true", false), new VerifierGraph.Edge(0, 1, "false", true),
                new VerifierGraph.Edge(1, 2, "", true)), f.edges());
        String dot = Dot.render("p", r);
        assertTrue(dot.contains("\"f0_b0\" -> \"f0_b2\" [label=\"true\", style=dotted, color=gray];"), dot);
    }

    @Test
    void noGraphIsKeptByDefault() {
        VerifierResult r = verify(CALLS, VerifierOptions.defaults());
        assertTrue(r.graph().isEmpty());
        assertEquals("", Dot.render("calls", r));
        assertFalse(VerifierOptions.defaults().keepBlockStates());
    }

    @Test
    void graphvizParsesIt() throws Exception {
        String dotBin = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "dot"))) dotBin = Path.of(dir, "dot").toString();
        }
        Assumptions.assumeTrue(dotBin != null, "Graphviz 'dot' is not installed: the DOT text is checked by structure only");
        Path in = tmp.resolve("calls.dot");
        Files.writeString(in, Dot.render("calls \"quoted\" \\ name", verify(CALLS, VerifierOptions.defaults().withKeepBlockStates(true))));
        Process p = new ProcessBuilder(dotBin, "-Tsvg", in.toString(), "-o", tmp.resolve("calls.svg").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.isBlank(), out);
        assertTrue(Files.readString(tmp.resolve("calls.svg")).contains("cluster_func_11"));
    }
}
