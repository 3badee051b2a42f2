package io.ebpf4j.verifier;

import static io.ebpf4j.verifier.VerifierRulesTest.accepted;
import static io.ebpf4j.verifier.VerifierRulesTest.pkt;
import static io.ebpf4j.verifier.VerifierRulesTest.rejected;
import static io.ebpf4j.verifier.VerifierRulesTest.xdp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.object.MapType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Termination (issue #5): bounded loops converge by widening, not by running every iteration;
 * {@code may_goto} bounds a loop; a loop with no proven bound is rejected with the loop named. The
 * verdicts are the kernel's (Documentation/bpf/verifier.rst "bounded loops"; kernel 6.18 through
 * /work/shared/tools/kernel-oracle for the corpus objects, recorded in corpus/kernel-results and
 * corpus/rejected). "Converged by widening" is read from {@link VerifierStats#loopIterationsUnrolled()}:
 * 0 means no loop iteration was interpreted one by one in any analysis of the program.
 */
class LoopTerminationTest {

    static void acceptedWithoutUnrolling(VerifierResult r) {
        accepted(r);
        assertEquals(0, r.stats().loopIterationsUnrolled(), () -> "iterations unrolled (loops " + r.stats().unrolledLoopHeads() + ")");
        assertEquals(0, r.stats().loopsUnrolled());
        assertTrue(r.stats().loopsWidened() > 0, "the loop is widened");
    }

    @Test
    void countedLoopIsAcceptedWithZeroUnrolledIterations() {
        // for (i = 0; i < 1000; i++) buf[i & 7] += i: the kernel walks 1000 iterations, widening needs a few
        acceptedWithoutUnrolling(xdp("""
                r1 = 0
                *(u64 *)(r10 - 8) = r1
                loop:
                r0 = *(u64 *)(r10 - 8)
                r0 += r1
                *(u64 *)(r10 - 8) = r0
                r1 += 1
                if r1 < 1000 goto loop
                r0 = 0
                exit
                """));
    }

    @Test
    void counterIndexingAStackArrayStaysInsideIt() {
        // u32 a[16] at fp-64; for (i = 0; i != 16; i++) a[i] = i: the exit test is `!=`, the offset steps by 4
        String prog = """
                r1 = 0
                loop:
                r2 = r1
                r2 <<= 2
                r3 = r10
                r3 += -64
                r3 += r2
                *(u32 *)(r3 + 0) = r1
                r1 += 1
                if r1 != %d goto loop
                r0 = 0
                exit
                """;
        acceptedWithoutUnrolling(xdp(prog.formatted(16)));
        // 17 iterations write a[16] = fp-0: outside the frame (kernel: "invalid variable-offset write to stack")
        rejected(xdp(prog.formatted(17)), "stack");
    }

    @Test
    void counterIndexingAMapValueIsBoundedByTheLoopTest() {
        // map value of 64 bytes; for (i = 0; i < 8; i++) v[i] = i (8-byte stores, offset i * 8 <= 56)
        MapDescriptor array = new MapDescriptor(MapType.ARRAY, 4, 64, 1);
        String prog = VerifierRulesTest.LOOKUP + """
                if r0 == 0 goto out
                r1 = 0
                loop:
                r2 = r1
                r2 <<= 3
                r3 = r0
                r3 += r2
                *(u64 *)(r3 + 0) = r1
                r1 += 1
                if r1 < %d goto loop
                out:
                r0 = 0
                exit
                """;
        acceptedWithoutUnrolling(xdp(prog.formatted(8), array));
        rejected(xdp(prog.formatted(9), array), "map_value");
    }

    @Test
    void packetCursorAdvancedWithABoundsCheckEachIteration() {
        // for (off = 0; off != 1024; off += 8) { if (data + off + 8 > end) break; h ^= *(u64 *)(data + off); }
        acceptedWithoutUnrolling(xdp(pkt("""
                r0 = 0
                r6 = 0
                loop:
                r4 = r2
                r4 += r6
                r5 = r4
                r5 += 8
                if r5 > r3 goto out
                r7 = *(u64 *)(r4 + 0)
                r0 ^= r7
                r6 += 8
                if r6 != 1024 goto loop
                out:
                r0 = 0
                exit
                """)));
    }

    @Test
    void zeroExtendedU32CounterOfNestedLoops() {
        // clang without ALU32: for (u32 i = 0; i < 16; i++) for (u32 j = 0; j < 16; j++) x += i ^ j,
        // with `j` compared after `<<= 32; >>= 32` on a copy (corpus/src/bounded_loop.c)
        acceptedWithoutUnrolling(xdp("""
                r6 = 0
                r1 = 0
                outer:
                r2 = 0
                inner:
                r3 = r2
                r3 ^= r1
                r6 += r3
                r2 += 1
                r3 = r2
                r3 <<= 32
                r3 >>= 32
                if r3 == 16 goto next
                goto inner
                next:
                r1 += 1
                r2 = r1
                r2 <<= 32
                r2 >>= 32
                if r2 == 16 goto out
                goto outer
                out:
                r0 = 0
                exit
                """));
    }

    @Test
    void mayGotoLoopIsAcceptedWithoutUnrolling() {
        // kernel: may_goto falls through while its hidden per-frame counter lasts (BPF_MAX_LOOPS), so the loop
        // ends whatever the body does; the body's own values need no bound
        acceptedWithoutUnrolling(xdp("""
                r0 = 0
                loop:
                may_goto out
                r0 += 3
                goto loop
                out:
                r0 = 0
                exit
                """));
    }

    @Test
    void loopWithNoBoundIsRejectedNamingItsHead() {
        // r1 only grows while r1 != 0: the kernel rejects it ("infinite loop detected" or the 1M-instruction limit)
        VerifierResult r = xdp("""
                r1 = 1
                loop:
                r1 += 1
                if r1 != 0 goto loop
                r0 = 0
                exit
                """);
        rejected(r, "unbounded loop");
        VerifierError e = r.errors().get(0);
        assertEquals(1, e.insnIndex(), "the error is at the loop head");
        assertTrue(e.message().contains("loop at insn 1"), e.message());
    }

    @Test
    void aCopyOfAnUnchangedNumberDoesNotStepEachIteration() {
        // r1 = r2 + 1 every time round with r2 fixed: r1 is 1 at every back edge, the loop never ends; the step
        // of r1 is relative to r2's value, not r1's own. Kernel 6.18 (kernel-oracle, the same code in inline asm):
        // "infinite loop detected at insn 2"; with `r2 = r1` added it accepts (24 insns processed)
        String prog = """
                r1 = 0
                r2 = 0
                loop:
                r1 = r2
                r1 += 1
                %s
                if r1 < 5 goto loop
                r0 = 0
                exit
                """;
        rejected(xdp(prog.formatted("")), "unbounded loop");
        // the same through the stack
        rejected(xdp("""
                r1 = 0
                r2 = 0
                *(u64 *)(r10 - 8) = r2
                loop:
                r1 = *(u64 *)(r10 - 8)
                r1 += 1
                if r1 < 5 goto loop
                r0 = 0
                exit
                """), "unbounded loop");
        // and the counter that does step, moved through a copy: r2 = r2 + 1 by way of r1
        acceptedWithoutUnrolling(xdp(prog.formatted("r2 = r1")));
    }

    @Test
    void pointerSteppedBesideTheCounterStaysInTheArray() {
        // corpus/src/bpf2bpf_calls.c fill(), as clang emits `for (i = 0; i < 16; i++) buf[i] = 7 * i`: the pointer
        // moves by 4 and only a copy of the counter is compared. Widening keeps no relation between the two; the
        // induction step bounds the iterations by the counter (16) and the pointer by fp-64 + 4 * [0, 15]
        String prog = """
                r1 = r10
                r1 += -64
                r2 = 0
                r3 = %d
                r4 = 0
                loop:
                r5 = r4
                *(u32 *)(r1 + 0) = r2
                r1 += 4
                r2 += 7
                r4 += 1
                if r3 > r5 goto loop
                r0 = 0
                exit
                """;
        acceptedWithoutUnrolling(xdp(prog.formatted(15)));
        // one more iteration writes 4 bytes at fp+0, outside the frame (kernel: "invalid write to stack")
        rejected(xdp(prog.formatted(16)), "stack");
    }

    // ---- compiled programs: the corpus' loops and ../shared/bench

    static Path shared() {
        return CorpusVerifierTest.shared();
    }

    @TestFactory
    Stream<DynamicTest> compiledLoopsConvergeByWidening() {
        Path corpus = CorpusVerifierTest.corpus();
        Path shared = shared();
        record Obj(Path path, String program, String why) {}
        List<Obj> objs = List.of(
                new Obj(corpus.resolve("obj/bounded_loop.o"), "bounded_loop", null),
                new Obj(corpus.resolve("obj/may_goto_loop.o"), "may_goto_loop", null),
                new Obj(corpus.resolve("obj/syscall_maps.o"), "syscall_maps", null),
                new Obj(corpus.resolve("obj/bpf2bpf_calls.o"), "bpf2bpf_calls", null),
                new Obj(shared == null ? null : shared.resolve("bench/hash1k.kern.o"), "prog", "system property ebpf4j.shared"),
                new Obj(shared == null ? null : shared.resolve("bench/calls.kern.o"), "prog", "system property ebpf4j.shared"));
        return objs.stream().map(o -> DynamicTest.dynamicTest(o.path() == null ? o.program() : o.path().getFileName().toString(), () -> {
            Assumptions.assumeTrue(o.path() != null && Files.isRegularFile(o.path()),
                    () -> "no object " + o.path() + (o.why() == null ? "" : " (" + o.why() + " names the shared folder)"));
            // the kernel accepts each (corpus/kernel-results, ../shared/bench/README.md)
            acceptedWithoutUnrolling(CorpusVerifierTest.verify(o.path(), o.program(), null));
        }));
    }

    @Test
    void compiledUnboundedLoopIsRejectedWithItsSourceLine() {
        // corpus/rejected/src/rej_unbounded_loop.c: `while (x > 1) x = (x & 1) ? 3 * x + 1 : x / 2;` (the kernel
        // rejects it: corpus/rejected/kernel-results)
        Path o = CorpusVerifierTest.corpus().resolve("rejected/obj/rej_unbounded_loop.o");
        Assumptions.assumeTrue(Files.isRegularFile(o), () -> "no object " + o);
        VerifierResult r = CorpusVerifierTest.verify(o, "rej_unbounded_loop", null);
        rejected(r, "unbounded loop");
        VerifierError e = r.errors().stream().filter(x -> x.rule().equals("unbounded loop")).findFirst().orElseThrow();
        assertTrue(e.message().contains("loop at insn " + e.insnIndex()), e.message());
        assertTrue(e.source().isPresent(), "the loop's source line: " + e.format());
        assertEquals("rej_unbounded_loop.c", Path.of(e.source().get().file()).getFileName().toString(), e.format());
        assertTrue(e.format().contains("while (x > 1)") || e.format().contains("x / 2") || e.format().contains("3 * x"), e.format());
    }
}
