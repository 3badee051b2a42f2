package io.ebpf4j.bench;

import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.link.Linker;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.ProgramSpec;
import io.ebpf4j.progtype.ProgTypes;
import io.ebpf4j.verifier.Verifier;
import io.ebpf4j.verifier.VerifierOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The verifier alone ({@link Verifier#verify(BpfObject, LinkedProgram, io.ebpf4j.object.ProgramType, VerifierOptions)},
 * default options) over every program of one group of objects; an operation verifies each program of
 * the group once, so time per program = score / {@link #programs}, which setup prints. Objects are
 * opened and linked in setup. Groups (paths relative to the repository root: property
 * {@code ebpf4j.repo}, else the working directory): {@code corpus} = corpus/obj, {@code rejected} =
 * corpus/rejected/obj, {@code unsafe} = corpus/unsafe/obj, {@code test} = ebpf4j-core/src/test/resources/**,
 * {@code bench} = {@code ../shared/bench/*.kern.o}. Programs that cannot be linked or whose section
 * names no supported type are left out (setup says how many).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class VerifierBenchmark {
    @Param({"corpus", "rejected", "unsafe", "test", "bench"})
    public String group;

    /** A linked program ready to verify. */
    record Target(BpfObject object, LinkedProgram program, ProgramSpec spec) {}

    private final List<Target> targets = new ArrayList<>();
    /** Programs in the group (the divisor for time per program). */
    public int programs;

    static Path repoDir() {
        return Path.of(System.getProperty("ebpf4j.repo", "."));
    }

    /** The object files of a group, sorted. */
    static List<Path> objects(String group) {
        Path root = repoDir();
        return switch (group) {
            case "corpus" -> list(root.resolve("corpus/obj"), 1, ".o");
            case "rejected" -> list(root.resolve("corpus/rejected/obj"), 1, ".o");
            case "unsafe" -> list(root.resolve("corpus/unsafe/obj"), 1, ".o");
            case "test" -> list(root.resolve("ebpf4j-core/src/test/resources"), Integer.MAX_VALUE, ".o");
            case "bench" -> list(BenchPrograms.sharedDir().resolve("bench"), 1, ".kern.o");
            default -> throw new IllegalArgumentException("unknown group " + group);
        };
    }

    private static List<Path> list(Path dir, int depth, String suffix) {
        if (!Files.isDirectory(dir)) throw new IllegalStateException(dir.toAbsolutePath() + ": not found (set -Debpf4j.repo / -Debpf4j.shared)");
        try (Stream<Path> s = Files.walk(dir, depth)) {
            return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Setup
    public void setUp() {
        int skipped = 0;
        for (Path file : objects(group)) {
            BpfObject obj;
            try {
                obj = BpfObject.open(file);
            } catch (RuntimeException e) {
                skipped++;
                continue;
            }
            for (ProgramSpec spec : obj.programs()) {
                if (ProgTypes.of(spec.type()).isEmpty()) {
                    skipped++;
                    continue;
                }
                try {
                    targets.add(new Target(obj, Linker.link(obj, spec.name()), spec));
                } catch (RuntimeException e) {
                    skipped++;
                }
            }
        }
        programs = targets.size();
        System.out.printf("%n[VerifierBenchmark] group %s: %d programs (%d left out)%n", group, programs, skipped);
    }

    /**
     * Issue #6 memoization: corpus/obj/calls_100_sites.o (one function called from 100 sites with the
     * same argument) against calls_1_site.o (the same program with one site) and calls_100_distinct.o
     * (100 sites, a different argument at each: no analysis can be reused), linked in setup. The ratio
     * time(calls_100_sites)/time(calls_1_site) says how close to one call the 100 verify (each site
     * still costs its own instructions in the caller).
     */
    @State(Scope.Thread)
    public static class CallSites {
        @Param({"calls_1_site", "calls_100_sites", "calls_100_distinct"})
        public String program;
        Target target;

        @Setup
        public void setUp() {
            BpfObject obj = BpfObject.open(repoDir().resolve("corpus/obj/" + program + ".o"));
            ProgramSpec spec = obj.program(program).orElseThrow();
            target = new Target(obj, Linker.link(obj, program), spec);
            var r = Verifier.verify(obj, target.program(), spec.type(), VerifierOptions.defaults());
            System.out.printf("%n[VerifierBenchmark] %s: accepted %s, %d instructions processed, %d function analyses, %d memo hits%n",
                    program, r.accepted(), r.stats().insnsProcessed(), r.stats().functionAnalyses(), r.stats().memoHits());
        }
    }

    /** Static: the class's {@code group} does not matter to it (run with {@code -p group=bench}, the smallest group). */
    @Benchmark
    public static boolean callSites(CallSites c) {
        Target t = c.target;
        return Verifier.verify(t.object(), t.program(), t.spec().type(), VerifierOptions.defaults()).accepted();
    }

    @Benchmark
    public int verifyGroup() {
        int accepted = 0;
        for (Target t : targets) {
            if (Verifier.verify(t.object(), t.program(), t.spec().type(), VerifierOptions.defaults()).accepted()) accepted++;
        }
        return accepted;
    }
}
