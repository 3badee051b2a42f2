package io.ebpf4j.bench;

import io.ebpf4j.isa.Program;
import io.ebpf4j.jit.JitInfo;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.vm.CompilerHints;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.Runtime;
import io.ebpf4j.vm.RuntimeOptions;
import io.ebpf4j.vm.Vm;
import io.ebpf4j.vm.VmOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The JIT's compile time (issue #7: "compile time is measured and reported for a 1M-instruction program", "per
 * program and per 1,000 instructions") and whether a very large program runs JIT-fast:
 * <ol>
 * <li>the five {@code ../shared/bench} programs ({@code .kern.o}, loaded in a {@link Runtime} with the JIT): compile
 *     time of the first load in this JVM (cold: it also loads the class-file API) and the median of the next loads,
 *     in ms per program and µs per 1,000 instructions ({@link JitInfo#compileNanos}: generating, defining and
 *     instantiating the hidden class);</li>
 * <li>a generated program ({@link LargeProgram}, 1,000,000 instructions by default): the same compile figures, then
 *     CPU time per run on the interpreter and on the JIT after a warm-up (HotSpot compiles the chunk methods while
 *     it runs), as ns per executed instruction and their ratio; unchecked, and with {@code --checked} too.</li>
 * </ol>
 * Run: {@code java -XX:CompileCommand=quiet '-XX:CompileCommand=CompileThresholdScaling,io.ebpf4j.jit.Bpf_*::chunk_*,0.05'
 * -XX:ReservedCodeCacheSize=1g -XX:-UseCodeCacheFlushing
 * -cp ebpf4j-bench/target/ebpf4j-benchmarks.jar io.ebpf4j.bench.JitCompileReport [SIZE] [WARMUP_S] [--checked]
 * [--large-only] [--jit-only] [--unverified]} (the option is {@link JitInfo#CHUNK_COMPILE_COMMAND}, which the {@code ./ebpf4j}
 * launcher passes; the report says whether it is on)
 * (system property {@code ebpf4j.shared} for the shared folder). Times are CPU time of the running thread, so a
 * loaded machine inflates them less than wall-clock time; the load average is printed with them.
 */
public final class JitCompileReport {
    private JitCompileReport() {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String[] BENCH = {"empty", "parse", "hash1k", "calls", "arith"};

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** {@code --large-only}: skip the bench programs; {@code --jit-only}: time only the JIT on the large program. */
    private static boolean largeOnly, jitOnly;
    /** {@code --unverified}: run the large program without verifying it, so the JIT keeps every frame in the arena. */
    private static boolean unverified;

    /** The seed of the generated program ({@link LargeProgram}). */
    static final long SEED = 20261207;

    public static void main(String[] args) throws Exception {
        System.out.println("-- compiler hints: " + CompilerHints.await());
        int size = 1_000_000;
        double warmupSeconds = 20;
        boolean checked = false;
        int positional = 0;
        for (String a : args) {
            if (a.equals("--checked")) checked = true;
            else if (a.equals("--large-only")) largeOnly = true;
            else if (a.equals("--jit-only")) jitOnly = true;
            else if (a.equals("--unverified")) unverified = true;
            else if (positional++ == 0) size = Integer.parseInt(a);
            else warmupSeconds = Double.parseDouble(a);
        }
        java.util.List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
        boolean chunkOption = jvmOptions.contains(JitInfo.CHUNK_COMPILE_COMMAND);
        System.out.println("chunk compile option (" + JitInfo.CHUNK_COMPILE_COMMAND + "): " + (chunkOption ? "on"
                : "OFF — HotSpot's default thresholds; large programs take minutes to reach C2 (pass -XX:CompileCommand=quiet and the option)"));
        System.out.println("code cache options " + JitInfo.CODE_CACHE_OPTIONS + ": "
                + (jvmOptions.containsAll(JitInfo.CODE_CACHE_OPTIONS) ? "on"
                : "OFF — HotSpot unloads a 1M-instruction program's compiled code as cold under the default code cache's pressure"));
        System.out.printf(Locale.ROOT, "load average at start: %.2f (%d CPUs)%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), java.lang.Runtime.getRuntime().availableProcessors());
        System.out.println("-- compile time of the bench programs (JIT at Runtime.load; first load in this JVM, then median of 5)");
        System.out.printf("%-8s %7s %10s %10s %14s %8s %10s %6s%n", "program", "insns", "first ms", "median ms", "µs/1k insns", "methods", "class B",
                "kept");
        for (String name : largeOnly ? new String[0] : BENCH) {
            BpfObject obj = BpfObject.open(BenchPrograms.sharedDir().resolve("bench").resolve(name + ".kern.o"));
            double[] ms = new double[6];
            JitInfo info = null;
            for (int i = 0; i < ms.length; i++) {
                try (Runtime rt = Runtime.load(obj, RuntimeOptions.defaults().withCpus(1).withEngine(Engine.JIT))) {
                    info = JitInfo.of(rt.program("prog")).orElseThrow();
                    ms[i] = info.compileNanos() / 1e6;
                }
            }
            double median = median(Arrays.copyOfRange(ms, 1, ms.length));
            System.out.printf(Locale.ROOT, "%-8s %7d %10.2f %10.2f %14.1f %8d %10d %6d%n", name, info.instructions(), ms[0], median,
                    median * 1000 / info.instructions() * 1000, info.methods(), info.classBytes(), info.keptFrameSlots());
        }
        large(size, warmupSeconds, false);
        if (checked) large(size, warmupSeconds, true);
    }

    private static void large(int size, double warmupSeconds, boolean checked) {
        Program program = LargeProgram.generate(SEED, size);
        String mode = checked ? " in checked mode" : "";
        System.out.printf(Locale.ROOT, "-- generated program of %,d instructions%s (LargeProgram seed %d)%n", size, mode, SEED);
        // unchecked runs carry the promise of VmOptions.verified(), so the program must pass the verifier first
        boolean verified = false;
        if (!checked && !unverified) {
            long c0 = cpu();
            var result = io.ebpf4j.verifier.Verifier.verify(program, io.ebpf4j.verifier.VerifierEnv.of(io.ebpf4j.verifier.EntryState.kernelDefault()),
                    io.ebpf4j.verifier.VerifierOptions.defaults());
            verified = result.accepted();
            System.out.printf(Locale.ROOT, "verifier: %s in %,.0f ms CPU (%,d instructions processed)%s%n", verified ? "accepted" : "REJECTED",
                    (cpu() - c0) / 1e6, result.stats().insnsProcessed(),
                    verified ? "" : " — at insn " + result.errors().getFirst().insnIndex() + ": " + result.errors().getFirst().message() + "; the JIT keeps no frame slot in locals");
        }
        VmOptions options = VmOptions.defaults().withChecked(checked).withVerified(verified);
        try (Vm interp = Vm.load(program, options, Engine.INTERPRETER)) {
            long c0 = cpu();
            Vm jit = Vm.load(program, options, Engine.JIT);
            long loadCpu = cpu() - c0;
            try (jit) {
                large(program, interp, jit, loadCpu, warmupSeconds);
            }
        }
    }

    private static void large(Program program, Vm interp, Vm jit, long loadCpu, double warmupSeconds) {
        {
            JitInfo info = JitInfo.of(jit).orElseThrow();
            System.out.printf(Locale.ROOT, "compile: %,.0f ms elapsed (%.1f µs per 1,000 instructions; class file generated in %,.0f ms);"
                            + " Vm.load with the JIT: %,.0f ms CPU time of this thread (%.1f µs per 1,000 instructions);"
                            + " class %,d bytes, %,d methods, largest method %,d bytes (HotSpot limit %,d); %,d frame slots kept in locals%n",
                    info.compileNanos() / 1e6, info.compileNanos() / 1e3 / info.instructions() * 1000, info.generateNanos() / 1e6,
                    loadCpu / 1e6, loadCpu / 1e3 / info.instructions() * 1000,
                    info.classBytes(), info.methods(), info.largestMethod(), JitInfo.HUGE_METHOD_LIMIT, info.keptFrameSlots());
            byte[] input = new byte[64];
            long c0;
            c0 = cpu();
            long r0i = interp.run(input);
            long firstInterp = cpu() - c0;
            long executed = interp.instructionCount();
            c0 = cpu();
            long r0j = jit.run(input);
            long firstJit = cpu() - c0;
            if (r0i != r0j || executed != jit.instructionCount()) {
                throw new IllegalStateException(String.format("the engines disagree: interpreter r0 %d (%d insns), JIT r0 %d (%d insns)",
                        r0i, executed, r0j, jit.instructionCount()));
            }
            System.out.printf(Locale.ROOT, "first run: r0 = %d in both engines, %,d instructions executed; interpreter %,d µs, JIT %,d µs (cold)%n",
                    r0i, executed, firstInterp / 1000, firstJit / 1000);
            double ni = jitOnly ? Double.NaN : time(interp, input, warmupSeconds, r0i, "interpreter", executed);
            double nj = time(jit, input, warmupSeconds, r0i, "JIT", executed);
            System.out.printf(Locale.ROOT, "after %.0f s warm-up each, CPU time per run: interpreter %,.0f µs (%.2f ns/insn), JIT %,.0f µs"
                            + " (%.2f ns/insn): JIT/interpreter %.3f%n", warmupSeconds, ni / 1000, ni / executed, nj / 1000, nj / executed, nj / ni);
        }
    }

    /**
     * Median CPU ns per run over 5 rounds, after running for {@code warmupSeconds}. During the warm-up it prints, every
     * 10 s, the CPU ns per executed instruction of the runs of those 10 s ({@code name}), so the report shows how long
     * HotSpot takes to compile a large program.
     */
    private static double time(Vm vm, byte[] input, double warmupSeconds, long expected, String name, long executed) {
        long start = System.nanoTime();
        long deadline = start + (long) (warmupSeconds * 1e9);
        int n = 0;
        long windowEnd = start + 10_000_000_000L, windowCpu = cpu();
        int windowRuns = 0;
        StringBuilder progress = new StringBuilder();
        while (System.nanoTime() < deadline || n < 3) {
            if (vm.run(input) != expected) throw new IllegalStateException("r0 changed during warm-up");
            n++;
            windowRuns++;
            if (System.nanoTime() >= windowEnd) {
                long c = cpu();
                progress.append(String.format(Locale.ROOT, " %.0fs:%.2f", (System.nanoTime() - start) / 1e9,
                        (c - windowCpu) / (double) windowRuns / executed));
                windowCpu = c;
                windowRuns = 0;
                windowEnd += 10_000_000_000L;
            }
        }
        if (!progress.isEmpty()) System.out.println("  " + name + " warm-up, ns/insn per 10 s window (time:ns):" + progress);
        int perRound = Math.max(3, n / 10);
        double[] ns = new double[5];
        for (int i = 0; i < ns.length; i++) {
            long c0 = cpu();
            for (int k = 0; k < perRound; k++) vm.run(input);
            ns[i] = (cpu() - c0) / (double) perRound;
        }
        return median(ns);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
