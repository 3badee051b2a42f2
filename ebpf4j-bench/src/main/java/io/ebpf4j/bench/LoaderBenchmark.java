package io.ebpf4j.bench;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.link.LinkOptions;
import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.link.Linker;
import io.ebpf4j.object.BpfObject;
import java.io.IOException;
import java.nio.file.Files;
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
 * What libbpf does before a program reaches the kernel, on {@code exp-linux-6.18/prog.o}: open
 * the object (ELF, BTF, .BTF.ext, maps, data), link the {@code probe} program (subprograms,
 * relocations) and apply its CO-RE relocations against a target kernel BTF, already parsed
 * ({@code min}: the minimised 6.18 BTF of the fixture; {@code vmlinux}: this kernel's, where present).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LoaderBenchmark {
    @Param({"min", "vmlinux"})
    public String target;

    private byte[] object;
    private Btf targetBtf;

    @Setup
    public void setUp() throws IOException {
        Path dir = BenchPrograms.sharedDir().resolve("core-testdata/exp-linux-6.18");
        object = Files.readAllBytes(dir.resolve("prog.o"));
        Path btf = target.equals("min") ? dir.resolve("min_target_linux_6.18.btf") : Path.of("/sys/kernel/btf/vmlinux");
        targetBtf = Btf.read(btf);
    }

    @Benchmark
    public LinkedProgram openLinkAndRelocate() {
        BpfObject o = BpfObject.open(object, "prog.o");
        return Linker.link(o, "probe", LinkOptions.defaults().withTargetBtf(targetBtf));
    }
}
