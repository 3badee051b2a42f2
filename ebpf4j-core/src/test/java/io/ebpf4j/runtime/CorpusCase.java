package io.ebpf4j.runtime;

import io.ebpf4j.vm.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One case of corpus/corpus.json (see corpus/README.md). */
record CorpusCase(String name, String object, String objectEb, String program, String type, String data, String ctx,
                  int repeat, Map<String, Object> compare, List<Map<String, Object>> nondeterministic,
                  List<String> oracleArgs, String note) {

    /** The corpus directory: {@code ../corpus} from the module directory, or system property {@code ebpf4j.corpus}. */
    static Path dir() {
        String p = System.getProperty("ebpf4j.corpus");
        return p != null && !p.isBlank() ? Path.of(p) : Path.of("..", "corpus").toAbsolutePath().normalize();
    }

    /** Why the corpus cannot be used, or null. */
    static String missing(Path dir) {
        if (!Files.isRegularFile(dir.resolve("corpus.json"))) return "no corpus manifest at " + dir.resolve("corpus.json");
        return null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> manifest(Path dir) {
        return (Map<String, Object>) json(dir.resolve("corpus.json"));
    }

    static Object json(Path p) {
        try {
            return Json.parse(Files.readString(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<CorpusCase> all(Path dir) {
        List<CorpusCase> out = new ArrayList<>();
        for (Object o : (List<Object>) manifest(dir).get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            out.add(new CorpusCase((String) c.get("name"), (String) c.get("object"), (String) c.get("object_eb"),
                    (String) c.get("program"), (String) c.get("type"), (String) c.get("data"), (String) c.get("ctx"),
                    ((BigInteger) c.get("repeat")).intValue(), (Map<String, Object>) c.get("compare"),
                    (List<Map<String, Object>>) (List<?>) c.getOrDefault("nondeterministic", List.of()),
                    (List<String>) (List<?>) c.getOrDefault("oracle_args", List.of()), (String) c.get("note")));
        }
        return out;
    }

    /** The CPU the kernel ran the case on: {@code --cpu N} of {@code oracle_args}, else the recording's pinned CPU. */
    int cpu(int pinned) {
        int i = oracleArgs.indexOf("--cpu");
        return i >= 0 ? Integer.parseInt(oracleArgs.get(i + 1)) : pinned;
    }

    boolean compares(String what) {
        return Boolean.TRUE.equals(compare.get(what));
    }

    @SuppressWarnings("unchecked")
    List<String> comparedMaps() {
        return (List<String>) (List<?>) compare.getOrDefault("maps", List.of());
    }

    /** Maps the manifest names as not comparable, with the reason. */
    Map<String, String> excludedMaps() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (Map<String, Object> n : nondeterministic) {
            if (n.get("map") != null) m.put((String) n.get("map"), n.get("what") + ": " + n.get("why"));
        }
        return m;
    }
}
