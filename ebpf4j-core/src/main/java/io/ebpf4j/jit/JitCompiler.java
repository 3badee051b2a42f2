package io.ebpf4j.jit;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import io.ebpf4j.vm.Alu;
import io.ebpf4j.vm.BpfRuntimeException;
import io.ebpf4j.vm.JitBridge;
import io.ebpf4j.vm.MemoryArena;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;

/**
 * Compiles a prepared program into one hidden class (see the package description and
 * docs/architecture.md, "JIT"). Every BPF function reachable from the entry, from a
 * {@code call} or from an {@code ld_imm64 src=4} becomes a static method
 * {@code long f<slot>(JitState s, long r1, ..., long r5, long fp, int depth)}; the code it
 * compiles is what control flow reaches from the function's first slot, so the method holds
 * exactly the instructions the interpreter would run in that frame. A function whose bytecode would
 * pass HotSpot's 8,000-byte compilation limit is split along slot ranges into chunk methods that
 * pass the registers through a {@code long[]} (see {@link Unit}).
 */
final class JitCompiler {
    // ---- descriptors
    static final ClassDesc CD_STATE = ClassDesc.of("io.ebpf4j.jit.JitState");
    static final ClassDesc CD_SUP = ClassDesc.of("io.ebpf4j.jit.ProgramSupport");
    static final ClassDesc CD_PROGRAM = ClassDesc.of("io.ebpf4j.jit.JitProgram");
    static final ClassDesc CD_CODE = ClassDesc.of("io.ebpf4j.vm.JitBridge$Code");
    static final ClassDesc CD_SLOT = ClassDesc.of("io.ebpf4j.vm.JitBridge$Slot");
    static final ClassDesc CD_HELPER_FN = ClassDesc.of("io.ebpf4j.helpers.HelperFunction");
    static final ClassDesc CD_HELPER_CTX = ClassDesc.of("io.ebpf4j.helpers.HelperContext");
    static final ClassDesc CD_BPF_MAP = ClassDesc.of("io.ebpf4j.maps.BpfMap");
    static final ClassDesc CD_SEGMENT = ClassDesc.of("java.lang.foreign.MemorySegment");
    static final ClassDesc CD_ALU = ClassDesc.of("io.ebpf4j.vm.Alu");
    static final ClassDesc CD_RTE = ClassDesc.of("java.lang.RuntimeException");
    static final ClassDesc CD_IOOBE = ClassDesc.of("java.lang.IndexOutOfBoundsException");
    static final ClassDesc CD_OF_LONG = ClassDesc.of("java.lang.foreign.ValueLayout$OfLong");
    static final ClassDesc CD_OF_INT = ClassDesc.of("java.lang.foreign.ValueLayout$OfInt");
    static final ClassDesc CD_OF_SHORT = ClassDesc.of("java.lang.foreign.ValueLayout$OfShort");
    static final ClassDesc CD_OF_BYTE = ClassDesc.of("java.lang.foreign.ValueLayout$OfByte");
    static final ClassDesc CD_LONG_ARRAY = CD_long.arrayType();

    /** {@code (JitState, r1..r5, fp, depth) -> r0}: every function method. */
    static final MethodTypeDesc MT_FUNCTION = MethodTypeDesc.of(CD_long, CD_STATE, CD_long, CD_long, CD_long, CD_long, CD_long,
            CD_long, CD_int);
    /** {@code (JitState, slot, r1..r5, fp, depth) -> r0}: the dispatch over function entries. */
    static final MethodTypeDesc MT_CALL_AT = MethodTypeDesc.of(CD_long, CD_STATE, CD_int, CD_long, CD_long, CD_long, CD_long,
            CD_long, CD_long, CD_int);
    /** {@code (JitState, regs, entry slot, depth) -> next slot or -1}: a chunk of a split function. */
    static final MethodTypeDesc MT_CHUNK = MethodTypeDesc.of(CD_long, CD_STATE, CD_LONG_ARRAY, CD_int, CD_int);
    /** Accessors ({@link Builder#accessor}): {@code (address, slot, state) -> value}, {@code (address, value, slot, state)}. */
    static final MethodTypeDesc MT_LOAD = MethodTypeDesc.of(CD_long, CD_long, CD_int, CD_STATE);
    static final MethodTypeDesc MT_STORE = MethodTypeDesc.of(CD_void, CD_long, CD_int, CD_int, CD_STATE);
    static final MethodTypeDesc MT_STORE64 = MethodTypeDesc.of(CD_void, CD_long, CD_long, CD_int, CD_STATE);
    static final MethodTypeDesc MT_HELPER_CALL = MethodTypeDesc.of(CD_long, CD_HELPER_CTX, CD_long, CD_long, CD_long, CD_long, CD_long);

