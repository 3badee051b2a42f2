package io.ebpf4j.cli;

import io.ebpf4j.jit.JitInfo;
import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.link.Linker;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.ProgramSpec;
import io.ebpf4j.vm.BpfProgram;
import io.ebpf4j.vm.CompilerHints;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.Json;
import io.ebpf4j.vm.RunResult;
import io.ebpf4j.vm.Runtime;
import io.ebpf4j.vm.RuntimeOptions;
import io.ebpf4j.vm.TestRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ebpf4j bench}: ns per run of one program on the interpreter and on the JIT (each warmed
 * up, then the median of several rounds of back-to-back test runs), and, where the kernel lets us
 * load programs, the kernel's own {@code BPF_PROG_TEST_RUN} time measured in the same command
 * through {@code kernel-oracle --repeat N --json} ({@code bpftool prog run ... repeat N}, "duration").
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time a program on the interpreter, the JIT and (where bpf() is permitted) the kernel:",
            "ns per run of BPF_PROG_TEST_RUN-style runs, and the ratio JIT/kernel measured in the same run."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "OBJ", description = "the BPF ELF object (.o)")
    Path object;

    @Option(names = "--prog", paramLabel = "NAME", description = "the program: function or section name (needed when the object has several)")
    String prog;

    @Option(names = "--data", paramLabel = "FILE", description = "data_in: the packet (or buffer)")
    Path data;

    @Option(names = "--ctx", paramLabel = "FILE", description = "ctx_in")
    Path ctx;

    @Option(names = "--type", paramLabel = "TYPE", description = "the program type where the section does not tell it")
    String type;

    @Option(names = "--repeat", paramLabel = "N", description = "runs per round (default: enough for about 0.2 s per round)")
    Integer repeat;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5", description = "rounds; the median counts (default ${DEFAULT-VALUE})")
    int rounds;

    // 4 s: C1 gives up on the interpreter's dispatch method (too many virtual registers), so until C2 has compiled
    // it the interpreter runs in the JVM's own bytecode interpreter; on a busy 2-core machine that took more than 1.5 s
    // in about 60% of runs (parse: ~400 instead of ~270 ns per run)
    @Option(names = "--warmup-ms", paramLabel = "MS", defaultValue = "4000", description = "warm-up time per engine (default ${DEFAULT-VALUE});"
            + " it goes on while HotSpot is still compiling, up to 4 times as long")
    long warmupMs;

    @Option(names = "--kernel-oracle", paramLabel = "PATH",
            description = "the kernel-oracle tool (default: ../shared/tools/kernel-oracle when present)")
    Path oracle;

    @Option(names = "--no-kernel", description = "do not run the program in the kernel")
    boolean noKernel;

    @Option(names = "--json", description = "print one JSON object: interpreter_ns, jit_ns, kernel_ns (null when unavailable), jit_over_kernel,"
            + " jit_compile_ms, jit_compile_us_per_1k_insns, ...")
    boolean json;

    /** {@link CompilerHints#await()}: whether HotSpot took the inlining directive before the timed runs. */
    private String hints = "not requested";

    @Option(names = "--checked", description = "time both engines in checked mode (as 'run --no-verify': every access checked"
            + " against its region, an instruction budget); the kernel's figure is of the verified program. Without it the"
            + " program is verified first, as 'run' does")
    boolean checked;

    /**
     * One engine's figures: CPU time of the running thread per run, and wall-clock time per run.
     * The kernel's test run stops its timer whenever it gives up the CPU (net/bpf/test_run.c,
     * bpf_test_timer_continue: leave, cond_resched, enter), so time spent waiting for a CPU on a
     * busy machine is not in its figure; thread CPU time is the comparable measure on our side.
     */
    record Timing(double nsPerRun, double wallNsPerRun, long repeat, long retval, long instructions, JitInfo jit,
                  long warmupMs) {}

    /**
     * The warm-up lasts {@code --warmup-ms}, then goes on while HotSpot is still compiling: until it has compiled
     * nothing for {@link #QUIET_NS}, at most {@link #WARMUP_CAP}× {@code --warmup-ms} in all. Pinned to one vCPU, the
     * compiler threads share it with the warm-up, and C2's compile of the interpreter's dispatch method could still be
     * running when a fixed 4 s were over.
     */
    static final long QUIET_NS = 250_000_000L;
    static final int WARMUP_CAP = 4;

    /** Whether a warm-up that started at {@code start} may end at {@code now}, HotSpot's last compile seen at {@code compiledAt}. */
    static boolean warmedUp(long start, long now, long minNs, long compiledAt) {
        if (now - start < minNs) return false;
        return now - compiledAt >= QUIET_NS || now - start >= WARMUP_CAP * minNs;
    }

    private static final java.lang.management.CompilationMXBean COMPILER = java.lang.management.ManagementFactory.getCompilationMXBean();

    /** HotSpot's accumulated compile time in ms, or -1 where the JVM does not report it. */
    private static long compileMs() {
        return COMPILER != null && COMPILER.isCompilationTimeMonitoringSupported() ? COMPILER.getTotalCompilationTime() : -1;
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private static long cpuNow() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    @Override
    public Integer call() throws Exception {
        if (repeat != null && repeat < 1) throw new Inputs.BadInput("--repeat must be at least 1");
        if (rounds < 1) throw new Inputs.BadInput("--rounds must be at least 1");
        BpfObject obj = BpfObject.open(object);
        String name = programName(obj);
        byte[] dataIn = data == null ? null : Inputs.readFile(data);
        byte[] ctxIn = ctx == null ? null : Inputs.readFile(ctx);
        // linked once, for the verifier and both engines' runtimes
        LinkedProgram linked = Linker.link(obj, name, io.ebpf4j.link.LinkOptions.defaults());
        // as 'run' does: the engines run unchecked only what the verifier accepted
        if (!checked) checked = VerifyCommand.mustRunChecked(spec.commandLine().getErr(), obj, object, type, linked);
        Timing interpreter, jit;
        KernelTiming k = null;
        String kernelNote;
        long kernelRepeat;
        try {
            try (Session in = session(obj, linked, Engine.INTERPRETER, dataIn, ctxIn)) {
                interpreter = in.timing;
            }
            try (Session js = session(obj, linked, Engine.JIT, dataIn, ctxIn)) {
                jit = js.timing;
                if (interpreter.retval() != jit.retval()) {
                    throw new Main.ProgramFault(String.format("%s: the engines disagree: interpreter retval %d, JIT retval %d",
                            object, interpreter.retval(), jit.retval()), null);
                }
                kernelRepeat = repeat != null ? repeat : Math.max(1, Math.min(10_000_000, (long) (5e8 / Math.max(1, jit.nsPerRun()))));
                Path tool = oracle != null ? oracle : Path.of("..", "shared", "tools", "kernel-oracle");
                if (noKernel) {
                    kernelNote = "not run (--no-kernel)";
                } else if (!Files.isExecutable(tool)) {
                    kernelNote = "no kernel-oracle at " + tool.toAbsolutePath().normalize() + " (--kernel-oracle PATH)";
                } else {
                    // each kernel round follows a JIT round of this session: the ratio is the median of the per-round
                    // ratios, so that a phase in which the machine runs slower weighs on both sides alike
                    k = kernelTiming(tool, name, kernelRepeat, js::round);
                    kernelNote = k.why() != null ? k.why() : k.how();
                    if (k.why() != null) k = null;
                }
            }
        } catch (io.ebpf4j.vm.BpfRuntimeException e) {
            // the program faulted (checked mode) or names an instruction it cannot load: status 1, as 'run' gives
            if (e.slot() >= 0) throw new Main.ProgramFault(object + ": " + e.getMessage(), e);
            throw e;
        }
        print(name, interpreter, jit, k, kernelRepeat, kernelNote);
        return 0;
    }

    static Engine engine(String name) {
        return RunCommand.engine(name);
    }

    /**
     * A loaded program of one engine, warmed up and timed ({@link #timing}); it stays loaded, so that further rounds
     * ({@link #round}) can alternate with the kernel's.
     */
    private final class Session implements AutoCloseable {
        final Runtime rt;
        final BpfProgram p;
        final byte[] dataIn, ctxIn;
        long perRound;
        Timing timing;
        /** Of the last {@link #round}: its result and its elapsed ns per run. */
        RunResult last;
        double lastWallNs;

        Session(Runtime rt, BpfProgram p, byte[] dataIn, byte[] ctxIn) {
            this.rt = rt;
            this.p = p;
            this.dataIn = dataIn;
            this.ctxIn = ctxIn;
        }

        /** One round: CPU ns per run of {@link #perRound} runs (and {@link #last}, {@link #lastWallNs}). */
        double round() {
            long c0 = cpuNow();
            long t0 = System.nanoTime();
            last = p.run(new TestRun(dataIn, ctxIn, (int) perRound, 0));
            lastWallNs = (System.nanoTime() - t0) / (double) perRound;
            return (cpuNow() - c0) / (double) perRound;
        }

        @Override
        public void close() {
            rt.close();
        }
    }

    private Session session(BpfObject obj, LinkedProgram linked, Engine engine, byte[] dataIn, byte[] ctxIn) {
        String name = linked.name();
        RuntimeOptions options = RuntimeOptions.defaults().withCpus(1).withPrograms(Set.of(name)).withEngine(engine)
                .withChecked(checked);
        if (type != null) options = options.withProgramType(name, type);
        Runtime rt = Runtime.load(obj, options, List.of(linked));
        // HotSpot takes the directive before it compiles anything of this program (CompilerHints)
        hints = CompilerHints.await();
        Session session = new Session(rt, rt.program(name), dataIn, ctxIn);
        try {
            BpfProgram p = session.p;
            // warm-up: doubling batches until the time is spent and HotSpot has settled (warmedUp)
            long start = System.nanoTime(), minNs = TimeUnit.MILLISECONDS.toNanos(warmupMs);
            long compiled = compileMs(), compiledAt = start;
            long n = 1, now;
            double per;
            do {
                long t0 = System.nanoTime();
                p.run(new TestRun(dataIn, ctxIn, (int) n, 0));
                now = System.nanoTime();
                per = (now - t0) / (double) n;
                // batches of at most ~QUIET_NS, so that the warm-up ends close to when warmedUp says it may
                if (n < 1 << 24 && 2 * n * per <= QUIET_NS) n *= 2;
                long c = compileMs();
                if (c != compiled) {
                    compiled = c;
                    compiledAt = now;
                }
            } while (!warmedUp(start, now, minNs, compiledAt));
            long warmedMs = TimeUnit.NANOSECONDS.toMillis(now - start);
            long perRound = repeat != null ? repeat : Math.max(1, Math.min(50_000_000, (long) (2e8 / Math.max(1, per))));
            session.perRound = perRound;
            double[] ns = new double[rounds], wall = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                ns[i] = session.round();
                wall[i] = session.lastWallNs;
            }
            RunResult r = session.last;
            JitInfo info = engine == Engine.JIT ? JitInfo.of(p).orElse(null) : null;
            session.timing = new Timing(median(ns), median(wall), perRound, r.retval(), r.instructions(), info, warmedMs);
            return session;
        } catch (RuntimeException | Error e) {
            rt.close();
            throw e;
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * The kernel's figure: ns per run (median of its rounds) and retval with how they were taken, or why there is
     * none; with {@code ours}, also our ns per run in the rounds just before each kernel round (median) and each
     * round's ratio of ours to the kernel's.
     */
    record KernelTiming(Double ns, Long retval, String how, String why, Double ours, double[] ratios) {
        KernelTiming(Double ns, Long retval, String how, String why) {
            this(ns, retval, how, why, null, null);
        }

        /** The median of the per-round ratios, or null. */
        Double ratio() {
            return ratios == null ? null : median(ratios);
        }
    }

    /**
     * The kernel's time per run. kernel-oracle loads the program (and gives its verdict and retval);
     * it switches the kernel's run-time statistics on for its own test run (BPF_ENABLE_STATS), which
     * puts two clock reads around every run (~40 ns: 48 ns for {@code empty} against 4-5 ns with
     * statistics off). So where bpftool is present the program stays pinned ({@code --keep}) and the
     * rounds are plain {@code bpftool prog run pinned P ... repeat N} with statistics off, as the
     * figures in ../shared/bench/README.md were taken; kernel-oracle's own timing is the fallback.
     */
    private KernelTiming kernelTiming(Path tool, String name, long n, java.util.function.DoubleSupplier ours)
            throws IOException, InterruptedException {
        Path bpftool = findBpftool();
        if (bpftool != null) {
            Object[] first = kernel(tool, name, 1, true);
            if (first[0] instanceof String s) return new KernelTiming(null, null, null, s);
            Path pinDir = (Path) first[2];
            try {
                Path pin = pinnedProgram(pinDir, name);
                if (pin == null) return new KernelTiming(null, null, null, "kernel-oracle pinned no program under " + pinDir);
                return kernelRounds(() -> bpftoolRun(bpftool, pin, n),
                        "BPF_PROG_TEST_RUN via " + bpftool + " prog run (run-time statistics off; whole ns), loaded by " + tool
                                + ", repeat " + n + ", median of " + rounds, ours);
            } finally {
                deleteTree(pinDir);
            }
        }
        return kernelRounds(() -> kernel(tool, name, n, false),
                "BPF_PROG_TEST_RUN via " + tool + " (no bpftool on PATH: kernel-oracle's timing, with the kernel's run-time"
                        + " statistics on, which add ~40 ns per run), repeat " + n + ", median of " + rounds, ours);
    }

    /** One kernel measurement: {ns per run (Double), retval (Long)} or {reason (String)}. */
    private interface KernelRound {
        Object[] measure() throws IOException, InterruptedException;
    }

    /** {@code rounds} measurements, their median and the last retval, or the first reason there is none. */
    private KernelTiming kernelRounds(KernelRound round, String how, java.util.function.DoubleSupplier ours)
            throws IOException, InterruptedException {
        double[] ns = new double[rounds], mine = new double[rounds], ratios = new double[rounds];
        Long retval = null;
        for (int i = 0; i < rounds; i++) {
            mine[i] = ours.getAsDouble();
            Object[] r = round.measure();
            if (r[0] instanceof String s) return new KernelTiming(null, null, null, s);
            ns[i] = (Double) r[0];
            ratios[i] = mine[i] / ns[i];
            retval = (Long) r[1];
        }
        return new KernelTiming(median(ns), retval, how + "; each kernel round right after one of the JIT's", null,
                median(mine), ratios);
    }

    private static Path findBpftool() {
        String env = System.getenv("BPFTOOL");
        if (env != null && Files.isExecutable(Path.of(env))) return Path.of(env);
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(path == null ? List.of() : Arrays.asList(path.split(java.io.File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, "bpftool");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    private static Path pinnedProgram(Path pinDir, String name) throws IOException {
        Path progs = pinDir.resolve("progs");
        if (Files.isRegularFile(progs.resolve(name))) return progs.resolve(name);
        if (!Files.isDirectory(progs)) return null;
        try (var list = Files.list(progs)) {
            List<Path> all = list.toList();
            return all.size() == 1 ? all.get(0) : null;
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a pinned program left behind under /sys/fs/bpf is not an error of the measurement
        }
    }

    /** One {@code bpftool -j prog run pinned PIN data_in F repeat N}: {ns per run, retval} or {reason}. */
    private Object[] bpftoolRun(Path bpftool, Path pin, long n) throws IOException, InterruptedException {
        Path tmp = Files.createTempDirectory("ebpf4j-bench");
        try {
            List<String> cmd = new ArrayList<>(List.of(bpftool.toString(), "-j", "prog", "run", "pinned", pin.toString()));
            Path in = data;
            if (in == null && ctx == null) {
                in = tmp.resolve("empty");
                Files.write(in, new byte[0]);
            }
            if (in != null) cmd.addAll(List.of("data_in", in.toString(), "data_out", tmp.resolve("dout").toString()));
            if (ctx != null) cmd.addAll(List.of("ctx_in", ctx.toString()));
            cmd.addAll(List.of("repeat", Long.toString(n)));
            Object parsed = runForJson("bpftool prog run", new ProcessBuilder(cmd).redirectErrorStream(true));
            if (parsed instanceof String why) return new Object[] {why};
            if (!(parsed instanceof Map<?, ?> m) || !(m.get("duration") instanceof Number d) || !(m.get("retval") instanceof Number rv)) {
                return new Object[] {"bpftool prog run gave no duration: " + parsed};
            }
            return new Object[] {d.doubleValue(), rv.longValue()};
        } finally {
            deleteTree(tmp);
        }
    }

    /** Runs a tool (at most 300 s) and parses what it prints as JSON; a String says why there is nothing. */
    private static Object runForJson(String what, ProcessBuilder pb) throws IOException, InterruptedException {
        Process proc = pb.start();
        byte[] out;
        try (InputStream in = proc.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!proc.waitFor(300, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            return what + " did not finish in 300 s";
        }
        String text = new String(out, StandardCharsets.UTF_8).strip();
        try {
            Object j = Json.parse(text);
            return j instanceof String ? what + " printed a JSON string: " + j : j;
        } catch (RuntimeException e) {
            return what + " (exit " + proc.exitValue() + ") printed no JSON: " + (text.length() > 400 ? text.substring(text.length() - 400) : text);
        }
    }

    /** One kernel measurement: {ns per run (Double), retval (Long)}, or {reason (String)}; with {@code keep}, the pinned directory third. */
    @SuppressWarnings("unchecked")
    private Object[] kernel(Path tool, String name, long n, boolean keep) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tool.toString(), object.toString(), name, "--repeat", Long.toString(n),
                "--json", "--no-maps"));
        if (keep) cmd.add("--keep");
        if (data != null) cmd.addAll(List.of("--data", data.toString()));
        if (ctx != null) cmd.addAll(List.of("--ctx", ctx.toString()));
        if (type != null) cmd.addAll(List.of("--type", type));
        Object parsed = runForJson("kernel-oracle", new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD));
        if (parsed instanceof String why) return new Object[] {why};
        if (!(parsed instanceof Map<?, ?>)) return new Object[] {"kernel-oracle printed no JSON object: " + parsed};
        Map<String, Object> j = (Map<String, Object>) parsed;
        Path pinned = j.get("pinned_dir") instanceof String pd ? Path.of(pd) : null;
        if (!Boolean.TRUE.equals(j.get("accepted"))) {
            deleteTree(pinned);
            return new Object[] {"the kernel did not load the program: " + j.get("error")};
        }
        Object run = j.get("run");
        if (!(run instanceof Map<?, ?> m) || !(m.get("duration_ns_avg") instanceof Number d)) {
            deleteTree(pinned);
            return new Object[] {"the kernel did not run the program: " + run};
        }
        Object rv = m.get("retval");
        long retval = rv instanceof BigInteger b ? b.longValue() : rv instanceof Number x ? x.longValue() : -1;
        // bpftool prints the average in whole ns; run_time_ns / run_cnt (BPF_ENABLE_STATS) is finer where present
        double ns = d.doubleValue();
        if (m.get("run_time_ns") instanceof Number t && m.get("run_cnt") instanceof Number c && c.longValue() > 0) {
            ns = t.doubleValue() / c.doubleValue();
        }
        return new Object[] {ns, retval, pinned};
    }

    private void print(String name, Timing in, Timing jit, KernelTiming k, long kernelRepeat, String note) {
        PrintWriter out = spec.commandLine().getOut();
        Double kernelNs = k == null ? null : k.ns();
        Long kernelRetval = k == null ? null : k.retval();
        // with the kernel: our figure of the rounds paired with the kernel's, and the median of the per-round ratios
        double jitNs = k == null ? jit.nsPerRun() : k.ours();
        Double jitOverKernel = k == null ? null : round(k.ratio());
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("object", object.toString());
            m.put("program", name);
            m.put("retval", jit.retval());
            m.put("instructions_per_run", jit.instructions());
            m.put("interpreter_ns", round(in.nsPerRun()));
            m.put("jit_ns", round(jitNs));
            m.put("kernel_ns", kernelNs == null ? null : round(kernelNs));
            m.put("interpreter_wall_ns", round(in.wallNsPerRun()));
            m.put("jit_wall_ns", round(jit.wallNsPerRun()));
            m.put("time", "interpreter_ns and jit_ns: CPU time of the running thread per run (the kernel's test run"
                    + " stops its timer while it is off the CPU); *_wall_ns: elapsed time; with the kernel, jit_ns is the"
                    + " median of the JIT rounds each followed by a kernel round, and jit_over_kernel the median of"
                    + " those rounds' ratios (jit_over_kernel_rounds)");
            m.put("jit_over_kernel", jitOverKernel);
            m.put("jit_over_kernel_rounds", k == null ? null : Arrays.stream(k.ratios()).map(BenchCommand::round).boxed().toList());
            m.put("interpreter_over_kernel", kernelNs == null ? null : round(in.nsPerRun() / kernelNs));
            m.put("kernel_retval", kernelRetval);
            m.put("repeat", Map.of("interpreter", in.repeat(), "jit", jit.repeat(), "kernel", kernelRepeat));
            m.put("rounds", rounds);
            m.put("warmup_ms", Map.of("interpreter", in.warmupMs(), "jit", jit.warmupMs()));
            m.put("checked", checked);
            if (jit.jit() != null) {
                // compile time at load: generating, defining and instantiating the hidden class (JitInfo.compileNanos)
                m.put("jit_compile_ms", round(jit.jit().compileNanos() / 1e6));
                m.put("jit_compile_us_per_1k_insns", round(perThousand(jit.jit())));
                m.put("jit_program_insns", jit.jit().instructions());
                m.put("jit_methods", jit.jit().methods());
                m.put("jit_class_bytes", jit.jit().classBytes());
                // what the JIT made of the program's memory accesses, map calls and bpf_loop calls (JitInfo; docs/architecture.md, "JIT")
                m.put("jit_kept_frame_slots", jit.jit().keptFrameSlots());
                m.put("jit_access_groups", jit.jit().accessGroups());
                m.put("jit_grouped_accesses", jit.jit().groupedAccesses());
                m.put("jit_inlined_lookups", jit.jit().inlinedLookups());
                m.put("jit_constant_key_lookups", jit.jit().constantKeys());
                m.put("jit_direct_map_calls", jit.jit().directMapCalls());
                m.put("jit_inlined_loops", jit.jit().inlinedLoops());
            }
            m.put("compiler_hints", hints);
            m.put("kernel_note", note);
            out.println(Json.write(m));
        } else {
            out.printf(Locale.ROOT, "program %s of %s: retval %d, %,d instructions per run%n", name, object, jit.retval(),
                    jit.instructions());
            out.printf(Locale.ROOT, "interpreter: %,14.1f ns/run CPU, %,.1f elapsed  (%,d runs per round, median of %d)%n",
                    in.nsPerRun(), in.wallNsPerRun(), in.repeat(), rounds);
            out.printf(Locale.ROOT, "jit:         %,14.1f ns/run CPU, %,.1f elapsed  (%,d runs per round, median of %d%s)%s%n",
                    jitNs, jit.wallNsPerRun(), jit.repeat(), rounds, k == null ? "" : ", each followed by a kernel round",
                    jit.jit() == null ? ""
                            : String.format(Locale.ROOT, "; compiled in %.1f ms (%,d instructions: %.1f µs per 1,000%s)",
                                    jit.jit().compileNanos() / 1e6, jit.jit().instructions(), perThousand(jit.jit()),
                                    jit.jit().instructions() < SMALL_PROGRAM ? ", mostly the fixed cost of a class" : ""));
            out.printf(Locale.ROOT, "warm-up:     interpreter %,d ms, jit %,d ms (--warmup-ms, then on while HotSpot compiles)%n",
                    in.warmupMs(), jit.warmupMs());
            if (checked) out.println("(both engines in checked mode: every access checked against its region)");
            if (!"installed".equals(hints)) out.println("compiler hints: " + hints + " (CompilerHints; figures may be slower)");
            if (kernelNs != null) {
                out.printf(Locale.ROOT, "kernel:      %,14.1f ns/run  (%s)%n", kernelNs, note);
                out.printf(Locale.ROOT, "jit/kernel:  %.3f (median of the rounds' ratios)   interpreter/kernel: %.3f%n",
                        k.ratio(), in.nsPerRun() / kernelNs);
                if (kernelRetval != null && kernelRetval != jit.retval()) {
                    out.printf("warning: the kernel returned %d%n", kernelRetval);
                }
            } else {
                out.println("kernel:      n/a (" + note + ")");
            }
        }
        out.flush();
    }

    /**
     * Below this many instructions the compile time is mostly what every program costs (a hidden class defined, linked
     * and verified by the JVM, about half a millisecond here), so its figure per 1,000 instructions says little about
     * the size: the text output says so.
     */
    static final int SMALL_PROGRAM = 1000;

    /** Compile time in µs per 1,000 instructions of the program. */
    private static double perThousand(JitInfo info) {
        return info.compileNanos() / 1e3 / Math.max(1, info.instructions()) * 1000;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private String programName(BpfObject obj) {
        List<ProgramSpec> programs = obj.programs();
        if (prog != null) {
            if (obj.program(prog).isPresent()) return prog;
            List<ProgramSpec> inSection = programs.stream().filter(p -> p.sectionName().equals(prog)).toList();
            if (inSection.size() == 1) return inSection.get(0).name();
            throw new Inputs.BadInput(object + ": no program '" + prog + "' (or several in that section); programs: "
                    + programs.stream().map(ProgramSpec::name).toList());
        }
        if (programs.size() == 1) return programs.get(0).name();
        throw new Inputs.BadInput(object + ": name the program with --prog; programs: " + programs.stream().map(ProgramSpec::name).toList());
    }
}
