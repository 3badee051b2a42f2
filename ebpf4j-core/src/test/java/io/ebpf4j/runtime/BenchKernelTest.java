package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.object.BpfObject;
import io.ebpf4j.vm.Json;
import io.ebpf4j.vm.RunResult;
import io.ebpf4j.vm.Runtime;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The five XDP builds of {@code ../shared/bench} ({@code NAME.kern.o}) give the kernel's return
 * value and data_out, as recorded with {@code kernel-oracle} in {@code bench-kernel.json}.
 */
class BenchKernelTest {

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> benchProgramsGiveTheKernelsResults() throws Exception {
        Path shared = Fixtures.shared();
        if (shared == null || !Files.isDirectory(shared.resolve("bench"))) {
            String why = "system property ebpf4j.shared does not name the shared folder with bench/: " + shared;
            return Stream.of(DynamicTest.dynamicTest("bench programs not found", () -> Assumptions.abort(why)));
        }
        Map<String, Object> expected;
        try (InputStream in = BenchKernelTest.class.getResourceAsStream("/bench-kernel.json")) {
            expected = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<Map<String, Object>> programs = (List<Map<String, Object>>) (List<?>) expected.get("programs");
        assertEquals(5, programs.size());
        return programs.stream().map(p -> DynamicTest.dynamicTest((String) p.get("object"), () -> {
            try (Runtime rt = Runtime.load(BpfObject.open(shared.resolve((String) p.get("object"))))) {
                RunResult r = rt.program((String) p.get("program")).run(Files.readAllBytes(shared.resolve((String) p.get("input"))));
                assertEquals(((BigInteger) p.get("retval")).longValue(), r.retval(), "retval");
                assertEquals(p.get("data_out"), HexFormat.of().formatHex(r.dataOut()), "data_out");
            }
        }));
    }
}
