package io.ebpf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.vm.Json;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ebpf4j verify} and the verification {@code ebpf4j run} does first: verdicts, errors, exit status 0 / 1 / 2. */
class VerifyCommandTest {
    @TempDir
    Path tmp;

    static RunCommandTest.Result run(String... args) {
        return RunCommandTest.run(args);
    }

    @Test
    void verifiesEveryProgramOfAnObject() {
        Path c = RunCommandTest.corpus();
        RunCommandTest.Result r = run("verify", c.resolve("obj/multi_prog.o").toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("xdp_count (xdp): verified") && r.out().contains("tc_count (tc): verified")
                && r.out().contains("sock_count (socket): verified"), r.out());
    }

    @Test
    void aRejectedProgramNamesTheInstructionTheSourceLineAndTheRule() {
        // corpus/rejected/rej_pkt_oob: the kernel says "invalid access to packet, off=23 size=1"
        Path c = RunCommandTest.corpus();
        RunCommandTest.Result r = run("verify", c.resolve("rejected/obj/rej_pkt_oob.o").toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("rej_pkt_oob (xdp): rejected, 1 error"), r.out());
        assertTrue(r.out().contains("invalid access to packet, off=23 size=1"), r.out());
        assertTrue(r.out().contains("(rej_pkt_oob.c:11: return *(u8 *)(data + 23);)"), r.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonCarriesVerdictErrorsAndFigures() {
        Path c = RunCommandTest.corpus();
        RunCommandTest.Result r = run("verify", c.resolve("rejected/obj/rej_null_map_value.o").toString(), "--json");
        assertEquals(1, r.status(), r.err());
        Map<String, Object> o = (Map<String, Object>) Json.parse(r.out());
        assertEquals(Boolean.FALSE, o.get("verified"));
        Map<String, Object> p = ((List<Map<String, Object>>) o.get("programs")).get(0);
        Map<String, Object> e = ((List<Map<String, Object>>) p.get("errors")).get(0);
        assertEquals("possible NULL dereference", e.get("rule"));
        assertTrue(((String) e.get("message")).contains("map_value_or_null"), e.toString());
        assertEquals(BigInteger.valueOf(19), ((Map<String, Object>) e.get("source")).get("line"));
        assertTrue(((Map<String, Object>) e.get("registers")).containsKey("r0"), e.toString());
    }

    /** A program whose packet read out of bounds is two calls deep (source and kernel verdict in its .c beside it). */
    static Path errorPathObject() {
        Path o = Path.of("..", "ebpf4j-core", "src", "test", "resources", "verifier", "error_path.o").toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(o), "no " + o);
        return o;
    }

    @Test
    void eachErrorIsFollowedByItsPathLikeAStackTrace() {
        // error_path.c: error_path calls middle (line 32) when q != 7 (line 30), middle calls inner (line 22) when k > 3
        // (line 21, compiled as "if r3 > r2" with r3 = 4 not taken), inner reads data[20] (line 16) with 14 bytes proven
        // (line 14); the kernel rejects insn 20 in frame 2
        RunCommandTest.Result r = run("verify", errorPathObject().toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().replace("\r\n", "\n").contains("""
                (error_path.c:16: return data[20];) r1=pkt(off=0)
                      at inner (error_path.c:16) when not (r3 > r2) (insn 19, error_path.c:14)
                      <- called from middle (error_path.c:22) when not (r3 > r2) (insn 10, error_path.c:21)
                      <- called from error_path (error_path.c:32) when not (r2 == 7) (insn 2, error_path.c:30)
                """), r.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonErrorsCarryThePath() {
        RunCommandTest.Result r = run("verify", errorPathObject().toString(), "--json");
        assertEquals(1, r.status(), r.err());
        Map<String, Object> o = (Map<String, Object>) Json.parse(r.out());
        Map<String, Object> e = ((List<Map<String, Object>>) ((List<Map<String, Object>>) o.get("programs")).get(0).get("errors")).get(0);
        List<Map<String, Object>> path = (List<Map<String, Object>>) e.get("path");
        assertEquals(List.of("inner", "middle", "error_path"), path.stream().map(f -> f.get("function")).toList());
        assertEquals(List.of(BigInteger.valueOf(20), BigInteger.valueOf(11), BigInteger.valueOf(3)), path.stream().map(f -> f.get("insn")).toList());
        Map<String, Object> step = ((List<Map<String, Object>>) path.get(2).get("steps")).get(0);
        assertEquals(BigInteger.valueOf(2), step.get("insn"));
        assertEquals("not_taken", step.get("kind"));
        assertEquals("when not (r2 == 7)", step.get("text"));
        assertEquals(BigInteger.valueOf(30), step.get("line"));
        assertEquals("<- called from error_path (error_path.c:32) when not (r2 == 7) (insn 2, error_path.c:30)", path.get(2).get("text"));
    }

    @Test
    void runNamesThePathOfTheErrorThatStopsIt() {
        RunCommandTest.Result r = run("run", errorPathObject().toString(), "--data-hex", "00".repeat(64));
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("\n    at inner (error_path.c:16) when not (r3 > r2) (insn 19, error_path.c:14)\n"
                + "    <- called from middle (error_path.c:22)"), r.err());
    }

    @Test
    void dotWritesTheCfgWithOneClusterPerFunction() throws Exception {
        Path dot = tmp.resolve("cfg.dot");
        RunCommandTest.Result r = run("verify", errorPathObject().toString(), "--dot", dot.toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("dot -Tsvg " + dot), r.err());
        String text = Files.readString(dot);
        assertTrue(text.startsWith("digraph \"error_path\" {"), text);
        for (String fn : List.of("error_path", "middle", "inner")) assertTrue(text.contains("subgraph \"cluster_" + fn + "\""), text);
        assertTrue(text.contains("color=red"), text);
        // several programs: one file per program, named after it
        Path multi = tmp.resolve("m.dot");
        RunCommandTest.Result m = run("verify", RunCommandTest.corpus().resolve("obj/multi_prog.o").toString(), "--dot", multi.toString());
        assertEquals(0, m.status(), m.out() + m.err());
        for (String p : List.of("xdp_count", "tc_count", "sock_count")) {
            assertTrue(Files.readString(tmp.resolve("m." + p + ".dot")).startsWith("digraph \"" + p + "\""), p);
        }
        assertEquals(2, run("verify", "--dot", dot.toString(), errorPathObject().toString(), errorPathObject().toString()).status());
        assertEquals(2, run("verify", "--stats", "--dot", dot.toString(), errorPathObject().toString()).status());
        assertTrue(run("verify", "--help").out().contains("dot -Tsvg FILE -o cfg.svg"));
    }

    @Test
    void logLevelTwoShowsTheStateAtEveryInstruction() {
        Path c = RunCommandTest.corpus();
        RunCommandTest.Result r = run("verify", c.resolve("obj/globals.o").toString(), "--log-level", "2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("0: ") && r.out().contains("R1=ctx(off=0)") && r.out().contains("R10=fp(off=0)"), r.out());
    }

    @Test
    void statsSummarisesASweepOverSeveralObjects() {
        // multi_prog.o: three programs the kernel accepts; rej_pkt_oob.o: one the kernel rejects
        // ("invalid access to packet, off=23 size=1"), see the tests above
        Path c = RunCommandTest.corpus();
        RunCommandTest.Result r = run("verify", "--stats", c.resolve("obj/multi_prog.o").toString(),
                c.resolve("rejected/obj/rej_pkt_oob.o").toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("tc_count (tc): verified") && r.out().contains("rej_pkt_oob (xdp): rejected, 1 error"), r.out());
        assertTrue(r.out().contains("summary: 2 objects, 4 programs: 3 verified, 1 rejected, 0 errors"), r.out());
        assertTrue(r.out().contains("programs/s") && r.out().contains("median") && r.out().contains("p90"), r.out());
        // the slowest program is one of the four, named with its object
        assertTrue(r.out().matches("(?s).*slowest \\S*/(multi_prog\\.o:(xdp|tc|sock)_count|rej_pkt_oob\\.o:rej_pkt_oob) \\d+\\.\\d ms.*"), r.out());
    }

    @Test
    void statsAndJsonGiveTheMemoFiguresOfCalls() {
        // corpus/src/callx_funcptr.c: five functions reached through callx (add1, dbl, neg, sum4, max4), each
        // analysed at least once; f(1) + f(2) calls one pointer from two sites
        Path c = RunCommandTest.corpus();
        RunCommandTest.Result r = run("verify", "--stats", c.resolve("obj/callx_funcptr.o").toString());
        assertEquals(0, r.status(), r.out() + r.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("calls: (\\d+) function analyses, (\\d+) memo hits").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Integer.parseInt(m.group(1)) >= 5, r.out());
        RunCommandTest.Result j = run("verify", "--json", c.resolve("obj/callx_funcptr.o").toString());
        assertEquals(0, j.status(), j.out() + j.err());
        assertTrue(j.out().contains("\"function_analyses\":" + m.group(1)) && j.out().contains("\"memo_hits\":" + m.group(2)), j.out());
    }

    @Test
    void statsNameTheLoopsRunIterationByIteration() {
        // bounded_loop.o: every loop converges by widening (no line about unrolling, 0 in the summary);
        // rej_unbounded_loop.o: the Collatz loop widening cannot bound is tried by unrolling, which gives up after
        // 2,048 iterations (the kernel rejects it too, corpus/rejected/kernel-results)
        Path c = RunCommandTest.corpus();
        RunCommandTest.Result r = run("verify", "--stats", c.resolve("obj/bounded_loop.o").toString(),
                c.resolve("rejected/obj/rej_unbounded_loop.o").toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("rej_unbounded_loop (xdp): rejected, 1 error"), r.out());
        assertTrue(r.out().contains("  loops unrolled: 0 (head insns []), 2048 iterations run one by one"), r.out());
        assertTrue(r.out().contains("loops: 1 program needed unrolling (0 loops unrolled in the final analysis, 2048 iterations run one by one)"), r.out());
        String bounded = r.out().substring(0, r.out().indexOf("rej_unbounded_loop.o:"));
        assertTrue(bounded.contains("bounded_loop (xdp): verified") && !bounded.contains("loops unrolled"), bounded);
    }

    @Test
    void aSweepCountsAnObjectThatCannotBeLoadedAndGoesOn() throws Exception {
        Path c = RunCommandTest.corpus();
        Files.write(tmp.resolve("junk.o"), new byte[] {1, 2, 3});
        RunCommandTest.Result r = run("verify", "--stats", tmp.resolve("junk.o").toString(), c.resolve("obj/multi_prog.o").toString());
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("junk.o"), r.err());
        assertTrue(r.out().contains("summary: 2 objects, 3 programs: 3 verified, 0 rejected, 1 error"), r.out());
        // several objects without --stats: same lines and exit status, no summary; --json and --prog take one object
        RunCommandTest.Result plain = run("verify", c.resolve("obj/multi_prog.o").toString(), c.resolve("obj/multi_prog.o").toString());
        assertEquals(0, plain.status(), plain.out() + plain.err());
        assertTrue(!plain.out().contains("summary:"), plain.out());
        assertEquals(2, run("verify", "--json", c.resolve("obj/multi_prog.o").toString(), c.resolve("obj/globals.o").toString()).status());
        assertEquals(2, run("verify", "--prog", "xdp_count", c.resolve("obj/multi_prog.o").toString(), c.resolve("obj/globals.o").toString()).status());
    }

    @Test
    void usageAndLoadErrorsExitWith2() throws Exception {
        Path c = RunCommandTest.corpus();
        assertEquals(2, run("verify").status());
        assertEquals(2, run("verify", tmp.resolve("absent.o").toString()).status());
        Files.write(tmp.resolve("junk.o"), new byte[] {1, 2, 3});
        assertEquals(2, run("verify", tmp.resolve("junk.o").toString()).status());
        assertEquals(2, run("verify", c.resolve("obj/multi_prog.o").toString(), "--prog", "nope").status());
        assertEquals(2, run("verify", c.resolve("obj/multi_prog.o").toString(), "--type", "kprobe").status());
        assertEquals(2, run("verify", c.resolve("obj/globals.o").toString(), "--log-level", "3").status());
    }

    @Test
    void runVerifiesFirstAndNoVerifyRunsInCheckedMode() {
        // rej_null_map_value reads through an unchecked lookup result: rejected before it runs
        Path c = RunCommandTest.corpus();
        String obj = c.resolve("rejected/obj/rej_null_map_value.o").toString();
        String data = c.resolve("inputs/tcp64.bin").toString();
        RunCommandTest.Result r = run("run", obj, "--data", data);
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("program 'rej_null_map_value': insn 6:") && r.err().contains("rejected by the verifier"), r.err());
        // checked mode: the interpreter's own checks stop the NULL read at run time
        RunCommandTest.Result unchecked = run("run", obj, "--data", data, "--no-verify");
        assertEquals(1, unchecked.status(), unchecked.out() + unchecked.err());
        assertTrue(!unchecked.err().contains("rejected by the verifier"), unchecked.err());
    }
}
