package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Re-asks the running kernel: every corpus case is run again through {@code kernel-oracle} ({@link KernelOracle},
 * pinned to the recording's CPU with taskset) and
 * compared with ebpf4j on what the manifest says is comparable. Needs {@code bpf()} (root or
 * CAP_BPF + CAP_PERFMON + CAP_NET_ADMIN) and a mounted bpffs; otherwise every case is skipped
 * with the reason. Trace lines are not compared here (the oracle does not capture them; the
 * recorded-results test does).
 */
class LiveKernelTest {

    @TestFactory
    Stream<DynamicTest> equalToTheLiveKernel() {
        Path dir = CorpusCase.dir();
        String why = CorpusCase.missing(dir);
        if (why == null) why = KernelOracle.unavailable();
        if (why != null) {
            String reason = why;
            return Stream.of(DynamicTest.dynamicTest("live kernel not available", () -> Assumptions.abort(reason)));
        }
        Map<String, Object> recording = CorpusEqualityTest.recording(dir);
        int cpus = ((BigInteger) recording.get("possible_cpus")).intValue();
        int pinned = ((BigInteger) recording.get("pinned_cpu")).intValue();
        List<CorpusCase> cases = CorpusCase.all(dir);
        // the kernel's answers are asked for up front, a few at a time, while our runs go on
        List<java.util.concurrent.Future<KernelOracle.Answer>> answers = cases.stream()
                .map(c -> KernelOracle.askLater(dir.getParent(), oracleArgs(c), pinned)).toList();
        return java.util.stream.IntStream.range(0, cases.size())
                .mapToObj(i -> DynamicTest.dynamicTest(cases.get(i).name(), () -> check(dir, cases.get(i), cpus, pinned, answers.get(i))));
    }

    static List<String> oracleArgs(CorpusCase c) {
        List<String> args = new ArrayList<>(List.of("corpus/" + c.object(), c.program()));
        if (c.data() != null) args.addAll(List.of("--data", "corpus/" + c.data()));
        if (c.ctx() != null) args.addAll(List.of("--ctx", "corpus/" + c.ctx()));
        if (c.repeat() > 1) args.addAll(List.of("--repeat", Integer.toString(c.repeat())));
        args.addAll(c.oracleArgs());
        return args;
    }

    @SuppressWarnings("unchecked")
    static void check(Path dir, CorpusCase c, int cpus, int pinned, java.util.concurrent.Future<KernelOracle.Answer> later) throws Exception {
        KernelOracle.Answer answer = KernelOracle.answer(later);
        CorpusRunner.Outcome ours = CorpusRunner.run(dir, c, cpus, pinned);
        CorpusCase noTrace = new CorpusCase(c.name(), c.object(), c.objectEb(), c.program(), c.type(), c.data(), c.ctx(),
                c.repeat(), withoutTrace(c.compare()), c.nondeterministic(), c.oracleArgs(), c.note());
        if (answer.exitStatus() != 0 && answer.json() != null && Boolean.FALSE.equals(answer.json().get("accepted"))) {
            // a kernel built otherwise may refuse what the recording's kernel loaded (seen: a Linux 6.18 build that
            // refuses bpf_xdp_adjust_meta in XDP programs, "program of this type cannot use helper"); ebpf4j is then
            // held to the recording, and the case reported as not reproducible on this kernel
            List<String> log = (List<String>) answer.json().getOrDefault("log_tail", List.of());
            String why = answer.json().get("error") + (log.size() >= 4 ? ": " + log.get(log.size() - 4) : "");
            List<String> recordedDiffs = recordedDifferences(dir, noTrace, ours);
            assertTrue(recordedDiffs.isEmpty(), () -> c.name() + ": the live kernel refuses it (" + why
                    + ") and ebpf4j differs from the kernel's recording:\n" + String.join("\n", recordedDiffs));
            Assumptions.abort(c.name() + ": the live kernel refuses to load it (" + why + "), where the kernel of the"
                    + " recording loaded and ran it; ebpf4j matches the recording; not reproducible on this kernel");
        }
        assertEquals(0, answer.exitStatus(), () -> "kernel-oracle failed: " + answer.stderr());
        Map<String, Object> kernel = answer.json();
        Map<String, String> pinToName = new java.util.HashMap<>();
        for (String pin : ((Map<String, Object>) kernel.getOrDefault("maps", Map.of())).keySet()) {
            pinToName.put(pin, pin);
        }
        // bpffs pin names replace '.' with '_': find ours by that rule
        for (String name : ours.maps().keySet()) pinToName.put(name.replace('.', '_'), name);
        List<String> diffs = CorpusComparison.differences(noTrace, kernel, pinToName, List.of(), ours);
        if (!diffs.isEmpty() && recordedDifferences(dir, noTrace, ours).isEmpty()) {
            // the kernel may disagree with its own recording (e.g. a probe read whose errno depends on
            // the task an IPI interrupted): then ebpf4j is held to the recording, and the case is
            // reported as not reproducible on this kernel rather than passed or failed
            Assumptions.abort(c.name() + ": the live kernel now gives a result different from its own recording, which"
                    + " ebpf4j matches; not reproducible on this kernel:\n" + String.join("\n", diffs));
        }
        assertTrue(diffs.isEmpty(), () -> c.name() + " differs from the live kernel:\n" + String.join("\n", diffs)
                + CorpusEqualityTest.notComparable(c));
    }

    /** How ours differs from the kernel's recorded result of the case ({@code kernel-results/NAME.json}). */
    @SuppressWarnings("unchecked")
    private static List<String> recordedDifferences(Path dir, CorpusCase noTrace, CorpusRunner.Outcome ours) throws Exception {
        Map<String, Object> recorded = (Map<String, Object>) CorpusCase.json(dir.resolve("kernel-results/" + noTrace.name() + ".json"));
        return CorpusComparison.differences(noTrace, (Map<String, Object>) recorded.get("oracle"),
                (Map<String, String>) (Map<?, ?>) recorded.getOrDefault("map_names", Map.of()), List.of(), ours);
    }

    private static Map<String, Object> withoutTrace(Map<String, Object> compare) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(compare);
        m.remove("trace");
        return m;
    }
}
