package io.ebpf4j.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.ebpf4j.conformance.ConformanceFile;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every conformance file through {@code ebpf4j conformance-plugin} the way the upstream
 * bpf_conformance runner does: program as hex on stdin, memory as the first argument (bytes as
 * two hex digits and two spaces), r0 compared with the expected result as hex text.
 */
class ConformancePluginSuiteTest {

    static String runnerHex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) sb.append(String.format("%02x  ", b & 0xff));
        return sb.toString();
    }

    @TestFactory
    Stream<DynamicTest> everyConformanceFileThroughThePlugin() throws Exception {
        String shared = System.getProperty("ebpf4j.shared");
        Path dir = shared == null ? null : Path.of(shared, "conformance", "tests");
        if (dir == null || !Files.isDirectory(dir)) {
            // a skipped factory reports no test at all; one aborted test makes the skip visible
            String reason = "conformance suite not found: set -Debpf4j.shared to the shared folder (looked at " + dir + ")";
            return Stream.of(DynamicTest.dynamicTest("conformance suite", () -> Assumptions.abort(reason)));
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".data")).sorted().forEach(files::add);
        }
        assertEquals(313, files.size(), "conformance files");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            ConformanceFile test = ConformanceFile.read(f);
            String program = runnerHex(test.program().encode(ByteOrder.LITTLE_ENDIAN)) + "\n";
            CliTest.Result r = test.hasMem()
                    ? CliTest.runWithStdin(program, "conformance-plugin", runnerHex(test.mem()))
                    : CliTest.runWithStdin(program, "conformance-plugin");
            assertEquals(0, r.status(), r.out() + r.err());
            assertEquals(Long.toHexString(test.result().orElseThrow()), r.out().strip());
        }));
    }
}
