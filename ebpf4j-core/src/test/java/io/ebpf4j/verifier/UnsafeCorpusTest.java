package io.ebpf4j.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.link.Linker;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.ProgramType;
import io.ebpf4j.vm.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The unsafe corpus (corpus/unsafe/unsafe.json, corpus/README.md "The unsafe corpus") against our
 * verifier: every program is loaded and linked as any object is ({@link BpfObject#open},
 * {@link Linker#link}) and verified for its section's program type; the expected verdict is the
 * Linux kernel's, recorded beside each program by scripts/record-unsafe.sh (with the log line that
 * names the reason). A program the kernel rejects must be rejected (accepting it is counted as
 * ACCEPTS_BAD, a soundness failure); its safe twin, which the kernel accepts, must be accepted
 * (rejecting it is counted as REJECTS_OK, a precision failure). Where the issue asks for a stricter
 * rule than the privileged kernel's (the manifest's {@code ebpf4j_expect} and {@code ebpf4j_reason}:
 * uninitialised stack to a helper, a pointer returned from the program), our verdict must follow
 * the issue.
 *
 * <p>A rejection with the rule "unsupported" is not a verdict: for an issue #5 program (one function)
 * it fails; for an issue #6 program (bpf-to-bpf calls, callbacks, callx, tail calls from
 * subprograms) it is skipped, naming issue #6, while the verifier does not analyse calls. A program
 * type or construct the verifier throws on fails too. The counts per category are printed at the
 * end and written to target/unsafe-corpus-summary.txt.
 */
class UnsafeCorpusTest {

    /**
     * One program of the manifest. {@code expect} is the kernel's verdict the program is built for;
     * {@code ebpf4jExpect} is ours, the same except where the issue deliberately asks for a stricter
     * rule than the privileged kernel's ({@code ebpf4jReason} says which). {@code kernelLog} is the
     * kernel's decisive log lines (rejections).
     */
    record UnsafeCase(String name, String object, String program, String type, int issue, String category, String expect,
                      String ebpf4jExpect, String ebpf4jReason, String twin, String kernelReason, boolean kernelAccepted,
                      List<String> kernelLog) {
        /** The kernel must reject it. */
        boolean bad() {
            return expect.equals("reject");
        }

        /** Our verifier must reject it. */
        boolean weReject() {
            return ebpf4jExpect.equals("reject");
        }
    }

    /** What happened to one program in this run. */
    enum Outcome { REJECTED, ACCEPTED, ACCEPTS_BAD, REJECTS_OK, NOT_HANDLED, SKIPPED_CALLS }

    private record Row(UnsafeCase c, Outcome outcome, String ours, boolean sameInsn) {}

    private static final Map<String, Row> RESULTS = new ConcurrentSkipListMap<>();

    static Path corpus() {
        String p = System.getProperty("ebpf4j.corpus");
        return p != null && !p.isBlank() ? Path.of(p) : Path.of("..", "corpus").toAbsolutePath().normalize();
    }

    @SuppressWarnings("unchecked")
    static List<UnsafeCase> cases(Path corpus) throws IOException {
        Map<String, Object> m = (Map<String, Object>) Json.parse(Files.readString(corpus.resolve("unsafe/unsafe.json")));
        List<UnsafeCase> out = new ArrayList<>();
        for (Map<String, Object> c : (List<Map<String, Object>>) m.get("cases")) {
            Map<String, Object> k = (Map<String, Object>) c.get("kernel_verdict");
            out.add(new UnsafeCase((String) c.get("name"), (String) c.get("object"), (String) c.get("program"), (String) c.get("type"),
                    ((BigInteger) c.get("issue")).intValue(), (String) c.get("category"), (String) c.get("expect"),
                    (String) c.getOrDefault("ebpf4j_expect", c.get("expect")), (String) c.get("ebpf4j_reason"), (String) c.get("twin"), (String) c.get("kernel_reason"), Boolean.TRUE.equals(k.get("accepted")),
                    (List<String>) (List<?>) k.getOrDefault("decisive_log", List.of())));
        }
        return out;
    }

    /** Why the corpus cannot be used, or null. */
    static String missing(Path corpus) {
        Path m = corpus.resolve("unsafe/unsafe.json");
        return Files.isRegularFile(m) ? null : "no unsafe corpus manifest at " + m + " (system property ebpf4j.corpus)";
    }

