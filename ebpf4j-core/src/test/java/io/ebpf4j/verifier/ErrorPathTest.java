package io.ebpf4j.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.asm.LlvmAssembler;
import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.link.Linker;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.ProgramType;
import io.ebpf4j.progtype.ProgTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The path printed under each error: the decisions on a shortest way from each function's entry, the calls
 * that returned on it, and the call sites out to the program's entry, innermost first. The expected paths are
 * derived by hand from each program's control flow (which branch outcomes and calls lead to the failing
 * instruction, and which route is shortest); for the C object, the kernel's own log (kernel-oracle, 6.18) shows
 * the same failing instruction (20) reached in frame 2 after the same three decisions.
 */
class ErrorPathTest {

    static VerifierResult xdp(String asm) {
        VerifierEnv env = new VerifierEnv(ProgTypes.of(ProgramType.XDP).orElseThrow(), List.of(), EntryState.kernelDefault(), Set.of(), 0);
        return Verifier.verify(LlvmAssembler.assemble(asm, "test"), env, VerifierOptions.defaults());
    }

    static VerifierError onlyError(VerifierResult r) {
        assertFalse(r.accepted());
        assertEquals(1, r.errors().size(), () -> r.errors().toString());
        return r.errors().get(0);
    }

    @Test
    void anErrorBehindTwoBranchesNamesBothDecisions() {
        // r9 is never written in the entry function: reading it is "R9 !read_ok" (kernel check_reg_arg), reachable
        // only when the first jump is taken and the second is not
        VerifierError e = onlyError(xdp("""
                r6 = *(u32 *)(r1 + 16)
                r7 = *(u32 *)(r1 + 12)
                r0 = 0
                if r6 > 14 goto second
                exit
                second:
                if w7 s< -1 goto out
                r0 = r9
                out:
                exit
                """));
        assertEquals(6, e.insnIndex());
        assertEquals(List.of("at func@0 (insn 6) when r6 > 14 (insn 3), when not (w7 s< -1) (insn 5)"), e.path().lines());
        assertEquals(ErrorPath.StepKind.TAKEN, e.path().frames().get(0).steps().get(0).kind());
        assertEquals(ErrorPath.StepKind.NOT_TAKEN, e.path().frames().get(0).steps().get(1).kind());
    }

    @Test
    void thePathIsAShortestOne() {
        // two ways to "bad": 2 taken -> 5 not taken -> 6 -> bad (three edges) and 2 not taken -> 3 taken -> bad (two);
        // the taken edge is the first successor, so a depth-first search would report the longer way
        VerifierError e = onlyError(xdp("""
                r6 = *(u32 *)(r1 + 16)
                r0 = 0
                if r6 > 5 goto long
                if r6 == 3 goto bad
                exit
                long:
                if r6 > 1000 goto out
                r6 += 1
                bad:
                r0 = r9
                exit
                out:
                exit
                """));
        assertEquals(7, e.insnIndex());
        assertEquals(List.of("at func@0 (insn 7) when not (r6 > 5) (insn 2), when r6 == 3 (insn 3)"), e.path().lines());
    }

    @Test
    void thePathIsTheWayTheFailingStateCameNotJustAnyShortestWay() {
        // "join" is reached three ways: 2 not taken (r7 = 1), 2 taken -> 5 taken (r7 = 0), and 2 taken -> 5 not taken
        // -> 6 (r7 = r10, a stack pointer). Only the last exits with a pointer in R0 (kernel check_return_code: R0 must
        // be a number here), and it is the longest; the analysis keeps the three states apart, so the path follows it
        VerifierError e = onlyError(xdp("""
                r6 = *(u32 *)(r1 + 16)
                r7 = 0
                if r6 > 10 goto a
                r7 = 1
                goto join
                a:
                if r6 > 20 goto join
                r7 = r10
                join:
                r0 = r7
                exit
                """));
        assertEquals(8, e.insnIndex());
        assertEquals(List.of("at func@0 (insn 8) when r6 > 10 (insn 2), when not (r6 > 20) (insn 5)"), e.path().lines());
    }

