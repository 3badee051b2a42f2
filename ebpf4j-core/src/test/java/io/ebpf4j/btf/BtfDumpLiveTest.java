package io.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running kernel's BTF, {@code /sys/kernel/btf/vmlinux}, dumped by {@link BtfDumper} and by
 * {@code bpftool btf dump file} on this machine, compared line for line. Skipped, with the
 * reason, where the file or bpftool is missing.
 */
class BtfDumpLiveTest {
    static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

    /** bpftool from /usr/sbin, /usr/bin, /sbin or the PATH, if it runs. */
    static Optional<Path> bpftool() {
        Stream<Path> candidates = Stream.concat(
                Stream.of("/usr/sbin", "/usr/bin", "/sbin", "/usr/local/sbin").map(Path::of),
                Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                        .filter(s -> !s.isEmpty()).map(Path::of));
        return candidates.map(d -> d.resolve("bpftool")).filter(Files::isExecutable).findFirst();
    }

    @Test
    void liveKernelBtfDumpsAsBpftoolDoes(@TempDir Path tmp, TestReporter reporter) throws Exception {
        assumeTrue(Files.isReadable(VMLINUX), VMLINUX + " is not readable here (no kernel BTF): nothing to compare");
        Optional<Path> tool = bpftool();
        assumeTrue(tool.isPresent(), "bpftool is not installed (looked in /usr/sbin, /usr/bin, /sbin, /usr/local/sbin and PATH)");
        Path expected = tmp.resolve("bpftool.txt");
        Process p = new ProcessBuilder(tool.get().toString(), "btf", "dump", "file", VMLINUX.toString())
                .redirectOutput(expected.toFile())
                .redirectError(tmp.resolve("bpftool.err").toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "bpftool did not finish within 120 s");
        String err = Files.readString(tmp.resolve("bpftool.err"));
        assumeTrue(p.exitValue() == 0, "bpftool could not dump " + VMLINUX + " (exit " + p.exitValue() + "): " + err.strip());

        Btf btf = Btf.read(VMLINUX);
        ByteArrayOutputStream ours = new ByteArrayOutputStream(16 << 20);
        BtfDumper.dump(btf, ours);
        List<String> lines = Files.readAllLines(expected, StandardCharsets.UTF_8);
        int compared = BtfDumpExpectedTest.assertSameLines(lines, ours.toString(StandardCharsets.UTF_8), VMLINUX.toString());
        assertArrayEquals(Files.readAllBytes(expected), ours.toByteArray(), "byte for byte");
        assertEquals(btf.typeCount() - 1, lines.stream().filter(l -> l.startsWith("[")).count());
        String summary = "compared " + compared + " lines (" + (btf.typeCount() - 1) + " types) of " + VMLINUX
                + " with " + tool.get();
        System.out.println(summary);
        reporter.publishEntry("lines compared", String.valueOf(compared));
    }

    @Test
    void liveKernelBtfDecodes() throws IOException {
        assumeTrue(Files.isReadable(VMLINUX), VMLINUX + " is not readable here (no kernel BTF)");
        Btf btf = Btf.read(VMLINUX);
        assertTrue(btf.typeCount() > 10_000, btf.toString());
        for (int id = 0; id < btf.typeCount(); id++) assertEquals(id, btf.type(id).id());
        // facts that hold on every kernel with BTF
        int task = btf.typeIdsByName("task_struct").stream().filter(id -> btf.type(id).kind() == BtfKind.STRUCT)
                .findFirst().orElseThrow();
        BtfType.Struct s = (BtfType.Struct) btf.type(task);
        assertTrue(s.members().stream().anyMatch(m -> m.name().equals("pid")), "task_struct.pid");
        assertEquals(BtfKind.INT, btf.skipModsAndTypedefs(btf.typeIdsByName("u32").getFirst()).kind());
        assertEquals(4, btf.sizeOf(btf.typeIdsByName("u32").getFirst()));
    }
}
