package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.vm.Engine;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every corpus case run by the JIT: equal to the kernel's recorded result (as
 * {@link CorpusEqualityTest} checks the interpreter), and equal to the interpreter's run on
 * everything a run shows — retval, data_out, ctx_out, trace, every deterministic map and the number
 * of instructions executed. Cases with a big-endian build run it too, compared with the kernel's
 * result translated to big-endian exactly as {@link CorpusEqualityTest#checkBigEndian} does, and
 * with the interpreter's run of the same big-endian object. Every case runs twice: as is, and in checked mode
 * ({@link io.ebpf4j.vm.RuntimeOptions#withChecked}, the JIT compiling a region check before each access), where the
 * kernel-accepted programs must neither fault nor give another result than the kernel's and the interpreter's.
 */
class JitCorpusEqualityTest {

    @TestFactory
    Stream<DynamicTest> jitEqualsKernelAndInterpreter() {
        return CorpusEqualityTest.cases(JitCorpusEqualityTest::check, JitCorpusEqualityTest::checkBigEndian);
    }

    private static void checkBigEndian(Path dir, CorpusCase c, int cpus, int pinned, boolean checked) throws Exception {
        CorpusRunner.Outcome jit = CorpusEqualityTest.checkBigEndian(dir, c, cpus, pinned, Engine.JIT, checked);
        CorpusRunner.Outcome interpreted = CorpusRunner.run(dir, c, c.objectEb(), cpus, pinned, Engine.INTERPRETER, checked);
        assertSameRun(c, c.name() + " (big-endian)", interpreted, jit);
    }

    @SuppressWarnings("unchecked")
    private static void check(Path dir, CorpusCase c, int cpus, int pinned, boolean checked) throws Exception {
        CorpusRunner.Outcome jit = CorpusRunner.run(dir, c, c.object(), cpus, pinned, Engine.JIT, checked);
        CorpusRunner.Outcome interpreted = CorpusRunner.run(dir, c, c.object(), cpus, pinned, Engine.INTERPRETER, checked);
        Map<String, Object> result = (Map<String, Object>) CorpusCase.json(dir.resolve("kernel-results/" + c.name() + ".json"));
        List<String> diffs = CorpusComparison.differences(c, (Map<String, Object>) result.get("oracle"),
                (Map<String, String>) (Map<?, ?>) result.getOrDefault("map_names", Map.of()),
                (List<String>) (List<?>) result.getOrDefault("trace", List.of()), jit);
        assertTrue(diffs.isEmpty(), () -> c.name() + " (JIT) differs from the kernel:\n" + String.join("\n", diffs)
                + CorpusEqualityTest.notComparable(c));
        assertSameRun(c, c.name(), interpreted, jit);
    }

    /** The JIT's run shows what the interpreter's does. */
    private static void assertSameRun(CorpusCase c, String what, CorpusRunner.Outcome interpreted, CorpusRunner.Outcome jit) {
        assertEquals(interpreted.retval(), jit.retval(), what + ": retval");
        assertEquals(interpreted.dataOut(), jit.dataOut(), what + ": data_out");
        assertEquals(interpreted.ctxOut(), jit.ctxOut(), what + ": ctx_out");
        assertEquals(interpreted.instructions(), jit.instructions(), what + ": instructions executed");
        assertEquals(deterministic(c, interpreted.maps()), deterministic(c, jit.maps()), what + ": maps");
        if (c.excludedMaps().isEmpty()) assertEquals(interpreted.trace(), jit.trace(), what + ": trace");
    }

    private static Map<String, List<Object>> deterministic(CorpusCase c, Map<String, List<Object>> maps) {
        Map<String, List<Object>> out = new LinkedHashMap<>(maps);
        out.keySet().removeIf(name -> c.excludedMaps().keySet().stream().anyMatch(name::contains));
        return out;
    }
}
