package io.ebpf4j.verifier.prevail;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One test case of PREVAIL's YAML verifier suites (vbpf/prevail {@code test-data/*.yaml}, format described in
 * {@code ../shared/prevail-yaml/README.md} and {@code test-schema.yaml}).
 *
 * @param file              the suite's file name, e.g. {@code "call.yaml"}
 * @param name              {@code test-case}
 * @param options           {@code options} (may be empty)
 * @param pre               {@code pre}: the entry state as constraint strings
 * @param blocks            {@code code}: label (with its angle brackets) to block text, in file order
 * @param post              {@code post}: the expected invariant at exit ({@code ["_|_"]} is bottom)
 * @param messages          {@code messages}: the expected diagnostics (empty when absent)
 * @param expectedException {@code expected-exception}: the message with which reading the case must fail, or null
 * @param formatError       why the case is malformed the way PREVAIL's reader checks ({@code observe} structure), or null
 */
public record PrevailCase(String file, String name, List<String> options, List<String> pre,
                          Map<String, String> blocks, List<String> post, List<String> messages,
                          String expectedException, String formatError) {

    /** PREVAIL's warning for a branch edge that the analysis proves infeasible (src/result.cpp find_unreachable): not an error. */
    static final String UNREACHABLE = "Code becomes unreachable";

    PrevailCase renamed(String newName) {
        return new PrevailCase(file, newName, options, pre, blocks, post, messages, expectedException, formatError);
    }

    public String id() {
        return file + ": " + name;
    }

    /** Whether the code holds a bpf-to-bpf call ({@code call <label>}) or {@code callx}: the scope of issue #6. */
    public boolean usesCalls() {
        for (String block : blocks.values()) {
            for (String line : block.split("\n")) {
                String s = line.contains(";") ? line.substring(0, line.indexOf(';')) : line;
                s = s.strip();
                if (s.startsWith("callx ") || s.matches("call\\s+<.*")) return true;
            }
        }
        return false;
    }

    /**
     * The expected verdict. PREVAIL's harness (src/test/ebpf_yaml.cpp run_yaml_test_case) puts into
     * {@code messages} the first error the analysis found, the unreachable-edge warnings, and the failed
     * {@code observe} checks. Only the first kind is a rejection: a case expects an error iff one of its messages
     * is neither an unreachable-code warning nor an observation failure ({@code post: ["_|_"]} alone means the exit
     * is unreachable, for instance after {@code assume} of a false condition, which is no error).
     */
    public boolean expectsError() {
        return !errorMessages().isEmpty();
    }

    /** The expected messages that are errors (see {@link #expectsError()}). */
    public List<String> errorMessages() {
        List<String> out = new ArrayList<>();
        for (String m : messages) {
            if (m.contains(UNREACHABLE)) continue;
            if (m.matches("\\S+: observation (consistent|entailed) failed at (pre|post)")) continue;
            out.add(m);
        }
        return out;
    }

    /**
     * PREVAIL's instruction number of the first expected error ({@code "3: ..."}, {@code "7 (counter): ..."}), or -1
     * when it names none or a call path ({@code "0/2: ..."}, {@code "too many call stack frames"}).
     */
    public int errorLine() {
        for (String m : errorMessages()) {
            java.util.regex.Matcher x = java.util.regex.Pattern.compile("^(\\d+)(?::| \\()").matcher(m);
            if (x.find()) return Integer.parseInt(x.group(1));
        }
        return -1;
    }

    // ------------------------------------------------------------------ reading

    /** The suites in {@code dir} ({@code *.yaml} except the schema), in file-name order. */
    public static List<Path> suites(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("test-schema.yaml"))
                    .sorted()
                    .toList();
        }
    }

    /** Every case of one suite, in order. */
    public static List<PrevailCase> read(Path suite) throws IOException {
        String file = suite.getFileName().toString();
        List<PrevailCase> out = new ArrayList<>();
        LoaderOptions opts = new LoaderOptions();
        Yaml yaml = new Yaml(new SafeConstructor(opts));
        try (Reader r = Files.newBufferedReader(suite, StandardCharsets.UTF_8)) {
            int doc = 0;
            for (Object o : yaml.loadAll(r)) {
                doc++;
                if (o == null) continue; // the empty document before the first "---"
                if (!(o instanceof Map<?, ?> m)) {
                    throw new IllegalArgumentException(file + ": document " + doc + " is not a mapping");
                }
                out.add(of(file, doc, m));
            }
        }
        return out;
    }

    private static PrevailCase of(String file, int doc, Map<?, ?> m) {
        String where = file + " document " + doc;
        Object name = m.get("test-case");
        if (name == null) throw new IllegalArgumentException(where + ": no test-case");
        where = file + ": " + name;
        Map<String, String> blocks = new LinkedHashMap<>();
        Object code = m.get("code");
        if (code instanceof Map<?, ?> cm) {
            for (Map.Entry<?, ?> e : cm.entrySet()) {
                blocks.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : String.valueOf(e.getValue()));
            }
        } else if (code != null) {
            throw new IllegalArgumentException(where + ": code is not a mapping of labels to blocks");
        }
        Object exc = m.get("expected-exception");
        return new PrevailCase(file, String.valueOf(name), strings(m.get("options"), where, "options"),
                strings(m.get("pre"), where, "pre"), blocks, strings(m.get("post"), where, "post"),
                strings(m.get("messages"), where, "messages"), exc == null ? null : String.valueOf(exc),
                observeError(m.get("observe")));
    }

    private static List<String> strings(Object o, String where, String key) {
        if (o == null) return List.of();
        if (!(o instanceof List<?> l)) throw new IllegalArgumentException(where + ": " + key + " is not a sequence");
        List<String> out = new ArrayList<>(l.size());
        for (Object x : l) out.add(String.valueOf(x));
        return List.copyOf(out);
    }

    /**
     * The structural checks PREVAIL's reader applies to {@code observe} (src/test/ebpf_yaml.cpp parse_observations,
     * parse_label_scalar): a sequence of maps, each with a sequence {@code constraints} and a label {@code at}
     * that is {@code entry}, {@code exit} or a non-negative instruction index. Null when well-formed or absent.
     */
    private static String observeError(Object observe) {
        if (observe == null) return null;
        if (!(observe instanceof List<?> items)) return "observe must be a sequence";
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> obs)) return "observe item must be a map";
            Object at = obs.get("at");
            if (at == null || at instanceof Map || at instanceof List) {
                return "Invalid observation label; expected scalar 'entry'/'exit' or instruction index";
            }
            String label = String.valueOf(at);
            if (!label.equals("entry") && !label.equals("exit")) {
                try {
                    if (Integer.parseInt(label) < 0) return "Invalid observation label: " + label;
                } catch (NumberFormatException e) {
                    return "Invalid observation label: " + label;
                }
            }
            Object constraints = obs.get("constraints");
            if (constraints == null) return "observe item missing required 'constraints' field";
            if (!(constraints instanceof List<?>)) return "observe.constraints must be a sequence of strings";
        }
        return null;
    }

    @Override
    public String toString() {
        return id();
    }
}
