package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.vm.Engine;
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
 *
 * <p>Every case runs twice: as is, and in checked mode ({@link io.ebpf4j.vm.RuntimeOptions#withChecked}), where each
 * access must lie in a region the program may touch. The kernel accepted every one of these programs, so a checked
 * run must neither fault nor give another result.
 */
class CorpusEqualityTest {

    @TestFactory
    Stream<DynamicTest> equalToTheRecordedKernelResults() {
        return cases(CorpusEqualityTest::check, CorpusEqualityTest::checkBigEndian);
    }

    /** One corpus check: a case of the corpus in {@code dir}, run with the recording's CPUs, checked mode or not. */
    @FunctionalInterface
    interface CaseCheck {
        void run(Path dir, CorpusCase c, int cpus, int pinned, boolean checked) throws Exception;
    }

    /**
     * The dynamic tests of a corpus-wide check (this class for the interpreter, {@link JitCorpusEqualityTest} for the
     * JIT): every case with {@code littleEndian}, every case with a big-endian build with {@code bigEndian}, each as
     * is and in checked mode; one visibly skipped test where the corpus is absent.
     */
    static Stream<DynamicTest> cases(CaseCheck littleEndian, CaseCheck bigEndian) {
        Path dir = CorpusCase.dir();
        String why = CorpusCase.missing(dir);
        if (why != null) return Stream.of(DynamicTest.dynamicTest("corpus not found", () -> Assumptions.abort(why)));
        Map<String, Object> recording = recording(dir);
        int cpus = ((BigInteger) recording.get("possible_cpus")).intValue();
        int pinned = ((BigInteger) recording.get("pinned_cpu")).intValue();
        return Stream.of(false, true).flatMap(checked -> {
            String mode = checked ? " [checked mode]" : "";
            Stream<DynamicTest> le = CorpusCase.all(dir).stream().map(c -> DynamicTest.dynamicTest(c.name() + mode,
                    () -> littleEndian.run(dir, c, cpus, pinned, checked)));
            Stream<DynamicTest> eb = CorpusCase.all(dir).stream().filter(c -> c.objectEb() != null)
                    .map(c -> DynamicTest.dynamicTest(c.name() + " (big-endian object " + c.objectEb() + ")" + mode,
                            () -> bigEndian.run(dir, c, cpus, pinned, checked)));
            return Stream.concat(le, eb);
        });
    }

    static void check(Path dir, CorpusCase c, int cpus, int pinned) throws Exception {
        check(dir, c, cpus, pinned, false);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> recording(Path dir) {
        return (Map<String, Object>) CorpusCase.manifest(dir).get("recording");
    }

    @SuppressWarnings("unchecked")
    static void check(Path dir, CorpusCase c, int cpus, int pinned, boolean checked) throws Exception {
        Map<String, Object> result = (Map<String, Object>) CorpusCase.json(dir.resolve("kernel-results/" + c.name() + ".json"));
        CorpusRunner.Outcome ours = CorpusRunner.run(dir, c, c.object(), cpus, pinned, io.ebpf4j.vm.Engine.INTERPRETER, checked);
        List<String> diffs = CorpusComparison.differences(c, (Map<String, Object>) result.get("oracle"),
                (Map<String, String>) (Map<?, ?>) result.getOrDefault("map_names", Map.of()),
                (List<String>) (List<?>) result.getOrDefault("trace", List.of()), ours);
        assertTrue(diffs.isEmpty(), () -> c.name() + " differs from the kernel:\n" + String.join("\n", diffs)
                + notComparable(c));
    }

    /**
     * The case run from its big-endian build ({@code -target bpfeb}), which ebpf4j runs with
     * big-endian memory, as a big-endian kernel would. The kernel result was recorded on x86-64
     * from the little-endian build; the programs of these cases are endian-neutral (their C source
     * gives the same numbers in either order), so a big-endian kernel would report:
     * <ul>
     * <li>the same retval and data_out (a register, and the packet, which is network data that
     *     neither build reinterprets), compared as recorded;</li>
     * <li>the same numbers in every map bpftool formats with BTF: bpftool reads each integer in the
     *     machine's order, as {@link io.ebpf4j.vm.MapDump} does for big-endian maps (it swaps each
     *     integer, enum and pointer the BTF type describes before formatting), so the formatted
     *     dumps are compared as recorded;</li>
     * <li>for a map without BTF (bpftool prints raw bytes: e.g. {@code .rodata.cst16}, clang's
     *     constant pool), the bytes a big-endian kernel holds cannot be derived from the
     *     little-endian bytes without knowing the element widths. Such maps are read-only data
     *     sections: when the kernel's bytes equal the little-endian object's section, the
     *     big-endian expectation is the big-endian object's section, byte for byte; otherwise the
     *     case fails as not translatable.</li>
     * </ul>
     */
    static void checkBigEndian(Path dir, CorpusCase c, int cpus, int pinned) throws Exception {
        checkBigEndian(dir, c, cpus, pinned, Engine.INTERPRETER, false);
    }

    static void checkBigEndian(Path dir, CorpusCase c, int cpus, int pinned, boolean checked) throws Exception {
        checkBigEndian(dir, c, cpus, pinned, Engine.INTERPRETER, checked);
    }

    /** {@link #checkBigEndian(Path, CorpusCase, int, int)} on {@code engine}, checked or not; returns the run's outcome. */
    @SuppressWarnings("unchecked")
    static CorpusRunner.Outcome checkBigEndian(Path dir, CorpusCase c, int cpus, int pinned, Engine engine, boolean checked) throws Exception {
        Map<String, Object> result = (Map<String, Object>) CorpusCase.json(dir.resolve("kernel-results/" + c.name() + ".json"));
        Map<String, Object> kernel = (Map<String, Object>) result.get("oracle");
        Map<String, String> pinToName = (Map<String, String>) (Map<?, ?>) result.getOrDefault("map_names", Map.of());
        io.ebpf4j.object.BpfObject le = io.ebpf4j.object.BpfObject.open(dir.resolve(c.object()));
        io.ebpf4j.object.BpfObject eb = io.ebpf4j.object.BpfObject.open(dir.resolve(c.objectEb()));
        org.junit.jupiter.api.Assertions.assertEquals(java.nio.ByteOrder.BIG_ENDIAN, eb.byteOrder(), c.objectEb() + " is not big-endian");
        Map<String, Object> translatedMaps = new java.util.LinkedHashMap<>();
        List<String> untranslatable = new java.util.ArrayList<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) kernel.getOrDefault("maps", Map.of())).entrySet()) {
            String name = pinToName.getOrDefault(e.getKey(), e.getKey());
            List<Object> entries = (List<Object>) e.getValue();
            io.ebpf4j.object.MapSpec leSpec = le.maps().stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
            if (leSpec == null || leSpec.valueTypeId() != 0) {
                translatedMaps.put(e.getKey(), entries); // BTF-formatted numbers: the same on either machine
                continue;
            }
            io.ebpf4j.object.MapSpec ebSpec = eb.maps().stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
            Object leBytes = io.ebpf4j.vm.MapDump.hex(leSpec.contents());
            boolean unchangedSection = entries.size() == 1 && ebSpec != null
                    && leBytes.equals(((Map<String, Object>) entries.get(0)).get("value"));
            if (!unchangedSection) {
                untranslatable.add(name);
                continue;
            }
            Map<String, Object> entry = new java.util.LinkedHashMap<>((Map<String, Object>) entries.get(0));
            entry.put("value", io.ebpf4j.vm.MapDump.hex(ebSpec.contents()));
            translatedMaps.put(e.getKey(), List.of(entry));
        }
        Map<String, Object> translated = new java.util.LinkedHashMap<>(kernel);
        translated.put("maps", translatedMaps);
        CorpusRunner.Outcome ours = CorpusRunner.run(dir, c, c.objectEb(), cpus, pinned, engine, checked);
        List<String> diffs = new java.util.ArrayList<>(CorpusComparison.differences(c, translated, pinToName,
                (List<String>) (List<?>) result.getOrDefault("trace", List.of()), ours));
        for (String name : untranslatable) {
            if (c.comparedMaps().contains(name)) diffs.add("map " + name + ": raw bytes that differ from the little-endian"
                    + " object's section cannot be translated to big-endian");
        }
        assertTrue(diffs.isEmpty(), () -> c.name() + " (big-endian object " + c.objectEb() + ", " + engine
                + ") differs from the kernel result translated to big-endian:\n" + String.join("\n", diffs) + notComparable(c));
        return ours;
    }

    static String notComparable(CorpusCase c) {
        Map<String, String> ex = c.excludedMaps();
        return ex.isEmpty() ? "" : "\n(not compared: " + ex + ")";
    }
}
