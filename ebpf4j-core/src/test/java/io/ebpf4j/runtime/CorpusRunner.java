package io.ebpf4j.runtime;

import io.ebpf4j.maps.BpfMap;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.vm.BpfProgram;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.MapDump;
import io.ebpf4j.vm.RunResult;
import io.ebpf4j.vm.Runtime;
import io.ebpf4j.vm.RuntimeOptions;
import io.ebpf4j.vm.TestRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs a corpus case in ebpf4j the way the recording ran it in the kernel. */
final class CorpusRunner {
    private CorpusRunner() {}

    /** What a run gave: comparable with a kernel result. */
    record Outcome(long retval, String dataOut, String ctxOut, Map<String, List<Object>> maps, List<String> trace,
                   long instructions) {}

    static Outcome run(Path corpus, CorpusCase c, int cpus, int pinnedCpu) throws IOException {
        return run(corpus, c, c.object(), cpus, pinnedCpu, Engine.INTERPRETER);
    }

    static Outcome run(Path corpus, CorpusCase c, int cpus, int pinnedCpu, Engine engine) throws IOException {
        return run(corpus, c, c.object(), cpus, pinnedCpu, engine);
    }

    static Outcome run(Path corpus, CorpusCase c, String objectPath, int cpus, int pinnedCpu) throws IOException {
        return run(corpus, c, objectPath, cpus, pinnedCpu, Engine.INTERPRETER);
    }

    static Outcome run(Path corpus, CorpusCase c, String objectPath, int cpus, int pinnedCpu, Engine engine) throws IOException {
        return run(corpus, c, objectPath, cpus, pinnedCpu, engine, false);
    }

    /**
     * Runs the case with {@code objectPath} (relative to the corpus: the case's object or its big-endian build),
     * in checked mode if {@code checked}.
     */
    static Outcome run(Path corpus, CorpusCase c, String objectPath, int cpus, int pinnedCpu, Engine engine,
                       boolean checked) throws IOException {
        BpfObject object = BpfObject.open(corpus.resolve(objectPath));
        RuntimeOptions options = RuntimeOptions.defaults().withCpus(cpus).withPrograms(Set.of(c.program()))
                .withProgramType(c.program(), c.type()).withEngine(engine).withChecked(checked);
        try (Runtime rt = Runtime.load(object, options)) {
            BpfProgram p = rt.program(c.program());
            byte[] data = c.data() == null ? null : Files.readAllBytes(corpus.resolve(c.data()));
            byte[] ctx = c.ctx() == null ? null : Files.readAllBytes(corpus.resolve(c.ctx()));
            RunResult r = p.run(new TestRun(data, ctx, c.repeat(), c.cpu(pinnedCpu)));
            Map<String, List<Object>> maps = new LinkedHashMap<>();
            for (BpfMap m : rt.maps()) maps.put(m.name(), MapDump.entries(m, object.btf().orElse(null)));
            HexFormat hex = HexFormat.of();
            return new Outcome(r.retval(), r.dataOut() == null ? null : hex.formatHex(r.dataOut()),
                    r.ctxOut() == null ? null : hex.formatHex(r.ctxOut()), maps, r.trace(), r.instructions());
        }
    }
}
