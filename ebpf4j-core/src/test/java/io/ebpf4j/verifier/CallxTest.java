package io.ebpf4j.verifier;

import static io.ebpf4j.verifier.VerifierRulesTest.HASH;
import static io.ebpf4j.verifier.VerifierRulesTest.LOOKUP;
import static io.ebpf4j.verifier.VerifierRulesTest.accepted;
import static io.ebpf4j.verifier.VerifierRulesTest.rejected;
import static io.ebpf4j.verifier.VerifierRulesTest.xdp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.maps.BpfMap;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.vm.RunResult;
import io.ebpf4j.vm.Runtime;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.Json;
import io.ebpf4j.vm.RuntimeOptions;
import io.ebpf4j.vm.TestRun;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code callx rN} (issue #6). Linux has no indirect calls (6.18 refuses opcode 0x8d: the recorded
 * kernel-oracle verdict on corpus/obj/callx_funcptr.o is in src/test/resources/verifier/); ebpf4j
 * accepts a callx whose register holds a function pointer made by {@code ld_imm64 src=BPF_PSEUDO_FUNC}
 * and analyses every function it may hold as a bpf-to-bpf call (kernel check_func_call rules: R1-R5
 * the arguments, R1-R5 unreadable after the return, R6-R9 and the stack kept). Everything else is
 * refused with what the register may hold.
 */
class CallxTest {

    /** A function after the entry: add1 returns r1 + 1 (the kernel refuses dead code, so each test adds what it calls). */
    static final String ADD1 = """
            add1:
            r0 = r1
            r0 += 1
            exit
            """;

    /** Two functions after the entry: add1 returns r1 + 1, dbl returns r1 * 2. */
    static final String FUNCS = ADD1 + """
            dbl:
            r0 = r1
            r0 *= 2
            exit
            """;

    @Test
    void callsAFunctionPointerAndKnowsItsResult() {
        // r0 = add1(5) = 6: the callee analysed in context gives the exact result, so the bounded store proves safe
        accepted(xdp("r2 = add1 ll\nr1 = 5\ncallx r2\nr1 = r10\nr1 += -8\nr1 += r0\nr2 = 0\n*(u8 *)(r1 - 6) = r2\nr0 = 2\nexit\n" + ADD1));
        // add1(5) = 6, so r10 - 8 + 6 - 5 = r10 - 7 is in the frame but r10 - 8 + 6 + 2 = r10 is not
        rejected(xdp("r2 = add1 ll\nr1 = 5\ncallx r2\nr1 = r10\nr1 += -8\nr1 += r0\nr2 = 0\n*(u8 *)(r1 + 2) = r2\nr0 = 2\nexit\n" + ADD1), "stack");
    }

    @Test
    void everyTargetOfAJoinedFunctionPointerIsAnalysed() {
        // f = c ? add1 : dbl; f(5) is 6 or 10: both targets are analysed, their results joined to [6, 10]
        String pick = """
                r6 = *(u32 *)(r1 + 12)
                r2 = add1 ll
                if r6 == 0 goto call
                r2 = dbl ll
                call:
                r1 = 5
                callx r2
                """;
        // r0 in [6, 10]: r10 - 16 + r0 stays within the frame for a 1-byte store at offset 5 (at most r10 - 1)
        accepted(xdp(pick + "r1 = r10\nr1 += -16\nr1 += r0\nr2 = 0\n*(u8 *)(r1 + 5) = r2\nr0 = 2\nexit\n" + FUNCS));
        // at offset 6 the dbl target reaches r10 + 0: only dbl's result shows it, so dbl must have been analysed too
        rejected(xdp(pick + "r1 = r10\nr1 += -16\nr1 += r0\nr2 = 0\n*(u8 *)(r1 + 6) = r2\nr0 = 2\nexit\n" + FUNCS), "stack");
    }