    // ---- HotSpot: methods above 8,000 bytes of bytecode are never compiled (-XX:-DontCompileHugeMethods)
    static final int HUGE_METHOD = 8000;
    /** Estimated bytes above which a function is split, and the estimated size of one chunk. */
    static final int SPLIT_ABOVE = 6500;
    static final int CHUNK_BYTES = 4500;
    /**
     * Estimated bytes up to which a function above {@link #SPLIT_ABOVE} is first built whole, in a scratch class, and
     * kept whole where its bytecode stays within {@link #WHOLE_LIMIT}. The estimate is an upper bound: the corpus's
     * {@code pkt_parse} (322 instructions, nine helper calls) was estimated above 6,500 bytes and split into chunks,
     * and ran 223 ns a run instead of 113 ns whole.
     */
    static final int TRIAL_ABOVE = 4 * SPLIT_ABOVE;
    /**
     * The largest method the scratch build may give to keep a function whole: HotSpot's limit less room for the real
     * class, whose constant pool holds more (an {@code ldc_w} where the scratch class has an {@code ldc}).
     */
    static final int WHOLE_LIMIT = HUGE_METHOD - 500;
    /**
     * Prefix of the chunk methods of split functions (and of their dispatchers), so that one HotSpot option reaches
     * them: {@code -XX:CompileCommand=CompileThresholdScaling,io.ebpf4j.jit.Bpf_*::chunk_*,0.05}. A chunk runs once
     * per run of its program (straight-line code has no loop to count), so with HotSpot's default thresholds (tier 3
     * after 200 calls, tier 4 after 5,000) a program of hundreds of thousands of instructions spends minutes in
     * HotSpot's interpreter and in C1's profiling code, whose code for a chunk is about 4× its bytecode: a
     * 1,000,000-instruction program had 66 MB of it. The ./ebpf4j launcher passes the option; see README "Large
     * programs". {@link JitInfo#CHUNK_COMPILE_COMMAND} is the option.
     */
    static final String CHUNK_PREFIX = "chunk_";
    /** Constant-pool entries the generated code may use in all (the class file's limit is 65,535; the rest is slack). */
    static final int POOL_ROOM = 60_000;
    /** The largest {@link Function#estimate} of one instruction. */
    static final int LARGEST_ESTIMATE = 110;

    private JitCompiler() {}

    /** Compiles {@code code} for the arena of {@code slot}. */
    static ProgramSupport compile(JitBridge.Code code, JitBridge.Slot slot) {
        long t0 = System.nanoTime();
        ProgramSupport sup = new ProgramSupport(code, slot.segment(), slot.instructionBudget(), slot.maxCallDepth(), slot.checked());
        Generated g = generate(code, slot);
        sup.generateNanos = System.nanoTime() - t0;
        dump(code, g.bytes);
        List<Object> data = new ArrayList<>();
        data.add(sup);
        data.add(slot.segment());
        data.add(slot.writableSegment());
        data.addAll(List.of(g.helpers));
        data.addAll(g.maps);
        define(sup, g.bytes, data);
        sup.classBytes = g.bytes.length;
        sup.methods = g.methods;
        sup.unsupported = g.unsupported;
        sup.keptFrameSlots = g.keptFrameSlots;
        sup.accessGroups = new java.util.HashSet<>(g.facts.grouped.values()).size();
        sup.groupedAccesses = g.facts.grouped.size();
        sup.inlinedLookups = g.facts.inlinedLookups.size();
        sup.constantKeys = g.facts.constantKeys.size();
        sup.directMapCalls = g.facts.directMapCalls.size();
        sup.inlinedLoops = g.facts.inlinedLoops.size();
        sup.compileNanos = System.nanoTime() - t0;
        sup.largestMethod = largestMethod(g.bytes);
        return sup;
    }