    @Test
    void theLeakedRecordsPathIsTheOneThatLeaksIt() throws IOException {
        // corpus/rejected/src/rej_ringbuf_leak.c: the record leaks on "return XDP_DROP" (line 19), reached when the
        // reserve did not fail (line 15) and the packet is longer than 60 bytes (line 18). The kernel (kernel-oracle,
        // 6.18) reports "Unreleased reference" at that exit with R0=ringbuf_mem (not NULL) and R3 umin=61. The shorter
        // way to the shared exit block (r0 == 0, return XDP_PASS) holds no reference
        java.nio.file.Path dir = java.nio.file.Path.of("..", "corpus", "rejected").toAbsolutePath().normalize();
        java.nio.file.Path o = dir.resolve("obj/rej_ringbuf_leak.o");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(o), "no corpus object at " + o);
        String src = java.nio.file.Files.readString(dir.resolve("src/rej_ringbuf_leak.c"));
        BpfObject obj = BpfObject.open(o);
        LinkedProgram lp = Linker.link(obj, "rej_ringbuf_leak");
        VerifierError e = onlyError(Verifier.verify(obj, lp, obj.program("rej_ringbuf_leak").orElseThrow().type(), VerifierOptions.defaults()));
        assertTrue(e.message().startsWith("Unreleased reference"), e.message());
        List<ErrorPath.Step> steps = e.path().frames().get(0).steps();
        assertEquals(List.of("when not (r0 == 0)", "when r3 > 60"), steps.stream().map(ErrorPath.Step::text).toList());
        assertEquals(List.of(line(src, "if (!r)"), line(src, "> 60)")), steps.stream().map(s -> s.source().orElseThrow().line()).toList());
    }

    @Test
    void anErrorInACalleeTwoLevelsDeepNamesBothCallSitesAndTheReturnedCalls() {
        // main -> f (insn 5) -> g (insn 9); g reads r9, which a callee's frame starts without (kernel
        // check_func_call: only R1-R5 are passed); h returned before the branch in main
        VerifierError e = onlyError(xdp(DotTest.CALLS)); // the program DotTest draws
        assertEquals(11, e.insnIndex());
        assertEquals(List.of(
                "at func@11 (insn 11)",
                "<- called from func@7 (insn 9) when not (r1 != 9) (insn 8)",
                "<- called from func@0 (insn 5) after func@13 returned (insn 1), when r6 > 7 (insn 2)"), e.path().lines());
        assertEquals(ErrorPath.StepKind.RETURNED, e.path().frames().get(2).steps().get(0).kind());
    }

    @Test
    void aCallbackFrameSaysItWasCalledByAHelper() {
        // bpf_loop (helper 181) calls cb; cb reads r9, unset in its frame
        VerifierError e = onlyError(xdp("""
                r1 = 4
                r2 = cb ll
                r3 = 0
                r4 = 0
                call 181
                r0 = 0
                exit
                cb:
                r0 = r9
                exit
                """));
        List<String> lines = e.path().lines();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("at func@"), lines.toString());
        assertEquals("<- callback called from func@0 (insn 4)", lines.get(1));
    }

    @Test
    void cObjectPathCarriesSourceLinesOfEveryDecisionAndCallSite() throws IOException {
        BpfObject obj;
        try (InputStream in = ErrorPathTest.class.getResourceAsStream("/verifier/error_path.o")) {
            obj = BpfObject.open(in.readAllBytes(), "error_path.o");
        }
        String src;
        try (InputStream in = ErrorPathTest.class.getResourceAsStream("/verifier/error_path.c")) {
            src = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        LinkedProgram lp = Linker.link(obj, "error_path");
        VerifierResult r = Verifier.verify(obj, lp, obj.program("error_path").orElseThrow().type(), VerifierOptions.defaults());
        VerifierError e = onlyError(r);
        // kernel 6.18: "20: (71) r0 = *(u8 *)(r1 +20)  invalid access to packet, off=20 size=1", in frame2
        assertEquals(20, e.insnIndex());
        assertEquals(List.of(
                "at inner (error_path.c:" + line(src, "return data[20];") + ") when not (r3 > r2) (insn 19, error_path.c:"
                        + line(src, "if (data + 14 > end)") + ")",
                "<- called from middle (error_path.c:" + line(src, "return inner(ctx) + 2;") + ") when not (r3 > r2) (insn 10, error_path.c:"
                        + line(src, "if (k > 3)") + ")",
                "<- called from error_path (error_path.c:" + line(src, "return middle(ctx, q) & 3;") + ") when not (r2 == 7) (insn 2, error_path.c:"
                        + line(src, "if (q == 7)") + ")"), e.path().lines());
    }

    /** The 1-based line of the source that contains {@code text}. */
    static int line(String src, String text) {
        String[] lines = src.split("\n", -1);
        for (int k = 0; k < lines.length; k++) if (lines[k].contains(text)) return k + 1;
        throw new AssertionError("not in the source: " + text);
    }

    @Test
    void conditionsReadLikeC() {
        assertEquals("r2 > 14", PathTrace.condition(LlvmAssembler.assembleInsn("if r2 > 14 goto +1")));
        assertEquals("w1 s<= -3", PathTrace.condition(LlvmAssembler.assembleInsn("if w1 s<= -3 goto +1")));
        assertEquals("r1 & 0x4", PathTrace.condition(LlvmAssembler.assembleInsn("if r1 & 4 goto +1")));
        assertEquals("r3 != r4", PathTrace.condition(LlvmAssembler.assembleInsn("if r3 != r4 goto +1")));
    }

    @Test
    void anErrorNoStateReachesHasNoPath() {
        VerifierError e = new VerifierError(-1, "", java.util.Optional.empty(), "stack too large", "too large", java.util.Map.of());
        assertTrue(e.path().isEmpty());
        assertEquals(List.of(), e.path().lines());
        // dead code (kernel check_cfg "unreachable insn 2"): no way leads there, so no path is claimed
        VerifierError dead = onlyError(xdp("r0 = 2\nexit\nr0 = 1\nexit"));
        assertEquals("unreachable instruction", dead.rule());
        assertTrue(dead.path().isEmpty(), dead.path().lines().toString());
    }
}
