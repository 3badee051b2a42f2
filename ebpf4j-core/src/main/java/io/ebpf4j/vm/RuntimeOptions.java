package io.ebpf4j.vm;

import io.ebpf4j.helpers.Helper;
import io.ebpf4j.helpers.HelperRegistry;
import io.ebpf4j.helpers.ProbeRegion;
import io.ebpf4j.helpers.TaskInfo;
import io.ebpf4j.link.LinkOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * How a {@link Runtime} instantiates an object.
 *
 * @param cpus              CPU slots: how many programs may run at once (default
 *                          {@link java.lang.Runtime#availableProcessors()}); per-CPU maps keep one value per slot
 * @param contextCapacity   bytes of each slot's context region (default 4096; a syscall program's
 *                          context may need up to 65535)
 * @param packetCapacity    bytes of each slot's packet region (default 65536; an XDP frame and a
 *                          test-run skb take 4096; the "memory" type's buffer may be as large as this)
 * @param instructionBudget instructions one run may execute, or {@link VmOptions#UNLIMITED}
 * @param mayGotoLimit      the {@code may_goto} counter of each frame (kernel {@code BPF_MAX_LOOPS})
 * @param helpers           the helpers programs may call (default {@link HelperRegistry#standard()})
 * @param task              what the current-task helpers report
 * @param clock             CLOCK_MONOTONIC in ns for {@code bpf_ktime_get_ns}, or null for {@link System#nanoTime()}
 * @param randomSeed        seed of {@code bpf_get_prandom_u32} for reproducible runs, or null
 * @param probeRegions      memory outside the arena probe helpers may read
 * @param linkOptions       how programs are linked (CO-RE target, Kconfig values, ksyms...)
 * @param programs          names (function or section) of the programs to load, or null for every
 *                          program libbpf would autoload
 * @param programTypes      program name → type name ({@link io.ebpf4j.progtype.ProgTypes#byName}) for
 *                          programs whose section does not tell (as {@code bpftool prog load ... type})
 * @param extraMapMemory    arena bytes kept free for maps created after loading
 * @param traceCapacity     trace lines the runtime keeps
 * @param engine            what runs the programs: the interpreter (default) or the JIT (same results)
 * @param checked           checked mode, for programs nobody verified: every load, store and atomic must lie in
 *                          one region the program may touch that way (its CPU's active stack frames, context and
 *                          packet, map values and global data, read-only ones only read), else the run faults
 *                          naming the instruction; a run without a budget gets one. Both engines: the JIT
 *                          compiles the same check before each access, with the same fault
 */
public record RuntimeOptions(int cpus, int contextCapacity, int packetCapacity, long instructionBudget, long mayGotoLimit,
                             HelperRegistry helpers, TaskInfo task, LongSupplier clock, Long randomSeed,
                             List<ProbeRegion> probeRegions, LinkOptions linkOptions, Set<String> programs,
                             Map<String, String> programTypes, long extraMapMemory, int traceCapacity, Engine engine,
                             boolean checked) {

    /** Checks the limits and copies the collections. */
    public RuntimeOptions {
        if (cpus < 1 || cpus > 4096) throw new IllegalArgumentException("cpus must be 1..4096: " + cpus);
        if (contextCapacity < 256 || contextCapacity > 0x10000) {
            throw new IllegalArgumentException("context capacity must be 256..65536: " + contextCapacity);
        }
        if (packetCapacity < 4096) throw new IllegalArgumentException("packet capacity must be at least 4096: " + packetCapacity);
        if (instructionBudget < 0 || mayGotoLimit < 0 || extraMapMemory < 0) throw new IllegalArgumentException("negative limit");
        Objects.requireNonNull(helpers, "helpers");
        Objects.requireNonNull(task, "task");
        probeRegions = List.copyOf(probeRegions);
        Objects.requireNonNull(linkOptions, "linkOptions");
        programs = programs == null ? null : Set.copyOf(new LinkedHashSet<>(programs));
        programTypes = Map.copyOf(programTypes);
        Objects.requireNonNull(engine, "engine");
    }

    /** The defaults described above. */
    public static RuntimeOptions defaults() {
        return new RuntimeOptions(java.lang.Runtime.getRuntime().availableProcessors(), 4096, 65536, VmOptions.UNLIMITED,
                VmOptions.BPF_MAX_LOOPS, HelperRegistry.standard(), TaskInfo.defaults(), null, null, List.of(),
                LinkOptions.defaults(), null, Map.of(), 1 << 20, 10_000, Engine.INTERPRETER, false);
    }

    /** These options with {@code n} CPU slots (1..4096). */
    public RuntimeOptions withCpus(int n) {
        return new RuntimeOptions(n, contextCapacity, packetCapacity, instructionBudget, mayGotoLimit, helpers, task, clock,
                randomSeed, probeRegions, linkOptions, programs, programTypes, extraMapMemory, traceCapacity, engine, checked);
    }

    /** These options with context regions of {@code bytes} bytes (256..65536). */
    public RuntimeOptions withContextCapacity(int bytes) {
        return new RuntimeOptions(cpus, bytes, packetCapacity, instructionBudget, mayGotoLimit, helpers, task, clock,
                randomSeed, probeRegions, linkOptions, programs, programTypes, extraMapMemory, traceCapacity, engine, checked);
    }

    /** These options with packet regions of {@code bytes} bytes (at least 4096). */
    public RuntimeOptions withPacketCapacity(int bytes) {
        return new RuntimeOptions(cpus, contextCapacity, bytes, instructionBudget, mayGotoLimit, helpers, task, clock,
                randomSeed, probeRegions, linkOptions, programs, programTypes, extraMapMemory, traceCapacity, engine, checked);
    }

    /** These options with at most {@code budget} instructions per run ({@link VmOptions#UNLIMITED} for none). */
    public RuntimeOptions withInstructionBudget(long budget) {
        return new RuntimeOptions(cpus, contextCapacity, packetCapacity, budget, mayGotoLimit, helpers, task, clock,
                randomSeed, probeRegions, linkOptions, programs, programTypes, extraMapMemory, traceCapacity, engine, checked);
    }

    /** These options with {@code limit} as each frame's {@code may_goto} counter. */
    public RuntimeOptions withMayGotoLimit(long limit) {
        return new RuntimeOptions(cpus, contextCapacity, packetCapacity, instructionBudget, limit, helpers, task, clock,
                randomSeed, probeRegions, linkOptions, programs, programTypes, extraMapMemory, traceCapacity, engine, checked);
    }

    /** These options with {@code registry} as the helpers programs may call. */
    public RuntimeOptions withHelpers(HelperRegistry registry) {
        return new RuntimeOptions(cpus, contextCapacity, packetCapacity, instructionBudget, mayGotoLimit, registry, task, clock,
                randomSeed, probeRegions, linkOptions, programs, programTypes, extraMapMemory, traceCapacity, engine, checked);
    }

    /** These options with {@code helper} registered (a Java lambda with its prototype), replacing one with the same id. */
    public RuntimeOptions withHelper(Helper helper) {
        return withHelpers(helpers.with(helper));
    }

    /** These options with {@code info} as what the current-task helpers report. */
    public RuntimeOptions withTask(TaskInfo info) {
        return new RuntimeOptions(cpus, contextCapacity, packetCapacity, instructionBudget, mayGotoLimit, helpers, info, clock,
                randomSeed, probeRegions, linkOptions, programs, programTypes, extraMapMemory, traceCapacity, engine, checked);
    }

    /** These options with {@code monotonicNs} as CLOCK_MONOTONIC (null: {@link System#nanoTime()}). */
    public RuntimeOptions withClock(LongSupplier monotonicNs) {
        return new RuntimeOptions(cpus, contextCapacity, packetCapacity, instructionBudget, mayGotoLimit, helpers, task,
                monotonicNs, randomSeed, probeRegions, linkOptions, programs, programTypes, extraMapMemory, traceCapacity, engine, checked);
    }

    /** These options with {@code bpf_get_prandom_u32} seeded by {@code seed} (null: unseeded). */
    public RuntimeOptions withRandomSeed(Long seed) {
        return new RuntimeOptions(cpus, contextCapacity, packetCapacity, instructionBudget, mayGotoLimit, helpers, task, clock,
                seed, probeRegions, linkOptions, programs, programTypes, extraMapMemory, traceCapacity, engine, checked);
    }

    /** These options with {@code region} added to the memory probe helpers may read. */
    public RuntimeOptions withProbeRegion(ProbeRegion region) {
        List<ProbeRegion> all = new ArrayList<>(probeRegions);
        all.add(region);
        return new RuntimeOptions(cpus, contextCapacity, packetCapacity, instructionBudget, mayGotoLimit, helpers, task, clock,
                randomSeed, all, linkOptions, programs, programTypes, extraMapMemory, traceCapacity, engine, checked);
    }

    /** These options with {@code options} for linking (CO-RE target BTF, Kconfig values, ksyms). */
    public RuntimeOptions withLinkOptions(LinkOptions options) {
        return new RuntimeOptions(cpus, contextCapacity, packetCapacity, instructionBudget, mayGotoLimit, helpers, task, clock,
                randomSeed, probeRegions, options, programs, programTypes, extraMapMemory, traceCapacity, engine, checked);
    }

    /** Loads only these programs (function or section names), as libbpf with the others' autoload turned off. */
    public RuntimeOptions withPrograms(Set<String> names) {
        return new RuntimeOptions(cpus, contextCapacity, packetCapacity, instructionBudget, mayGotoLimit, helpers, task, clock,
                randomSeed, probeRegions, linkOptions, names, programTypes, extraMapMemory, traceCapacity, engine, checked);
    }

    /** Runs program {@code program} as type {@code typeName} (e.g. "xdp", "tc", "socket", "syscall", "memory"). */
    public RuntimeOptions withProgramType(String program, String typeName) {
        Map<String, String> m = new HashMap<>(programTypes);
        m.put(program, typeName);
        return new RuntimeOptions(cpus, contextCapacity, packetCapacity, instructionBudget, mayGotoLimit, helpers, task, clock,
                randomSeed, probeRegions, linkOptions, programs, m, extraMapMemory, traceCapacity, engine, checked);
    }

    /** These options with {@code bytes} of arena kept free for maps created after loading ({@link Runtime#createMap}). */
    public RuntimeOptions withExtraMapMemory(long bytes) {
        return new RuntimeOptions(cpus, contextCapacity, packetCapacity, instructionBudget, mayGotoLimit, helpers, task, clock,
                randomSeed, probeRegions, linkOptions, programs, programTypes, bytes, traceCapacity, engine, checked);
    }

    /** Runs the programs on {@code e}: {@link Engine#JIT} compiles each program to JVM bytecode when it is prepared. */
    public RuntimeOptions withEngine(Engine e) {
        return new RuntimeOptions(cpus, contextCapacity, packetCapacity, instructionBudget, mayGotoLimit, helpers, task, clock,
                randomSeed, probeRegions, linkOptions, programs, programTypes, extraMapMemory, traceCapacity, e, checked);
    }

    /** These options keeping the last {@code lines} trace lines. */
    public RuntimeOptions withTraceCapacity(int lines) {
        return new RuntimeOptions(cpus, contextCapacity, packetCapacity, instructionBudget, mayGotoLimit, helpers, task, clock,
                randomSeed, probeRegions, linkOptions, programs, programTypes, extraMapMemory, lines, engine, checked);
    }

    /** These options in checked mode or not (see {@link #checked()}). */
    public RuntimeOptions withChecked(boolean on) {
        return new RuntimeOptions(cpus, contextCapacity, packetCapacity, instructionBudget, mayGotoLimit, helpers, task, clock,
                randomSeed, probeRegions, linkOptions, programs, programTypes, extraMapMemory, traceCapacity, engine, on);
    }
}
