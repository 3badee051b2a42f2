package io.ebpf4j.verifier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.helpers.HelperRegistry;
import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.link.Linker;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.ProgramSpec;
import io.ebpf4j.progtype.ProgTypeOps;
import io.ebpf4j.progtype.ProgTypes;
import io.ebpf4j.vm.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The verifier against the kernel's verdicts: every program of the runtime corpus
 * (corpus/corpus.json, with the kernel's verdict in corpus/kernel-results) and of
 * ../shared/bench that the kernel accepts, we accept; every program of corpus/rejected (the kernel
 * rejects each, with the message in rejected.json) we reject. Programs with bpf-to-bpf calls or
 * callbacks are skipped visibly: analysing calls is verifier issue #6.
 */
class CorpusVerifierTest {

    static Path corpus() {
        String p = System.getProperty("ebpf4j.corpus");
        return p != null && !p.isBlank() ? Path.of(p) : Path.of("..", "corpus").toAbsolutePath().normalize();
    }

    static Path shared() {
        String s = System.getProperty("ebpf4j.shared");
        return s == null || s.isBlank() ? null : Path.of(s);
    }

    private static DynamicTest skipAll(String name, String why) {
        return DynamicTest.dynamicTest(name, () -> Assumptions.abort(why));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path p) throws IOException {
        return (Map<String, Object>) Json.parse(Files.readString(p));
    }

    /** A program by function name, or by section name as the corpus names some (kernel-oracle accepts both). */
    static String resolve(BpfObject obj, String program) {
        if (obj.program(program).isPresent()) return program;
        return obj.programs().stream().filter(p -> p.sectionName().equals(program)).findFirst().map(ProgramSpec::name).orElse(program);
    }

    static VerifierResult verify(Path object, String programOrSection, String type) {
        BpfObject obj = BpfObject.open(object);
        String program = resolve(obj, programOrSection);
        LinkedProgram lp = Linker.link(obj, program);
        ProgTypeOps ops = type != null ? ProgTypes.byName(type).orElseThrow()
                : ProgTypes.of(obj.program(program).orElseThrow().type()).orElseThrow();
        return Verifier.verify(lp, ops, VerifierOptions.defaults(), HelperRegistry.standard());
    }

    /** Why a program is skipped (it uses callx, issue #6), or null. */
    static String skipReason(Path object, String programOrSection) {
        BpfObject obj = BpfObject.open(object);
        String program = resolve(obj, programOrSection);
        LinkedProgram lp = Linker.link(obj, program);
        for (var in : lp.program().insns()) {
            if (in.isCallx()) return program + " uses callx: indirect calls are verifier issue #6";
        }
        return null;
    }

    private static String describe(VerifierResult r) {
        return r.errors().stream().map(VerifierError::format).collect(Collectors.joining("\n"));
    }

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> corpusProgramsTheKernelAcceptsAreAccepted() throws IOException {
        Path dir = corpus();
        if (!Files.isRegularFile(dir.resolve("corpus.json"))) return Stream.of(skipAll("corpus", "no corpus manifest at " + dir));
        List<Map<String, Object>> cases = (List<Map<String, Object>>) json(dir.resolve("corpus.json")).get("cases");
        Set<String> seen = new LinkedHashSet<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : cases) {
            String object = (String) c.get("object");
            String program = (String) c.get("program");
            String type = (String) c.get("type");
            String name = (String) c.get("name");
            if (!seen.add(object + "/" + program + "/" + type)) continue;
            tests.add(DynamicTest.dynamicTest(name + " (" + object + " " + program + ")", () -> {
                Path kr = dir.resolve("kernel-results").resolve(name + ".json");
                Assumptions.assumeTrue(Files.isRegularFile(kr), "no kernel result recorded for " + name);
                BigInteger status = (BigInteger) json(kr).get("oracle_exit_status");
                Assumptions.assumeTrue(status != null && status.signum() == 0, name + ": the kernel did not accept it");
                Path obj = dir.resolve(object);
                String skip = skipReason(obj, program);
                Assumptions.assumeTrue(skip == null, skip);
                VerifierResult r = verify(obj, program, type);
                assertTrue(r.accepted(), name + ": the kernel accepts it, we reject it:\n" + describe(r));
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> benchProgramsAreAccepted() throws IOException {
        Path shared = shared();
        if (shared == null || !Files.isDirectory(shared.resolve("bench"))) {
            return Stream.of(skipAll("bench", "system property ebpf4j.shared does not name the shared folder with bench/: " + shared));
        }
        List<Path> objects;
        try (Stream<Path> s = Files.list(shared.resolve("bench"))) {
            // the .kern.o builds are the ones bench/README.md says the kernel loads (bpftool prog load ... type xdp)
            objects = s.filter(p -> p.getFileName().toString().endsWith(".kern.o")).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path o : objects) {
            for (ProgramSpec p : BpfObject.open(o).programs()) {
                tests.add(DynamicTest.dynamicTest(o.getFileName() + " " + p.name(), () -> {
                    String skip = skipReason(o, p.name());
                    Assumptions.assumeTrue(skip == null, skip);
                    VerifierResult r = verify(o, p.name(), null);
                    assertTrue(r.accepted(), o.getFileName() + ": the kernel accepts it, we reject it:\n" + describe(r));
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> corpusRejectedProgramsAreRejected() throws IOException {
        Path dir = corpus();
        Path manifest = dir.resolve("rejected").resolve("rejected.json");
        if (!Files.isRegularFile(manifest)) return Stream.of(skipAll("rejected", "no manifest at " + manifest));
        List<Map<String, Object>> cases = (List<Map<String, Object>>) json(manifest).get("cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest((String) c.get("name") + " (kernel: " + c.get("expect_log") + ")", () -> {
            VerifierResult r = verify(dir.resolve((String) c.get("object")), (String) c.get("program"), (String) c.get("type"));
            assertFalse(r.accepted(), c.get("name") + ": the kernel rejects it (" + c.get("expect_log") + "), we accept it");
            assertFalse(r.errors().get(0).rule().equals("unsupported"), "rejected for a real reason, not as unsupported: " + describe(r));
        }));
    }
}
