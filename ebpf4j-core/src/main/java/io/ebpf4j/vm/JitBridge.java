package io.ebpf4j.vm;

import io.ebpf4j.helpers.HelperContext;
import io.ebpf4j.helpers.HelperFunction;
import io.ebpf4j.helpers.SkBuff;
import io.ebpf4j.helpers.XdpBuff;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import java.lang.foreign.MemorySegment;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * What the compiling engine ({@code io.ebpf4j.jit}) sees of the runtime's internals: prepared
 * programs ({@link Code}) and CPU slots ({@link Slot}). The JIT plugs in through
 * {@link EngineFactory} (a {@link ServiceLoader} service), so {@code vm} does not depend on {@code jit}.
 * Not an API for users: everything here may change with the runtime.
 */
public final class JitBridge {
    private JitBridge() {}

    /**
     * What the name of every compiled program's hidden class starts with: HotSpot options and directives that
     * concern the JIT's code match it ({@code JitInfo.CHUNK_COMPILE_COMMAND}, {@link CompilerHints}).
     */
    public static final String JIT_CLASS_PREFIX = "io.ebpf4j.jit.Bpf_";

    /** One run engine of a CPU slot (the JIT's counterpart of the interpreter). */
    public interface SlotEngine {
        /** Runs {@code code} from its first instruction with r1, r2 as given; returns r0. */
        long run(Code code, long r1, long r2);

        /** Compiles {@code code} now if it is not compiled yet (errors show at load time, not at the first run). */
        void compile(Code code);

        /** Instructions the last completed run executed ({@code ld_imm64} counts once). */
        long instructionCount();

        /** What {@code ld_abs}/{@code ld_ind} read when the run has no socket buffer. */
        void legacyPacket(long address, int length);

        /** {@link HelperContext#callFunction}: runs a callback of the program whose helper is running. */
        long callback(long functionPointer, long r1, long r2, long r3, long r4, long r5);
    }

    /** Creates the JIT engine of a slot; implemented by {@code io.ebpf4j.jit}. */
    public interface EngineFactory {
        SlotEngine create(Slot slot);
    }

    private static volatile EngineFactory factory;

    /**
     * The JIT engine of a slot. {@code checker}: the slot interpreter's checked-mode rule (the same object, so both
     * engines see the same context size), or null when the programs were verified. {@code verified}: see
     * {@link Slot#verified()}; {@code trusted}: see {@link Slot#accessesTrusted()}.
     */
    static SlotEngine newJit(VmMemory memory, RunContext context, long instructionBudget, long mayGotoLimit, int maxCallDepth,
                             RegionCheck checker, boolean verified, boolean trusted) {
        EngineFactory f = factory;
        if (f == null) {
            Iterator<EngineFactory> it = ServiceLoader.load(EngineFactory.class, JitBridge.class.getClassLoader()).iterator();
            if (!it.hasNext()) throw new BpfRuntimeException("the JIT engine (io.ebpf4j.jit) is not on the class path");
            factory = f = it.next();
        }
        SlotEngine engine = f.create(new Slot(memory, context, instructionBudget, mayGotoLimit, maxCallDepth, checker,
                verified && checker == null, trusted && checker == null));
        context.jit = engine;
        return engine;
    }

    /** The JIT's compiled form of a standalone program, or null when it runs interpreted. */
    public static Object compiledForm(Vm vm) {
        return vm instanceof StandaloneVm s ? code(s.prepared()).compiled() : null;
    }

    /** The JIT's compiled form of a runtime's program, or null when the runtime interprets. */
    public static Object compiledForm(BpfProgram program) {
        return code(program.prepared()).compiled();
    }

    static Code code(PreparedProgram p) {
        Code c = p.bridge;
        if (c == null) {
            synchronized (p) {
                c = p.bridge;
                if (c == null) p.bridge = c = new Code(p);
            }
        }
        return c;
    }

    /** A prepared program: the decoded slots with helpers, map references and function pointers resolved. */
    public static final class Code {
        private final PreparedProgram p;
        /** The JIT's cache of the compiled form. */
        private volatile Object compiled;