    @Test
    void aFunctionPointerSurvivesASpillAndFill() {
        // the stack keeps a spilled register's type (kernel save_register_state / STACK_SPILL): still a function
        accepted(xdp("r2 = add1 ll\n*(u64 *)(r10 - 8) = r2\nr3 = *(u64 *)(r10 - 8)\nr1 = 1\ncallx r3\nr0 = 2\nexit\n" + ADD1));
        // a 4-byte fill of it is a number, not a function
        rejected(xdp("r2 = add1 ll\n*(u64 *)(r10 - 8) = r2\nr3 = *(u32 *)(r10 - 8)\nr1 = 1\ncallx r3\nr0 = 2\nexit\n" + ADD1),
                "not a function pointer");
    }

    @Test
    void callxOfANumberIsRefusedWithItsValue() {
        // corpus/unsafe/callx_scalar_bad: r2 = 16 is a number (the runtime would take it as helper 16)
        VerifierResult r = xdp("r2 = 16\ncallx r2\nr0 = 2\nexit");
        rejected(r, "R2 holds the number 16, not a function pointer");
        assertEquals("16", r.errors().get(0).registers().get("r2"));
    }

    @Test
    void callxOfAnotherPointerOrAnUninitialisedRegisterIsRefused() {
        rejected(xdp("r2 = r1\ncallx r2\nr0 = 2\nexit"), "R2 holds ctx");
        rejected(xdp(LOOKUP + "if r0 == 0 goto out\ncallx r0\nout:\nr0 = 2\nexit", HASH), "R0 holds map_value");
        rejected(xdp("callx r4\nr0 = 2\nexit"), "R4 !read_ok");
    }

    @Test
    void aFunctionPointerThatMayBeNullMustBeChecked() {
        String maybe = """
                r6 = *(u32 *)(r1 + 12)
                r2 = 0
                if r6 == 0 goto call
                r2 = add1 ll
                call:
                """;
        // the paths are kept apart at the join (up to 8 states per point), so the one where r2 = 0 is named
        rejected(xdp(maybe + "r1 = 1\ncallx r2\nr0 = 2\nexit\n" + ADD1), "R2 holds the number 0, not a function pointer");
        // after the NULL check only the function is left (kernel mark_ptr_or_null_regs)
        accepted(xdp(maybe + "if r2 == 0 goto out\nr1 = 1\ncallx r2\nout:\nr0 = 2\nexit\n" + ADD1));
    }

    @Test
    void callerSavedRegistersAreUnreadableAfterACallx() {
        // kernel prepare_func_exit / caller_saved: R1-R5 are clobbered by any call
        rejected(xdp("r2 = add1 ll\nr1 = 1\ncallx r2\nr0 = r2\nexit\n" + ADD1), "R2 !read_ok");
        accepted(xdp("r6 = 3\nr2 = add1 ll\nr1 = 1\ncallx r2\nr0 = r6\nexit\n" + ADD1));
    }

    @Test
    void aCallxTargetIsCheckedLikeAnyCallee() {
        // the callee writes below its own frame's end through the caller's pointer: refused inside the callee
        String bad = "r1 = r10\nr1 += -8\nr2 = store ll\ncallx r2\nr0 = 2\nexit\nstore:\nr2 = 0\n*(u64 *)(r1 + 8) = r2\nr0 = 0\nexit\n";
        rejected(xdp(bad), "stack");
        accepted(xdp(bad.replace("(r1 + 8)", "(r1 + 0)")));
        // a callx back into the function that made the pointer is recursion (kernel: "recursive call")
        rejected(xdp("r1 = 1\ncall f\nr0 = 2\nexit\nf:\nr2 = f ll\ncallx r2\nr0 = 0\nexit"), "recursive call");
    }

    // ---------------------------------------------------------------- memoization

    /** {@code sites} calls of one function with equal arguments, the results summed in r6 (so each caller frame differs). */
    static String manySites(int sites, boolean sameArgument) {
        StringBuilder b = new StringBuilder("r6 = 0\nr7 = *(u32 *)(r1 + 12)\n");
        for (int k = 0; k < sites; k++) {
            b.append(sameArgument ? "r1 = r7\n" : "r1 = " + k + "\n").append("call f\nr6 += r0\n");
        }
        b.append("r0 = r6\nr0 &= 3\nexit\n");
        b.append("f:\nr0 = r1\nr0 &= 255\nr0 += 1\nexit\n");
        return b.toString();
    }

