package io.ebpf4j.bench;

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
 * The interpreter on the {@code .ubpf.o} builds of {@code ../shared/bench} (entry {@code prog},
 * r1 = buffer, r2 = length), in ns per run. The input is written into the VM's input region
 * once; each run passes it in place, as the uBPF driver passes its buffer to {@code ubpf_exec}.
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

    @Setup(Level.Trial)
    public void setUp() {
        byte[] input = BenchPrograms.input(program);
        length = input.length;
        vm = Vm.load(BenchPrograms.ubpfProgram(program), VmOptions.defaults().withInputCapacity(length));
        long expected = vm.run(input); // copies the input into the arena once
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