        private Code(PreparedProgram p) {
            this.p = p;
        }

        /** The program's name, or null for a standalone program. */
        public String name() {
            return p.name;
        }

        public Program program() {
            return p.program;
        }

        /** Slots of code (not counting the end sentinel). */
        public int slots() {
            return p.code.length - 1;
        }

        /**
         * The decoded word of {@code slot}: {@code opcode | dst << 8 | src << 12 | off << 16 | imm << 32},
         * with the runtime's internal opcodes ({@link #CALL_LOCAL}, {@link #MOVSX64_8}...), helper calls'
         * imm the index into {@link #functions()}, and an {@code ld_imm64}'s resolved value in its second slot.
         */
        public long word(int slot) {
            return p.code[slot];
        }

        public HelperFunction[] functions() {
            return p.functions.clone();
        }

        /** The name of the helper at dense index {@code index}. */
        public String helperName(int index) {
            return p.helpers[index].name();
        }

        /** Whether some {@code ld_imm64 src=4} points at {@code slot}. */
        public boolean isFunctionPointerTarget(int slot) {
            return p.functionEntry[slot];
        }

        /** The slot a {@code callx} operand designates, or -1. */
        public int functionTarget(long value) {
            return p.functionTarget(value);
        }

        /** The helper registered under {@code id}, for {@code callx} with a helper id, or null. */
        public HelperFunction helperById(long id) {
            return p.helperById(id);
        }

        public Insn insnAt(int slot) {
            return p.insnAt(slot);
        }

        public Object compiled() {
            return compiled;
        }

        public void compiled(Object value) {
            compiled = value;
        }

        public static final int CALL_LOCAL = PreparedProgram.CALL_LOCAL;
        public static final int MOVSX64_8 = PreparedProgram.MOVSX64_8, MOVSX64_16 = PreparedProgram.MOVSX64_16,
                MOVSX64_32 = PreparedProgram.MOVSX64_32, MOVSX32_8 = PreparedProgram.MOVSX32_8,
                MOVSX32_16 = PreparedProgram.MOVSX32_16;
        public static final int FELL_OFF = PreparedProgram.FELL_OFF;
        /** Loads, stores and atomics of a big-endian program (see {@link PreparedProgram#bigEndianOpcode}). */
        public static final int LDXW_BE = PreparedProgram.LDXW_BE, LDXH_BE = PreparedProgram.LDXH_BE,
                LDXDW_BE = PreparedProgram.LDXDW_BE, LDXSW_BE = PreparedProgram.LDXSW_BE, LDXSH_BE = PreparedProgram.LDXSH_BE,
                STXW_BE = PreparedProgram.STXW_BE, STXH_BE = PreparedProgram.STXH_BE, STXDW_BE = PreparedProgram.STXDW_BE,
                STW_BE = PreparedProgram.STW_BE, STH_BE = PreparedProgram.STH_BE, STDW_BE = PreparedProgram.STDW_BE,
                ATOMIC_W_BE = PreparedProgram.ATOMIC_W_BE, ATOMIC_DW_BE = PreparedProgram.ATOMIC_DW_BE;
    }

    /** One CPU slot: its memory, its helper context and the run limits. */
    public static final class Slot {
        public static final int NONE = RunContext.NONE, STOP = RunContext.STOP, TAIL_CALL = RunContext.TAIL_CALL;

        private final VmMemory memory;
        private final RunContext context;
        private final long budget;
        private final long mayGotoLimit;
        private final int maxCallDepth;
        /** Checked mode's region rule, or null. */
        private final RegionCheck checker;
        private final boolean verified;
        private final boolean trusted;

        Slot(VmMemory memory, RunContext context, long budget, long mayGotoLimit, int maxCallDepth, RegionCheck checker,
             boolean verified, boolean trusted) {
            this.verified = verified;
            this.trusted = trusted;
            this.memory = memory;
            this.context = context;
            this.checker = checker;
            // checked mode without a budget gets the interpreter's default one
            this.budget = RegionCheck.budget(budget, checker != null);
            this.mayGotoLimit = mayGotoLimit;
            this.maxCallDepth = maxCallDepth;
        }

