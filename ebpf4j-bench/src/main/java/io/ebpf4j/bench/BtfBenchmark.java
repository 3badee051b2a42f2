package io.ebpf4j.bench;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfDumper;
import io.ebpf4j.btf.BtfType;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Kernel BTF, warm, in ms per operation: parsing (validation and the type index, no decoding),
 * parsing plus decoding every type into {@link BtfType} records, and parsing plus the full
 * {@code bpftool btf dump}-format dump written to a writer that discards it. The blob is read
 * into memory once; file reading is not measured.
 *
 * <p>{@code file} is {@code /sys/kernel/btf/vmlinux} by default; where the kernel has no BTF it
 * falls back to the shared fixture {@code core-testdata/cilium-ebpf/btf/testdata/vmlinux.btf.gz}
 * (system property {@code ebpf4j.shared}, default {@code ../shared}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"}) // decoding all of vmlinux allocates ~47 MB per operation
public class BtfBenchmark {
    @Param({"/sys/kernel/btf/vmlinux"})
    public String file;

    private byte[] blob;
    private String source;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path p = Path.of(file);
        if (!Files.isReadable(p)) {
            p = Path.of(System.getProperty("ebpf4j.shared", "../shared"),
                    "core-testdata/cilium-ebpf/btf/testdata/vmlinux.btf.gz");
        }
        source = p.toString();
        if (source.endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(p), 1 << 16)) {
                blob = in.readAllBytes();
            }
        } else {
            blob = Files.readAllBytes(p);
        }
        Btf btf = Btf.parse(blob, source);
        NullWriter w = new NullWriter();
        BtfDumper.dump(btf, w);
        System.err.printf("%n%s: %d bytes, %d types, raw dump %d chars%n", source, blob.length, btf.typeCount(), w.chars);
    }

    /** Header, one pass over every type record (extent, kind, names, referenced ids). */
    @Benchmark
    public Btf parse() {
        return Btf.parse(blob, source);
    }

    /** {@link #parse()} and then every type decoded into its record. */
    @Benchmark
    public void parseAndDecodeAll(Blackhole bh) {
        Btf btf = Btf.parse(blob, source);
        for (int id = 1, n = btf.typeCount(); id < n; id++) bh.consume(btf.type(id));
    }

    /** {@link #parse()} and then the whole raw dump (~12 MB of text for vmlinux) to a null writer. */
    @Benchmark
    public long parseAndDumpRaw() throws IOException {
        Btf btf = Btf.parse(blob, source);
        NullWriter w = new NullWriter();
        BtfDumper.dump(btf, w);
        return w.chars;
    }

    /** Discards what it is given and counts the characters. */
    static final class NullWriter extends Writer {
        long chars;

        @Override
        public void write(char[] cbuf, int off, int len) {
            chars += len;
        }

        @Override
        public void write(String str, int off, int len) {
            chars += len;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
