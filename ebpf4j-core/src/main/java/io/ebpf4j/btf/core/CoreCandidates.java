package io.ebpf4j.btf.core;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;

/**
 * Candidate search (libbpf {@code bpf_core_find_cands} / {@code bpf_core_add_cands}): the target
 * types whose essential name (flavor suffix {@code ___x} dropped) equals the local type's and
 * whose kind is compatible (same kind, or both enums). The main BTF is searched first (the target
 * itself, or the base of split BTF, printed as {@code vmlinux}); the split BTF's own types only
 * when the main BTF has no candidate, as libbpf searches module BTF only when vmlinux has none.
 */
final class CoreCandidates {
    private CoreCandidates() {}

    /** Essential-name index per BTF and id range, built once (a linear scan decodes every type). */
    private static final Map<Btf, Map<String, int[]>> INDEX = new WeakHashMap<>();

    private static Map<String, int[]> index(Btf btf) {
        synchronized (INDEX) {
            Map<String, int[]> idx = INDEX.get(btf);
            if (idx != null) return idx;
        }
        Map<String, List<Integer>> tmp = new HashMap<>();
        for (int id = btf.firstTypeId(); id < btf.typeCount(); id++) {
            String name = btf.type(id).name();
            if (name.isEmpty()) continue;
            tmp.computeIfAbsent(CoreTypes.essentialName(name), k -> new ArrayList<>(1)).add(id);
        }
        Map<String, int[]> idx = new HashMap<>(tmp.size() * 2);
        tmp.forEach((k, v) -> idx.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        synchronized (INDEX) {
            INDEX.putIfAbsent(btf, idx);
            return INDEX.get(btf);
        }
    }

    /** Candidates of one BTF's own ids (not its base's), in id order. */
    private static void add(Btf local, BtfType localType, Btf search, Btf target, String btfName, List<CoreCalc.Cand> out,
                            Consumer<String> trace) {
        String essential = CoreTypes.essentialName(localType.name());
        int[] ids = index(search).getOrDefault(essential, new int[0]); // in id order
        for (int id : ids) {
            BtfType t = target.type(id);
            if (!CoreTypes.kindCompat(t, localType)) continue;
            trace.accept("CO-RE relocating [" + localType.id() + "] " + CoreTypes.describe(localType) + ": found target candidate ["
                    + id + "] " + CoreTypes.describe(t) + " in [" + btfName + "]");
            out.add(new CoreCalc.Cand(target, id, btfName));
        }
    }

    /** The candidates for local type {@code localType} (named) in {@code target}. */
    static List<CoreCalc.Cand> find(Btf local, BtfType localType, Btf target, String mainName, String splitName,
                                    Consumer<String> trace) {
        List<CoreCalc.Cand> out = new ArrayList<>();
        Btf main = target.base() != null ? target.base() : target;
        add(local, localType, main, target, mainName, out, trace);
        if (out.isEmpty() && target.base() != null) {
            add(local, localType, target, target, splitName, out, trace);
        }
        return out;
    }
}