        public HelperContext context() {
            return context;
        }

        public MemoryArena arena() {
            return memory.arena();
        }

        public MemorySegment segment() {
            return memory.segment();
        }

        public MemorySegment writableSegment() {
            return memory.writableSegment();
        }

        /** r10 of the entry function. */
        public long stackTop0() {
            return memory.stackTop(0);
        }

        public int frameSize() {
            return memory.stackFrameSize();
        }

        /** Stack frames of the slot (more than one program's frames: tail calls from subprograms keep theirs). */
        public int frameCapacity() {
            return memory.slot().frames();
        }

        public int maxCallDepth() {
            return maxCallDepth;
        }

        /**
         * Whether the slot runs in checked mode (programs nobody verified): compiled code must call
         * {@link #checkAccess} before every load, store and atomic.
         */
        public boolean checked() {
            return checker != null;
        }

        /**
         * Whether the programs of the slot were verified (unchecked mode of a {@link Runtime}, or
         * {@link VmOptions#verified()}): only pointers derived from a frame's r10 reach the frame.
         */
        public boolean verified() {
            return verified;
        }

        /**
         * Whether the slot's programs run as programs that passed the verifier, every load and store inside a region
         * of the arena: a {@link Runtime} not in checked mode, whose contract is that its programs passed
         * {@code Verifier.verify} (the command line's {@code run} and {@code bench} verify first). The JIT then lets one
         * bounds check cover several accesses and calls map operations without re-checking the pointers the verifier
         * checked. Where a caller breaks the promise, memory stays safe (every access stays in the arena), but a fault
         * may be reported at another instruction or in other words than the interpreter's. A standalone {@link Vm}
         * reports faults exactly, even under its {@link VmOptions#verified()} promise (used for frame slots only).
         */
        public boolean accessesTrusted() {
            return trusted;
        }

        /**
         * Checked mode: throws the interpreter's fault (same message, same instruction) unless the access of
         * {@code size} bytes at {@code address} by the instruction at {@code slot}, running at call depth
         * {@code depth}, lies in one region the program may touch that way ({@link RegionCheck}).
         */
        public void checkAccess(Code code, int slot, long address, int size, boolean write, int depth) {
            String why = checker.violation(address, size, write, depth);
            if (why != null) throw RegionCheck.fault(code.name(), slot, code.insnAt(slot), why);
        }

        /** The instruction budget ({@link VmOptions#UNLIMITED} = none; checked mode's default when it sets none). */
        public long instructionBudget() {
            return budget;
        }

        public long mayGotoLimit() {
            return mayGotoLimit;
        }

        /** What the last helper asked for: {@link #NONE}, {@link #STOP} or {@link #TAIL_CALL}. */
        public int pending() {
            return context.pending;
        }

        public void clearPending() {
            context.pending = RunContext.NONE;
        }

        /** The program a successful {@code bpf_tail_call} chose (clears it). */
        public Code takeTailTarget() {
            PreparedProgram t = context.tailTarget;
            context.tailTarget = null;
            return code(t);
        }

        public boolean stopped() {
            return context.stopped;
        }

        public long stopValue() {
            return context.stopValue;
        }

        /**
         * The address of a legacy {@code ld_abs}/{@code ld_ind} load, or 0 when it fails: the same
         * rules as the interpreter (the kernel's {@code bpf_skb_load_helper_*} on a socket buffer,
         * else the run's input or XDP frame).
         */
        public long legacyLoadAddress(int offset, int size, long inputAddress, int inputLength) {
            return Interpreter.legacyLoadAddress(context.packet, offset, size, inputAddress, inputLength);
        }

        /**
         * Describes a memory access of the instruction at {@code slot} of {@code code} that the arena
         * rejected, in the interpreter's words.
         */
        public BpfRuntimeException fault(Code code, int slot, long address, RuntimeException e) {
            return Interpreter.memoryFault(code.name(), slot, code.insnAt(slot), address, memory.arena(), e);
        }
    }
}
