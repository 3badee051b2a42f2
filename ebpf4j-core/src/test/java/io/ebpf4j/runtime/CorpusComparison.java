package io.ebpf4j.runtime;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Compares an ebpf4j outcome with a kernel result on what the manifest says is comparable. */
final class CorpusComparison {
    private CorpusComparison() {}

    /** The differences, empty when equal. {@code kernel} is a result file's {@code oracle} object. */
    @SuppressWarnings("unchecked")
    static List<String> differences(CorpusCase c, Map<String, Object> kernel, Map<String, String> pinToName,
                                    List<String> kernelTrace, CorpusRunner.Outcome ours) {
        List<String> diffs = new ArrayList<>();
        Map<String, Object> run = (Map<String, Object>) kernel.get("run");
        if (c.compares("retval")) {
            long k = ((BigInteger) run.get("retval")).longValue();
            if (k != ours.retval()) diffs.add("retval: kernel " + k + ", ebpf4j " + ours.retval());
        }
        if (c.compares("data_out") && !Objects.equals(run.get("data_out"), ours.dataOut())) {
            diffs.add("data_out:\n  kernel " + run.get("data_out") + "\n  ebpf4j " + ours.dataOut());
        }
        if (c.compares("ctx_out") && !Objects.equals(run.get("ctx_out"), ours.ctxOut())) {
            diffs.add("ctx_out:\n  kernel " + run.get("ctx_out") + "\n  ebpf4j " + ours.ctxOut());
        }
        if (c.compares("ctx_in_after") && !Objects.equals(run.get("ctx_in_after"), ours.ctxOut())) {
            diffs.add("ctx_in_after:\n  kernel " + run.get("ctx_in_after") + "\n  ebpf4j " + ours.ctxOut());
        }
        if (c.compares("trace") && !Objects.equals(kernelTrace, ours.trace())) {
            diffs.add("trace:\n  kernel " + kernelTrace + "\n  ebpf4j " + ours.trace());
        }
        Map<String, Object> kmaps = (Map<String, Object>) kernel.getOrDefault("maps", Map.of());
        Map<String, List<Object>> byName = new HashMap<>();
        for (Map.Entry<String, Object> e : kmaps.entrySet()) {
            byName.put(pinToName.getOrDefault(e.getKey(), e.getKey()), (List<Object>) e.getValue());
        }
        Map<String, String> excluded = c.excludedMaps();
        for (String name : c.comparedMaps()) {
            if (excluded.containsKey(name)) continue;
            List<Object> k = byName.get(name);
            List<Object> o = ours.maps().get(name);
            if (k == null) {
                diffs.add("map " + name + ": not in the kernel result");
                continue;
            }
            if (o == null) {
                diffs.add("map " + name + ": ebpf4j has no such map (maps: " + ours.maps().keySet() + ")");
                continue;
            }
            // hash-like maps dump in bucket order: compare entries as a multiset
            if (!sameEntries(k, o)) diffs.add("map " + name + ":\n  kernel " + k + "\n  ebpf4j " + o);
        }
        return diffs;
    }

    private static boolean sameEntries(List<Object> a, List<Object> b) {
        if (a.size() != b.size()) return false;
        List<Object> rest = new ArrayList<>(b);
        for (Object x : a) {
            if (!rest.remove(x)) return false;
        }
        return true;
    }
}
