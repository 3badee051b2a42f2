package io.ebpf4j.verifier.prevail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * PREVAIL's YAML verifier suites (../shared/prevail-yaml, 802 cases) against our verifier: the verdicts must agree
 * (PREVAIL expects an error iff {@link PrevailCase#expectsError()}), or the case is listed in
 * {@code src/test/resources/prevail-disagreements.txt} with the reason. The test fails for
 * <ul>
 *   <li>a disagreement that is not listed;</li>
 *   <li>a listed case that now agrees (the list stays true);</li>
 *   <li>a case we accept whose expected messages name a real safety violation ({@link #SAFETY}), listed or not:
 *       that is a verifier bug;</li>
 *   <li>a verifier exception on any case.</li>
 * </ul>
 * Cases with {@code call <label>} or {@code callx} belong to issue #6 and are counted apart. A case that does not
 * run must be listed in the same file as {@code not run: <file>.yaml: <test-case> | <reason>}, and a case listed so
 * must not run; the figures are printed per YAML file as well.
 */
class PrevailYamlTest {

    static final String LIST = "/prevail-disagreements.txt";

    /**
     * Expected messages that are not safety violations, so accepting such a case may be a listed disagreement:
     * PREVAIL's "Possible division by zero" under {@code !allow_division_by_zero} (BPF defines division by zero,
     * RFC 9669 §4.1: the option is PREVAIL's policy) and "Only numbers can be stored to externally-visible regions"
     * (PREVAIL runs YAML cases unprivileged; the kernel lets a privileged program store a pointer in a map value,
     * verifier.c check_mem_access allow_ptr_leaks). Every other error message (out of bounds, null, wrong or
     * uninitialised type, non-numeric stack, bad helper, recursion, ...) is a safety violation.
     */
    static final Pattern NOT_SAFETY = Pattern.compile(
            ".*: (Possible division by zero|Only numbers can be stored to externally-visible regions) .*");

    /**
     * The reason of a listed case we accept although its expected message reads like a safety violation, where it
     * is none for the kernel: the reason must say why, citing the kernel's rule (e.g. a privileged program may
     * copy a pointer into a 32-bit register: verifier.c check_alu_op, is_pointer_value is false under
     * allow_ptr_leaks). Anything else accepted with such a message is a verifier bug.
     */
    static final String NOT_A_VIOLATION = "not a safety violation:";

    static boolean namesSafetyViolation(PrevailCase c) {
        return c.errorMessages().stream().anyMatch(m -> !NOT_SAFETY.matcher(m).matches());
    }

    static final String NOT_RUN = "not run: ";

    /** The committed list: case id ("file.yaml: name") to reason; {@code notRun} ids get the "not run: " prefix. */
    static Map<String, String> listed() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = PrevailYamlTest.class.getResourceAsStream(LIST)) {
            if (in == null) return out;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) continue;
                int bar = line.lastIndexOf(" | ");
                if (bar < 0) throw new IllegalStateException(LIST + ":" + n + ": expected 'file.yaml: case | reason'");
                String id = line.substring(0, bar).strip();
                if (out.put(id, line.substring(bar + 3).strip()) != null) {
                    throw new IllegalStateException(LIST + ":" + n + ": " + id + " listed twice");
                }
            }
        }
        return out;
    }

    @TestFactory
    List<DynamicTest> prevailYaml() throws IOException {
        String[] why = new String[1];
        Path dir = PrevailSuites.dir(why);
        if (dir == null) return List.of(DynamicTest.dynamicTest("prevail-yaml absent", () -> Assumptions.abort(why[0])));
        List<PrevailCase> cases = PrevailSuites.all(dir);
        Map<String, String> listed = listed();
        Map<String, int[]> byFile = new java.util.TreeMap<>(); // file -> cases, run, agree, disagree

        List<DynamicTest> tests = new ArrayList<>();
        int[] single = new int[4], calls = new int[4]; // total, parsed, agree, disagree
        int[] withoutOption = new int[1], approximated = new int[1], readerOnly = new int[1], callsRefused = new int[1];
        List<String> dropped = new ArrayList<>();
        int[] ran = new int[1], bothReject = new int[1], sameLine = new int[1];
        List<String> otherLine = new ArrayList<>();
        List<String> bugs = new ArrayList<>();
        for (PrevailCase c : cases) {
            int[] bucket = c.usesCalls() ? calls : single;
            bucket[0]++;
            String id = c.id();
            String reason = listed.remove(id);
            String notRunReason = listed.remove(NOT_RUN + id);
            int[] file = byFile.computeIfAbsent(c.file(), k -> new int[4]);
            file[0]++;
            if (c.expectedException() != null) {
                // PREVAIL gives no verdict for it: its reader throws before the analysis (listed as not run)
                tests.add(DynamicTest.dynamicTest("not run: " + id, () -> {
                    if (notRunReason == null) fail(id + " does not run (PREVAIL's reader rejects it: " + c.expectedException()
                            + ") and is not listed as '" + NOT_RUN + "' in " + LIST);
                }));
                // PREVAIL's own reader rejects the case; ours must too, with the same message (PrevailParseTest checks it)
                boolean ok = c.expectedException().equals(c.formatError());
                readerOnly[0]++;
                bucket[1]++;
                bucket[ok ? 2 : 3]++;
                file[ok ? 2 : 3]++;
                tests.add(DynamicTest.dynamicTest(id, () -> assertEquals(c.expectedException(), c.formatError())));
                continue;
            }
            PrevailRunner.Outcome o;
            try {
                o = PrevailRunner.run(c);
            } catch (UnsupportedOperationException e) {
                return List.of(DynamicTest.dynamicTest("verifier", () -> Assumptions.abort("the verifier is not implemented yet: " + e.getMessage())));
            } catch (RuntimeException e) {
                tests.add(DynamicTest.dynamicTest(id, () -> fail("verifier threw on " + id, e)));
                bucket[3]++;
                continue;
            }
            if (o.parsed()) bucket[1]++;
            if (o.ran()) ran[0]++;
            if (o.ran()) file[1]++;
            file[o.agrees() ? 2 : 3]++;
            if (o.ran() && !o.ignoredOptions().isEmpty()) withoutOption[0]++;
            if (o.ran() && !o.approximations().isEmpty()) {
                approximated[0]++;
                dropped.add(id + (o.agrees() ? " (agrees)" : " (disagrees)") + ": " + o.approximations());
            }
            if (o.ran() && !o.accepted() && c.expectsError() && c.errorLine() >= 0) {
                bothReject[0]++;
                if (c.errorLine() == o.errorLine()) sameLine[0]++;
                else otherLine.add(id + " (PREVAIL " + c.errorLine() + ", ebpf4j " + o.errorLine() + ")");
            }
            boolean agrees = o.agrees();
            bucket[agrees ? 2 : 3]++;
            // an issue #6 case that agrees only because the verifier refuses every call it does not analyse yet
            if (agrees && bucket == calls && o.firstError() != null && o.firstError().contains("not analysed yet")) callsRefused[0]++;
            String ours = !o.parsed() ? "not parsed: " + o.parseError()
                    : !o.ran() ? "not run: " + o.untranslatable()
                    : o.accepted() ? "accepted" : "rejected: " + o.firstError();
            String detail = id + "\n  PREVAIL: " + (c.expectsError() ? "error " + c.errorMessages() : "no error")
                    + "\n  ebpf4j:  " + ours
                    + (o.approximations().isEmpty() ? "" : "\n  pre approximated: " + o.approximations())
                    + (o.ignoredOptions().isEmpty() ? "" : "\n  options without counterpart: " + o.ignoredOptions());
            boolean waived = reason != null && reason.startsWith(NOT_A_VIOLATION);
            boolean acceptsError = o.ran() && o.accepted() && c.expectsError();
            boolean bug = acceptsError && namesSafetyViolation(c) && !waived;
            if (bug) bugs.add(id);
            tests.add(DynamicTest.dynamicTest(id, () -> {
                if (!o.ran() && notRunReason == null) fail("does not run and is not listed as '" + NOT_RUN + "' in " + LIST + ": " + detail);
                if (o.ran() && notRunReason != null) fail("listed as '" + NOT_RUN + "' in " + LIST + " but runs now (remove it): " + detail);
                if (bug) fail("verifier bug: accepts a case whose expected messages name a safety violation: " + detail);
                if (waived && !acceptsError) fail("'" + NOT_A_VIOLATION + "' is for cases we accept and PREVAIL rejects: " + detail);
                if (agrees && reason != null) fail("listed in " + LIST + " but agrees now (remove it): " + detail);
                if (!agrees && reason == null) fail("disagreement not listed in " + LIST + ": " + detail);
            }));
        }
        String summary = String.format(
                "prevail-yaml: %d cases, %d run; single-function: %d, %d parsed, %d agree, %d disagree; "
                        + "with call <label>/callx (issue #6): %d, %d parsed, %d agree, %d disagree; %d verifier bugs (accepted safety violations)",
                cases.size(), ran[0], single[0], single[1], single[2], single[3], calls[0], calls[1], calls[2], calls[3], bugs.size());
        System.out.println(summary);
        System.out.println("prevail-yaml: " + readerOnly[0] + " cases test PREVAIL's case reader (expected-exception), counted as agreeing when ours rejects them with the same message; "
                + (cases.size() - readerOnly[0] - ran[0]) + " cases parsed but not run (pre not expressible); "
                + callsRefused[0] + " issue #6 cases agree only because the verifier refuses calls it does not analyse yet");
        System.out.println("prevail-yaml: " + withoutOption[0] + " cases ran without a counterpart for an option (big_endian, simplify), "
                + approximated[0] + " with a pre fact dropped: " + dropped);
        System.out.println("prevail-yaml: both reject " + bothReject[0] + " cases with a numbered error, " + sameLine[0]
                + " at the same instruction; elsewhere: " + otherLine);
        if (!bugs.isEmpty()) System.out.println("prevail-yaml verifier bugs: " + bugs);
        StringBuilder groups = new StringBuilder("prevail-yaml by file (cases/run/agree/disagree):");
        for (Map.Entry<String, int[]> e : byFile.entrySet()) {
            int[] f = e.getValue();
            groups.append(' ').append(e.getKey()).append(' ').append(f[0]).append('/').append(f[1]).append('/').append(f[2]).append('/').append(f[3]).append(';');
        }
        System.out.println(groups);
        List<String> stale = new ArrayList<>(listed.keySet());
        tests.add(DynamicTest.dynamicTest("summary: " + summary, () -> {
            assertEquals(PrevailSuites.EXPECTED_CASES, cases.size());
            if (!stale.isEmpty()) fail(LIST + " names cases that do not exist: " + stale);
        }));
        return tests;
    }
}
