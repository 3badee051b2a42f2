package io.ebpf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.vm.Json;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ebpf4j bench} and {@code ebpf4j run --engine}. */
class BenchCommandTest {

    @Test
    @SuppressWarnings("unchecked")
    void benchPrintsBothEnginesAndNullKernelWithoutTheKernel() throws Exception {
        Path bench = RunCommandTest.shared().resolve("bench");
        RunCommandTest.Result r = benchParse();
        Map<String, Object> j = (Map<String, Object>) Json.parse(r.out());
        // parse.c on pkt64.bin: the kernel's BPF_PROG_TEST_RUN retval (bench-kernel.json)
        assertEquals(BigInteger.valueOf(956322114), j.get("retval"));
        assertTrue(num(j.get("interpreter_ns")) > 0, r.out());
        assertTrue(num(j.get("jit_ns")) > 0, r.out());
        assertTrue(j.containsKey("kernel_ns"), r.out());
        assertNull(j.get("kernel_ns"), r.out());
        assertTrue(j.containsKey("jit_over_kernel"), r.out());
        assertNull(j.get("jit_over_kernel"), r.out());
        // compile time: per program and per 1,000 instructions of it
        double ms = num(j.get("jit_compile_ms"));
        long insns = ((BigInteger) j.get("jit_program_insns")).longValue();
        assertTrue(ms > 0, r.out());
        assertEquals(io.ebpf4j.object.BpfObject.open(bench.resolve("parse.kern.o")).program("prog").orElseThrow().instructions().size(),
                insns, r.out());
        assertEquals(ms * 1000 / insns * 1000, num(j.get("jit_compile_us_per_1k_insns")), ms * 1000 / insns * 1000 * 0.01 + 1, r.out());
        assertEquals(Boolean.FALSE, j.get("checked"), r.out());
        // parse's loads through one pointer in one block share a bounds check where they are three or more: the IPv4
        // header's ten 16-bit words (the context's two fields, the EtherType's two bytes and the TCP ports are pairs,
        // too few for a group); it has no maps
        assertEquals(BigInteger.ONE, j.get("jit_access_groups"), r.out());
        assertEquals(BigInteger.valueOf(10), j.get("jit_grouped_accesses"), r.out());
        assertEquals(BigInteger.ZERO, j.get("jit_inlined_lookups"), r.out());
        assertEquals(BigInteger.ZERO, j.get("jit_direct_map_calls"), r.out());
        assertEquals(BigInteger.ZERO, j.get("jit_inlined_loops"), r.out());
        // the measured code was compiled with HotSpot holding the inlining directive (CompilerHints)
        // (whether HotSpot took it is CompilerHintsTest's; here: bench waited for the outcome and reports it)
        assertEquals(io.ebpf4j.vm.CompilerHints.status(), j.get("compiler_hints"), r.out());
        assertTrue(!"pending".equals(j.get("compiler_hints")) && !"not requested".equals(j.get("compiler_hints")), r.out());
        // each engine warmed up at least --warmup-ms (100), HotSpot's compiles may make it longer
        Map<String, Object> warm = (Map<String, Object>) j.get("warmup_ms");
        for (String engine : new String[] {"interpreter", "jit"}) assertTrue(num(warm.get(engine)) >= 100, r.out());
    }

    /** The warm-up's end: not before --warmup-ms; then once HotSpot has compiled nothing for a quarter second, or at 4×. */
    @Test
    void theWarmUpEndsOnceHotSpotIsQuietOrAtFourTimesTheMinimum() {
        long ms = 1_000_000L, min = 1000 * ms;
        assertFalse(BenchCommand.warmedUp(0, 999 * ms, min, 0), "before the minimum, quiet");
        assertTrue(BenchCommand.warmedUp(0, 1000 * ms, min, 0), "at the minimum, quiet since the start");
        assertFalse(BenchCommand.warmedUp(0, 1000 * ms, min, 900 * ms), "a compile 100 ms ago");
        assertTrue(BenchCommand.warmedUp(0, 1200 * ms, min, 950 * ms), "quiet for 250 ms");
        assertFalse(BenchCommand.warmedUp(0, 3999 * ms, min, 3900 * ms), "still compiling, below 4x");
        assertTrue(BenchCommand.warmedUp(0, 4000 * ms, min, 3999 * ms), "still compiling, at 4x");
        assertTrue(BenchCommand.warmedUp(5, 5, 0, 5), "--warmup-ms 0: one batch");
    }

