package io.ebpf4j.jit;

import io.ebpf4j.vm.BpfProgram;
import io.ebpf4j.vm.JitBridge;
import io.ebpf4j.vm.Vm;
import java.util.Optional;

/**
 * What the JIT made of a program: compile time, size of the hidden class, its methods (one per
 * function, more where a large function was split), and its largest method's bytecode (HotSpot
 * compiles no method above 8,000 bytes).
 *
 * @param instructions   BPF instructions of the program
 * @param compileNanos   generating, defining and instantiating the class
 * @param generateNanos  of which generating the class file
 * @param classBytes     size of the class file
 * @param methods        methods of the class
 * @param largestMethod  bytes of bytecode of the largest method
 * @param unsupported    instructions reachable from a function entry that the compiler does not know: each
 *                       compiles to a fault ("instruction not supported by the JIT compiler") if it runs
 * @param keptFrameSlots stack slots kept in JVM locals instead of the arena, summed over the program's functions
 *                       (see docs/architecture.md, "Frame slots in locals")
 * @param accessGroups   groups of loads and stores (of a basic block, through one base register) that share one bounds
 *                       check: the group's first access takes a slice of the arena that covers them all (see
 *                       docs/architecture.md, "Access groups"); only for programs that run as verified (a Runtime
 *                       not in checked mode)
 * @param groupedAccesses the loads and stores in those groups
 * @param inlinedLookups calls of {@code bpf_map_lookup_elem} on an array map written out in place (an index check and
 *                       an address, as the kernel's verifier writes them: {@code array_map_gen_lookup}); only for
 *                       programs that run as verified
 * @param constantKeys   of those, the lookups whose key the block stored as a constant ({@code u32 key = 0;
 *                       bpf_map_lookup_elem(&map, &key)}): their result is a constant (for a per-CPU array, plus
 *                       the CPU slot's offset)
 * @param directMapCalls calls of {@code bpf_map_lookup_elem}, {@code _update_elem} or {@code _delete_elem} on a map
 *                       known where the program is compiled, made the map's own operation (no helper dispatch, no
 *                       search for the map, no argument checks the verifier made); only for programs that run as
 *                       verified
 * @param inlinedLoops   calls of {@code bpf_loop} written out as a loop that calls the callback's method directly, as the
 *                       kernel's verifier writes them out ({@code inline_bpf_loop}) where flags is a known 0, the
 *                       callback a known function and no instruction budget is set
 */
public record JitInfo(int instructions, long compileNanos, long generateNanos, int classBytes, int methods, int largestMethod,
                      int unsupported, int keptFrameSlots, int accessGroups, int groupedAccesses,
                      int inlinedLookups, int constantKeys, int directMapCalls, int inlinedLoops) {

    /** HotSpot's limit: methods with more bytecode are never compiled ({@code -XX:+DontCompileHugeMethods}). */
    public static final int HUGE_METHOD_LIMIT = JitCompiler.HUGE_METHOD;

    /**
     * The HotSpot option that lets a large program's chunk methods (functions split for HotSpot's size limit) be
     * compiled after 20 times fewer calls than HotSpot's defaults: each chunk runs once per run, so with the defaults
     * a program of hundreds of thousands of instructions runs for minutes in HotSpot's interpreter and C1's profiling
     * code before C2 compiles it. The {@code ./ebpf4j} launcher passes it for {@code run} and {@code bench}; an
     * application that embeds the JIT adds it to its JVM's options (with {@code -XX:CompileCommand=quiet} first, or
     * HotSpot prints the command at start-up).
     */
    public static final String CHUNK_COMPILE_COMMAND = "-XX:CompileCommand=CompileThresholdScaling," + JitBridge.JIT_CLASS_PREFIX + "*::"
            + JitCompiler.CHUNK_PREFIX + "*,0.05";

    /**
     * The HotSpot options that keep a large program's compiled code: a program of ~1,000,000 instructions had
     * ~35 MB of C2 code (15 MB since chunks keep frame slots in their array and pass only live registers) and,
     * while it warms up, C1's profiled code for thousands of chunk methods (60 MB), which filled the default code
     * cache's profiled heap (120 of 240 MB). HotSpot then unloads compiled code it thinks cold, and a chunk runs
     * once per run ({@code -Xlog:codecache} shows it). After 200–240 s the 1M program (35 MB of code) ran at 5.9 ns
     * per instruction with the defaults, 5.1 with a 1 GB cache, 3.2 and (a later run) 5.8 with a 1 GB cache and no
     * unloading of cold code: single runs that vary about 2× between JVMs, so the gain is not established
     * (docs/architecture.md).
     * The cache only reserves address space. The {@code ./ebpf4j} launcher passes these with
     * {@link #CHUNK_COMPILE_COMMAND} to the commands that run programs; an application that embeds the JIT for
     * programs of hundreds of thousands of instructions can pass them too (without unloading, a JVM that loads
     * and drops many programs keeps their code until the cache is full).
     */
    public static final java.util.List<String> CODE_CACHE_OPTIONS = java.util.List.of("-XX:ReservedCodeCacheSize=1g",
            "-XX:-UseCodeCacheFlushing");

    /** The compiled form of a program loaded with {@code Vm.load(..., Engine.JIT)}. */
    public static Optional<JitInfo> of(Vm vm) {
        return from(JitBridge.compiledForm(vm));
    }

    /** The compiled form of a program of a runtime running the JIT. */
    public static Optional<JitInfo> of(BpfProgram program) {
        return from(JitBridge.compiledForm(program));
    }

    private static Optional<JitInfo> from(Object o) {
        if (!(o instanceof ProgramSupport s)) return Optional.empty();
        return Optional.of(new JitInfo(s.code.program().size(), s.compileNanos, s.generateNanos, s.classBytes, s.methods, s.largestMethod,
                s.unsupported, s.keptFrameSlots, s.accessGroups, s.groupedAccesses, s.inlinedLookups, s.constantKeys, s.directMapCalls,
                s.inlinedLoops));
    }
}
