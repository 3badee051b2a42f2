package io.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link BtfCDumper} against what {@code bpftool btf dump file F format c} (v7.1.0) printed for
 * every BTF fixture: the committed headers under {@code src/test/resources/btf-c/expected/},
 * written by {@code scripts/regen-btf-c-expected.sh}. They must be equal, byte for byte; a header
 * over 256 KiB is committed as its SHA-256 and line count only. Where bpftool v7.1 and
 * {@code /sys/kernel/btf/vmlinux} exist, the running kernel's header is compared live too.
 */
class BtfCDumpFixturesTest {

    static final String EXPECTED = "btf-c/expected/";

    // ------------------------------------------------------------------ environment (shared by the BtfCDump tests)

    /** Shared fixtures, external tools and process runs for the BtfCDump tests. */
    static final class Env {
        private Env() {}

        /** The shared folder (system property {@code ebpf4j.shared}) if it has core-testdata. */
        static Optional<Path> shared() {
            String prop = System.getProperty("ebpf4j.shared");
            if (prop == null || prop.isBlank()) return Optional.empty();
            Path d = Path.of(prop);
            return Files.isDirectory(d.resolve("core-testdata")) ? Optional.of(d) : Optional.empty();
        }

        static String sharedAbsent() {
            String prop = System.getProperty("ebpf4j.shared");
            return "shared fixtures unavailable: system property ebpf4j.shared is "
                    + (prop == null ? "unset" : "'" + prop + "', which has no core-testdata directory");
        }

        record Run(int exit, byte[] stdout, String stderr, boolean timedOut) {
            String out() {
                return new String(stdout, StandardCharsets.UTF_8);
            }
        }

