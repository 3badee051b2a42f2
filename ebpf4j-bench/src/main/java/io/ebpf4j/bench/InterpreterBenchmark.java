package io.ebpf4j.bench;

import io.ebpf4j.object.BpfObject;
import io.ebpf4j.vm.BpfProgram;
import io.ebpf4j.vm.CompilerHints;
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
 * The interpreter on the programs of {@code ../shared/bench}, in ns per run.
 * <ul>
 * <li>{@code run}: the {@code .ubpf.o} builds (entry {@code prog}, r1 = buffer, r2 = length) on a
 *     standalone {@link Vm}. The input is written into the VM's input region once; each run
 *     passes it in place, as the uBPF driver passes its buffer to {@code ubpf_exec}.</li>
 * <li>{@code testRun}: the {@code .kern.o} XDP builds in a {@link Runtime}, one
 *     {@code BPF_PROG_TEST_RUN} per operation (CPU slot, XDP frame set up from the packet, run,
 *     data_out copied back): comparable with the kernel's {@code bpftool prog run} numbers of the
 *     bench README, which include the test-run harness too.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InterpreterBenchmark {
    @Param({"empty", "parse", "hash1k"})
    public String program;

    private Vm vm;
    private int length;
    private Runtime runtime;
    private BpfProgram kern;
    private TestRun testRun;

    @Setup(Level.Trial)
    public void setUp() {
        CompilerHints.await(); // before HotSpot compiles the measured code
        byte[] input = BenchPrograms.input(program);
        length = input.length;
        vm = Vm.load(BenchPrograms.ubpfProgram(program), VmOptions.defaults().withInputCapacity(length));
        long expected = vm.run(input); // copies the input into the arena once
        if (vm.runInPlace(length) != expected) throw new IllegalStateException(program + ": runs disagree");
        runtime = Runtime.load(BpfObject.open(BenchPrograms.sharedDir().resolve("bench").resolve(program + ".kern.o")),
                RuntimeOptions.defaults().withCpus(1));
        kern = runtime.program("prog");
        testRun = TestRun.data(input);
    }

    @Benchmark
    public long run() {
        return vm.runInPlace(length);
    }

    @Benchmark
    public long testRun() {
        return kern.run(testRun).retval();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        vm.close();
        runtime.close();
    }
}