    @Test
    void aFunctionCalledFromAHundredSitesWithEqualArgumentsIsAnalysedAsOftenAsOnce() {
        VerifierResult one = xdp(manySites(1, true));
        VerifierResult hundred = xdp(manySites(100, true));
        accepted(one);
        accepted(hundred);
        // one analysis of f per pass (fixpoint, then checking): the same for 1 and for 100 call sites
        assertEquals(2, one.stats().functionAnalyses());
        assertEquals(0, one.stats().memoHits());
        assertEquals(one.stats().functionAnalyses(), hundred.stats().functionAnalyses());
        assertEquals(2 * 99, hundred.stats().memoHits());
    }

    @Test
    void differentArgumentsAreDifferentEntryStates() {
        // r1 = k at site k: 100 distinct entry states, each analysed (in both passes)
        VerifierResult r = xdp(manySites(100, false));
        accepted(r);
        assertEquals(200, r.stats().functionAnalyses());
        assertEquals(0, r.stats().memoHits());
    }

    @Test
    void aMemoizedCalleeResultIsNotTiedToTheCallersOldValues() {
        // f returns a map value that may be NULL (a fresh id each time it runs): p1 = f(); p2 = f(); checking p2
        // says nothing about p1 (kernel: each lookup gets its own id), even though the second call reuses the first's analysis
        String prog = """
                r1 = 0
                call f
                r6 = r0
                r1 = 0
                call f
                if r0 == 0 goto out
                r1 = *(u64 *)(r6 + 0)
                out:
                r0 = 2
                exit
                f:
                """ + LOOKUP + "exit\n";
        rejected(xdp(prog, HASH), "map_value_or_null");
        VerifierResult ok = xdp(prog.replace("if r0 == 0 goto out", "if r6 == 0 goto out"), HASH);
        accepted(ok);
        assertTrue(ok.stats().memoHits() > 0, "the second call reuses the first one's analysis");
    }

    @Test
    void theHundredSiteCorpusProgramAnalysesItsCalleeTwiceNotAHundredTimes() {
        // corpus/src/calls_100_sites.c: mix(x) from 100 sites; the kernel accepts it (corpus/kernel-results)
        Path dir = corpus().resolve("obj");
        Assumptions.assumeTrue(Files.exists(dir.resolve("calls_100_sites.o")), "corpus objects not found in " + dir);
        VerifierResult one = CorpusVerifierTest.verify(dir.resolve("calls_1_site.o"), "calls_1_site", null);
        VerifierResult hundred = CorpusVerifierTest.verify(dir.resolve("calls_100_sites.o"), "calls_100_sites", null);
        VerifierResult distinct = CorpusVerifierTest.verify(dir.resolve("calls_100_distinct.o"), "calls_100_distinct", null);
        accepted(one);
        accepted(hundred);
        accepted(distinct);
        // one entry state, analysed once in each of the two passes (fixpoint, checking)
        assertEquals(2, one.stats().functionAnalyses());
        // two entry states: at the first site R2/R3 still hold the packet pointers of the bounds check (a callee
        // receives R1-R5 whatever it reads), at the 99 others R2-R5 are the previous call's clobbered registers
        assertEquals(4, hundred.stats().functionAnalyses());
        assertEquals(2 * 98, hundred.stats().memoHits());
        // mix(x + k): 100 different entry states, nothing to reuse
        assertEquals(200, distinct.stats().functionAnalyses());
        assertEquals(0, distinct.stats().memoHits());
    }

    @Test
    void aReusedCalleeStillMayNotReturnAPointerIntoItsOwnFrameOnAnyPath() {
        // kernel prepare_func_exit: "cannot return stack pointer to the caller frame"; one of f's two exits does,
        // and the second call reuses the first one's analysis (its exits are joined once, after this check)
        String f = "f:\nif r1 == 0 goto a\nr0 = r10\nr0 += -8\nexit\na:\nr0 = 0\nexit\n";
        String twoSites = "r6 = *(u32 *)(r1 + 12)\nr1 = r6\ncall f\nr1 = r6\ncall f\nr0 = 2\nexit\n";
        rejected(xdp(twoSites + f), "cannot return stack pointer");
        VerifierResult ok = xdp(twoSites + f.replace("r0 = r10\nr0 += -8", "r0 = 5"));
        accepted(ok);
        assertTrue(ok.stats().memoHits() > 0, "the second call reuses the first one's analysis");
    }

