package io.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ebpf4j.btf.BtfCDumpFixturesTest.Env;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential tests against a live bpftool v7.1 (skipped elsewhere): the hand-built blobs of
 * {@link BtfCDumpRobustnessTest} and a few hundred random BTF graphs are written as raw BTF files
 * and dumped by both. Wherever bpftool produces a header, ours must be identical; where bpftool
 * fails (libbpf rejects the blob, reports a type cycle, or crashes on one), ours may print a
 * header or throw a {@link BtfException}, but nothing else.
 */
class BtfCDumpBpftoolTest {

    @TempDir
    static Path tmp;

    private static void requireBpftool71() {
        Assumptions.assumeTrue(Env.bpftool().isPresent(), Env.bpftoolAbsent());
        Assumptions.assumeTrue(Env.bpftoolIs71(), () -> Env.bpftoolVersion() + " is not v7.1, the version BtfCDumper reproduces");
    }

    /** bpftool's header for a raw blob, or null when bpftool fails on it. */
    private static String bpftool(byte[] blob, String name) throws IOException {
        Path f = tmp.resolve(name + ".btf");
        Files.write(f, blob);
        Env.Run r = Env.run(List.of(Env.bpftool().get(), "btf", "dump", "file", f.toString(), "format", "c"), null,
                Duration.ofSeconds(3)); // libbpf loops forever on some cycles (e.g. an array of itself)
        return r.exit() == 0 ? r.out() : null;
    }

    @TestFactory
    Stream<DynamicTest> handBuiltBlobsMatchBpftool() {
        if (!Env.bpftool().isPresent() || !Env.bpftoolIs71()) {
            return Stream.of(DynamicTest.dynamicTest("bpftool", BtfCDumpBpftoolTest::requireBpftool71));
        }
        return BtfCDumpRobustnessTest.expressibleBlobs().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            byte[] blob = e.getValue().get().bytes();
            String theirs = bpftool(blob, e.getKey());
            assertTrue(theirs != null, "bpftool failed on " + e.getKey());
            BtfCDumpFixturesTest.assertSameHeader(theirs, BtfCDumper.dump(Btf.parse(blob, e.getKey())), e.getKey());
        }));
    }

    /** Outcomes of a random run, for the report. */
    private record Tally(int compared, int bpftoolFailed, int weRejected, int bothFailed) {}

    private static Tally compareRandom(long seed0, int runs, boolean cycles) throws IOException {
        int compared = 0, bpftoolFailed = 0, weRejected = 0, bothFailed = 0;
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long seed = seed0 + i;
            byte[] blob = BtfCDumpFuzzTest.RandomBtf.generate(new Random(seed), cycles);
            String theirs = bpftool(blob, "random-" + seed);
            String ours;
            try {
                ours = BtfCDumper.dump(Btf.parse(blob, "random " + seed));
            } catch (BtfException e) {
                ours = null;
            }
            if (theirs == null && ours == null) {
                bothFailed++;
            } else if (theirs == null) {
                bpftoolFailed++;
            } else if (ours == null) {
                weRejected++;
                mismatches.add("seed " + seed + ": bpftool printed a header, we threw");
            } else {
                compared++;
                if (!theirs.equals(ours)) {
                    mismatches.add("seed " + seed + ": " + BtfCDumpFixturesTest.lineDiff(theirs, ours, 1000));
                }
            }
        }
        Tally t = new Tally(compared, bpftoolFailed, weRejected, bothFailed);
        System.out.println("[BtfCDumpBpftoolTest] random graphs (cycles=" + cycles + "): " + t);
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " of " + runs + " random blobs differ from bpftool (generate them with "
                    + "BtfCDumpFuzzTest.RandomBtf.generate(new Random(seed), " + cycles + ")):\n  "
                    + String.join("\n  ", mismatches.subList(0, Math.min(20, mismatches.size()))));
        }
        return t;
    }

    @Test
    void randomAcyclicGraphsMatchBpftool() throws IOException {
        requireBpftool71();
        Tally t = compareRandom(1_000, 400, false);
        assertTrue(t.compared() >= 100, "too few blobs were comparable: " + t);
    }

    @Test
    void randomCyclicGraphsMatchBpftoolWhereItSucceeds() throws IOException {
        requireBpftool71();
        Tally t = compareRandom(50_000, 400, true);
        assertTrue(t.compared() >= 50, "too few blobs were comparable: " + t);
    }

    // keep the hand-built list and this class in step
    @Test
    void everyExpressibleBlobIsDumpable() {
        for (Map.Entry<String, Supplier<BtfCDumpRobustnessTest.Blob>> e : BtfCDumpRobustnessTest.expressibleBlobs().entrySet()) {
            BtfCDumper.dump(e.getValue().get().btf());
        }
    }
}
