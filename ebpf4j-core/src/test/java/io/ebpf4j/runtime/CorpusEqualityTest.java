package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of the corpus ({@code corpus/corpus.json}) run in ebpf4j and compared with the
 * kernel's recorded result ({@code corpus/kernel-results/NAME.json}) on what the manifest says is
 * comparable: retval, data_out, ctx_out / ctx_in_after, trace lines and map contents (formatted
 * as bpftool's BTF dump; hash-like maps as sets). Maps the manifest names as non-deterministic
 * (time, random numbers, CPU ids, kernel object ids, LRU eviction choice, the task) are left out
 * with the manifest's reason. Each case runs with the recording's number of CPUs on the CPU it
 * was pinned to, so per-CPU values land in the same slot.
 */
class CorpusEqualityTest {

    @TestFactory
    Stream<DynamicTest> equalToTheRecordedKernelResults() {
        Path dir = CorpusCase.dir();
        String why = CorpusCase.missing(dir);
        if (why != null) return Stream.of(DynamicTest.dynamicTest("corpus not found", () -> Assumptions.abort(why)));
        Map<String, Object> recording = recording(dir);
        int cpus = ((BigInteger) recording.get("possible_cpus")).intValue();
        int pinned = ((BigInteger) recording.get("pinned_cpu")).intValue();
        Stream<DynamicTest> le = CorpusCase.all(dir).stream().map(c -> DynamicTest.dynamicTest(c.name(),
                () -> check(dir, c, cpus, pinned)));
        Stream<DynamicTest> eb = CorpusCase.all(dir).stream().filter(c -> c.objectEb() != null)
                .map(c -> DynamicTest.dynamicTest(c.name() + " (big-endian object " + c.objectEb() + ")",
                        () -> Assumptions.abort("big-endian objects are not run: the interpreter executes little-endian"
                                + " code and the maps read keys (array indices, ...) little-endian")));
        return Stream.concat(le, eb);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> recording(Path dir) {
        return (Map<String, Object>) CorpusCase.manifest(dir).get("recording");
    }

    @SuppressWarnings("unchecked")
    static void check(Path dir, CorpusCase c, int cpus, int pinned) throws Exception {
        Map<String, Object> result = (Map<String, Object>) CorpusCase.json(dir.resolve("kernel-results/" + c.name() + ".json"));
        CorpusRunner.Outcome ours = CorpusRunner.run(dir, c, cpus, pinned);
        List<String> diffs = CorpusComparison.differences(c, (Map<String, Object>) result.get("oracle"),
                (Map<String, String>) (Map<?, ?>) result.getOrDefault("map_names", Map.of()),
                (List<String>) (List<?>) result.getOrDefault("trace", List.of()), ours);
        assertTrue(diffs.isEmpty(), () -> c.name() + " differs from the kernel:\n" + String.join("\n", diffs)
                + notComparable(c));
    }

    static String notComparable(CorpusCase c) {
        Map<String, String> ex = c.excludedMaps();
        return ex.isEmpty() ? "" : "\n(not compared: " + ex + ")";
    }
}
