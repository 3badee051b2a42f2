package io.ebpf4j.cli;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.helpers.HelperRegistry;
import io.ebpf4j.link.LinkOptions;
import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.link.Linker;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.ProgramSpec;
import io.ebpf4j.progtype.ProgTypeOps;
import io.ebpf4j.verifier.Dot;
import io.ebpf4j.verifier.ErrorPath;
import io.ebpf4j.verifier.Verifier;
import io.ebpf4j.verifier.VerifierError;
import io.ebpf4j.verifier.VerifierOptions;
import io.ebpf4j.verifier.VerifierResult;
import io.ebpf4j.vm.Json;
import java.io.PrintWriter;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ebpf4j verify}: runs the verifier on the programs of an object and prints the verdict, each
 * error (instruction, disassembly, source line, rule, registers) and, at log levels 1 and 2, the
 * abstract state at each branch or each instruction. Exit status 0 when every program is verified,
 * 1 when one is rejected, 2 for usage and load errors. With several objects (a sweep) a load, link or
 * type error of one object or program is printed and counted, and the sweep goes on; {@code --stats}
 * ends it with a summary (counts, time, programs per second, median/p90 and slowest program).
 * Each error is followed by its path (the shortest way to it: branch decisions, calls, callers, like a
 * stack trace); {@code --dot FILE} writes the CFG with the states at block entry for Graphviz.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Verify the programs of a BPF object as the kernel's verifier would: every memory access,",
            "helper call, loop and exit proven safe for the program type. Exit 0 verified, 1 rejected, 2 usage/load error.",
            "Several objects: each is verified in turn; an object or program that cannot be loaded, linked or typed is",
            "reported and counted as an error, and the others still run. Exit 2 if any such error, else 1 if any program",
            "was rejected, else 0. --prog, --json and --dot take one object only.",
            "",
            "Under each error, the shortest path to it, innermost function first:",
            "  at f (x.c:88) when r1 > 4 (insn 7, x.c:86)",
            "  <- called from main (x.c:140) when not (r2 == 0) (insn 3, x.c:131)",
            "--dot FILE writes the control-flow graph for Graphviz. Render it with:",
            "  dot -Tsvg FILE -o cfg.svg"})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "OBJ", arity = "1..*", description = "the BPF ELF object(s) (.o)")
    List<Path> objects;

    @Option(names = "--stats", description = "after the per-program lines, print a summary: objects, programs, verified,"
            + " rejected, errors, total time, programs per second, median and p90 verification time, slowest program;"
            + " per program with calls, the called functions analysed and the calls answered from the memo")
    boolean stats;

    @Option(names = "--prog", paramLabel = "NAME", description = "the program: its function or section name (default: every program)")
    String prog;

    @Option(names = "--type", paramLabel = "TYPE", description = "the program type where the section does not tell it:"
            + " xdp, socket, tc, syscall, raw_tracepoint, memory")
    String type;

    @Option(names = "--log-level", paramLabel = "N", defaultValue = "0",
            description = "0: verdict and errors; 1: plus the state at each branch; 2: plus the state at every instruction")
    int logLevel;

    @Option(names = "--json", description = "print one JSON object with every program's verdict, errors and figures")
    boolean json;

    @Option(names = "--btf", paramLabel = "FILE", description = "target BTF for CO-RE relocations (e.g. /sys/kernel/btf/vmlinux)")
    Path btf;

    @Option(names = "--dot", paramLabel = "FILE", description = "write the control-flow graph as Graphviz DOT: each function a"
            + " cluster, each basic block a node with its instructions and the abstract state at its entry, true/false edges of"
            + " conditional jumps, dashed edges to called functions, error blocks in red. Render: dot -Tsvg FILE -o cfg.svg."
            + " With several programs (no --prog) one file per program: FILE's name with .PROG before its extension"
            + " (cfg.dot -> cfg.xdp_main.dot)")
    Path dot;

    @Override
    public Integer call() throws Exception {
        if (logLevel < 0 || logLevel > 2) throw new Inputs.BadInput("--log-level must be 0, 1 or 2");
        if (dot != null && (objects.size() > 1 || stats)) throw new Inputs.BadInput("--dot takes one object (without --stats)");
        if (objects.size() > 1 || stats) return sweep();
        Path object = objects.get(0);
        BpfObject obj = BpfObject.open(object);
        ProgTypeOps override = ProgramSelection.typeOption(type);
        List<String> names = new ArrayList<>();
        if (prog != null) names.add(ProgramSelection.programName(obj, object, prog));
        else obj.programs().forEach(p -> names.add(p.name()));
        if (names.isEmpty()) throw new Inputs.BadInput(object + ": the object has no programs");
        LinkOptions link = btf == null ? LinkOptions.defaults() : LinkOptions.defaults().withTargetBtf(Btf.read(btf));
        PrintWriter out = spec.commandLine().getOut();
        boolean allOk = true;
        List<Object> reports = new ArrayList<>();
        for (String name : names) {
            ProgramSpec ps = obj.program(name).orElseThrow();
            ProgTypeOps ops = ProgramSelection.typeOf(ps, override, object);
            VerifierResult r = verify(obj, name, ops, link, logLevel, dot != null);
            allOk &= r.accepted();
            if (dot != null) writeDot(dotFile(dot, name, names.size()), name, r);
            if (json) reports.add(report(name, ops, r));
            else print(out, name, ops, r);
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("object", object.toString());
            o.put("verified", allOk);
            o.put("programs", reports);
            out.println(Json.write(o));
        }
        return allOk ? Main.OK : Main.PROGRAM_ERROR;
    }

    /**
     * Several objects, or {@code --stats}: verifies every program of every object, printing the usual
     * per-program lines; a load/link/type error is printed to stderr and counted instead of ending the run.
     */
    private int sweep() {
        if (json) throw new Inputs.BadInput("--json takes one object (without --stats)");
        if (prog != null && objects.size() > 1) throw new Inputs.BadInput("--prog takes one object");
        ProgTypeOps override = ProgramSelection.typeOption(type);
        LinkOptions link = btf == null ? LinkOptions.defaults() : LinkOptions.defaults().withTargetBtf(Btf.read(btf));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Sweep s = new Sweep();
        long start = System.nanoTime();
        for (Path object : objects) {
            s.objects++;
            BpfObject obj;
            List<String> names = new ArrayList<>();
            try {
                obj = BpfObject.open(object);
                if (prog != null) names.add(ProgramSelection.programName(obj, object, prog));
                else obj.programs().forEach(p -> names.add(p.name()));
            } catch (RuntimeException e) {
                s.errors++;
                String m = message(e);
                err.println(m.startsWith(object.toString()) ? m : object + ": " + m);
                continue;
            }
            if (names.isEmpty()) {
                s.errors++;
                err.println(object + ": error: the object has no programs");
                continue;
            }
            if (objects.size() > 1) out.println(object + ":");
            for (String name : names) {
                s.programs++;
                try {
                    ProgTypeOps ops = ProgramSelection.typeOf(obj.program(name).orElseThrow(), override, object);
                    VerifierResult r = verify(obj, name, ops, link, logLevel);
                    print(out, name, ops, r);
                    if (stats && r.stats().functionAnalyses() + r.stats().memoHits() > 0) out.println("  " + calls(r));
                    if (stats) printLoops(out, r);
                    s.add(object + ":" + name, r);
                } catch (RuntimeException e) {
                    // a program that cannot be linked or typed, or a verifier failure: counted, the sweep goes on
                    s.errors++;
                    err.println(object + ": program '" + name + "': error: " + message(e));
                }
            }
        }
        long wall = System.nanoTime() - start;
        if (stats) s.print(out, wall);
        return s.errors > 0 ? Main.USAGE_ERROR : s.rejected > 0 ? Main.PROGRAM_ERROR : Main.OK;
    }

    private static String message(RuntimeException e) {
        return e instanceof io.ebpf4j.Ebpf4jException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** With --stats: the loops that did not converge by widening alone and were run iteration by iteration. */
    private static void printLoops(PrintWriter out, VerifierResult r) {
        var st = r.stats();
        if (st.loopsUnrolled() == 0 && st.loopIterationsUnrolled() == 0) return;
        out.printf("  loops unrolled: %d (head insn%s %s), %d iterations run one by one%n", st.loopsUnrolled(),
                st.unrolledLoopHeads().size() == 1 ? "" : "s", st.unrolledLoopHeads(), st.loopIterationsUnrolled());
    }

    /** The figures of a sweep; per-program times are the verifier's own ({@code stats().nanos()}), not link or load. */
    static final class Sweep {
        int objects, programs, verified, rejected, errors, functionAnalyses, memoHits;
        int unrolledPrograms, unrolledLoops;
        long unrolledIterations;
        final List<Long> nanos = new ArrayList<>();
        String slowest;
        long slowestNanos = -1;

        void add(String program, VerifierResult r) {
            if (r.accepted()) verified++;
            else rejected++;
            long n = r.stats().nanos();
            nanos.add(n);
            functionAnalyses += r.stats().functionAnalyses();
            memoHits += r.stats().memoHits();
            if (r.stats().loopsUnrolled() > 0 || r.stats().loopIterationsUnrolled() > 0) unrolledPrograms++;
            unrolledLoops += r.stats().loopsUnrolled();
            unrolledIterations += r.stats().loopIterationsUnrolled();
            if (n > slowestNanos) {
                slowestNanos = n;
                slowest = program;
            }
        }

        /** The {@code q}-quantile (nearest rank) of the verification times, in ms. */
        static double quantileMs(List<Long> sorted, double q) {
            int rank = (int) Math.ceil(q * sorted.size());
            return sorted.get(Math.max(0, rank - 1)) / 1e6;
        }

        void print(PrintWriter out, long wallNanos) {
            List<Long> sorted = nanos.stream().sorted().toList();
            long verifyNanos = nanos.stream().mapToLong(Long::longValue).sum();
            out.printf("summary: %d object%s, %d program%s: %d verified, %d rejected, %d error%s%n", objects, objects == 1 ? "" : "s",
                    programs, programs == 1 ? "" : "s", verified, rejected, errors, errors == 1 ? "" : "s");
            out.printf("time: %.1f ms in all (load, link, verify), %.1f ms verifying; %.1f programs/s%n", wallNanos / 1e6,
                    verifyNanos / 1e6, sorted.isEmpty() ? 0.0 : sorted.size() / (wallNanos / 1e9));
            if (!sorted.isEmpty()) {
                out.printf("per program (verifier): median %.2f ms, p90 %.2f ms; slowest %s %.1f ms%n",
                        quantileMs(sorted, 0.5), quantileMs(sorted, 0.9), slowest, slowestNanos / 1e6);
            }
            out.printf("calls: %d function analyses, %d memo hits%n", functionAnalyses, memoHits);
            out.printf("loops: %d program%s needed unrolling (%d loop%s unrolled in the final analysis, %d iterations run one by one);"
                    + " every other loop converged by widening%n", unrolledPrograms, unrolledPrograms == 1 ? "" : "s",
                    unrolledLoops, unrolledLoops == 1 ? "" : "s", unrolledIterations);
        }
    }

    /** Links {@code name} and verifies it as a program of type {@code ops}. */
    static VerifierResult verify(BpfObject obj, String name, ProgTypeOps ops, LinkOptions link, int logLevel) {
        return verify(obj, name, ops, link, logLevel, false);
    }

    /** As above; {@code graph}: keep the CFG with the states at block entry (for --dot). */
    static VerifierResult verify(BpfObject obj, String name, ProgTypeOps ops, LinkOptions link, int logLevel, boolean graph) {
        VerifierOptions o = VerifierOptions.defaults().withLogLevel(logLevel).withKeepBlockStates(graph);
        return verify(obj, Linker.link(obj, name, link), ops, o);
    }

    /** Verifies {@code linked}, a program of {@code obj}, with the standard helpers and the object's BTF. */
    static VerifierResult verify(BpfObject obj, LinkedProgram linked, ProgTypeOps ops, VerifierOptions o) {
        return Verifier.verify(linked, ops, o, HelperRegistry.standard(), obj.btf().orElse(null));
    }

    /** {@code dot} itself for one program; for several, {@code dot} with {@code .NAME} before its extension. */
    static Path dotFile(Path dot, String program, int programs) {
        if (programs <= 1) return dot;
        String file = dot.getFileName().toString();
        int ext = file.lastIndexOf('.');
        String safe = program.replaceAll("[^A-Za-z0-9_.-]", "_");
        String named = ext > 0 ? file.substring(0, ext) + "." + safe + file.substring(ext) : file + "." + safe;
        return dot.resolveSibling(named);
    }

    private void writeDot(Path file, String name, VerifierResult r) {
        try {
            Files.writeString(file, Dot.render(name, r), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Inputs.BadInput("cannot write " + file + ": " + e.getMessage());
        }
        spec.commandLine().getErr().println("wrote " + file + " (render: dot -Tsvg " + file + " -o cfg.svg)");
    }

    private static void print(PrintWriter out, String name, ProgTypeOps ops, VerifierResult r) {
        double ms = r.stats().nanos() / 1e6;
        if (!r.log().isEmpty()) out.print(r.log());
        if (r.accepted()) {
            out.printf("%s (%s): verified (%d instructions processed, %.1f ms)%n", name, ops.name(), r.stats().insnsProcessed(), ms);
        } else {
            out.printf("%s (%s): rejected, %d error%s%n", name, ops.name(), r.errors().size(), r.errors().size() == 1 ? "" : "s");
            for (VerifierError e : r.errors()) {
                out.println("  " + e.format());
                for (String line : e.path().lines()) out.println("      " + line);
            }
        }
        for (String w : r.warnings()) out.println("  warning: " + w);
    }

    /** The memo figures of one verification (issue #6): callee analyses run and calls that reused one. */
    static String calls(VerifierResult r) {
        return "calls: " + r.stats().functionAnalyses() + " function analyses, " + r.stats().memoHits()
                + " memo hits (calls whose callee analysis was reused for an equal entry state)";
    }

    private static Map<String, Object> report(String name, ProgTypeOps ops, VerifierResult r) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("program", name);
        p.put("type", ops.name());
        p.put("verified", r.accepted());
        List<Object> errors = new ArrayList<>();
        for (VerifierError e : r.errors()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("insn", BigInteger.valueOf(e.insnIndex()));
            m.put("text", e.insnText());
            e.source().ifPresent(s -> {
                Map<String, Object> src = new LinkedHashMap<>();
                src.put("file", s.file());
                src.put("line", BigInteger.valueOf(s.line()));
                src.put("text", s.lineText());
                m.put("source", src);
            });
            m.put("rule", e.rule());
            m.put("message", e.message());
            m.put("registers", new LinkedHashMap<String, Object>(e.registers()));
            m.put("path", path(e.path()));
            errors.add(m);
        }
        p.put("errors", errors);
        p.put("warnings", new ArrayList<Object>(r.warnings()));
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("insns_processed", BigInteger.valueOf(r.stats().insnsProcessed()));
        st.put("states_joined", BigInteger.valueOf(r.stats().statesJoined()));
        st.put("loops_widened", BigInteger.valueOf(r.stats().loopsWidened()));
        st.put("function_analyses", BigInteger.valueOf(r.stats().functionAnalyses()));
        st.put("memo_hits", BigInteger.valueOf(r.stats().memoHits()));
        st.put("loops_unrolled", BigInteger.valueOf(r.stats().loopsUnrolled()));
        st.put("loop_iterations_unrolled", BigInteger.valueOf(r.stats().loopIterationsUnrolled()));
        st.put("ns", BigInteger.valueOf(r.stats().nanos()));
        p.put("stats", st);
        if (!r.log().isEmpty()) p.put("log", r.log());
        return p;
    }

    /** The path of an error for --json: frames innermost first, each with its decisions and returned calls. */
    private static List<Object> path(ErrorPath p) {
        List<Object> frames = new ArrayList<>();
        List<String> lines = p.lines();
        for (int k = 0; k < p.frames().size(); k++) {
            ErrorPath.Frame f = p.frames().get(k);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("function", f.function());
            m.put("insn", BigInteger.valueOf(f.insnIndex()));
            f.source().ifPresent(s -> {
                m.put("file", s.file());
                m.put("line", BigInteger.valueOf(s.line()));
            });
            if (!f.entry().isEmpty()) m.put("entry", f.entry());
            List<Object> steps = new ArrayList<>();
            for (ErrorPath.Step st : f.steps()) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("insn", BigInteger.valueOf(st.insnIndex()));
                st.source().ifPresent(s -> {
                    sm.put("file", s.file());
                    sm.put("line", BigInteger.valueOf(s.line()));
                });
                sm.put("kind", st.kind().name().toLowerCase(java.util.Locale.ROOT));
                sm.put("text", st.text());
                steps.add(sm);
            }
            m.put("steps", steps);
            m.put("text", lines.get(k));
            frames.add(m);
        }
        return frames;
    }

    /**
     * {@link #verifyBeforeRun} for {@code run} and {@code bench}, with the program's type from {@code --type} (or
     * its section): true when it must run in checked mode, the verifier having been unable to analyse it (the
     * warning is printed on {@code err}); a program fault when it is rejected. Unchecked engines rely on the
     * verifier's verdict (the JIT keeps stack slots in locals, docs/architecture.md "Frame slots in locals").
     */
    static boolean mustRunChecked(PrintWriter err, BpfObject obj, Path object, String type, LinkedProgram linked) {
        ProgTypeOps ops = ProgramSelection.typeOf(linked.entry(), ProgramSelection.typeOption(type), object);
        String warning = verifyBeforeRun(obj, object, linked, ops);
        if (warning == null) return false;
        err.println("warning: " + warning);
        return true;
    }

    /**
     * What {@code run} does before running (unless {@code --no-verify}): throws a program fault naming
     * the first error when the program is rejected; returns a warning to print when the verifier
     * cannot analyse the program (an error with the rule "unsupported"), which then runs in checked mode.
     */
    static String verifyBeforeRun(BpfObject obj, Path object, LinkedProgram linked, ProgTypeOps ops) {
        String name = linked.name();
        VerifierResult r = verify(obj, linked, ops, VerifierOptions.defaults());
        if (r.accepted()) return null;
        boolean unsupportedOnly = r.errors().stream().allMatch(e -> e.rule().equals("unsupported"));
        VerifierError first = r.errors().get(0);
        if (unsupportedOnly) {
            return "program '" + name + "' not verified, running it in checked mode: " + first.format();
        }
        StringBuilder b = new StringBuilder(object + ": program '" + name + "': insn " + first.format());
        for (String line : first.path().lines()) b.append("\n    ").append(line);
        b.append("\n  rejected by the verifier (" + r.errors().size() + " error" + (r.errors().size() == 1 ? "" : "s")
                + "; 'ebpf4j verify' explains, --no-verify runs it in checked mode)");
        throw new Main.ProgramFault(b.toString(), null);
    }
}
