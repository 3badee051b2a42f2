package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.Ebpf4jException;
import io.ebpf4j.jit.JitInfo;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.ProgramSpec;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.Runtime;
import io.ebpf4j.vm.RuntimeOptions;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every program of every corpus object that the runtime loads for the interpreter also compiles
 * with the JIT: the hidden class passes the JVM's verifier (a VerifyError would be an internal
 * error of the compiler), no method passes HotSpot's 8,000-byte limit, and every instruction
 * reachable from a function entry compiles to its operation, none to the "not supported" fault —
 * big-endian objects ({@code *.eb.o}, whose loads, stores and atomics the runtime turns into
 * big-endian forms) included.
 */
class JitCompilesCorpusTest {

    @TestFactory
    Stream<DynamicTest> everyLoadableProgramCompiles() throws IOException {
        Path dir = CorpusCase.dir();
        String why = CorpusCase.missing(dir);
        if (why != null) return Stream.of(DynamicTest.dynamicTest("corpus not found", () -> Assumptions.abort(why)));
        List<DynamicTest> tests = new ArrayList<>();
        objects(dir, (o, object) -> {
            String order = object.byteOrder() == ByteOrder.BIG_ENDIAN ? " (big-endian)" : "";
            for (ProgramSpec p : object.programs()) {
                tests.add(DynamicTest.dynamicTest(o.getFileName() + " " + p.name() + order, () -> check(object, p.name())));
            }
        });
        return tests.stream();
    }

    /** Each corpus object this loader opens (the others are covered by the loader's own tests), with its path. */
    private static void objects(Path dir, java.util.function.BiConsumer<Path, BpfObject> each) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("obj"))) {
            for (Path o : s.filter(p -> p.toString().endsWith(".o")).sorted().toList()) {
                BpfObject object;
                try {
                    object = BpfObject.open(o);
                } catch (Ebpf4jException e) {
                    continue;
                }
                each.accept(o, object);
            }
        }
    }

    private static void check(BpfObject object, String program) {
        RuntimeOptions options = RuntimeOptions.defaults().withCpus(1).withPrograms(Set.of(program));
        try (Runtime rt = Runtime.load(object, options)) {
            rt.program(program);
        } catch (Ebpf4jException e) {
            Assumptions.abort("the runtime does not load it for the interpreter either: " + e.getMessage());
        }
        try (Runtime rt = Runtime.load(object, options.withEngine(Engine.JIT))) {
            JitInfo info = JitInfo.of(rt.program(program)).orElseThrow();
            assertTrue(info.largestMethod() <= JitInfo.HUGE_METHOD_LIMIT, () -> program + ": " + info);
            assertEquals(0, info.unsupported(), () -> program + ": reachable instructions the JIT does not compile: " + info);
        }
    }

    /**
     * A Runtime not in checked mode runs verified programs, so its JIT keeps frame slots that no pointer made from
     * r10 reaches in locals (FrameSlots): clang-built corpus programs have such slots, so the corpus equality test
     * (JitCorpusEqualityTest) runs them that way. Listed in the output.
     */
    @org.junit.jupiter.api.Test
    void someCorpusProgramsKeepFrameSlots() throws IOException {
        Path dir = CorpusCase.dir();
        String why = CorpusCase.missing(dir);
        Assumptions.assumeTrue(why == null, why);
        List<String> kept = new ArrayList<>();
        objects(dir, (o, object) -> {
            for (ProgramSpec p : object.programs()) {
                RuntimeOptions options = RuntimeOptions.defaults().withCpus(1).withPrograms(Set.of(p.name())).withEngine(Engine.JIT);
                try (Runtime rt = Runtime.load(object, options)) {
                    int n = JitInfo.of(rt.program(p.name())).orElseThrow().keptFrameSlots();
                    if (n > 0) kept.add(o.getFileName() + " " + p.name() + ": " + n);
                } catch (Ebpf4jException e) {
                    // not loadable (see everyLoadableProgramCompiles)
                }
            }
        });
        System.out.println("corpus programs with frame slots kept in locals (" + kept.size() + "): " + kept);
        assertTrue(kept.size() >= 5, "corpus programs keeping frame slots: " + kept);
    }
}
