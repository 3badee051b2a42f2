package io.ebpf4j.bench;

import io.ebpf4j.object.BpfObject;
import io.ebpf4j.vm.BpfProgram;
import io.ebpf4j.vm.CompilerHints;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.Runtime;
import io.ebpf4j.vm.RuntimeOptions;
import io.ebpf4j.vm.TestRun;
import io.ebpf4j.vm.Vm;
import io.ebpf4j.vm.VmOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The five programs of {@code ../shared/bench} on both engines, in ns per run (compare with the
 * kernel's numbers of the bench README, or with {@code ebpf4j bench}, which measures the kernel in
 * the same run).
 * <ul>
 * <li>{@code testRun}: the {@code .kern.o} XDP build in a {@link Runtime}, one
 *     {@code BPF_PROG_TEST_RUN} per operation (slot, XDP frame, run, data_out): what
 *     {@code bpftool prog run} times in the kernel.</li>
 * <li>{@link Standalone#run}: the {@code .ubpf.o} build (r1 = buffer, r2 = length) on a standalone
 *     {@link Vm}, input in place: the uBPF driver's measurement (the programs that need no loader:
 *     {@code calls} and {@code arith} use relocations only a {@link Runtime} resolves).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {
    @Param({"empty", "parse", "hash1k", "calls", "arith"})
    public String program;

    @Param({"INTERPRETER", "JIT"})
    public String engine;

    private Runtime runtime;
    private BpfProgram kern;
    private TestRun testRun;

    @Setup(Level.Trial)
    public void setUp() {
        CompilerHints.await(); // before HotSpot compiles the measured code
        Engine e = Engine.valueOf(engine);
        byte[] input = BenchPrograms.input(program);
        runtime = Runtime.load(BpfObject.open(BenchPrograms.sharedDir().resolve("bench").resolve(program + ".kern.o")),
                RuntimeOptions.defaults().withCpus(1).withEngine(e));
        kern = runtime.program("prog");
        testRun = TestRun.data(input);
    }

    @Benchmark
    public long testRun() {
        return kern.run(testRun).retval();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.close();
    }

    /** The standalone builds, input in place. */
    @State(Scope.Thread)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    @Fork(1)
    public static class Standalone {
        @Param({"empty", "parse", "hash1k"})
        public String program;

        @Param({"INTERPRETER", "JIT"})
        public String engine;

        private Vm vm;
        private int length;

        @Setup(Level.Trial)
        public void setUp() {
            CompilerHints.await(); // before HotSpot compiles the measured code
            byte[] input = BenchPrograms.input(program);
            length = input.length;
            vm = Vm.load(BenchPrograms.ubpfProgram(program), VmOptions.defaults().withInputCapacity(length),
                    Engine.valueOf(engine));
            long expected = vm.run(input);
            if (vm.runInPlace(length) != expected) throw new IllegalStateException(program + ": runs disagree");
        }

        @Benchmark
        public long run() {
            return vm.runInPlace(length);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            vm.close();
        }
    }
}
