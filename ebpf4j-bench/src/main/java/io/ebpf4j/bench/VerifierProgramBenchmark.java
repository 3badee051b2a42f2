package io.ebpf4j.bench;

import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.link.Linker;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.ProgramSpec;
import io.ebpf4j.verifier.Verifier;
import io.ebpf4j.verifier.VerifierOptions;
import io.ebpf4j.verifier.VerifierResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * The verifier on one program per operation: the loop-heavy programs that were the slowest while
 * loops were unrolled ({@code calls} and {@code hash1k} of {@code ../shared/bench}, the corpus'
 * {@code bounded_loop}, {@code may_goto_loop}, {@code bpf2bpf_calls}) and the rejected endless loop
 * ({@code rej_unbounded_loop}, whose loop widening cannot bound and unrolling then tries). Param
 * {@code program} = {@code group/file.o:name} with the groups of {@link VerifierBenchmark}; setup
 * prints the instructions processed and the loop figures of one verification.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VerifierProgramBenchmark {
    @Param({"bench/calls.kern.o:prog", "bench/hash1k.kern.o:prog", "corpus/bounded_loop.o:bounded_loop",
            "corpus/may_goto_loop.o:may_goto_loop", "corpus/bpf2bpf_calls.o:bpf2bpf_calls",
            "rejected/rej_unbounded_loop.o:rej_unbounded_loop"})
    public String program;

    private BpfObject object;
    private LinkedProgram linked;
    private ProgramSpec spec;

    @Setup
    public void setUp() {
        int colon = program.lastIndexOf(':');
        String file = program.substring(0, colon), name = program.substring(colon + 1);
        String group = file.substring(0, file.indexOf('/'));
        Path dir = VerifierBenchmark.objects(group).get(0).getParent();
        object = BpfObject.open(dir.resolve(file.substring(group.length() + 1)));
        spec = object.program(name).orElseThrow(() -> new IllegalStateException("no program " + name + " in " + file));
        linked = Linker.link(object, name);
        VerifierResult r = verify();
        System.out.printf("%n[VerifierProgramBenchmark] %s: %s, %d insns processed, %d widenings, %d loops unrolled, %d iterations unrolled%n",
                program, r.accepted() ? "verified" : "rejected", r.stats().insnsProcessed(), r.stats().loopsWidened(),
                r.stats().loopsUnrolled(), r.stats().loopIterationsUnrolled());
    }

    @Benchmark
    public VerifierResult verify() {
        return Verifier.verify(object, linked, spec.type(), VerifierOptions.defaults());
    }
}