    @TestFactory
    Stream<DynamicTest> everyProgramGetsTheKernelsVerdict() throws IOException {
        Path dir = corpus();
        String why = missing(dir);
        if (why != null) return Stream.of(DynamicTest.dynamicTest("unsafe corpus", () -> Assumptions.abort(why)));
        return cases(dir).stream().map(c -> DynamicTest.dynamicTest(
                c.name() + " [issue #" + c.issue() + ", " + c.category() + ", kernel " + (c.kernelAccepted() ? "accepts" : "rejects") + "]",
                () -> check(dir, c)));
    }

    /** The manifest covers every source of corpus/unsafe/src, and every object and kernel result it names is committed. */
    @TestFactory
    Stream<DynamicTest> manifestCoversEverySource() throws IOException {
        Path dir = corpus();
        String why = missing(dir);
        if (why != null) return Stream.of(DynamicTest.dynamicTest("unsafe corpus", () -> Assumptions.abort(why)));
        List<UnsafeCase> cases = cases(dir);
        Map<String, UnsafeCase> byName = cases.stream().collect(Collectors.toMap(UnsafeCase::name, c -> c));
        List<String> sources;
        try (Stream<Path> s = Files.list(dir.resolve("unsafe/src"))) {
            sources = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".c")).map(n -> n.substring(0, n.length() - 2)).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : sources) {
            tests.add(DynamicTest.dynamicTest("source " + name, () -> {
                UnsafeCase c = byName.get(name);
                assertTrue(c != null, name + ".c has no entry in unsafe.json: run scripts/record-unsafe.sh " + name);
                String header = Files.readString(dir.resolve("unsafe/src/" + name + ".c"));
                header = header.substring(0, header.indexOf("*/"));
                assertTrue(header.contains("expect: " + c.expect()), name + ": the source's expect: line differs from unsafe.json");
                assertTrue(Files.isRegularFile(dir.resolve(c.object())), name + ": object " + c.object() + " is not committed");
                assertTrue(Files.isRegularFile(dir.resolve("unsafe/kernel-results/" + name + ".json")), name + ": no kernel result");
            }));
        }
        for (UnsafeCase c : cases) {
            if (c.twin() == null) continue;
            tests.add(DynamicTest.dynamicTest("twin " + c.name() + " / " + c.twin(), () -> {
                UnsafeCase t = byName.get(c.twin());
                assertTrue(t != null, c.name() + ": its twin " + c.twin() + " is not in the manifest");
                assertTrue(!t.expect().equals(c.expect()),
                        c.name() + " and its twin " + c.twin() + " expect the same verdict");
            }));
        }
        return tests.stream();
    }

    private static void check(Path dir, UnsafeCase c) {
        // the recording itself: the kernel gave the verdict the program is meant to get
        assertEquals(!c.bad(), c.kernelAccepted(), c.name() + ": the recorded kernel verdict is not the expected one ("
                + c.expect() + "); re-record with scripts/record-unsafe.sh");
        BpfObject object = BpfObject.open(dir.resolve(c.object()));
        LinkedProgram linked = Linker.link(object, c.program());
        ProgramType type = object.program(c.program()).orElseThrow().type();
        VerifierResult r;
        try {
            r = Verifier.verify(object, linked, type, VerifierOptions.defaults());
        } catch (VerifierException e) {
            record(c, Outcome.NOT_HANDLED, "verifier could not run: " + e.getMessage(), false);
            fail(c.name() + ": not handled by our verifier (the kernel " + (c.kernelAccepted() ? "accepts" : "rejects") + " it): "
                    + e.getMessage());
            return;
        }
        String ours = r.errors().stream().map(VerifierError::format).collect(Collectors.joining("\n  "));
        List<VerifierError> unsupported = r.errors().stream().filter(e -> e.rule().equals("unsupported")).toList();
        if (!r.accepted() && !unsupported.isEmpty()) {
            String msg = unsupported.get(0).format();
            if (c.issue() == 6 && callsNotAnalysed(unsupported.get(0))) {
                record(c, Outcome.SKIPPED_CALLS, msg, false);
                Assumptions.abort("issue #6 (calls): our verifier does not analyse calls yet: " + msg);
            }
            record(c, Outcome.NOT_HANDLED, msg, false);
            fail(c.name() + ": not handled by our verifier (the kernel " + (c.kernelAccepted() ? "accepts" : "rejects") + " it): " + msg);
        }
        if (c.weReject()) {
            boolean same = !r.accepted() && sameInstruction(linked, r.errors().get(0), c.kernelLog());
            record(c, r.accepted() ? Outcome.ACCEPTS_BAD : Outcome.REJECTED, r.accepted() ? "accepted" : ours, same);
            String kernel = c.bad() ? "the kernel rejects it (" + String.join(" / ", c.kernelLog()) + ")"
                    : "the privileged kernel accepts it, but " + c.ebpf4jReason();
            assertFalse(r.accepted(), () -> c.name() + ": wrongly accepted (soundness): " + kernel + ", our verifier accepts it");
            System.out.println("[unsafe] " + c.name() + ": rejected\n  ours:   " + ours + "\n  kernel: "
                    + (c.bad() ? String.join(" / ", c.kernelLog()) : "accepts (privileged); " + c.ebpf4jReason()));
        } else {
            record(c, r.accepted() ? Outcome.ACCEPTED : Outcome.REJECTS_OK, r.accepted() ? "accepted" : ours, false);
            assertTrue(r.accepted(), () -> c.name() + ": wrongly rejected (precision): the kernel accepts it"
                    + (c.twin() != null ? " (safe twin of " + c.twin() + ")" : "") + ", our verifier rejects it:\n  " + ours);
        }
    }

    /** The "unsupported" errors that mean "calls are issue #6", as the verifier words them. */
    private static boolean callsNotAnalysed(VerifierError e) {
        String m = e.message() == null ? "" : e.message();
        return m.contains("issue #6") || m.contains("call");
    }

    private static final Pattern KERNEL_INSN = Pattern.compile("^(\\d+): \\(");

    /** Whether our first error is at the instruction the kernel stopped at (the kernel numbers 8-byte slots). */
    private static boolean sameInstruction(LinkedProgram linked, VerifierError e, List<String> kernelLog) {
        if (e.insnIndex() < 0 || kernelLog.isEmpty()) return false;
        Matcher m = KERNEL_INSN.matcher(kernelLog.get(0));
        return m.find() && Integer.parseInt(m.group(1)) == linked.program().slotOf(e.insnIndex());
    }

    private static void record(UnsafeCase c, Outcome o, String ours, boolean sameInsn) {
        RESULTS.put(c.name(), new Row(c, o, ours, sameInsn));
    }

    @AfterAll
    static void summary() throws IOException {
        if (RESULTS.isEmpty()) return;
        Map<String, int[]> byCategory = new TreeMap<>();
        int[] total = new int[Outcome.values().length + 3];
        for (Row row : RESULTS.values()) {
            String key = "#" + row.c().issue() + " " + row.c().category();
            int[] n = byCategory.computeIfAbsent(key, k -> new int[Outcome.values().length + 3]);
            for (int[] a : List.of(n, total)) {
                a[row.outcome().ordinal()]++;
                a[Outcome.values().length + (row.c().kernelAccepted() ? 1 : 0)]++;
                if (row.sameInsn()) a[Outcome.values().length + 2]++;
            }
        }
        StringBuilder b = new StringBuilder("unsafe corpus: " + RESULTS.size() + " programs\n");
        b.append(String.format("%-26s %7s %7s | %8s %8s %11s %10s %11s %8s | %s%n", "issue category", "k.rej", "k.acc",
                "rejected", "accepted", "ACCEPTS_BAD", "REJECTS_OK", "NOT_HANDLED", "skip#6", "same insn as kernel"));
        byCategory.forEach((k, n) -> b.append(line(k, n)));
        b.append(line("total", total));
        for (Row row : RESULTS.values()) {
            if (!row.c().ebpf4jExpect().equals(row.c().expect())) {
                String how = row.c().weReject() ? "stricter than" : "more permissive than (issue #6: callx)";
                b.append(String.format("  %s the privileged kernel (%s, we %s): %s: %s%n", how, row.c().expect(),
                        row.outcome().name().toLowerCase(), row.c().name(), row.c().ebpf4jReason()));
            }
        }
        for (Row row : RESULTS.values()) {
            if (row.outcome() == Outcome.ACCEPTS_BAD || row.outcome() == Outcome.REJECTS_OK || row.outcome() == Outcome.NOT_HANDLED) {
                b.append(String.format("  %-11s %s: %s%n", row.outcome(), row.c().name(), row.ours().lines().findFirst().orElse("")));
            }
        }
        System.out.print(b);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) Files.writeString(target.resolve("unsafe-corpus-summary.txt"), b.toString());
    }

    private static String line(String key, int[] n) {
        int o = Outcome.values().length;
        return String.format("%-26s %7d %7d | %8d %8d %11d %10d %11d %8d | %d%n", key, n[o], n[o + 1],
                n[Outcome.REJECTED.ordinal()], n[Outcome.ACCEPTED.ordinal()], n[Outcome.ACCEPTS_BAD.ordinal()],
                n[Outcome.REJECTS_OK.ordinal()], n[Outcome.NOT_HANDLED.ordinal()], n[Outcome.SKIPPED_CALLS.ordinal()], n[o + 2]);
    }
}
