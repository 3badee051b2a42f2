package io.ebpf4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ebpf4j.Ebpf4jException;
import io.ebpf4j.isa.Program;
import io.ebpf4j.vm.ConformanceHelpers;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.Vm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every bpf_conformance program ({@code <shared>/conformance/tests/*.data}) on the interpreter and on the JIT,
 * as the suite's README ("What the programs expect from the runtime") describes: r1 = address of
 * the mem buffer (0 without one), r2 = its length, helper 5 = unwind, and all 64 bits of r0 compared.
 */
class ConformanceSuiteTest {

    /** Why the suite cannot run, or null when the programs are there. */
    private static String missing(Path dir) {
        if (dir == null) return "system property ebpf4j.shared is not set: cannot find the conformance programs";
        return Files.isDirectory(dir) ? null : "no conformance programs at " + dir;
    }

    @TestFactory
    Stream<DynamicTest> conformance() throws IOException {
        return suite(Engine.INTERPRETER);
    }

    /** The same programs compiled by the JIT (io.ebpf4j.jit): the same results. */
    @TestFactory
    Stream<DynamicTest> conformanceJit() throws IOException {
        return suite(Engine.JIT);
    }

    private static Stream<DynamicTest> suite(Engine engine) throws IOException {
        String shared = System.getProperty("ebpf4j.shared");
        Path dir = shared == null || shared.isBlank() ? null : Path.of(shared, "conformance", "tests");
        String why = missing(dir);
        if (why != null) {
            // an aborted dynamic test shows up as "skipped" in surefire; an aborted factory would vanish
            return Stream.of(DynamicTest.dynamicTest("conformance programs not found", () -> Assumptions.abort(why)));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".data")).sorted().toList();
        }
        assertEquals(313, files.size(), "number of conformance programs");
        return files.stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), path.toUri(),
                () -> check(ConformanceFile.read(path), engine)));
    }

    private static void check(ConformanceFile file, Engine engine) {
        Program program = file.program().validate();
        if (file.result().isEmpty()) {
            // an "-- error" file: the runtime must reject the program, at load time or while running
            assertThrows(Ebpf4jException.class, () -> {
                try (Vm vm = Vm.load(program, ConformanceHelpers.options(), engine)) {
                    run(vm, file);
                }
            }, file.name() + " must be rejected: " + file.error().orElse(""));
            return;
        }
        long expected = file.result().getAsLong();
        try (Vm vm = Vm.load(program, ConformanceHelpers.options(), engine)) {
            long r0 = run(vm, file);
            assertEquals(expected, r0, () -> String.format("%s: r0 = 0x%x, expected 0x%x", file.name(), r0, expected));
        }
    }

    private static long run(Vm vm, ConformanceFile file) {
        return file.hasMem() ? vm.run(file.mem()) : vm.run(0, 0);
    }
}
