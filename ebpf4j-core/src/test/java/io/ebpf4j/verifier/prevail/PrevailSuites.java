package io.ebpf4j.verifier.prevail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Where the PREVAIL suites are ({@code ebpf4j.shared}/prevail-yaml) and all their cases. */
final class PrevailSuites {
    private PrevailSuites() {}

    /** Cases in the 28 suites at the commit named in the shared README. */
    static final int EXPECTED_CASES = 802;

    /** The suites' directory, or null with the reason in {@code why[0]} when it is not there. */
    static Path dir(String[] why) {
        String shared = System.getProperty("ebpf4j.shared");
        if (shared == null || shared.isBlank()) {
            why[0] = "system property ebpf4j.shared is not set: the PREVAIL YAML suites are not available";
            return null;
        }
        Path dir = Path.of(shared, "prevail-yaml");
        if (!Files.isDirectory(dir)) {
            why[0] = dir + " does not exist: the PREVAIL YAML suites are not available";
            return null;
        }
        return dir;
    }

    static List<PrevailCase> all(Path dir) {
        try {
            List<PrevailCase> out = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (Path suite : PrevailCase.suites(dir)) {
                for (PrevailCase c : PrevailCase.read(suite)) {
                    // a few suites repeat a test-case name: the second is "name [2]" so every case has its own id
                    int n = seen.merge(c.id(), 1, Integer::sum);
                    out.add(n == 1 ? c : c.renamed(c.name() + " [" + n + "]"));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