        /** Runs a command, stdout and stderr captured; kills it after {@code timeout}. */
        static Run run(List<String> cmd, Path dir, Duration timeout) {
            try {
                Path err = Files.createTempFile("btf-c-stderr", ".txt");
                try {
                    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
                    if (dir != null) pb.directory(dir.toFile());
                    Process p = pb.start();
                    p.getOutputStream().close();
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    Thread reader = Thread.ofVirtual().start(() -> {
                        try (InputStream in = p.getInputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // the process was killed
                        }
                    });
                    boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    if (!done) {
                        p.destroyForcibly();
                        p.waitFor();
                    }
                    reader.join();
                    return new Run(done ? p.exitValue() : -1, out.toByteArray(), Files.readString(err), !done);
                } finally {
                    Files.deleteIfExists(err);
                }
            } catch (IOException e) {
                return new Run(-1, new byte[0], String.valueOf(e.getMessage()), false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static Optional<String> bpftool;
        private static String bpftoolVersion;
        private static Optional<String> clang;

        /** bpftool ($BPFTOOL, else on the PATH or in /usr/sbin), if it runs. */
        static synchronized Optional<String> bpftool() {
            if (bpftool == null) {
                bpftool = Optional.empty();
                String env = System.getenv("BPFTOOL");
                for (String c : env != null ? List.of(env) : List.of("bpftool", "/usr/sbin/bpftool", "/usr/local/sbin/bpftool")) {
                    Run r = run(List.of(c, "version"), null, Duration.ofSeconds(20));
                    if (r.exit() == 0) {
                        bpftool = Optional.of(c);
                        bpftoolVersion = r.out().lines().findFirst().orElse("?");
                        break;
                    }
                }
            }
            return bpftool;
        }

        static String bpftoolAbsent() {
            return "bpftool not found (set $BPFTOOL, or install it; Debian: apt-get install bpftool)";
        }

        /** Whether bpftool is v7.1.x, the version whose output BtfCDumper reproduces exactly. */
        static boolean bpftoolIs71() {
            return bpftool().isPresent() && bpftoolVersion.startsWith("bpftool v7.1.");
        }

        static String bpftoolVersion() {
            return bpftool().isPresent() ? bpftoolVersion : "none";
        }

        /** clang ($CLANG, else clang-19) if it runs and targets BPF. */
        static synchronized Optional<String> clang() {
            if (clang == null) {
                String c = Optional.ofNullable(System.getenv("CLANG")).orElse("clang-19");
                Run r = run(List.of(c, "--version"), null, Duration.ofSeconds(20));
                clang = r.exit() == 0 ? Optional.of(c) : Optional.empty();
            }
            return clang;
        }

        static String clangAbsent() {
            return "clang-19 not found (set $CLANG, or install clang-19)";
        }

        static byte[] resource(String name) {
            try (InputStream in = BtfCDumpFixturesTest.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) throw new IllegalStateException("missing test resource " + name);
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Path resourceDir(String name) {
            URL url = BtfCDumpFixturesTest.class.getClassLoader().getResource(name);
            if (url == null) throw new IllegalStateException("missing test resource directory " + name);
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Loads a shared fixture the way the regen script hands it to bpftool: gunzipped when it
         * ends with .gz, split over {@code F.base} when that exists next to a raw {@code F.btf}.
         */
        static Btf loadShared(Path shared, String relative) {
            Path file = shared.resolve(relative);
            try {
                if (relative.endsWith(".gz")) {
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                        return Btf.parse(in.readAllBytes(), file.toString());
                    }
                }
                Path base = file.resolveSibling(file.getFileName() + ".base");
                if (relative.endsWith(".btf") && Files.isRegularFile(base)) {
                    return Btf.read(file, Btf.read(base));
                }
                return Btf.read(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Shared fixtures with BTF (relative to the shared folder), as the regen script lists them. */
        static List<String> sharedFixtures() {
            Path root = resourceDir(EXPECTED + "shared");
            try (Stream<Path> s = Files.walk(root)) {
                return s.filter(Files::isRegularFile)
                        .map(p -> root.relativize(p).toString().replace('\\', '/'))
                        .map(n -> "core-testdata/" + n.replaceAll("\\.h(\\.sha256)?$", ""))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ------------------------------------------------------------------ comparing

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How two texts differ line by line: lines in common (longest common subsequence) and totals. */
    record LineDiff(int common, int expectedLines, int actualLines, int firstDifference, boolean exact) {
        boolean equal() {
            return common == expectedLines && common == actualLines;
        }

        int differing() {
            return expectedLines - common + actualLines - common;
        }

        @Override
        public String toString() {
            return common + "/" + expectedLines + " expected lines equal" + (exact ? "" : " (at most)") + ", "
                    + differing() + " lines differ (" + (expectedLines - common) + " only in the expected, "
                    + (actualLines - common) + " only in ours), first difference at line " + firstDifference;
        }
    }

    /**
     * Line diff of two texts (Myers' O((N+M)D) algorithm on lines; when they differ in more than
     * {@code maxD} lines, a multiset bound instead, marked as not exact).
     */
    static LineDiff lineDiff(String expected, String actual, int maxD) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        int n = a.length, m = b.length;
        int first = 0;
        while (first < n && first < m && a[first].equals(b[first])) first++;
        int firstLine = first == n && first == m ? -1 : first + 1;
        // Myers: furthest reaching D-paths
        int max = Math.min(n + m, maxD);
        int[] v = new int[2 * max + 2];
        int off = max + 1;
        for (int d = 0; d <= max; d++) {
            for (int k = -d; k <= d; k += 2) {
                int x = k == -d || (k != d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a[x].equals(b[y])) {
                    x++;
                    y++;
                }
                v[off + k] = x;
                if (x >= n && y >= m) {
                    int common = (n + m - d) / 2;
                    return new LineDiff(common, n, m, firstLine, true);
                }
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String s : a) counts.merge(s, 1, Integer::sum);
        int common = 0;
        for (String s : b) {
            Integer c = counts.get(s);
            if (c != null && c > 0) {
                common++;
                counts.put(s, c - 1);
            }
        }
        return new LineDiff(common, n, m, firstLine, false);
    }

    /** Asserts equal texts; on failure says how many lines differ and shows the first difference. */
    static void assertSameHeader(String expected, String actual, String what) {
        if (expected.equals(actual)) return;
        LineDiff diff = lineDiff(expected, actual, 2000);
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        int i = diff.firstDifference() - 1;
        fail(what + ": differs from bpftool's header: " + diff + "\n  bpftool: "
                + (i < a.length ? a[i] : "<end>") + "\n  ours:    " + (i < b.length ? b[i] : "<end>"));
    }

    // ------------------------------------------------------------------ tests

    /** Our own feature object (compiled from btf-c/features.c): no shared fixtures needed. */
    @Test
    void featuresObjectMatchesBpftool() {
        Btf btf = Btf.parse(elfBtf(Env.resource("btf-c/features.o")), "btf-c/features.o");
        String expected = new String(Env.resource(EXPECTED + "own/features.o.h"), StandardCharsets.UTF_8);
        assertSameHeader(expected, BtfCDumper.dump(btf), "btf-c/features.o");
    }

    static byte[] elfBtf(byte[] elf) {
        return io.ebpf4j.elf.ElfFile.parse(elf, "object").section(".BTF").orElseThrow().data();
    }

    @TestFactory
    Stream<DynamicTest> sharedFixturesMatchBpftool() {
        Optional<Path> shared = Env.shared();
        if (shared.isEmpty()) {
            return Stream.of(DynamicTest.dynamicTest("shared fixtures", () -> Assumptions.abort(Env.sharedAbsent())));
        }
        List<String> fixtures = Env.sharedFixtures();
        assertTrue(fixtures.size() >= 70, "expected headers for ~71 fixtures, found " + fixtures.size());
        return fixtures.stream().map(f -> DynamicTest.dynamicTest(f, () -> {
            String rel = f.substring("core-testdata/".length());
            Path fixture = shared.get().resolve(f);
            Assumptions.assumeTrue(Files.isRegularFile(fixture), () -> "fixture " + fixture + " is missing");
            String ours = BtfCDumper.dump(Env.loadShared(shared.get(), f));
            Path dir = Env.resourceDir(EXPECTED + "shared");
            Path full = dir.resolve(rel + ".h");
            if (Files.isRegularFile(full)) {
                assertSameHeader(Files.readString(full), ours, f);
            } else {
                String[] hashAndLines = Files.readString(dir.resolve(rel + ".h.sha256")).trim().split("\\s+");
                long lines = ours.chars().filter(c -> c == '\n').count();
                assertEquals(hashAndLines[0] + " " + hashAndLines[1], sha256(ours) + " " + lines,
                        f + ": SHA-256 and line count of bpftool's header vs ours (run bpftool on it to see the diff)");
            }
        }));
    }

    /** The running kernel's vmlinux.h, compared live with bpftool's. */
    @Test
    void runningKernelMatchesBpftool() {
        Path vmlinux = Path.of("/sys/kernel/btf/vmlinux");
        Assumptions.assumeTrue(Files.isReadable(vmlinux), "no readable /sys/kernel/btf/vmlinux on this machine");
        Assumptions.assumeTrue(Env.bpftool().isPresent(), Env.bpftoolAbsent());
        Env.Run r = Env.run(List.of(Env.bpftool().get(), "btf", "dump", "file", vmlinux.toString(), "format", "c"), null,
                Duration.ofMinutes(2));
        assertEquals(0, r.exit(), () -> "bpftool failed: " + r.stderr());
        String theirs = r.out();
        String ours = BtfCDumper.dump(Btf.read(vmlinux));
        LineDiff diff = lineDiff(theirs, ours, 5000);
        System.out.println("[BtfCDumpFixturesTest] /sys/kernel/btf/vmlinux vs " + Env.bpftoolVersion() + ": " + diff);
        if (!Env.bpftoolIs71()) {
            Assumptions.abort(Env.bpftoolVersion() + " is not v7.1, whose output BtfCDumper reproduces; " + diff);
        }
        assertSameHeader(theirs, ours, "/sys/kernel/btf/vmlinux");
    }

    @Test
    void lineDiffCountsInsertionsAndDeletions() {
        LineDiff same = lineDiff("a\nb\nc\n", "a\nb\nc\n", 10);
        assertTrue(same.equal() && same.exact() && same.common() == 4 && same.firstDifference() == -1, same.toString());
        LineDiff d = lineDiff("a\nb\nc\nd", "a\nx\nc\nd\ne", 10);
        assertEquals(3, d.common());
        assertEquals(3, d.differing());
        assertEquals(2, d.firstDifference());
        LineDiff capped = lineDiff("a\nb\nc\nd", "d\nc\nb\na", 1);
        assertTrue(!capped.exact() && capped.common() == 4, capped.toString());
    }
}
