package io.ebpf4j.cli;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.link.LinkOptions;
import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.link.Linker;
import io.ebpf4j.maps.BpfMap;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.progtype.ProgTypes;
import io.ebpf4j.progtype.TestRunException;
import io.ebpf4j.vm.BpfProgram;
import io.ebpf4j.vm.BpfRuntimeException;
import io.ebpf4j.vm.Json;
import io.ebpf4j.vm.MapDump;
import io.ebpf4j.vm.RunResult;
import io.ebpf4j.vm.Runtime;
import io.ebpf4j.vm.RuntimeOptions;
import io.ebpf4j.vm.TestRun;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ebpf4j run}: loads an object into a {@link Runtime} and runs one program as
 * {@code BPF_PROG_TEST_RUN} would ({@code bpftool prog run}), printing the return value,
 * data_out, ctx_out, the maps that changed (all maps with {@code --dump-maps}), the trace output and
 * the time per run. Exit status 0 when the program ran, 1 when it was rejected (a helper its type
 * may not call, an unresolvable reference) or faulted, 2 for usage and load errors (including input
 * the kernel's test run would refuse).
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a program of a BPF object as BPF_PROG_TEST_RUN does (bpftool prog run):",
            "print retval, data_out, changed maps, trace_printk output and ns per run.",
            "Program types: xdp, socket, tc, syscall, raw_tracepoint, and memory (r1 = buffer, r2 = length)."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "OBJ", description = "the BPF ELF object (.o)")
    Path object;

    @Option(names = "--prog", paramLabel = "NAME", description = "the program: its function name or its section name"
            + " (needed when the object has several programs)")
    String prog;

    @Option(names = "--type", paramLabel = "TYPE", description = "the program type where the section does not tell it,"
            + " as bpftool's 'prog load ... type': xdp, socket, tc, syscall, raw_tracepoint, memory")
    String type;

    static final class Data {
        @Option(names = "--data", paramLabel = "FILE", description = "data_in: the packet (or buffer) file")
        Path file;

        @Option(names = "--data-hex", paramLabel = "HEX", description = "data_in as hex bytes")
        String hex;
    }

    @ArgGroup(exclusive = true)
    Data data;

    @Option(names = "--ctx", paramLabel = "FILE", description = "ctx_in: the context (struct __sk_buff, xdp_md, syscall or raw tracepoint arguments)")
    Path ctx;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1", description = "runs in one test run (default ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--cpu", paramLabel = "N", defaultValue = "0", description = "the CPU slot to run on (default ${DEFAULT-VALUE})")
    int cpu;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU slots of the runtime (default: the number of processors)")
    Integer cpus;

    @Option(names = "--json", description = "print one JSON object: retval, data_out (hex), ctx_out, maps, trace, ns_per_run")
    boolean json;

    @Option(names = "--dump-maps", description = "print every map after the run, not only those that changed")
    boolean dumpMaps;

    @Mixin
    TargetBtfOptions target;

    @Option(names = "--warmup", paramLabel = "N", description = "runs of the same input on a scratch copy of the runtime"
            + " before the measured test run, so that ns per run times JIT-compiled code; the measured runtime's maps,"
            + " global data and packet are untouched (default: with --repeat > 1, batches of runs for 1.5 s and then"
            + " until their time per run settles, at most 3 s; 0 turns it off). With --engine jit, a verified program"
            + " that uses no map, global data or helper warms up on the measured runtime itself, whose compiled code"
            + " a scratch copy would leave cold")
    Integer warmup;

    // engine choice (jit branch)
    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "interpreter",
            description = "interpreter or jit (compiled to JVM bytecode; same results) (default ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--no-verify", description = "run without verifying first, in checked mode: every load, store and"
            + " atomic must lie in one region the program may touch (its stack frames, context, packet, map values; no"
            + " writes to read-only maps such as .rodata), else the run stops naming the instruction; an instruction budget"
            + " of 2^28 stops endless loops. Both engines (the JIT compiles the same check before each access)")
    boolean noVerify;

    @Override
    public Integer call() throws Exception {
        if (repeat < 0) throw new Inputs.BadInput("--repeat must not be negative");
        BpfObject obj = BpfObject.open(object);
        String name = programName(obj);
        byte[] dataIn = data == null ? null : data.file != null ? Inputs.readFile(data.file) : Inputs.parseHex("--data-hex", data.hex);
        byte[] ctxIn = ctx == null ? null : Inputs.readFile(ctx);
        if (type != null && ProgTypes.byName(type).isEmpty()) {
            throw new Inputs.BadInput("--type " + type + ": unknown program type; known: "
                    + ProgTypes.all().stream().map(t -> t.name()).toList());
        }
        RuntimeOptions options = RuntimeOptions.defaults().withPrograms(Set.of(name));
        if (cpus != null) options = options.withCpus(cpus);
        if (type != null) options = options.withProgramType(name, type);
        target.checkUsage();
        if (warmup != null && warmup < 0) throw new Inputs.BadInput("--warmup must not be negative");
        LinkOptions link = LinkOptions.defaults();
        if (obj.btf().isPresent() && obj.btfExt().isPresent()) {
            Btf targetBtf = target.resolve(obj.btf().get(), obj.btfExt().get().coreRelos());
            if (targetBtf != null) link = link.withTargetBtf(targetBtf);
        } else if (target.btf != null) {
            link = link.withTargetBtf(target.resolve(null, Map.of()));
        }
        options = options.withLinkOptions(link);
        // linked once: the verifier checks the program the runtimes run
        LinkedProgram linked = Linker.link(obj, name, link);
        // what the verifier could not analyse runs in checked mode, as its warning says
        boolean unverified = noVerify || VerifyCommand.mustRunChecked(spec.commandLine().getErr(), obj, object, type, linked);
        options = options.withEngine(engine(engine));
        if (unverified) {
            // an unverified program runs in checked mode (docs/architecture.md "Checked mode"), in either engine
            options = options.withChecked(true);
        }
        PrintWriter out = spec.commandLine().getOut();
        Runtime rt;
        try {
            rt = Runtime.load(obj, options, List.of(linked));
        } catch (BpfRuntimeException e) {
            // a helper the type may not call, an unknown helper, an unresolvable reference: rejected
            if (e.slot() >= 0) throw new Main.ProgramFault(object + ": " + e.getMessage(), e);
            throw e;
        }
        try (rt) {
            BpfProgram p = rt.program(name);
            // the JIT compiles each runtime's program to its own class: a scratch runtime's warm-up leaves this one's
            // code cold, so a program whose runs cannot change any state is warmed up here, on the measured runtime
            boolean here = options.engine() == io.ebpf4j.vm.Engine.JIT && !unverified && stateless(p);
            long warmupRuns = warmUp(obj, options, linked, dataIn, ctxIn, here ? p : null);
            String warmedOn = warmupRuns == 0 ? null : here ? MEASURED_RUNTIME : SCRATCH_RUNTIME;
            Btf objBtf = obj.btf().orElse(null);
            Map<String, List<Object>> before = dumps(rt, objBtf);
            RunResult r;
            try {
                r = p.run(new TestRun(dataIn, ctxIn, repeat, cpu));
            } catch (TestRunException e) {
                throw new Inputs.BadInput(object + ": program '" + p.name() + "': BPF_PROG_TEST_RUN refuses the input: "
                        + e.getMessage());
            } catch (BpfRuntimeException e) {
                throw new Main.ProgramFault(object + ": " + e.getMessage(), e);
            }
            Map<String, List<Object>> after = dumps(rt, objBtf);
            Map<String, Object> maps = new LinkedHashMap<>();
            for (Map.Entry<String, List<Object>> e : after.entrySet()) {
                if (dumpMaps || !e.getValue().equals(before.get(e.getKey()))) maps.put(e.getKey(), e.getValue());
            }
            if (json) printJson(out, p, r, maps, warmupRuns, warmedOn);
            else printText(out, p, r, maps, warmupRuns, warmedOn);
        }
        return Main.OK;
    }

    /** Where the warm-up ran (the {@code warmup_on} of {@code --json}). */
    static final String MEASURED_RUNTIME = "measured runtime", SCRATCH_RUNTIME = "scratch runtime";

    /** Batches of the warm-up until their time per run settles. */
    private static final int WARMUP_BATCH = 10_000;
    private static final long WARMUP_LIMIT_NS = 3_000_000_000L;
    /** HotSpot's C2 compile of the interpreter loop takes about a second on a busy machine: warm up at least this long. */
    private static final long WARMUP_MIN_NS = 1_500_000_000L;

    /**
     * Runs the program on a scratch runtime loaded from the same object, before the measured test
     * run. The kernel's {@code bpf_test_run} times code that is already native (JIT or its
     * interpreter); a fresh JVM runs the first thousands of runs in its bytecode interpreter while
     * HotSpot compiles {@code Interpreter.execute}, which at a short {@code --repeat} is almost
     * all the time measured. The scratch runtime has its own maps and slots, so the measured run
     * starts from the same state as without warm-up. A warm-up that fails is left at that: the
     * measured run reports the same error. With {@code measured} (a {@link #stateless} program under
     * the JIT), the warm-up runs that program instead: the JIT's class belongs to one runtime, and a
     * scratch runtime's warm-up leaves the measured one's code cold (hash1k, --repeat 100: 254 µs a
     * run after a scratch warm-up, against ~12 µs warm).
     */
    private long warmUp(BpfObject obj, RuntimeOptions options, LinkedProgram linked, byte[] dataIn, byte[] ctxIn, BpfProgram measured) {
        int fixed = warmup == null ? -1 : warmup;
        if (fixed == 0 || (fixed < 0 && repeat <= 1)) return 0;
        long runs = 0;
        try (Runtime scratch = measured != null ? null : Runtime.load(obj, options, List.of(linked))) {
            BpfProgram p = measured != null ? measured : scratch.program(linked.name());
            if (fixed > 0) {
                p.run(new TestRun(dataIn, ctxIn, fixed, cpu));
                return fixed;
            }
            long start = System.nanoTime(), previous = Long.MAX_VALUE;
            while (System.nanoTime() - start < WARMUP_LIMIT_NS) {
                long ns = p.run(new TestRun(dataIn, ctxIn, WARMUP_BATCH, cpu)).durationNs();
                runs += WARMUP_BATCH;
                // settled: past the minimum, and no longer 10% faster than the batch before
                if (System.nanoTime() - start >= WARMUP_MIN_NS && ns >= previous * 9 / 10) break;
                previous = ns;
            }
        } catch (RuntimeException e) {
            // the measured run meets the same fault and reports it
        }
        return runs;
    }

    /**
     * Whether running {@code p} can change nothing a later run sees: it references no map or global data (no
     * {@code ld_imm64} but constants and function pointers) and calls no helper or kfunc, so there is no tail call,
     * random number, clock, trace output or redirect either. With a verified program, which reads no stack byte it
     * has not written in the same run, each run is then a function of its input alone, and a warm-up on the measured
     * runtime leaves the measured test run as it would be without it.
     */
    static boolean stateless(BpfProgram p) {
        for (Insn in : p.linked().program().insns()) {
            int op = in.opcode();
            if (op == Opcodes.LD_IMM64 && in.src() != 0 && in.src() != Opcodes.PSEUDO_FUNC) return false;
            if (op == Opcodes.CALLX) return false;
            if (op == Opcodes.CALL_IMM && in.src() != Opcodes.PSEUDO_CALL) return false;
        }
        return true;
    }

    private String programName(BpfObject obj) {
        return ProgramSelection.programName(obj, object, prog);
    }

    private static Map<String, List<Object>> dumps(Runtime rt, Btf btf) {
        Map<String, List<Object>> m = new LinkedHashMap<>();
        for (BpfMap map : rt.maps()) m.put(map.name(), MapDump.entries(map, btf));
        return m;
    }

    private static void printJson(PrintWriter out, BpfProgram p, RunResult r, Map<String, Object> maps, long warmupRuns,
            String warmedOn) {
        HexFormat hex = HexFormat.of();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("program", p.name());
        o.put("type", p.typeOps().name());
        o.put("retval", new BigInteger(Long.toUnsignedString(r.retval())));
        o.put("data_out", r.dataOut() == null ? null : hex.formatHex(r.dataOut()));
        if (r.ctxOut() != null) o.put("ctx_out", hex.formatHex(r.ctxOut()));
        o.put("maps", maps);
        o.put("trace", r.trace());
        o.put("ns_per_run", BigInteger.valueOf(r.durationNs()));
        o.put("repeat", BigInteger.valueOf(r.repeat()));
        o.put("warmup_runs", BigInteger.valueOf(warmupRuns));
        o.put("warmup_on", warmedOn);
        o.put("cpu", BigInteger.valueOf(r.cpu()));
        o.put("instructions", BigInteger.valueOf(r.instructions()));
        if (!r.redirects().isEmpty()) {
            o.put("redirects", r.redirects().stream().map(d -> (Object) Map.of("helper", d.helper(),
                    "ifindex", BigInteger.valueOf(d.ifindex()), "flags", BigInteger.valueOf(d.flags()))).toList());
        }
        out.println(Json.write(o));
    }

    private static void printText(PrintWriter out, BpfProgram p, RunResult r, Map<String, Object> maps, long warmupRuns,
            String warmedOn) {
        out.printf("program %s (%s), cpu %d%n", p.name(), p.typeOps().name(), r.cpu());
        out.printf("retval: %s (0x%x)%n", Long.toUnsignedString(r.retval()), r.retval());
        if (r.dataOut() != null) {
            out.printf("data_out: %d bytes%n", r.dataOut().length);
            hexdump(out, r.dataOut());
        }
        if (r.ctxOut() != null) {
            out.printf("ctx_out: %d bytes%n", r.ctxOut().length);
            hexdump(out, r.ctxOut());
        }
        for (var d : r.redirects()) out.printf("redirect: %s ifindex %d flags 0x%x%n", d.helper(), d.ifindex(), d.flags());
        if (!r.trace().isEmpty()) {
            out.println("trace:");
            for (String line : r.trace()) out.println("  " + line);
        }
        if (!maps.isEmpty()) {
            out.println("maps:");
            for (Map.Entry<String, Object> e : maps.entrySet()) {
                out.println("  " + e.getKey() + ":");
                for (Object entry : (List<?>) e.getValue()) out.println("    " + Json.write(entry));
            }
        }
        out.printf("ns per run: %d (%d run%s, %d instructions in the last; %s)%n", r.durationNs(), r.repeat(),
                r.repeat() == 1 ? "" : "s", r.instructions(), warmupRuns == 0 ? "no warm-up: cold JVM code"
                : warmupRuns + " warm-up runs before, on the " + warmedOn
                + (warmedOn.equals(SCRATCH_RUNTIME) && p.runtime().options().engine() == io.ebpf4j.vm.Engine.JIT
                        ? "; the JIT's code of this runtime starts cold, as the program uses maps or helpers:"
                                + " a large --repeat amortises that, 'ebpf4j bench' warms it up" : ""));
    }

    private static void hexdump(PrintWriter out, byte[] b) {
        for (int i = 0; i < b.length; i += 16) {
            StringBuilder line = new StringBuilder(String.format("  %04x ", i));
            for (int j = i; j < Math.min(b.length, i + 16); j++) line.append(String.format(" %02x", b[j] & 0xff));
            out.println(line);
        }
    }

    /** Parses an --engine value (also used by bench). */
    static io.ebpf4j.vm.Engine engine(String name) {
        try {
            return io.ebpf4j.vm.Engine.parse(name);
        } catch (IllegalArgumentException e) {
            throw new Inputs.BadInput("--engine " + e.getMessage());
        }
    }
}