    /**
     * Where the kernel can run the program, each of its rounds follows one of the JIT's, and jit_over_kernel is the
     * median of the per-round ratios (so that a slow phase of the machine weighs on both sides). The kernel's retval
     * is the engines'. Skips, saying why, where the kernel-oracle or bpf() is not available.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theKernelRoundsAlternateWithTheJitsAndTheRatioIsTheirMedian() throws Exception {
        Path bench = RunCommandTest.shared().resolve("bench");
        Path oracle = RunCommandTest.shared().resolve("tools/kernel-oracle");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(oracle), "no kernel-oracle at " + oracle);
        RunCommandTest.Result r = RunCommandTest.run("bench", bench.resolve("parse.kern.o").toString(), "--data",
                bench.resolve("pkt64.bin").toString(), "--kernel-oracle", oracle.toString(), "--warmup-ms", "200", "--rounds", "3",
                "--repeat", "100000", "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> j = (Map<String, Object>) Json.parse(r.out());
        org.junit.jupiter.api.Assumptions.assumeTrue(j.get("kernel_ns") != null, "the kernel did not run it: " + j.get("kernel_note"));
        assertEquals(j.get("retval"), j.get("kernel_retval"), r.out());
        List<Object> rounds = (List<Object>) j.get("jit_over_kernel_rounds");
        assertEquals(3, rounds.size(), r.out());
        double[] ratios = rounds.stream().mapToDouble(BenchCommandTest::num).sorted().toArray();
        assertEquals(ratios[1], num(j.get("jit_over_kernel")), 0.0015, r.out());
        assertTrue(num(j.get("jit_ns")) > 0 && ratios[0] > 0, r.out());
        assertTrue(j.get("kernel_note").toString().contains("each kernel round right after one of the JIT's"), r.out());
    }

    /**
     * The text output gives the compile time per program and per 1,000 instructions, and says when the program is so
     * small that the figure per 1,000 is mostly the fixed cost of defining a class (parse has fewer than 1,000).
     */
    @Test
    void benchTextSaysWhenCompileTimeIsMostlyFixedCost() throws Exception {
        Path bench = RunCommandTest.shared().resolve("bench");
        int insns = io.ebpf4j.object.BpfObject.open(bench.resolve("parse.kern.o")).program("prog").orElseThrow().instructions().size();
        assertTrue(insns < BenchCommand.SMALL_PROGRAM, "parse has " + insns + " instructions");
        RunCommandTest.Result r = RunCommandTest.run("bench", bench.resolve("parse.kern.o").toString(), "--data",
                bench.resolve("pkt64.bin").toString(), "--no-kernel", "--warmup-ms", "100", "--rounds", "1", "--repeat", "1000");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().matches("(?s).*compiled in [0-9.]+ ms \\(" + insns + " instructions: [0-9.]+ µs per 1,000, mostly the fixed"
                + " cost of a class\\).*"), r.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void benchTimesCheckedModeInBothEngines() throws Exception {
        RunCommandTest.Result r = benchParse("--checked");
        Map<String, Object> j = (Map<String, Object>) Json.parse(r.out());
        assertEquals(Boolean.TRUE, j.get("checked"), r.out());
        assertEquals(BigInteger.valueOf(956322114), j.get("retval"));
        assertTrue(num(j.get("jit_ns")) > 0 && num(j.get("interpreter_ns")) > 0, r.out());
    }

    /**
     * {@code bench} verifies the program first, as {@code run} does: the engines run unchecked only what the verifier
     * accepted (the JIT relies on it to keep stack slots in locals). A rejected program is refused with the
     * verifier's error (status 1) unless {@code --checked}, which times it in checked mode, where its out-of-packet
     * read faults at the instruction the kernel rejects.
     */
    @Test
    void benchVerifiesFirstUnlessChecked(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path c = RunCommandTest.corpus();
        Path packet = java.nio.file.Files.write(dir.resolve("pkt20.bin"), new byte[20]);
        String[] base = {"bench", c.resolve("rejected/obj/rej_pkt_oob.o").toString(), "--data", packet.toString(),
                "--no-kernel", "--warmup-ms", "10", "--rounds", "1", "--repeat", "10"};
        RunCommandTest.Result r = RunCommandTest.run(base);
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("rejected by the verifier") && r.err().contains("insn 6"), r.err());
        RunCommandTest.Result checked = RunCommandTest.run(RunCommandTest.concat(base, "--checked"));
        assertEquals(1, checked.status(), checked.out() + checked.err()); // a program fault, as 'run' reports it
        assertTrue(checked.err().contains("insn 6 (") && checked.err().contains("checked mode: 1-byte read"), checked.err());
    }

    @Test
    void runGivesTheSameResultOnBothEngines() {
        Path bench = RunCommandTest.shared().resolve("bench");
        String[] base = {"run", bench.resolve("parse.kern.o").toString(), "--data", bench.resolve("pkt64.bin").toString()};
        RunCommandTest.Result in = RunCommandTest.run(RunCommandTest.concat(base, "--engine", "interpreter"));
        RunCommandTest.Result jit = RunCommandTest.run(RunCommandTest.concat(base, "--engine", "jit"));
        assertEquals(0, jit.status(), jit.err());
        assertTrue(jit.out().contains("retval: 956322114 (0x39005142)"), jit.out());
        assertEquals(in.out().replaceAll("ns per run: \\d+", ""), jit.out().replaceAll("ns per run: \\d+", ""));
    }

    @Test
    void unknownEngineIsAUsageError() {
        Path bench = RunCommandTest.shared().resolve("bench");
        RunCommandTest.Result r = RunCommandTest.run("run", bench.resolve("empty.kern.o").toString(), "--data",
                bench.resolve("pkt64.bin").toString(), "--engine", "turbo");
        assertEquals(2, r.status(), r.out());
        assertTrue(r.err().contains("unknown engine 'turbo'"), r.err());
    }

    /** {@code ebpf4j bench} of parse.kern.o on pkt64.bin, short and without the kernel, {@code --json} plus {@code extra}; exit status 0. */
    private static RunCommandTest.Result benchParse(String... extra) {
        Path bench = RunCommandTest.shared().resolve("bench");
        String[] base = {"bench", bench.resolve("parse.kern.o").toString(), "--data", bench.resolve("pkt64.bin").toString(),
                "--no-kernel", "--warmup-ms", "100", "--rounds", "1", "--repeat", "1000", "--json"};
        RunCommandTest.Result r = RunCommandTest.run(RunCommandTest.concat(base, extra));
        assertEquals(0, r.status(), r.err());
        return r;
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.parseDouble(o.toString());
    }

}