    @Test
    void aReusedCalleeGivesTheJoinOfItsExits() {
        // f returns 1 or 5; after either call r0 is in [1, 5]: r10 - 8 + r0 + 2 stays in the frame, + 3 does not for r0 = 5
        String f = "f:\nr0 = 1\nif r1 == 0 goto a\nr0 = 5\na:\nexit\n";
        String twoSites = "r6 = *(u32 *)(r1 + 12)\nr1 = r6\ncall f\nr1 = r6\ncall f\nr1 = r10\nr1 += -8\nr1 += r0\nr2 = 0\n";
        accepted(xdp(twoSites + "*(u8 *)(r1 + 2) = r2\nr0 = 2\nexit\n" + f));
        rejected(xdp(twoSites + "*(u8 *)(r1 + 3) = r2\nr0 = 2\nexit\n" + f), "stack");
    }

    // ---------------------------------------------------------------- corpus/src/callx_funcptr.c

    static Path corpus() {
        return CorpusVerifierTest.corpus();
    }

    @Test
    void theLinuxKernelRefusesEveryCallx() throws IOException {
        // recorded with ../shared/tools/kernel-oracle corpus/obj/callx_funcptr.o callx_funcptr --json on Linux 6.18
        String json = Files.readString(Path.of("src/test/resources/verifier/callx_funcptr.kernel.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(json);
        assertEquals(Boolean.FALSE, m.get("accepted"));
        assertTrue(String.valueOf(m.get("log_tail")).contains("unknown opcode 8d"));
    }

    @Test
    void theCorpusCallxProgramIsAcceptedAndComputesWhatItsCSays() throws IOException {
        Path obj = corpus().resolve("obj/callx_funcptr.o");
        Assumptions.assumeTrue(Files.exists(obj), "corpus object " + obj + " not found (run from ebpf4j-core)");
        VerifierResult v = CorpusVerifierTest.verify(obj, "callx_funcptr", null);
        accepted(v);
        for (Engine engine : new Engine[] {Engine.INTERPRETER, Engine.JIT}) {
            for (int s = 0; s < 3; s++) {
                for (int t = 0; t < 2; t++) {
                    // the C source's comment: s = data[0] % 3 picks add1/dbl/neg, t = data[1] & 1 picks the others
                    long pick = s == 0 ? 8 : s == 1 ? 14 : -7;
                    long slot = t == 1 ? 21 : 40;
                    long reduce = t == 1 ? 3 + 9 + 4 + 1 : 9;
                    long twice = t == 1 ? (1 + 1) + (2 + 1) : 1 * 2 + 2 * 2;
                    byte[] pkt = new byte[64];
                    pkt[0] = (byte) (s + 3 * t); // data[0] % 3 == s whatever t
                    pkt[1] = (byte) t;
                    try (Runtime rt = Runtime.load(BpfObject.open(obj), RuntimeOptions.defaults().withEngine(engine))) {
                        RunResult r = rt.program("callx_funcptr").run(TestRun.data(pkt));
                        String what = engine + " s=" + s + " t=" + t;
                        assertEquals(2, r.retval(), what + ": XDP_PASS");
                        BpfMap res = rt.map("res").orElseThrow();
                        assertEquals(pick, slot(res, 0), what + ": res[0]");
                        assertEquals(slot, slot(res, 1), what + ": res[1]");
                        assertEquals(reduce, slot(res, 2), what + ": res[2]");
                        assertEquals(twice, slot(res, 3), what + ": res[3]");
                    }
                }
            }
        }
        assertFalse(v.stats().functionAnalyses() == 0, "the callx targets were analysed");
    }

    private static long slot(BpfMap m, int k) {
        byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(k).array();
        return ByteBuffer.wrap(m.lookup(key)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
