package io.ebpf4j.object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * The shared fixture objects (system property {@code ebpf4j.shared}, set by surefire), and what
 * their C sources say about loading them. Used by the object and link tests.
 */
public final class ObjectFixtures {
    private ObjectFixtures() {}

    /** Directories (relative to the shared directory) and the suffix of their objects. */
    public static final List<String[]> DIRS = List.of(
            new String[] {"core-testdata/cilium-ebpf/testdata", ".elf"},
            new String[] {"core-testdata/cilium-ebpf/btf/testdata", ".elf"},
            new String[] {"core-testdata/exp-linux-6.18", ".o"},
            new String[] {"bench", ".o"});

    /**
     * Objects that must not load, by file name prefix, with a phrase the error must contain. From
     * the sources: invalid_map.c puts a non-zero field after struct bpf_map_def ("not a valid BPF
     * program"); invalid_map_static.c declares a static legacy map; invalid_btf_map_init.c forces a
     * non-zero byte into a BTF map definition (cilium's TestLoadInvalidInitializedBTFMap).
     */
    public static final Map<String, String> MUST_FAIL = Map.of(
            "invalid_map-", "non-zero options",
            "invalid_map_static-", "static",
            "invalid_btf_map_init-", "non-zero data");

    /** The shared directory, if the property names one. */
    public static Optional<Path> shared() {
        String prop = System.getProperty("ebpf4j.shared");
        if (prop == null || prop.isBlank()) return Optional.empty();
        Path dir = Path.of(prop);
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    public static String unavailableReason() {
        String prop = System.getProperty("ebpf4j.shared");
        return "shared fixtures unavailable: system property ebpf4j.shared is "
                + (prop == null ? "unset" : "'" + prop + "', which is not a directory");
    }

    /** The shared directory, or aborts the calling test with the reason (reported as skipped). */
    public static Path requireShared() {
        Optional<Path> dir = shared();
        Assumptions.assumeTrue(dir.isPresent(), ObjectFixtures::unavailableReason);
        return dir.get();
    }

    /** For a @TestFactory: one dynamic test that aborts with the reason. */
    public static Stream<DynamicTest> unavailable() {
        return Stream.of(DynamicTest.dynamicTest("shared fixtures", () -> Assumptions.abort(unavailableReason())));
    }

    /** A fixture by path relative to the shared directory (skips the test when fixtures are absent). */
    public static Path fixture(String relative) {
        Path p = requireShared().resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(p), () -> "fixture missing: " + p);
        return p;
    }

    public static BpfObject open(String relative) {
        return BpfObject.open(fixture(relative));
    }

    /** Every fixture object, sorted. */
    public static List<Path> all(Path shared) {
        List<Path> out = new ArrayList<>();
        for (String[] d : DIRS) {
            Path dir = shared.resolve(d[0]);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.getFileName().toString().endsWith(d[1]) && Files.isRegularFile(p)).forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.sort(null);
        return out;
    }

    /** The phrase the load error of this object must contain, or null when it must load. */
    public static String expectedFailure(Path object) {
        String name = object.getFileName().toString();
        for (var e : MUST_FAIL.entrySet()) {
            if (name.startsWith(e.getKey())) return e.getValue();
        }
        return null;
    }
}
