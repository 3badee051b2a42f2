package io.ebpf4j.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.runtime.KernelOracle;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Re-asks the running kernel for the verdict of every program of the unsafe corpus (through
 * {@code kernel-oracle}, the same way scripts/record-unsafe.sh recorded it): a program meant to be
 * rejected must still be rejected and for the recorded reason (the {@code kernel_reason} text is in
 * its verifier log), a safe twin must still be accepted. Needs {@code bpf()} (root) and bpffs;
 * otherwise it skips with the reason.
 */
class UnsafeCorpusKernelTest {

    @TestFactory
    Stream<DynamicTest> theLiveKernelGivesTheRecordedVerdict() throws Exception {
        Path dir = UnsafeCorpusTest.corpus();
        String why = UnsafeCorpusTest.missing(dir);
        if (why == null) why = KernelOracle.unavailable();
        if (why != null) {
            String reason = why;
            return Stream.of(DynamicTest.dynamicTest("live kernel not available", () -> Assumptions.abort(reason)));
        }
        var cases = UnsafeCorpusTest.cases(dir);
        // ask for every verdict up front, a few at a time; each test then waits for its own
        var answers = cases.stream().map(c -> KernelOracle.askLater(dir.getParent(),
                List.of("corpus/" + c.object(), c.program(), "--log-lines", "40"), -1)).toList();
        return java.util.stream.IntStream.range(0, cases.size()).mapToObj(i -> {
            var c = cases.get(i);
            return DynamicTest.dynamicTest(c.name() + " [" + c.expect() + "]", () -> {
            KernelOracle.Answer a = KernelOracle.answer(answers.get(i));
            boolean accepted = Boolean.TRUE.equals(a.json().get("accepted"));
            @SuppressWarnings("unchecked")
            List<String> log = (List<String>) (List<?>) a.json().getOrDefault("log_tail", List.of());
            assertEquals(!c.bad(), accepted, () -> c.name() + ": the kernel now " + (accepted ? "accepts" : "rejects") + " it, expected "
                    + c.expect() + "\n" + String.join("\n", log));
            if (c.bad()) {
                assertTrue(log.stream().anyMatch(l -> l.contains(c.kernelReason())), () -> c.name()
                        + ": the kernel rejects it, but not for the recorded reason '" + c.kernelReason() + "':\n" + String.join("\n", log));
            }
            });
        });
    }
}