    /**
     * Defines the hidden class {@code bytes} (class data {@code data}) and instantiates it into {@code sup.program}.
     * The JVM verifies the whole class here, when it links it: a {@code VerifyError}, {@code ClassFormatError} or
     * any other {@code LinkageError} (or a failing constructor) is a bug of this compiler, never the user's, so it
     * reaches the user only as a {@link BpfRuntimeException} that names the program and says so, thrown when the
     * program is loaded, before it runs. There is no silent fallback to the interpreter: a runtime asked for the JIT
     * either runs compiled code or fails this way (the message says {@code --engine interpreter} runs the program).
     */
    static void define(ProgramSupport sup, byte[] bytes, List<Object> data) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClassWithClassData(bytes, data, true);
            sup.hiddenClass = lookup.lookupClass();
            sup.program = (JitProgram) lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            // VerifyError, ClassFormatError, other LinkageErrors, IllegalAccessException...
            throw internalError(sup.code, e);
        }
    }

    /**
     * Writes the generated class file to the folder named by the system property {@code ebpf4j.jit.dump} (a
     * debugging aid: {@code javap -c -p} reads it), as {@code Bpf_NAME_N.class}; nothing without the property.
     */
    /** The program's name as a part of a Java class name ("anonymous" without one). */
    private static String javaName(JitBridge.Code code) {
        return code.name() == null ? "anonymous" : code.name().replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static void dump(JitBridge.Code code, byte[] bytes) {
        String dir = System.getProperty("ebpf4j.jit.dump");
        if (dir == null) return;
        try {
            java.nio.file.Path d = java.nio.file.Files.createDirectories(java.nio.file.Path.of(dir));
            java.nio.file.Files.write(d.resolve("Bpf_" + javaName(code) + "_" + DUMPED.incrementAndGet() + ".class"), bytes);
        } catch (java.io.IOException e) {
            System.err.println("ebpf4j.jit.dump: cannot write the class file to " + dir + ": " + e);
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger DUMPED = new java.util.concurrent.atomic.AtomicInteger();

    /** Bytes of bytecode of the class's largest method. */
    static int largestMethod(byte[] classFile) {
        int max = 0;
        for (java.lang.classfile.MethodModel m : ClassFile.of().parse(classFile).methods()) {
            int n = m.code().map(c -> ((java.lang.classfile.attribute.CodeAttribute) c).codeLength()).orElse(0);
            max = Math.max(max, n);
        }
        return max;
    }

    static BpfRuntimeException internalError(JitBridge.Code code, Throwable e) {
        return new BpfRuntimeException("internal error of the JIT compiling program "
                + (code.name() == null ? "(anonymous)" : "'" + code.name() + "'") + " (" + code.program().size()
                + " instructions): " + e + " — please report it; the interpreter (--engine interpreter) runs the program", e);
    }

    /** The class file of a program, how many methods it has, and how many reachable instructions it does not support. */
    record Generated(byte[] bytes, int methods, int unsupported, int keptFrameSlots, Facts facts,
                     io.ebpf4j.helpers.HelperFunction[] helpers, List<io.ebpf4j.maps.BpfMap> maps) {}

    /**
     * What {@link Unit} did besides translating instruction by instruction, by slot, for {@link JitInfo}. A build
     * records into its own: a trial build whose class is thrown away ({@code Function.fitsWhole}) gets a fresh one.
     */
    static final class Facts {
        /** The accesses that share a bounds check with others ({@link AccessGroups}), by slot. */
        final java.util.Map<Integer, AccessGroups.Group> grouped = new java.util.HashMap<>();
        /** The map lookups written out in place. */
        final java.util.Set<Integer> inlinedLookups = new java.util.HashSet<>();
        /** Of those, the ones whose key is a constant the block stored: the result is a constant too. */
        final java.util.Set<Integer> constantKeys = new java.util.HashSet<>();
        /** The map helper calls made the map's own operation. */
        final java.util.Set<Integer> directMapCalls = new java.util.HashSet<>();
        /** The {@code bpf_loop} calls written out as a loop that calls the callback's method. */
        final java.util.Set<Integer> inlinedLoops = new java.util.HashSet<>();
    }

    static Generated generate(JitBridge.Code code, JitBridge.Slot slot) {
        try {
            return new JitCompiler.Builder(code, slot).build();
        } catch (BpfRuntimeException e) {
            throw e;
        } catch (RuntimeException e) {
            // IllegalArgumentException of the class-file API (code too large, bad label...)
            throw internalError(code, e);
        }
    }

    // ------------------------------------------------------------------ instruction shapes

    static int opcode(long w) {
        return (int) w & 0xff;
    }

    static int dst(long w) {
        return ((int) w >>> 8) & 0xf;
    }

    static int src(long w) {
        return ((int) w >>> 12) & 0xf;
    }

    static int off(long w) {
        return (int) w >> 16;
    }

    static int imm(long w) {
        return (int) (w >> 32);
    }

    static boolean isJumpClass(int op) {
        int cls = op & 7;
        return cls == 5 || cls == 6;
    }

    /** Whether {@code op} is a conditional jump (not ja/gotol/call/exit/may_goto). */
    static boolean isConditional(int op) {
        if (!isJumpClass(op)) return false;
        int code = op & 0xf0;
        return code != 0x00 && code != 0x80 && code != 0x90 && code != 0xe0 && code != 0xf0;
    }

    /** What the interpreter implements (anything else is "not supported" when reached). */
    static boolean known(int op) {
        switch (op) {
            case 0x07, 0x0f, 0x17, 0x1f, 0x27, 0x2f, 0x37, 0x3f, 0x47, 0x4f, 0x57, 0x5f, 0x67, 0x6f, 0x77, 0x7f, 0x87,
                 0x97, 0x9f, 0xa7, 0xaf, 0xb7, 0xbf, 0xc7, 0xcf, 0xd7,
                 0x04, 0x0c, 0x14, 0x1c, 0x24, 0x2c, 0x34, 0x3c, 0x44, 0x4c, 0x54, 0x5c, 0x64, 0x6c, 0x74, 0x7c, 0x84,
                 0x94, 0x9c, 0xa4, 0xac, 0xb4, 0xbc, 0xc4, 0xcc, 0xd4, 0xdc,
                 0x05, 0x15, 0x1d, 0x25, 0x2d, 0x35, 0x3d, 0x45, 0x4d, 0x55, 0x5d, 0x65, 0x6d, 0x75, 0x7d, 0xa5, 0xad,
                 0xb5, 0xbd, 0xc5, 0xcd, 0xd5, 0xdd, 0xe5,
                 0x06, 0x16, 0x1e, 0x26, 0x2e, 0x36, 0x3e, 0x46, 0x4e, 0x56, 0x5e, 0x66, 0x6e, 0x76, 0x7e, 0xa6, 0xae,
                 0xb6, 0xbe, 0xc6, 0xce, 0xd6, 0xde,
                 0x85, 0x8d, 0x95, 0x18, 0x61, 0x69, 0x71, 0x79, 0x81, 0x89, 0x91, 0x62, 0x6a, 0x72, 0x7a, 0x63, 0x6b,
                 0x73, 0x7b, 0xc3, 0xdb, 0x20, 0x28, 0x30, 0x40, 0x48, 0x50 -> {
                return true;
            }
            default -> {
                return op == JitBridge.Code.CALL_LOCAL || op == JitBridge.Code.MOVSX64_8 || op == JitBridge.Code.MOVSX64_16
                        || op == JitBridge.Code.MOVSX64_32 || op == JitBridge.Code.MOVSX32_8 || op == JitBridge.Code.MOVSX32_16
                        || littleEndianForm(op) >= 0;
            }
        }
    }

    /**
     * For an internal big-endian memory opcode of the runtime (a {@code -target bpfeb} program's
     * load, store or atomic: {@code JitBridge.Code.LDXW_BE}...), the instruction it stands for;
     * -1 for any other opcode. The access is the same, only the memory's byte order differs.
     */
    static int littleEndianForm(int op) {
        return switch (op) {
            case JitBridge.Code.LDXW_BE -> 0x61;     // ldxw
            case JitBridge.Code.LDXH_BE -> 0x69;     // ldxh
            case JitBridge.Code.LDXDW_BE -> 0x79;    // ldxdw
            case JitBridge.Code.LDXSW_BE -> 0x81;    // ldxsw (RFC 9669 §5.2 MEMSX)
            case JitBridge.Code.LDXSH_BE -> 0x89;    // ldxsh
            case JitBridge.Code.STXW_BE -> 0x63;     // stxw
            case JitBridge.Code.STXH_BE -> 0x6b;     // stxh
            case JitBridge.Code.STXDW_BE -> 0x7b;    // stxdw
            case JitBridge.Code.STW_BE -> 0x62;      // stw
            case JitBridge.Code.STH_BE -> 0x6a;      // sth
            case JitBridge.Code.STDW_BE -> 0x7a;     // stdw
            case JitBridge.Code.ATOMIC_W_BE -> 0xc3; // 32-bit atomic
            case JitBridge.Code.ATOMIC_DW_BE -> 0xdb; // 64-bit atomic
            default -> -1;
        };
    }

    // ------------------------------------------------------------------ the builder

    /** Builds the class of one program. */
    static final class Builder {
        final JitBridge.Code code;
        final int slots;
        final long budget;
        final long mayGoto;
        final int frameSize;
        /** Checked mode (the program was not verified): every load, store and atomic calls the slot's region check first. */
        final boolean checked;
        /** The program was verified ({@link JitBridge.Slot#verified()}): frames are reached only through their r10. */
        final boolean verified;
        /**
         * The program runs as one that passed the verifier, every access in a region ({@link JitBridge.Slot#accessesTrusted()};
         * never in checked mode).
         */
        final boolean trusted;
        /** The slot's helper context: the runtime's maps, for lookups written out in place ({@link Unit}). */
        final io.ebpf4j.helpers.HelperContext context;
        /** The program's helper functions, by the index a call's imm holds (class data after the segments). */
        final io.ebpf4j.helpers.HelperFunction[] helpers;
        final ClassDesc self;
        /** Function entry slots, ascending. */
        final TreeSet<Integer> functions = new TreeSet<>();
        /** Whether the entry function is also called as a subprogram. */
        boolean entryCalled;
        /** Whether the program makes function pointers ({@code ld_imm64 src=4}: callbacks of helpers, {@code callx}). */
        boolean functionPointers;
        /** Reachable slots whose opcode this compiler does not know (they compile to the "not supported" fault). */
        final BitSet unsupported = new BitSet();
        int methods;
        /** Frame slots kept in locals, over the functions ({@link FrameSlots}). */
        int keptFrameSlots;
        /** What the methods of this build did besides plain translation ({@link Facts}). */
        Facts facts = new Facts();
        /**
         * Constant-pool entries above which {@link Unit} builds constants from short immediates instead of pool
         * entries: the pool must keep room for the references to every method of the class (JVMS §4.4: at most
         * 65,535 entries), which are added as methods are emitted.
         */
        int poolLimit = Integer.MAX_VALUE;
        /** What a call to each function reads of r1-r5 ({@link Liveness}). */
        final Liveness.EntryArguments argumentsRead = new Liveness.EntryArguments(this);
        /** The accessor methods the code calls, by name (emitted after the functions). */
        final java.util.TreeMap<String, int[]> accessors = new java.util.TreeMap<>();

        Builder(JitBridge.Code code, JitBridge.Slot slot) {
            this.code = code;
            this.slots = code.slots();
            this.budget = ProgramSupport.effectiveBudget(slot.instructionBudget());
            this.mayGoto = slot.mayGotoLimit();
            this.frameSize = slot.frameSize();
            this.checked = slot.checked();
            this.verified = slot.verified();
            this.trusted = slot.accessesTrusted();
            this.context = slot.context();
            this.helpers = code.functions();
            this.self = ClassDesc.of(JitBridge.JIT_CLASS_PREFIX + javaName(code));
        }

        long word(int slot) {
            return slot >= slots ? JitBridge.Code.FELL_OFF : code.word(slot);
        }

        /** Successor slots of {@code slot} within its frame: fall-through first (-1 if none), then the jump target (-1). */
        int fall(int slot) {
            if (slot >= slots) return -1;
            long w = word(slot);
            int op = opcode(w);
            if (!known(op)) return -1;
            if (op == 0x18) return slot + 2;
            if (op == 0x05 || op == 0x06 || op == 0x95) return -1;
            return slot + 1;
        }

        int target(int slot) {
            if (slot >= slots) return -1;
            long w = word(slot);
            int op = opcode(w);
            if (op == 0x05) return slot + 1 + off(w);
            if (op == 0x06) return slot + 1 + imm(w);
            if (op == 0xe5 || isConditional(op)) return slot + 1 + off(w);
            return -1;
        }

        Generated build() {
            functions.add(0);
            for (int s = 0; s < slots; s++) {
                long w = code.word(s);
                if (code.isFunctionPointerTarget(s)) {
                    functionPointers = true;
                    functions.add(s);
                    if (s == 0) entryCalled = true;
                }
                if (opcode(w) == 0x18) {
                    s++; // the second slot of ld_imm64 holds a value, not an instruction
                    continue;
                }
                if (opcode(w) == JitBridge.Code.CALL_LOCAL) {
                    int t = s + 1 + imm(w);
                    functions.add(t);
                    if (t == 0) entryCalled = true;
                }
            }
            ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                    .orElse(ClassHierarchyResolver.ofClassLoading(JitCompiler.class.getClassLoader()))));
            byte[] bytes = cf.build(self, clb -> {
                clb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
                clb.withInterfaceSymbols(CD_PROGRAM);
                clb.withMethodBody("<init>", MethodTypeDesc.of(CD_void), ClassFile.ACC_PUBLIC, cb -> {
                    cb.aload(0);
                    cb.invokespecial(CD_Object, "<init>", MethodTypeDesc.of(CD_void));
                    cb.return_();
                });
                // JitProgram.entry and .call
                clb.withMethodBody("entry", MethodTypeDesc.of(CD_long, CD_STATE, CD_long, CD_long, CD_long, CD_long, CD_long,
                        CD_long, CD_int), ClassFile.ACC_PUBLIC, cb -> {
                    cb.aload(1);
                    for (int i = 0; i < 6; i++) cb.lload(2 + 2 * i);
                    cb.iload(14);
                    cb.invokestatic(self, "e0", MT_FUNCTION);
                    cb.lreturn();
                });
                clb.withMethodBody("call", MethodTypeDesc.of(CD_long, CD_STATE, CD_int, CD_long, CD_long, CD_long, CD_long,
                        CD_long, CD_long, CD_int), ClassFile.ACC_PUBLIC, cb -> {
                    cb.aload(1);
                    cb.iload(2);
                    for (int i = 0; i < 6; i++) cb.lload(3 + 2 * i);
                    cb.iload(15);
                    cb.invokestatic(self, "callAt", MT_CALL_AT);
                    cb.lreturn();
                });
                clb.withMethodBody("callAt", MT_CALL_AT, ClassFile.ACC_STATIC, cb -> {
                    Label bad = cb.newLabel();
                    List<SwitchCase> cases = new ArrayList<>();
                    List<Label> labels = new ArrayList<>();
                    for (int f : functions) {
                        Label l = cb.newLabel();
                        cases.add(SwitchCase.of(f, l));
                        labels.add(l);
                    }
                    cb.iload(1);
                    cb.lookupswitch(bad, cases);
                    int i = 0;
                    for (int f : functions) {
                        cb.labelBinding(labels.get(i++));
                        cb.aload(0);
                        for (int k = 0; k < 6; k++) cb.lload(2 + 2 * k);
                        cb.iload(14);
                        cb.invokestatic(self, fname(f), MT_FUNCTION);
                        cb.lreturn();
                    }
                    cb.labelBinding(bad);
                    cb.new_(ClassDesc.of("java.lang.IllegalStateException"));
                    cb.dup();
                    cb.invokespecial(ClassDesc.of("java.lang.IllegalStateException"), "<init>", MethodTypeDesc.of(CD_void));
                    cb.athrow();
                });
                methods = 4;
                List<Function> plan = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (int f : functions) {
                    if (f == 0) {
                        plan.add(new Function(this, 0, true));
                        names.add("e0");
                        if (entryCalled) {
                            plan.add(new Function(this, 0, false));
                            names.add(fname(0));
                        }
                    } else {
                        plan.add(new Function(this, f, false));
                        names.add(fname(f));
                    }
                }
                // each method costs the pool a name, a NameAndType and a Methodref (plus a spare): reserve them up
                // front, so a program of many large functions (the kernel allows 256, BPF_MAX_SUBPROGS) fits
                long bound = 8 + ACCESSOR_KINDS;
                for (Function fn : plan) {
                    bound += fn.methodBound();
                    keptFrameSlots += fn.frameSlots.count();
                }
                poolLimit = (int) Math.max(8_000, POOL_ROOM - 4 * bound);
                for (int i = 0; i < plan.size(); i++) plan.get(i).emit(clb, names.get(i));
                accessors.forEach((name, k) -> {
                    clb.withMethodBody(name, k[0] == 1 ? (k[1] == 8 ? MT_STORE64 : MT_STORE) : MT_LOAD, ClassFile.ACC_STATIC,
                            cb -> emitAccessor(cb, k[0] == 1, k[1], k[2] == 1, k[3] == 1));
                    methods++;
                });
            });
            return new Generated(bytes, methods, unsupported.cardinality(), keptFrameSlots, facts, helpers, List.copyOf(maps));
        }

        /** Load: 4 sizes x (zero-, sign-extending) x 2 byte orders; store: 4 sizes x 2 byte orders. */
        static final int ACCESSOR_KINDS = 24;

        /**
         * The name of the static method that does one kind of load or store of the arena. Every load and store in a
         * chunk of a split function calls one of these (C1 and C2 inline them), so the access's only exception handler,
         * which rebuilds the interpreter's fault message, is the accessor's: chunk methods carry no exception-table
         * entry per access (with one per access C1 gave up on large chunk methods, "out of virtual registers in LIR
         * generator", and they stayed in HotSpot's bytecode interpreter).
         */
        String accessor(boolean write, int size, boolean signed, boolean bigEndian) {
            String name = (write ? "st" : signed ? "ldsx" : "ld") + size + (bigEndian ? "be" : "");
            accessors.putIfAbsent(name, new int[] {write ? 1 : 0, size, signed ? 1 : 0, bigEndian ? 1 : 0});
            return name;
        }

        /**
         * Loads: {@code (long address, int slot, JitState) -> long}; stores: {@code (long address, value, int slot,
         * JitState)}, the value an int (narrowed here) or, for 8 bytes, a long. The segment offset is
         * {@code address - BASE}; a bounds failure becomes {@link ProgramSupport#fault} at {@code slot}, as before.
         */
        private void emitAccessor(CodeBuilder cb, boolean write, int size, boolean signed, boolean bigEndian) {
            Label start = cb.newLabel(), end = cb.newLabel(), handler = cb.newLabel();
            int slotLocal = !write ? 2 : size == 8 ? 4 : 3;
            cb.labelBinding(start);
            cb.ldc(write ? writable() : segment());
            cb.getstatic(CD_SUP, Unit.layoutName(size, bigEndian), Unit.layoutType(size));
            cb.lload(0);
            cb.ldc(MemoryArena.BASE);
            cb.lsub();
            if (write) {
                if (size == 8) {
                    cb.lload(2);
                } else {
                    cb.iload(2);
                    if (size == 2) cb.i2s();
                    else if (size == 1) cb.i2b();
                }
                cb.invokeinterface(CD_SEGMENT, "set", MethodTypeDesc.of(CD_void, Unit.layoutType(size), CD_long,
                        Unit.valueType(size)));
            } else {
                cb.invokeinterface(CD_SEGMENT, "get", MethodTypeDesc.of(Unit.valueType(size), Unit.layoutType(size), CD_long));
            }
            cb.labelBinding(end);
            if (write) {
                cb.return_();
            } else {
                if (size != 8) {
                    cb.i2l();
                    if (!signed) Unit.zeroExtend(cb, size);
                }
                cb.lreturn();
            }
            cb.exceptionCatch(start, end, handler, CD_IOOBE);
            cb.labelBinding(handler);
            cb.lload(0);
            cb.iload(slotLocal);
            cb.ldc(sup());
            cb.aload(slotLocal + 1);
            cb.invokestatic(CD_SUP, "fault", MethodTypeDesc.of(CD_RTE, CD_IOOBE, CD_long, CD_int, CD_SUP, CD_STATE));
            cb.athrow();
        }

        static String fname(int slot) {
            return "f" + slot;
        }

        ConstantDesc classData(int index, ClassDesc type) {
            return DynamicConstantDesc.ofNamed(ConstantDescs.BSM_CLASS_DATA_AT, ConstantDescs.DEFAULT_NAME, type, index);
        }

        ConstantDesc sup() {
            return classData(0, CD_SUP);
        }

        ConstantDesc segment() {
            return classData(1, CD_SEGMENT);
        }

        ConstantDesc writable() {
            return classData(2, CD_SEGMENT);
        }

        /** The maps the code refers to as constants ({@link #map}): class data after the helper functions. */
        final List<io.ebpf4j.maps.BpfMap> maps = new ArrayList<>();

        /** The class-data constant of map {@code m} (added to {@link #maps} at its first use). */
        ConstantDesc map(io.ebpf4j.maps.BpfMap m) {
            int i = 0;
            while (i < maps.size() && maps.get(i) != m) i++;
            if (i == maps.size()) maps.add(m);
            return classData(3 + helpers.length + i, CD_BPF_MAP);
        }

        ConstantDesc helper(int index) {
            return classData(3 + index, CD_HELPER_FN);
        }
    }

    // ------------------------------------------------------------------ one function

    /**
     * The code reachable in one frame from a function's entry, as one method or, when too large,
     * as a driver method plus chunk methods over slot ranges.
     */
    static final class Function {
        final Builder b;
        final int entry;
        final boolean entryMode;
        /** Reachable slots (slot == slots: the sentinel after the end). */
        final BitSet reach = new BitSet();
        /** Slots that some jump targets. */
        final BitSet targets = new BitSet();
        boolean hasMayGoto;
        /** Whether the function calls a helper (a helper may ask for a tail call, before which the frame goes to the arena). */
        boolean callsHelpers;
        /** The stack slots this function keeps out of the arena ({@link FrameSlots}): in JVM locals, or in a split function the chunk array. */
        final FrameSlots frameSlots;
        /** Registers live at each slot, for the chunks of a split function ({@link Liveness}); null until it is split. */
        Liveness liveness;

        Function(Builder b, int entry, boolean entryMode) {
            this.b = b;
            this.entry = entry;
            this.entryMode = entryMode;
            List<Integer> work = new ArrayList<>();
            work.add(entry);
            reach.set(entry);
            while (!work.isEmpty()) {
                int s = work.remove(work.size() - 1);
                if (s < b.slots && opcode(b.word(s)) == 0xe5) hasMayGoto = true;
                if (s < b.slots && opcode(b.word(s)) == 0x85) callsHelpers = true;
                int f = b.fall(s), t = b.target(s);
                if (f >= 0 && !reach.get(f)) {
                    reach.set(f);
                    work.add(f);
                }
                if (t >= 0) {
                    targets.set(t);
                    if (!reach.get(t)) {
                        reach.set(t);
                        work.add(t);
                    }
                }
            }
            frameSlots = FrameSlots.of(b, this);
        }

        /** A rough size of the bytecode of {@code slot}, to decide where to split. */
        int estimate(int slot) {
            return estimate(slot, false);
        }

        /** {@link #estimate(int)} in a chunk of a split function ({@code split}), where an access is an accessor call. */
        int estimate(int slot, boolean split) {
            if (slot >= b.slots) return 8;
            int op = opcode(b.word(slot));
            if (op == 0x85 || op == 0x8d) return 110;
            if (op == JitBridge.Code.CALL_LOCAL) return 60;
            int cls = op & 7;
            if ((cls == 1 || cls == 2 || cls == 3) && frameSlots.slotOf(b.word(slot)) >= 0) return 12; // a local or chunk-array element (and a load's truncation)
            if (cls == 1 || cls == 2 || cls == 3) return split ? (b.checked ? 48 : 24) : (b.checked ? 64 : 40); // memory: (region check +) accessor call, or access + fault handler
            if (cls == 0) return op == 0x18 ? 6 : 50;
            if (isJumpClass(op)) return b.budget == Long.MAX_VALUE ? 18 : 34;
            return 12;
        }

        /**
         * Whether the function built as one method stays within {@link #WHOLE_LIMIT}: measured in a scratch class. What
         * the scratch build records of its code (groups, lookups, map calls) is dropped: the real build records it again.
         */
        private boolean fitsWhole(String name) {
            Facts real = b.facts;
            b.facts = new Facts();
            byte[] scratch;
            try {
                scratch = ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS).build(b.self, clb -> clb.withMethodBody(name,
                        MT_FUNCTION, ClassFile.ACC_STATIC, cb -> new Unit(this, cb, 0, Integer.MAX_VALUE, false).emit()));
            } finally {
                b.facts = real;
            }
            return largestMethod(scratch) <= WHOLE_LIMIT;
        }

        /** Estimated bytecode of the whole function. */
        long total() {
            long total = (long) frameSlots.count() * FrameSlots.BYTES_PER_SLOT;
            for (int s = reach.nextSetBit(0); s >= 0; s = reach.nextSetBit(s + 1)) total += estimate(s);
            return total;
        }

        /**
         * Estimated bytes of one chunk. A chunk holds the kept frame slots in the chunk array, which costs it nothing at
         * entry and exit; but where it calls a helper, its tail-call block writes all of them to the arena: room for that.
         */
        int chunkBytes() {
            return callsHelpers ? CHUNK_BYTES - frameSlots.count() * FrameSlots.BYTES_PER_SLOT / 2 : CHUNK_BYTES;
        }

        /**
         * At most how many methods {@link #emit} makes: one, or the chunks (each but the last holds more than
         * {@code chunkBytes() - LARGEST_ESTIMATE} estimated bytes), their dispatch groups, the group dispatcher and the driver.
         */
        long methodBound() {
            long total = total();
            if (total <= SPLIT_ABOVE) return 1;
            long chunks = total / (chunkBytes() - LARGEST_ESTIMATE) + 1;
            return chunks + chunks / 150 + 1 + 2;
        }

        void emit(java.lang.classfile.ClassBuilder clb, String name) {
            long total = total();
            if (total <= SPLIT_ABOVE || total <= TRIAL_ABOVE && fitsWhole(name)) {
                clb.withMethodBody(name, MT_FUNCTION, ClassFile.ACC_STATIC,
                        cb -> new Unit(this, cb, 0, Integer.MAX_VALUE, false).emit());
                b.methods++;
                return;
            }
            liveness = Liveness.of(b, reach, b.argumentsRead);
            // split: chunk boundaries at reachable slots, each chunk at most chunkBytes() (estimated)
            List<Integer> starts = new ArrayList<>();
            int chunkBytes = chunkBytes();
            int acc = chunkBytes;
            for (int s = reach.nextSetBit(0); s >= 0; s = reach.nextSetBit(s + 1)) {
                int e = estimate(s, true);
                if (acc + e > chunkBytes) {
                    starts.add(s);
                    acc = 0;
                }
                acc += e;
            }
            int n = starts.size();
            int[] lo = new int[n], hi = new int[n];
            for (int i = 0; i < n; i++) {
                lo[i] = starts.get(i);
                hi[i] = i + 1 < n ? starts.get(i + 1) : Integer.MAX_VALUE;
            }
            // slots entered from another chunk: targets and fall-throughs across a boundary, and the entry
            List<List<Integer>> entries = new ArrayList<>();
            for (int i = 0; i < n; i++) entries.add(new ArrayList<>());
            entries.get(chunkOf(lo, entry)).add(entry);
            for (int s = reach.nextSetBit(0); s >= 0; s = reach.nextSetBit(s + 1)) {
                int c = chunkOf(lo, s);
                for (int v : new int[] {b.fall(s), b.target(s)}) {
                    if (v >= 0 && chunkOf(lo, v) != c && !entries.get(chunkOf(lo, v)).contains(v)) entries.get(chunkOf(lo, v)).add(v);
                }
            }
            // chunk methods and their dispatchers are named CHUNK_PREFIX + name + ...: one HotSpot CompileCommand
            // pattern reaches them all (see CHUNK_PREFIX)
            String chunk = CHUNK_PREFIX + name;
            for (int i = 0; i < n; i++) {
                final int k = i;
                clb.withMethodBody(chunk + "_" + k, MT_CHUNK, ClassFile.ACC_STATIC,
                        cb -> new Unit(this, cb, lo[k], hi[k], true, new java.util.TreeSet<>(entries.get(k))).emit());
                b.methods++;
            }
            // dispatch: groups of chunks, so that no dispatcher passes the size limit
            final int group = 150;
            int groups = (n + group - 1) / group;
            for (int g = 0; g < groups; g++) {
                int from = g * group, to = Math.min(n, from + group);
                clb.withMethodBody(chunk + "_g" + g, MT_CHUNK, ClassFile.ACC_STATIC,
                        cb -> tree(cb, chunk + "_", lo, from, to));
                b.methods++;
            }
            int[] glo = new int[groups];
            for (int g = 0; g < groups; g++) glo[g] = lo[g * group];
            clb.withMethodBody(chunk + "_grp", MT_CHUNK, ClassFile.ACC_STATIC, cb -> tree(cb, chunk + "_g", glo, 0, groups));
            clb.withMethodBody(name, MT_FUNCTION, ClassFile.ACC_STATIC, cb -> driver(cb, name));
            b.methods += 2;
        }

        /** The chunk whose range holds {@code slot}. */
        static int chunkOf(int[] lo, int slot) {
            int i = java.util.Arrays.binarySearch(lo, slot);
            return i >= 0 ? i : -i - 2;
        }

        /** Calls the chunk (or group) whose range holds the slot in local 2: a binary search over range starts. */
        private void tree(CodeBuilder cb, String prefix, int[] lo, int from, int to) {
            if (to - from == 1) {
                cb.aload(0);
                cb.aload(1);
                cb.iload(2);
                cb.iload(3);
                cb.invokestatic(b.self, prefix + from, MT_CHUNK);
                cb.lreturn();
                return;
            }
            int mid = (from + to) >>> 1;
            Label right = cb.newLabel();
            cb.iload(2);
            cb.loadConstant(lo[mid]);
            cb.if_icmpge(right);
            tree(cb, prefix, lo, from, mid);
            cb.labelBinding(right);
            tree(cb, prefix, lo, mid, to);
        }

        /** The method of a split function: registers into a long[], then chunk after chunk until one returns -1. */
        private void driver(CodeBuilder cb, String name) {
            // params: s=0, r1..r5 = 1..10, fp = 11, depth = 13; locals: regs = 14, pc = 15, next = 16
            FrameSlots fs = frameSlots;
            cb.loadConstant(Unit.REGS_LENGTH + (fs.count() > 0 ? 1 + fs.count() : 0));
            cb.newarray(TypeKind.LONG);
            cb.astore(14);
            for (int i = 1; i <= 5; i++) {
                int local = 1 + 2 * (i - 1);
                storeArray(cb, 14, i, () -> cb.lload(local));
            }
            storeArray(cb, 14, 10, () -> cb.lload(11));
            storeArray(cb, 14, Unit.A_FP, () -> cb.lload(11));
            storeArray(cb, 14, Unit.A_CNT, () -> {
                cb.aload(0);
                cb.getfield(CD_STATE, "count", CD_long);
            });
            storeArray(cb, 14, Unit.A_LOOPS, () -> cb.loadConstant(b.mayGoto));
            storeArray(cb, 14, Unit.A_MODE, () -> cb.loadConstant(entryMode ? 1L : 0L));
            // the kept frame slots start as the arena holds them (see FrameSlots)
            for (int k = 0; k < fs.count(); k++) {
                final int kk = k;
                storeArray(cb, 14, Unit.A_FRAME + 1 + k, () -> Unit.frameArenaLoad(cb, b, fs, kk, () -> cb.lload(11)));
            }
            cb.loadConstant(entry);
            cb.istore(15);
            Label loop = cb.newLabel(), done = cb.newLabel(), tryStart = cb.newLabel(), tryEnd = cb.newLabel();
            cb.labelBinding(tryStart);
            cb.labelBinding(loop);
            cb.aload(0);
            cb.aload(14);
            cb.iload(15);
            cb.iload(13);
            cb.invokestatic(b.self, CHUNK_PREFIX + name + "_grp", MT_CHUNK);
            cb.dup2();
            cb.lstore(16);
            cb.lconst_0();
            cb.lcmp();
            cb.iflt(done);
            cb.lload(16);
            cb.l2i();
            cb.istore(15);
            cb.goto_(loop);
            cb.labelBinding(tryEnd);
            cb.labelBinding(done);
            frameBack(cb, fs);
            cb.aload(0);
            cb.aload(14);
            cb.bipush(Unit.A_CNT);
            cb.laload();
            cb.putfield(CD_STATE, "count", CD_long);
            cb.aload(14);
            cb.iconst_0();
            cb.laload();
            cb.lreturn();
            if (fs.count() > 0) {
                // an exception out of a chunk: the kept slots, always current in the array, go to the arena too
                Label any = cb.newLabel();
                cb.exceptionCatchAll(tryStart, tryEnd, any);
                cb.labelBinding(any);
                cb.astore(18);
                frameBack(cb, fs);
                cb.aload(18);
                cb.athrow();
            }
        }

        /** Writes the kept frame slots from the chunk array (local 14) to the arena, unless a tail call's stub did. */
        private void frameBack(CodeBuilder cb, FrameSlots fs) {
            if (fs.count() == 0) return;
            Label skip = cb.newLabel();
            cb.aload(14);
            cb.loadConstant(Unit.A_FRAME);
            cb.laload();
            cb.lconst_0();
            cb.lcmp();
            cb.ifne(skip);
            for (int k = 0; k < fs.count(); k++) {
                final int index = Unit.A_FRAME + 1 + k;
                Unit.frameArenaStore(cb, b, fs, k, () -> cb.lload(11), () -> {
                    cb.aload(14);
                    cb.loadConstant(index);
                    cb.laload();
                });
            }
            cb.labelBinding(skip);
        }

        static void storeArray(CodeBuilder cb, int arrayLocal, int index, Runnable value) {
            cb.aload(arrayLocal);
            cb.loadConstant(index);
            value.run();
            cb.lastore();
        }
    }
}
