package io.ebpf4j.vm;

import io.ebpf4j.helpers.Helper;
import io.ebpf4j.helpers.HelperEnvironment;
import io.ebpf4j.helpers.HelperIds;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.link.Linker;
import io.ebpf4j.maps.BpfMap;
import io.ebpf4j.maps.BpfMaps;
import io.ebpf4j.maps.MapException;
import io.ebpf4j.maps.MapFlags;
import io.ebpf4j.maps.MapMemory;
import io.ebpf4j.maps.MapRegistry;
import io.ebpf4j.maps.ProgArrayMap;
import io.ebpf4j.maps.SpecialFields;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.MapSpec;
import io.ebpf4j.object.MapType;
import io.ebpf4j.object.ProgramSpec;
import io.ebpf4j.progtype.ProgTypeOps;
import io.ebpf4j.progtype.ProgTypes;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A {@link BpfObject} instantiated and ready to run: libbpf's {@code bpf_object__load} without a
 * kernel. Loading links the programs ({@link Linker}), creates every map
 * ({@link BpfMaps#create}) with global data filled in ({@code .rodata} and {@code .kconfig} frozen
 * and read-only for programs, as libbpf's {@code bpf_object__populate_internal_map} and the
 * verifier's {@code BPF_F_RDONLY_PROG} make them), resolves map references to addresses, fills
 * program arrays and map-in-maps from their initial values, and lays out the CPU slots.
 *
 * <h2>Memory</h2>
 * One shared arena ({@link MemoryArena}, {@link java.lang.foreign.Arena#ofShared()}), sized from
 * the object: map storage (headers, keys, values, rings), global data, and per CPU slot a stack
 * (frames of 512 bytes: the 8 a program may use, times 34 for chains of tail calls made from
 * subprograms), a context region and a packet region (with the XDP headroom of 256 bytes in front
 * of the packet). Everything a program can point to is in it, below 4 GiB.
 *
 * <h2>Threads</h2>
 * {@link #cpus()} CPU slots; a run takes a free slot (or the one it asks for) for its duration, so
 * up to {@code cpus} programs run at once on different threads, sharing maps as programs on
 * different CPUs of a kernel do. Atomic instructions and map operations are safe across slots.
 *
 * <pre>{@code
 * try (Runtime rt = Runtime.load(BpfObject.open(Path.of("prog.o")))) {
 *     RunResult r = rt.program("xdp_prog").run(packet);
 *     byte[] v = rt.map("counts").orElseThrow().lookup(key);
 * }
 * }</pre>
 */
public final class Runtime implements AutoCloseable {
    /**
     * Stack frames of a CPU slot: the 8 ({@code MAX_CALL_FRAMES}) of one program, for the program
     * and each of the 33 programs it may tail-call, since a tail call from a subprogram leaves the
     * frames below it in place (the x86-64 JIT replaces only the calling frame).
     */
    static final int STACK_FRAMES = VmOptions.MAX_CALL_FRAMES * (RunContext.MAX_TAIL_CALL_CNT + 1);

    /**
     * Helpers whose implementations read or write integers in memory in little-endian order only
     * (checksums summed as little-endian words, ring buffer record headers): a big-endian object
     * that calls one is refused at load time rather than given little-endian results.
     */
    private static final java.util.Set<Integer> LITTLE_ENDIAN_ONLY_HELPERS = java.util.Set.of(HelperIds.CSUM_DIFF,
            HelperIds.L3_CSUM_REPLACE, HelperIds.L4_CSUM_REPLACE, HelperIds.RINGBUF_OUTPUT, HelperIds.RINGBUF_RESERVE,
            HelperIds.RINGBUF_SUBMIT, HelperIds.RINGBUF_DISCARD);
    /** Program types whose context layout ebpf4j writes in either byte order (the others only little-endian). */
    private static final java.util.Set<String> BIG_ENDIAN_TYPES = java.util.Set.of("xdp", "syscall", "raw_tracepoint", "memory");

    private final BpfObject object;
    /** The object is big-endian ({@code -target bpfeb}): its programs run with big-endian memory, as on a big-endian kernel. */
    private final boolean bigEndian;
    private final RuntimeOptions options;
    private final MemoryArena arena;
    private final MapRegistry registry;
    private final List<BpfMap> maps;
    private final List<MapSpec> mapSpecs;
    private final long[] valueAddress;
    private volatile long[] mapAddrs;
    private volatile BpfMap[] mapObjs;
    private final CpuSlot[] slots;
    private final Interpreter[] interpreters;
    /** The JIT engine of each slot when {@link RuntimeOptions#engine()} is {@link Engine#JIT}, else null. */
    private final JitBridge.SlotEngine[] jits;
    private final io.ebpf4j.progtype.SlotMemory[] slotMemories;
    private final AtomicIntegerArray busy;
    private final HelperEnvironment environment;
    private final TraceLog trace;
    private final Map<String, BpfProgram> programs = new LinkedHashMap<>();
    private final List<BpfProgram> programTable = new CopyOnWriteArrayList<>();
    private final long scratch;
    private volatile boolean closed;

    /** Programs linked before the runtime was made ({@link #load(BpfObject, RuntimeOptions, java.util.Collection)}), by name. */
    private final Map<String, LinkedProgram> linkedBefore;

    private Runtime(BpfObject object, RuntimeOptions options, Map<String, LinkedProgram> linkedBefore) {
        this.object = object;
        this.linkedBefore = linkedBefore;
        this.bigEndian = object.byteOrder() == ByteOrder.BIG_ENDIAN;
        this.options = options;
        this.environment = new HelperEnvironment(options.task(), options.clock(), options.randomSeed(),
                options.probeRegions(), options.cpus());
        this.trace = new TraceLog(options.traceCapacity());

        // 1. link (bpf_object__relocate), before maps exist: the .kconfig map's contents come from linking
        List<ProgramSpec> selected = selectPrograms();
        Map<String, LinkedProgram> linked = new LinkedHashMap<>();
        for (ProgramSpec p : selected) linked.put(p.name(), link(p));
        this.mapSpecs = initialMapSpecs(linked.values());

        // 2. arena and maps (bpf_object__create_maps), retried with more room if the estimate was short
        long mapBytes = 0, readOnlyBytes = 0;
        for (MapSpec s : mapSpecs) {
            long e = ArenaSizing.estimate(s, options.cpus());
            if (readOnly(s)) readOnlyBytes += e;
            else mapBytes += e;
        }
        long slotBytes = (long) options.cpus()
                * (CpuSlot.footprint(VmOptions.MAX_BPF_STACK, STACK_FRAMES, options.contextCapacity(), options.packetCapacity())
                   + (options.checked() ? 2 * RegionCheck.STACK_GUARD + 128 : 0));
        MemoryArena a = null;
        MapRegistry reg = null;
        List<BpfMap> created = null;
        for (int attempt = 0; ; attempt++) {
            long writable = mapBytes + slotBytes + options.extraMapMemory() + 4096;
            long total = writable + readOnlyBytes;
            if (total > MemoryArena.MAX_SIZE) {
                throw new BpfRuntimeException(String.format("%s: the memory arena would need %,d bytes (maps %,d, read-only"
                        + " maps %,d, %d CPU slots %,d), more than the %,d bytes that keep BPF addresses below 4 GiB;"
                        + " lower max_entries, RuntimeOptions.cpus or the slot capacities", object.file(), total, mapBytes,
                        readOnlyBytes, options.cpus(), slotBytes, MemoryArena.MAX_SIZE));
            }
            a = new MemoryArena(writable, readOnlyBytes, object.byteOrder());
            reg = MapRegistry.create();
            try {
                created = createMaps(a, reg);
                break;
            } catch (ArenaFull full) {
                for (BpfMap m : full.created) m.close();
                a.close();
                if (attempt == 6) throw full.cause;
                mapBytes = mapBytes * 2 + 65536;
                readOnlyBytes = readOnlyBytes * 2 + (readOnlyBytes > 0 ? 65536 : 0);
            }
        }
        this.arena = a;
        this.registry = reg;
        this.maps = Collections.unmodifiableList(created);
        this.mapAddrs = created.stream().mapToLong(BpfMap::address).toArray();
        this.mapObjs = created.toArray(BpfMap[]::new);
        this.scratch = arena.allocate(64, 8, "runtime: scratch");
        this.valueAddress = new long[created.size()];
        for (int i = 0; i < created.size(); i++) valueAddress[i] = directValueAddress(created.get(i));

        // 3. CPU slots
        int n = options.cpus();
        this.slots = new CpuSlot[n];
        this.interpreters = new Interpreter[n];
        this.jits = options.engine() == Engine.JIT ? new JitBridge.SlotEngine[n] : null;
        this.busy = new AtomicIntegerArray(n);
        this.slotMemories = new io.ebpf4j.progtype.SlotMemory[n];
        RuntimeServices services = new Services();
        for (int i = 0; i < n; i++) {
            slots[i] = CpuSlot.allocate(arena, i, "cpu " + i + ": ", VmOptions.MAX_BPF_STACK, STACK_FRAMES,
                    options.contextCapacity(), options.packetCapacity(), "packet",
                    options.checked() ? RegionCheck.STACK_GUARD : 0);
        }
        for (int i = 0; i < n; i++) {
            VmMemory mem = new VmMemory(arena, slots[i], false);
            interpreters[i] = new Interpreter(mem, new RunContext(arena, i, services), options.instructionBudget(),
                    options.mayGotoLimit(), VmOptions.MAX_CALL_FRAMES, options.checked() ? slots : null);
            if (jits != null) {
                jits[i] = JitBridge.newJit(mem, interpreters[i].context(), options.instructionBudget(), options.mayGotoLimit(),
                        VmOptions.MAX_CALL_FRAMES, interpreters[i].regionCheck(),
                        // a Runtime's programs were verified unless it runs in checked mode, where the slot drops both
                        true, true);
            }
            slotMemories[i] = newSlotMemory(i);
        }

        // 4. programs (bpf_object__load_progs) and the initial values of program arrays and map-in-maps
        for (Map.Entry<String, LinkedProgram> e : linked.entrySet()) prepare(e.getValue());
        initialSlots();
    }

    /** {@link #load(BpfObject, RuntimeOptions)} with {@link RuntimeOptions#defaults()}. */
    public static Runtime load(BpfObject object) {
        return load(object, RuntimeOptions.defaults());
    }

    /**
     * Instantiates {@code object}.
     *
     * @throws io.ebpf4j.link.LinkException if a program cannot be linked
     * @throws MapException                 if a map cannot be created (the kernel's checks) or the arena is full
     * @throws BpfRuntimeException          if a program calls a helper the runtime does not offer (naming
     *                                      helper and instruction), refers to something it cannot resolve, or
     *                                      the arena would exceed 4 GiB
     */
    public static Runtime load(BpfObject object, RuntimeOptions options) {
        return new Runtime(object, options, Map.of());
    }

    /**
     * Instantiates {@code object} with some of its programs already linked, as
     * {@code Linker.link(object, name, options.linkOptions())} links them: the runtime uses those instead of linking
     * them again. A tool that verifies a program before it runs it (the command line's {@code run} and
     * {@code bench}) links it once; linking a program of a million instructions takes 0.3-0.8 s.
     *
     * @throws IllegalArgumentException if one of {@code linked} was not linked from {@code object}, or two are of
     *                                  the same program
     * @see #load(BpfObject, RuntimeOptions)
     */
    public static Runtime load(BpfObject object, RuntimeOptions options, java.util.Collection<LinkedProgram> linked) {
        Map<String, LinkedProgram> byName = new java.util.HashMap<>();
        for (LinkedProgram lp : linked) {
            // the entry's ProgramSpec is the object's own instance only if the program was linked from this object
            if (object.program(lp.name()).orElse(null) != lp.entry()) {
                throw new IllegalArgumentException("program '" + lp.name() + "' was not linked from " + object.file());
            }
            if (byName.put(lp.name(), lp) != null) throw new IllegalArgumentException("program '" + lp.name() + "' is given twice");
        }
        return new Runtime(object, options, Map.copyOf(byName));
    }

    // ------------------------------------------------------------------ loading

    private List<ProgramSpec> selectPrograms() {
        List<ProgramSpec> out = new ArrayList<>();
        if (options.programs() != null) {
            for (String name : options.programs()) {
                ProgramSpec p = findProgram(name).orElseThrow(() -> new BpfRuntimeException(object.file()
                        + ": no program '" + name + "'; programs: " + object.programs().stream().map(ProgramSpec::name).toList()));
                if (!out.contains(p)) out.add(p);
            }
        } else {
            for (ProgramSpec p : object.programs()) {
                if (p.autoload() && opsFor(p).isPresent()) out.add(p);
            }
        }
        // programs named by program arrays' initial values are loaded too
        for (MapSpec m : object.maps()) {
            if (m.type() != MapType.PROG_ARRAY) continue;
            for (MapSpec.Slot s : m.initialSlots()) {
                object.program(s.target()).filter(p -> !out.contains(p)).ifPresent(out::add);
            }
        }
        return out;
    }

    private Optional<ProgramSpec> findProgram(String name) {
        Optional<ProgramSpec> p = object.program(name);
        if (p.isPresent()) return p;
        return object.programs().stream().filter(s -> s.sectionName().equals(name)).findFirst();
    }

    private Optional<ProgTypeOps> opsFor(ProgramSpec p) {
        String override = options.programTypes().get(p.name());
        if (override == null) override = options.programTypes().get(p.sectionName());
        if (override != null) {
            String o = override;
            return Optional.of(ProgTypes.byName(o).orElseThrow(() -> new BpfRuntimeException(
                    "program '" + p.name() + "': unknown program type '" + o + "'")));
        }
        return ProgTypes.of(p.type());
    }

    private static boolean readOnly(MapSpec s) {
        return s.frozen() || (s.flags() & MapFlags.BPF_F_RDONLY_PROG) != 0;
    }

    /** Signals that the arena estimate was too small. */
    private static final class ArenaFull extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient List<BpfMap> created;
        final MapException cause;

        ArenaFull(List<BpfMap> created, MapException cause) {
            super(null, null, false, false);
            this.created = created;
            this.cause = cause;
        }
    }

    /** A MapMemory that notes when the arena runs out, so the load can retry with a larger one. */
    private static final class TrackingMemory implements MapMemory {
        final MapMemory inner;
        boolean full;

        TrackingMemory(MapMemory inner) {
            this.inner = inner;
        }

        @Override
        public MemorySegment segment() {
            return inner.segment();
        }

        @Override
        public long baseAddress() {
            return inner.baseAddress();
        }

        @Override
        public ByteOrder byteOrder() {
            return inner.byteOrder();
        }

        @Override
        public long allocate(long size, long align, String region) {
            try {
                return inner.allocate(size, align, region);
            } catch (MapException e) {
                full = true;
                throw e;
            }
        }
    }

    private List<BpfMap> createMaps(MemoryArena a, MapRegistry reg) {
        List<BpfMap> out = new ArrayList<>();
        for (MapSpec s : mapSpecs) {
            TrackingMemory mem = new TrackingMemory(readOnly(s) ? a.readOnlyMemory() : a);
            try {
                SpecialFields fields = SpecialFields.of(object.btf().orElse(null), s.valueTypeId());
                out.add(BpfMaps.create(s, mem, options.cpus(), reg, fields));
            } catch (MapException e) {
                if (mem.full) throw new ArenaFull(out, e);
                for (BpfMap m : out) m.close();
                throw e;
            }
        }
        return out;
    }

    /** {@code map_direct_value_addr} of an array: the address of element 0 (global data), or 0 for other maps. */
    private long directValueAddress(BpfMap m) {
        if (m.type() != MapType.ARRAY) return 0;
        arena.segment().asSlice(scratch - MemoryArena.BASE, 4).fill((byte) 0);
        return m.lookup(scratch, 0);
    }

    /** Resolves {@code ld_imm64} map references of linked programs to arena addresses. */
    private long resolve(String program, int slot, Insn in) {
        int src = in.src();
        int index = in.imm();
        if (src == Opcodes.PSEUDO_MAP_IDX || src == Opcodes.PSEUDO_MAP_IDX_VALUE) {
            if (index < 0 || index >= maps.size()) {
                throw new BpfRuntimeException(program, slot, in, "map index " + index + " out of range (" + maps.size() + " maps)", null);
            }
            BpfMap m = maps.get(index);
            if (src == Opcodes.PSEUDO_MAP_IDX) return m.address();
            long v = valueAddress[index];
            long off = Integer.toUnsignedLong(in.imm2());
            if (v == 0) {
                throw new BpfRuntimeException(program, slot, in, "map '" + m.name() + "' (" + m.type().libbpfName()
                        + ") has no direct value address: only arrays do (map_direct_value_addr)", null);
            }
            if (off >= m.spec().valueSize()) {
                throw new BpfRuntimeException(program, slot, in, "offset " + off + " is past the value of map '" + m.name()
                        + "' (" + m.spec().valueSize() + " bytes)", null);
            }
            return v + off;
        }
        throw new BpfRuntimeException(program, slot, in, "ld_imm64 src=" + src + " (" + PreparedProgram.pseudoName(src)
                + ") cannot be resolved by the runtime" + (src == Opcodes.PSEUDO_BTF_ID ? " (kernel symbols do not exist here)" : ""), null);
    }

    /**
     * The maps to create: the first linked program's (the {@code .kconfig} contents come from linking),
     * except that a global data map holding a function table takes the contents of the first program
     * that refers to it (the linker wrote that program's function pointers into it, issue #6).
     */
    private List<MapSpec> initialMapSpecs(java.util.Collection<LinkedProgram> linked) {
        if (linked.isEmpty()) return object.maps();
        List<MapSpec> specs = new ArrayList<>(linked.iterator().next().maps());
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        for (LinkedProgram lp : linked) {
            for (LinkedProgram.DataFunction f : lp.dataFunctions()) {
                if (taken.add(f.mapIndex())) specs.set(f.mapIndex(), lp.maps().get(f.mapIndex()));
            }
        }
        return specs;
    }

    /**
     * Every function address the linker wrote into a global data map for {@code lp} must be the one
     * the created map was initialised with: one map is shared by every program of the runtime, and a
     * function pointer is a slot of one linked program. Programs whose layouts put a table's function
     * at different slots cannot share the table (a clear error, not a call of the wrong function).
     */
    private void checkFunctionTables(LinkedProgram lp) {
        for (LinkedProgram.DataFunction f : lp.dataFunctions()) {
            byte[] mine = lp.maps().get(f.mapIndex()).contents();
            byte[] created = mapSpecs.get(f.mapIndex()).contents();
            if (!Arrays.equals(mine, f.offset(), f.offset() + f.size(), created, f.offset(), f.offset() + f.size())) {
                throw new BpfRuntimeException("program '" + lp.name() + "': the function table in map '"
                        + mapSpecs.get(f.mapIndex()).name() + "' (offset " + f.offset() + ", function '" + f.function()
                        + "') was filled in for another program of this runtime, where '" + f.function() + "' is at a"
                        + " different slot; ebpf4j cannot share a function table between programs whose linked layouts"
                        + " differ (load them in separate runtimes)");
            }
        }
    }

    private synchronized BpfProgram prepare(LinkedProgram lp) {
        ProgramSpec spec = lp.entry();
        BpfProgram existing = programs.get(spec.name());
        if (existing != null) return existing;
        checkFunctionTables(lp);
        ProgTypeOps ops = opsFor(spec).orElseThrow(() -> new BpfRuntimeException("program '" + spec.name() + "' (section '"
                + spec.sectionName() + "'): program type " + spec.type().libbpfName() + " is not supported by the runtime;"
                + " supported: xdp, socket, tc, syscall, raw_tracepoint, memory"));
        String name = spec.name();
        if (bigEndian && !BIG_ENDIAN_TYPES.contains(ops.name())) {
            throw new BpfRuntimeException("program '" + name + "' (section '" + spec.sectionName() + "') of a big-endian"
                    + " object: ebpf4j lays out the " + ops.name() + " context only in little-endian order; big-endian"
                    + " objects run as " + BIG_ENDIAN_TYPES.stream().sorted().toList() + " programs");
        }
        PreparedProgram.HelperLookup lookup = new PreparedProgram.HelperLookup() {
            @Override
            public Helper helper(int id) {
                Helper h = options.helpers().get(id).orElse(null);
                if (h == null) return null;
                if (bigEndian && LITTLE_ENDIAN_ONLY_HELPERS.contains(id) && !options.helpers().isUserHelper(id)) return null;
                return options.helpers().isUserHelper(id) || ops.allowsHelper(id) ? h : null;
            }

            @Override
            public String missing(int id) {
                String known = HelperIds.name(id);
                if (bigEndian && LITTLE_ENDIAN_ONLY_HELPERS.contains(id) && options.helpers().get(id).isPresent()) {
                    return "helper " + known + " (#" + id + ") is implemented for little-endian memory only, and this"
                            + " object is big-endian";
                }
                if (options.helpers().get(id).isPresent()) {
                    return "helper " + known + " (#" + id + ") is not available to " + ops.name()
                            + " programs (the kernel's get_func_proto for the type does not offer it)";
                }
                return known == null ? "unknown helper #" + id
                        : "helper " + known + " (#" + id + ") is not implemented by ebpf4j";
            }
        };
        PreparedProgram prepared = PreparedProgram.prepare(name, lp.program(), lookup, (slot, in) -> resolve(name, slot, in),
                bigEndian);
        // a function of a table in global data is a callx target, as a ld_imm64 src=BPF_PSEUDO_FUNC one is
        for (LinkedProgram.DataFunction f : lp.dataFunctions()) prepared.functionEntry[f.startSlot()] = true;
        BpfProgram p = new BpfProgram(this, lp, ops, prepared, programTable.size());
        prepared.id = p.id();
        if (jits != null) jits[0].compile(JitBridge.code(prepared)); // the JIT compiles at load, as the kernel's does
        programTable.add(p);
        programs.put(name, p);
        return p;
    }

    private void initialSlots() {
        for (int i = 0; i < mapSpecs.size(); i++) {
            MapSpec s = mapSpecs.get(i);
            BpfMap m = maps.get(i);
            for (MapSpec.Slot slot : s.initialSlots()) {
                if (m instanceof ProgArrayMap pa) {
                    BpfProgram target = programs.get(slot.target());
                    if (target == null) {
                        throw new BpfRuntimeException("map '" + s.name() + "': slot " + slot.index() + " names program '"
                                + slot.target() + "', which is not loaded");
                    }
                    check(pa.set(slot.index(), target.id()), s, slot);
                } else if (s.type().isMapInMap()) {
                    BpfMap inner = map(slot.target()).orElseThrow(() -> new BpfRuntimeException("map '" + s.name()
                            + "': slot " + slot.index() + " names map '" + slot.target() + "', which does not exist"));
                    byte[] key = ByteBuffer.allocate(s.keySize()).order(object.byteOrder()).putInt(0, slot.index()).array();
                    byte[] value = ByteBuffer.allocate(4).order(object.byteOrder()).putInt(0, inner.id()).array();
                    check(m.update(key, value, MapFlags.BPF_ANY), s, slot);
                }
            }
        }
    }

    private static void check(int err, MapSpec s, MapSpec.Slot slot) {
        if (err != 0) {
            throw new BpfRuntimeException("map '" + s.name() + "': cannot set slot " + slot.index() + " to '" + slot.target()
                    + "': error " + err);
        }
    }

    // ------------------------------------------------------------------ API

    /** The object this runtime instantiates. */
    public BpfObject object() {
        return object;
    }

    /** The options the runtime was loaded with. */
    public RuntimeOptions options() {
        return options;
    }

    /** Number of CPU slots. */
    public int cpus() {
        return slots.length;
    }

    /** The arena: regions, sizes. */
    public MemoryArena memory() {
        return arena;
    }

    /** Where CPU slot {@code cpu}'s stack, context and packet regions are. */
    public CpuSlot slot(int cpu) {
        return slots[cpu];
    }

    /** The object's maps, in libbpf's order ({@link BpfObject#maps()}). */
    public List<BpfMap> maps() {
        return maps;
    }

    /** The map named {@code name} (as {@link MapSpec#name()}: e.g. {@code "counts"} or {@code "prog.bss"}). */
    public Optional<BpfMap> map(String name) {
        for (BpfMap m : maps) {
            if (m.name().equals(name)) return Optional.of(m);
        }
        return Optional.empty();
    }

    /** The maps of this runtime by id (for map-in-map values). */
    public MapRegistry mapRegistry() {
        return registry;
    }

    /**
     * Creates a map after loading (e.g. an inner map to put into a map-in-map), in the arena's
     * spare room ({@link RuntimeOptions#extraMapMemory()}).
     */
    public synchronized BpfMap createMap(MapSpec spec) {
        ensureOpen();
        BpfMap m = BpfMaps.create(spec, readOnly(spec) ? arena.readOnlyMemory() : arena, options.cpus(), registry);
        long[] addrs = java.util.Arrays.copyOf(mapAddrs, mapAddrs.length + 1);
        BpfMap[] objs = java.util.Arrays.copyOf(mapObjs, mapObjs.length + 1);
        addrs[addrs.length - 1] = m.address();
        objs[objs.length - 1] = m;
        mapObjs = objs;
        mapAddrs = addrs;
        return m;
    }

    /**
     * The program named {@code name}: its function name or its section name. Programs not loaded
     * at {@link #load} (not autoloaded, or left out by {@link RuntimeOptions#programs()}) are linked
     * and prepared now.
     *
     * @throws BpfRuntimeException if there is no such program, or it cannot be prepared
     */
    public BpfProgram program(String name) {
        ensureOpen();
        synchronized (this) {
            BpfProgram p = programs.get(name);
            if (p != null) return p;
            for (BpfProgram q : programs.values()) {
                if (q.sectionName().equals(name)) return q;
            }
        }
        ProgramSpec spec = findProgram(name).orElseThrow(() -> new BpfRuntimeException(object.file() + ": no program '" + name
                + "'; programs: " + object.programs().stream().map(ProgramSpec::name).toList()));
        return prepare(link(spec));
    }

    /** {@code spec} linked with this runtime's link options, or as it was given linked. */
    private LinkedProgram link(ProgramSpec spec) {
        LinkedProgram given = linkedBefore.get(spec.name());
        return given != null ? given : Linker.link(object, spec.name(), options.linkOptions());
    }

    /** The programs prepared so far, in load order. */
    public synchronized List<BpfProgram> programs() {
        return List.copyOf(programs.values());
    }

    /** The program with runtime id {@code id} (what program arrays hold), if any. */
    public Optional<BpfProgram> programById(int id) {
        return id >= 0 && id < programTable.size() ? Optional.of(programTable.get(id)) : Optional.empty();
    }

    /** The trace output of every program of this runtime. */
    public TraceLog trace() {
        return trace;
    }

    /** The clock, task and probe memory helpers see. */
    public HelperEnvironment environment() {
        return environment;
    }

    /** Frees the arena and closes the maps; programs cannot run afterwards. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        // wait for runs in progress
        for (int i = 0; i < busy.length(); i++) {
            while (!busy.compareAndSet(i, 0, 2)) Thread.onSpinWait();
        }
        for (BpfMap m : maps) m.close();
        arena.close();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    void ensureOpen() {
        if (closed) throw new BpfRuntimeException("the runtime is closed");
    }

    // ------------------------------------------------------------------ CPU slots

    /** Takes CPU slot {@code cpu}, waiting while another run uses it. */
    int acquire(int cpu) {
        if (cpu < 0 || cpu >= slots.length) {
            throw new BpfRuntimeException("CPU slot " + cpu + " does not exist (the runtime has " + slots.length + ")");
        }
        int spins = 0;
        while (!busy.compareAndSet(cpu, 0, 1)) {
            if (busy.get(cpu) == 2) throw new BpfRuntimeException("the runtime is closed");
            if (++spins < 100) Thread.onSpinWait();
            else Thread.yield();
        }
        return cpu;
    }

    /** Takes a free CPU slot, preferring one that depends on the calling thread, waiting if all are in use. */
    int acquireAny() {
        int n = slots.length;
        int first = (int) Math.floorMod(Thread.currentThread().threadId(), (long) n);
        for (int spins = 0; ; spins++) {
            for (int k = 0; k < n; k++) {
                int i = first + k < n ? first + k : first + k - n;
                if (busy.compareAndSet(i, 0, 1)) return i;
            }
            if (closed) throw new BpfRuntimeException("the runtime is closed");
            if (spins < 100) Thread.onSpinWait();
            else Thread.yield();
        }
    }

    void release(int cpu) {
        busy.set(cpu, 0);
    }

    Interpreter interpreter(int cpu) {
        return interpreters[cpu];
    }

    /** The JIT engine of slot {@code cpu}, or null when the runtime interprets. */
    JitBridge.SlotEngine jit(int cpu) {
        return jits == null ? null : jits[cpu];
    }

    io.ebpf4j.progtype.SlotMemory slotMemory(int cpu) {
        return slotMemories[cpu];
    }

    private io.ebpf4j.progtype.SlotMemory newSlotMemory(int cpu) {
        CpuSlot s = slots[cpu];
        return new io.ebpf4j.progtype.SlotMemory() {
            @Override
            public MemorySegment segment() {
                return arena.segment();
            }

            @Override
            public long baseAddress() {
                return MemoryArena.BASE;
            }

            @Override
            public long ctxAddress() {
                return s.ctxAddress();
            }

            @Override
            public int ctxCapacity() {
                return s.ctxCapacity();
            }

            @Override
            public long packetAddress() {
                return s.packetAddress();
            }

            @Override
            public int packetCapacity() {
                return s.packetCapacity();
            }

            @Override
            public ByteOrder byteOrder() {
                return arena.byteOrder();
            }
        };
    }

    /** What the slots' helper contexts ask the runtime. */
    private final class Services implements RuntimeServices {
        @Override
        public BpfMap mapAt(long pointer) {
            long[] a = mapAddrs;
            for (int i = 0; i < a.length; i++) {
                if (a[i] == pointer) return mapObjs[i];
            }
            BpfMap m = registry.mapContaining(pointer);
            return m != null && m.address() == pointer ? m : null;
        }

        @Override
        public BpfMap mapContaining(long address) {
            return registry.mapContaining(address);
        }

        @Override
        public PreparedProgram tailCallTarget(BpfMap progArray, int index) {
            if (!(progArray instanceof ProgArrayMap pa)) return null;
            int id = pa.programAt(index);
            if (id < 0 || id >= programTable.size()) return null;
            return programTable.get(id).prepared();
        }

        @Override
        public HelperEnvironment environment() {
            return environment;
        }

        @Override
        public void trace(int cpu, String line) {
            trace.add(cpu, line);
        }
    }
}
