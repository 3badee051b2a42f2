package io.ebpf4j.vm;

import static io.ebpf4j.vm.Alu.MASK32;
import static io.ebpf4j.vm.MemoryArena.BASE;

import io.ebpf4j.Ebpf4jException;
import io.ebpf4j.helpers.HelperException;
import io.ebpf4j.helpers.HelperFunction;
import io.ebpf4j.helpers.SkBuff;
import io.ebpf4j.helpers.XdpBuff;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.isa.Program;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The interpreter engine of one CPU slot: one switch over the pre-decoded opcode byte in a tight
 * loop, registers in a reused {@code long[]}, memory through the arena segment. The program is an
 * argument of each run, so one interpreter serves every program of a runtime on its slot, and a
 * tail call just swaps the code array.
 *
 * <p>Loads go through the whole arena segment, stores through its writable view (which ends
 * where the read-only zone begins), so neither costs more than one bounds-checked access.
 * Atomic instructions are real atomics on the shared arena (VarHandle {@code getAndAdd},
 * {@code compareAndExchange}, ...), and must be aligned as the kernel's verifier requires.
 *
 * <p>Instruction counting costs nothing on straight-line code: the executed count is charged
 * only when control leaves a straight run of slots (taken jump, call, exit), as
 * {@code pc - start}; {@code ld_imm64} corrects for its second slot.
 */
final class Interpreter {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    // RFC 9669 §5.5: legacy packet loads are in network byte order
    private static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort BE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    // atomics: aligned layouts, so the var handles do real atomic read-modify-writes
    private static final VarHandle ATOMIC64 = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle ATOMIC32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    // a big-endian object's memory (PreparedProgram *_BE opcodes); BE_INT and BE_SHORT above serve it too
    private static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final VarHandle ATOMIC64_BE = ValueLayout.JAVA_LONG.withOrder(ByteOrder.BIG_ENDIAN).varHandle();
    private static final VarHandle ATOMIC32_BE = ValueLayout.JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).varHandle();

    /** Saved per call frame: return pc, r6-r9, r10, may_goto counter, the depth the frame's program started at. */
    private static final int FRAME_WORDS = 8;

    /** Unwinds nested callback runs when a helper stops the program. */
    private static final class StopSignal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopSignal() {
            super(null, null, false, false);
        }
    }

    private static final StopSignal STOP_SIGNAL = new StopSignal();

    private final VmMemory memory;
    /** The arena segment and its writable view, held here so a run's entry loads each in one step. */
    private final MemorySegment segment;
    private final MemorySegment writable;
    private final RunContext context;
    private final long[] regs = new long[11];
    private final long[] frames;
    private final PreparedProgram[] frameProgram;
    private final long budget;
    private final long budgetSetting;
    private final long mayGotoLimit;
    private final int maxDepth;
    private final int frameCapacity;
    private final long stackTop0;
    private final long frameSize;
    /** Checked mode's region rule, or null when accesses are only bounds-checked against the arena. */
    private final RegionCheck checker;

    // ---- state of the current run
    /** The program executing now (changes on tail calls and on returns into another program). */
    private PreparedProgram current;
    /** Depth of the running program's entry frame, and the depth at which the current execute() returns (fields, not
     *  locals, to keep the hot loop's live values few; callbacks save and restore them). */
    private int progBase;
    private int baseDepth;
    /** Call depth at the last helper call, for callbacks, and the depth its program started at. */
    private int helperDepth;
    private int helperProgBase;
    /** Legacy packet access (ld_abs/ld_ind) of a run without a socket buffer: the input. */
    private long ldAddress;
    private int ldLength;
    private long instructionCount;
    private long nestedCount;

    Interpreter(VmMemory memory, RunContext context, long instructionBudget, long mayGotoLimit, int maxCallDepth) {
        this(memory, context, instructionBudget, mayGotoLimit, maxCallDepth, null);
    }

    /**
     * An interpreter in checked mode when {@code slots} is not null: every load, store and atomic must lie in one
     * region it may touch ({@link RegionCheck}), and a run without an instruction budget gets
     * {@link RegionCheck#DEFAULT_BUDGET}. {@code slots} are all CPU slots of the arena (the others' memory is off limits).
     */
    Interpreter(VmMemory memory, RunContext context, long instructionBudget, long mayGotoLimit, int maxCallDepth,
                CpuSlot[] slots) {
        // HotSpot's inlining of the memory accessors into this class and the JIT's (CompilerHints)
        CompilerHints.request();
        instructionBudget = RegionCheck.budget(instructionBudget, slots != null);
        this.checker = slots == null ? null : new RegionCheck(memory.arena(), memory.slot(), slots, context);
        this.memory = memory;
        this.segment = memory.segment();
        this.writable = memory.writableSegment();
        this.context = context;
        context.interpreter = this;
        this.budgetSetting = instructionBudget;
        this.budget = instructionBudget == VmOptions.UNLIMITED ? Long.MAX_VALUE : instructionBudget;
        this.mayGotoLimit = mayGotoLimit;
        this.maxDepth = maxCallDepth;
        // a program may use maxCallDepth frames; a tail call from a subprogram keeps the caller's
        // frames below the new program (the x86-64 JIT reuses only the calling frame), so a slot's
        // stack may hold more frames than one program can use
        this.frameCapacity = memory.slot().frames();
        this.frames = new long[frameCapacity * FRAME_WORDS];
        this.frameProgram = new PreparedProgram[frameCapacity];
        this.stackTop0 = memory.stackTop(0);
        this.frameSize = memory.stackFrameSize();
    }

    VmMemory memory() {
        return memory;
    }

    RunContext context() {
        return context;
    }

    /** Number of instructions the last completed run executed ({@code ld_imm64} counts once). */
    long instructionCount() {
        return instructionCount;
    }

    /** Sets what {@code ld_abs}/{@code ld_ind} read when the run has no socket buffer. */
    void legacyPacket(long address, int length) {
        this.ldAddress = address;
        this.ldLength = length;
    }

    /**
     * Runs {@code program} from its first instruction with r1, r2 as given, r10 the top of a fresh
     * stack frame and every other register 0; returns r0 at the entry function's {@code exit}.
     */
    long run(PreparedProgram program, long r1, long r2) {
        final long[] r = this.regs;
        r[0] = 0;
        r[1] = r1;
        r[2] = r2;
        r[3] = 0;
        r[4] = 0;
        r[5] = 0;
        r[6] = 0;
        r[7] = 0;
        r[8] = 0;
        r[9] = 0;
        r[10] = stackTop0;
        nestedCount = 0;
        progBase = 0;
        baseDepth = 0;
        long r0 = execute(program, 0, 0);
        if (nestedCount != 0) instructionCount += nestedCount;
        return r0;
    }

    /**
     * {@link RunContext#callFunction}: runs the function at {@code functionPointer} of the current
     * program in a new frame one deeper than the calling helper's, as the kernel calls
     * {@code bpf_loop} and {@code bpf_for_each_map_elem} callbacks; r6-r10 of the caller survive.
     */
    long callback(long functionPointer, long r1, long r2, long r3, long r4, long r5) {
        PreparedProgram p = current;
        int target = p.functionTarget(functionPointer);
        if (target < 0) {
            throw new HelperException(String.format("0x%x is not a function of program %s", functionPointer,
                    p.name == null ? "(anonymous)" : "'" + p.name + "'"));
        }
        int depth = helperDepth + 1;
        int savedProgBase = helperProgBase, savedBaseDepth = baseDepth;
        if (depth - savedProgBase >= maxDepth || depth >= frameCapacity) {
            throw new HelperException("callback: call depth exceeds " + maxDepth + " frames");
        }
        final long[] r = this.regs;
        long s6 = r[6], s7 = r[7], s8 = r[8], s9 = r[9], s10 = r[10];
        int savedDepth = helperDepth;
        long savedCount = instructionCount;
        r[1] = r1;
        r[2] = r2;
        r[3] = r3;
        r[4] = r4;
        r[5] = r5;
        r[10] = stackTop0 - depth * frameSize;
        progBase = savedProgBase;
        baseDepth = depth;
        long r0;
        try {
            r0 = execute(p, target, depth);
        } finally {
            // also when a helper in the callback stops the program: the outer run must see its own base
            // depth again, or its StopSignal handler rethrows the signal to the caller of the run
            progBase = savedProgBase;
            baseDepth = savedBaseDepth;
        }
        nestedCount += instructionCount;
        instructionCount = savedCount;
        if (context.stopped) throw STOP_SIGNAL;
        current = p;
        helperDepth = savedDepth;
        helperProgBase = savedProgBase;
        r[6] = s6;
        r[7] = s7;
        r[8] = s8;
        r[9] = s9;
        r[10] = s10;
        return r0;
    }

    // ------------------------------------------------------------------ the loop

    /**
     * Runs {@code program} from {@code startPc} at call depth {@code startDepth} (= {@link #baseDepth})
     * until that frame exits. Only what the hot loop needs is kept in locals.
     */
    private long execute(PreparedProgram program, int startPc, int startDepth) {
        final long[] r = this.regs;
        final MemorySegment m = segment;
        final MemorySegment mw = writable;
        final long budget = this.budget;
        if (current != program) current = program; // a reference store only when it changes (GC write barriers)
        long loops = mayGotoLimit; // may_goto counter of the current frame
        long count = 0;            // instructions charged so far
        int depth = startDepth;
        int pc = startPc;
        int start = startPc;       // first slot of the current straight-line run
        // the running program's code: replaced where another program takes over (tail call, return
        // into a caller's program), so the dispatch loop is a single loop
        long[] code = dispatch(program);
        try {
          {
            for (;;) {
                final long w = code[pc++];
                final int dst = ((int) w >>> 8) & 0xf;
                final int src = ((int) w >>> 12) & 0xf;
                final boolean taken;
                // imm is (w >> 32) (already sign-extended to 64 bits, RFC 9669 §4.1), off is ((int) w >> 16)
                switch ((int) w & 0xff) {
                    // ---- ALU64 (RFC 9669 §4.1); Java's long shifts mask the count with 63
                    case 0x07 -> { r[dst] += w >> 32; continue; }
                    case 0x0f -> { r[dst] += r[src]; continue; }
                    case 0x17 -> { r[dst] -= w >> 32; continue; }
                    case 0x1f -> { r[dst] -= r[src]; continue; }
                    case 0x27 -> { r[dst] *= w >> 32; continue; }
                    case 0x2f -> { r[dst] *= r[src]; continue; }
                    case 0x37 -> { r[dst] = ((int) w >> 16) == 0 ? Alu.udiv64(r[dst], w >> 32) : Alu.sdiv64(r[dst], w >> 32); continue; }
                    case 0x3f -> { r[dst] = ((int) w >> 16) == 0 ? Alu.udiv64(r[dst], r[src]) : Alu.sdiv64(r[dst], r[src]); continue; }
                    case 0x47 -> { r[dst] |= w >> 32; continue; }
                    case 0x4f -> { r[dst] |= r[src]; continue; }
                    case 0x57 -> { r[dst] &= w >> 32; continue; }
                    case 0x5f -> { r[dst] &= r[src]; continue; }
                    case 0x67 -> { r[dst] <<= w >> 32; continue; }
                    case 0x6f -> { r[dst] <<= r[src]; continue; }
                    case 0x77 -> { r[dst] >>>= w >> 32; continue; }
                    case 0x7f -> { r[dst] >>>= r[src]; continue; }
                    case 0x87 -> { r[dst] = -r[dst]; continue; }
                    case 0x97 -> { r[dst] = ((int) w >> 16) == 0 ? Alu.umod64(r[dst], w >> 32) : Alu.smod64(r[dst], w >> 32); continue; }
                    case 0x9f -> { r[dst] = ((int) w >> 16) == 0 ? Alu.umod64(r[dst], r[src]) : Alu.smod64(r[dst], r[src]); continue; }
                    case 0xa7 -> { r[dst] ^= w >> 32; continue; }
                    case 0xaf -> { r[dst] ^= r[src]; continue; }
                    case 0xb7 -> { r[dst] = w >> 32; continue; }
                    case 0xbf -> { r[dst] = r[src]; continue; }
                    case 0xc7 -> { r[dst] >>= w >> 32; continue; }
                    case 0xcf -> { r[dst] >>= r[src]; continue; }
                    case 0xd7 -> { r[dst] = Alu.bswap(r[dst], (int) (w >> 32)); continue; }
                    case PreparedProgram.MOVSX64_8 -> { r[dst] = (byte) r[src]; continue; }
                    // superinstructions rD = rS; rD OP= imm (PreparedProgram): the second slot is skipped, and counted
                    case PreparedProgram.MOV_ADD -> { r[dst] = r[src] + (w >> 32); pc++; continue; }
                    case PreparedProgram.MOV_AND -> { r[dst] = r[src] & (w >> 32); pc++; continue; }
                    case PreparedProgram.MOV_RSH -> { r[dst] = r[src] >>> (w >> 32); pc++; continue; }
                    case PreparedProgram.MOV_LSH -> { r[dst] = r[src] << (w >> 32); pc++; continue; }
                    case PreparedProgram.MOV_OR -> { r[dst] = r[src] | (w >> 32); pc++; continue; }
                    case PreparedProgram.MOV_SUB -> { r[dst] = r[src] - (w >> 32); pc++; continue; }
                    case PreparedProgram.MOV_XOR -> { r[dst] = r[src] ^ (w >> 32); pc++; continue; }
                    case PreparedProgram.MOV_ARSH -> { r[dst] = r[src] >> (w >> 32); pc++; continue; }
                    case PreparedProgram.MOV_ADD_X -> { r[dst] = r[src] + r[(int) (w >>> 32)]; pc++; continue; }
                    case PreparedProgram.MOV_SUB_X -> { r[dst] = r[src] - r[(int) (w >>> 32)]; pc++; continue; }
                    case PreparedProgram.MOV_XOR_X -> { r[dst] = r[src] ^ r[(int) (w >>> 32)]; pc++; continue; }
                    case PreparedProgram.MOV_AND_X -> { r[dst] = r[src] & r[(int) (w >>> 32)]; pc++; continue; }
                    case PreparedProgram.MOV_OR_X -> { r[dst] = r[src] | r[(int) (w >>> 32)]; pc++; continue; }
                    case PreparedProgram.MOV_MUL_X -> { r[dst] = r[src] * r[(int) (w >>> 32)]; pc++; continue; }
                    case PreparedProgram.MOVSX64_16 -> { r[dst] = (short) r[src]; continue; }
                    case PreparedProgram.MOVSX64_32 -> { r[dst] = (int) r[src]; continue; }

                    // ---- ALU (32-bit): results zero-extended; Java's int shifts mask the count with 31
                    case 0x04 -> { r[dst] = (r[dst] + (w >> 32)) & MASK32; continue; }
                    case 0x0c -> { r[dst] = (r[dst] + r[src]) & MASK32; continue; }
                    case 0x14 -> { r[dst] = (r[dst] - (w >> 32)) & MASK32; continue; }
                    case 0x1c -> { r[dst] = (r[dst] - r[src]) & MASK32; continue; }
                    case 0x24 -> { r[dst] = (r[dst] * (w >> 32)) & MASK32; continue; }
                    case 0x2c -> { r[dst] = (r[dst] * r[src]) & MASK32; continue; }
                    case 0x34 -> { r[dst] = ((int) w >> 16) == 0 ? Alu.udiv32(r[dst], w >> 32) : Alu.sdiv32(r[dst], w >> 32); continue; }
                    case 0x3c -> { r[dst] = ((int) w >> 16) == 0 ? Alu.udiv32(r[dst], r[src]) : Alu.sdiv32(r[dst], r[src]); continue; }
                    case 0x44 -> { r[dst] = (r[dst] | (w >> 32)) & MASK32; continue; }
                    case 0x4c -> { r[dst] = (r[dst] | r[src]) & MASK32; continue; }
                    case 0x54 -> { r[dst] = (r[dst] & (w >> 32)) & MASK32; continue; }
                    case 0x5c -> { r[dst] = (r[dst] & r[src]) & MASK32; continue; }
                    case 0x64 -> { r[dst] = ((int) r[dst] << (int) (w >> 32)) & MASK32; continue; }
                    case 0x6c -> { r[dst] = ((int) r[dst] << (int) r[src]) & MASK32; continue; }
                    case 0x74 -> { r[dst] = ((int) r[dst] >>> (int) (w >> 32)) & MASK32; continue; }
                    case 0x7c -> { r[dst] = ((int) r[dst] >>> (int) r[src]) & MASK32; continue; }
                    case 0x84 -> { r[dst] = -r[dst] & MASK32; continue; }
                    case 0x94 -> { r[dst] = ((int) w >> 16) == 0 ? Alu.umod32(r[dst], w >> 32) : Alu.smod32(r[dst], w >> 32); continue; }
                    case 0x9c -> { r[dst] = ((int) w >> 16) == 0 ? Alu.umod32(r[dst], r[src]) : Alu.smod32(r[dst], r[src]); continue; }
                    case 0xa4 -> { r[dst] = (r[dst] ^ (w >> 32)) & MASK32; continue; }
                    case 0xac -> { r[dst] = (r[dst] ^ r[src]) & MASK32; continue; }
                    case 0xb4 -> { r[dst] = w >>> 32; continue; }
                    case 0xbc -> { r[dst] = r[src] & MASK32; continue; }
                    case 0xc4 -> { r[dst] = ((int) r[dst] >> (int) (w >> 32)) & MASK32; continue; }
                    case 0xcc -> { r[dst] = ((int) r[dst] >> (int) r[src]) & MASK32; continue; }
                    case 0xd4 -> { r[dst] = Alu.le(r[dst], (int) (w >> 32)); continue; }
                    case 0xdc -> { r[dst] = Alu.bswap(r[dst], (int) (w >> 32)); continue; }
                    case PreparedProgram.MOVSX32_8 -> { r[dst] = (byte) r[src] & MASK32; continue; }
                    case PreparedProgram.MOVSX32_16 -> { r[dst] = (short) r[src] & MASK32; continue; }

                    // ---- JMP (RFC 9669 §4.3): 64-bit compares, imm sign-extended
                    case 0x05 -> taken = true;
                    case 0x15 -> taken = r[dst] == w >> 32;
                    case 0x1d -> taken = r[dst] == r[src];
                    case 0x25 -> taken = Long.compareUnsigned(r[dst], w >> 32) > 0;
                    case 0x2d -> taken = Long.compareUnsigned(r[dst], r[src]) > 0;
                    case 0x35 -> taken = Long.compareUnsigned(r[dst], w >> 32) >= 0;
                    case 0x3d -> taken = Long.compareUnsigned(r[dst], r[src]) >= 0;
                    case 0x45 -> taken = (r[dst] & w >> 32) != 0;
                    case 0x4d -> taken = (r[dst] & r[src]) != 0;
                    case 0x55 -> taken = r[dst] != w >> 32;
                    case 0x5d -> taken = r[dst] != r[src];
                    case 0x65 -> taken = r[dst] > w >> 32;
                    case 0x6d -> taken = r[dst] > r[src];
                    case 0x75 -> taken = r[dst] >= w >> 32;
                    case 0x7d -> taken = r[dst] >= r[src];
                    case 0xa5 -> taken = Long.compareUnsigned(r[dst], w >> 32) < 0;
                    case 0xad -> taken = Long.compareUnsigned(r[dst], r[src]) < 0;
                    case 0xb5 -> taken = Long.compareUnsigned(r[dst], w >> 32) <= 0;
                    case 0xbd -> taken = Long.compareUnsigned(r[dst], r[src]) <= 0;
                    case 0xc5 -> taken = r[dst] < w >> 32;
                    case 0xcd -> taken = r[dst] < r[src];
                    case 0xd5 -> taken = r[dst] <= w >> 32;
                    case 0xdd -> taken = r[dst] <= r[src];
                    case 0xe5 -> {
                        // may_goto: the kernel's do_misc_fixups rewrite (see Vm): fall through while the frame's counter is not 0
                        if (loops != 0) {
                            loops--;
                            continue;
                        }
                        taken = true;
                    }

                    // ---- JMP32: compare the low 32 bits
                    case 0x06 -> {
                        // gotol (ja32): RFC 9669 §4.3, the target is in imm
                        count += pc - start;
                        if (count > budget) throw budgetExhausted(pc - 1);
                        pc += (int) (w >> 32);
                        start = pc;
                        continue;
                    }
                    case 0x16 -> taken = (int) r[dst] == (int) (w >> 32);
                    case 0x1e -> taken = (int) r[dst] == (int) r[src];
                    case 0x26 -> taken = Integer.compareUnsigned((int) r[dst], (int) (w >> 32)) > 0;
                    case 0x2e -> taken = Integer.compareUnsigned((int) r[dst], (int) r[src]) > 0;
                    case 0x36 -> taken = Integer.compareUnsigned((int) r[dst], (int) (w >> 32)) >= 0;
                    case 0x3e -> taken = Integer.compareUnsigned((int) r[dst], (int) r[src]) >= 0;
                    case 0x46 -> taken = ((int) r[dst] & (int) (w >> 32)) != 0;
                    case 0x4e -> taken = ((int) r[dst] & (int) r[src]) != 0;
                    case 0x56 -> taken = (int) r[dst] != (int) (w >> 32);
                    case 0x5e -> taken = (int) r[dst] != (int) r[src];
                    case 0x66 -> taken = (int) r[dst] > (int) (w >> 32);
                    case 0x6e -> taken = (int) r[dst] > (int) r[src];
                    case 0x76 -> taken = (int) r[dst] >= (int) (w >> 32);
                    case 0x7e -> taken = (int) r[dst] >= (int) r[src];
                    case 0xa6 -> taken = Integer.compareUnsigned((int) r[dst], (int) (w >> 32)) < 0;
                    case 0xae -> taken = Integer.compareUnsigned((int) r[dst], (int) r[src]) < 0;
                    case 0xb6 -> taken = Integer.compareUnsigned((int) r[dst], (int) (w >> 32)) <= 0;
                    case 0xbe -> taken = Integer.compareUnsigned((int) r[dst], (int) r[src]) <= 0;
                    case 0xc6 -> taken = (int) r[dst] < (int) (w >> 32);
                    case 0xce -> taken = (int) r[dst] < (int) r[src];
                    case 0xd6 -> taken = (int) r[dst] <= (int) (w >> 32);
                    case 0xde -> taken = (int) r[dst] <= (int) r[src];

                    // ---- calls and exit (RFC 9669 §4.3.1)
                    case 0x85 -> {
                        // helper call, imm pre-resolved to the helper's index in this program's table
                        helperDepth = depth;
                        helperProgBase = progBase;
                        final RunContext ctx = context;
                        r[0] = current.functions[(int) (w >> 32)].call(ctx, r[1], r[2], r[3], r[4], r[5]);
                        if (ctx.pending != RunContext.NONE) {
                            if (ctx.pending == RunContext.STOP) {
                                if (baseDepth != 0) throw STOP_SIGNAL;
                                return finish(ctx.stopValue, count + pc - start, pc - 1);
                            }
                            // bpf_tail_call succeeded: the target replaces the function of this frame and
                            // starts from its first instruction with r1 (the context) kept; its exit returns
                            // to this frame's caller (kernel: the x86 JIT reuses the frame, emit_bpf_tail_call_*)
                            ctx.pending = RunContext.NONE;
                            count += pc - start;
                            if (count > budget) throw budgetExhausted(pc - 1);
                            current = ctx.tailTarget;
                            ctx.tailTarget = null;
                            loops = mayGotoLimit;
                            progBase = depth;
                            pc = 0;
                            start = 0;
                            code = dispatch(current);
                            continue;
                        }
                        continue;
                    }
                    case PreparedProgram.CALL_LOCAL, 0x8d -> {
                        int target;
                        if (((int) w & 0xff) == 0x8d) {
                            // callx: a function pointer of this program, or else a helper id
                            target = current.functionTarget(r[dst]);
                            if (target < 0) {
                                HelperFunction h = current.helperById(r[dst]);
                                if (h == null) throw badCallx(pc - 1, dst, r[dst]);
                                helperDepth = depth;
                                helperProgBase = progBase;
                                final RunContext ctx = context;
                                r[0] = h.call(ctx, r[1], r[2], r[3], r[4], r[5]);
                                if (ctx.pending == RunContext.STOP) {
                                    if (baseDepth != 0) throw STOP_SIGNAL;
                                    return finish(ctx.stopValue, count + pc - start, pc - 1);
                                }
                                ctx.pending = RunContext.NONE; // a tail call through callx is not supported
                                continue;
                            }
                        } else {
                            target = pc + (int) (w >> 32);
                        }
                        count += pc - start;
                        if (count > budget) throw budgetExhausted(pc - 1);
                        if (depth + 1 - progBase >= maxDepth || depth + 1 >= frameCapacity) throw callTooDeep(pc - 1);
                        saveFrame(frames, depth, r, pc, loops, progBase);
                        frameProgram[depth] = current;
                        depth++;
                        r[10] = stackTop0 - depth * frameSize;
                        loops = mayGotoLimit;
                        pc = target;
                        start = pc;
                        continue;
                    }
                    case 0x95 -> {
                        if (depth == baseDepth) return finish(r[0], count + pc - start, pc - 1);
                        count += pc - start;
                        if (count > budget) throw budgetExhausted(pc - 1);
                        depth--;
                        int f = depth * FRAME_WORDS;
                        pc = (int) frames[f];
                        r[6] = frames[f + 1];
                        r[7] = frames[f + 2];
                        r[8] = frames[f + 3];
                        r[9] = frames[f + 4];
                        r[10] = frames[f + 5];
                        loops = frames[f + 6];
                        progBase = (int) frames[f + 7];
                        start = pc;
                        PreparedProgram back = frameProgram[depth];
                        if (back != current) {
                            // returning from a tail-called program into the caller's program
                            current = back;
                            code = dispatch(back);
                            continue;
                        }
                        continue;
                    }

                    // ---- loads and stores (RFC 9669 §5), little-endian, unaligned allowed; stores through the writable view
                    case 0x18 -> {
                        // ld_imm64: the resolved value sits in the second slot; count the pair once
                        r[dst] = code[pc++];
                        start++;
                        continue;
                    }
                    case 0x61 -> { r[dst] = m.get(INT, r[src] + ((int) w >> 16) - BASE) & MASK32; continue; }
                    case 0x69 -> { r[dst] = m.get(SHORT, r[src] + ((int) w >> 16) - BASE) & 0xffffL; continue; }
                    case 0x71 -> { r[dst] = m.get(BYTE, r[src] + ((int) w >> 16) - BASE) & 0xffL; continue; }
                    case 0x79 -> { r[dst] = m.get(LONG, r[src] + ((int) w >> 16) - BASE); continue; }
                    case 0x81 -> { r[dst] = m.get(INT, r[src] + ((int) w >> 16) - BASE); continue; }
                    case 0x89 -> { r[dst] = m.get(SHORT, r[src] + ((int) w >> 16) - BASE); continue; }
                    case 0x91 -> { r[dst] = m.get(BYTE, r[src] + ((int) w >> 16) - BASE); continue; }
                    case 0x62 -> { mw.set(INT, r[dst] + ((int) w >> 16) - BASE, (int) (w >> 32)); continue; }
                    case 0x6a -> { mw.set(SHORT, r[dst] + ((int) w >> 16) - BASE, (short) (w >> 32)); continue; }
                    case 0x72 -> { mw.set(BYTE, r[dst] + ((int) w >> 16) - BASE, (byte) (w >> 32)); continue; }
                    case 0x7a -> { mw.set(LONG, r[dst] + ((int) w >> 16) - BASE, w >> 32); continue; }
                    case 0x63 -> { mw.set(INT, r[dst] + ((int) w >> 16) - BASE, (int) r[src]); continue; }
                    case 0x6b -> { mw.set(SHORT, r[dst] + ((int) w >> 16) - BASE, (short) r[src]); continue; }
                    case 0x73 -> { mw.set(BYTE, r[dst] + ((int) w >> 16) - BASE, (byte) r[src]); continue; }
                    case 0x7b -> { mw.set(LONG, r[dst] + ((int) w >> 16) - BASE, r[src]); continue; }
                    case PreparedProgram.CHECKED_ACCESS -> { checkedAccess(pc, depth, r, m, mw); continue; } // checked mode only
                    case PreparedProgram.FELL_OFF -> throw fellOff(current);
                    default -> {
                        if (executeRare(w, pc, depth, r, m, mw)) return finish(0, count + pc - start, pc - 1);
                        continue;
                    }
                }
                // a jump: taken or not
                if (taken) {
                    count += pc - start;
                    if (count > budget) throw budgetExhausted(pc - 1);
                    pc += (int) w >> 16;
                    start = pc;
                }
            }
          }
        } catch (StopSignal s) {
            if (baseDepth != 0) throw s;
            return finish(context.stopValue, count + pc - start, pc - 1);
        } catch (IndexOutOfBoundsException e) {
            throw fault(pc - 1, e);
        } catch (HelperException e) {
            Insn in = current.insnAt(pc - 1);
            String helper = in.opcode() == Opcodes.CALL_IMM && in.src() == Opcodes.CALL_HELPER
                    ? "helper " + current.helpers[(int) (current.code[pc - 1] >> 32)].name() + ": " : "";
            throw new BpfRuntimeException(current.name, pc - 1, in, helper + e.getMessage(), e);
        } catch (Ebpf4jException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BpfRuntimeException(current.name, pc - 1, current.insnAt(pc - 1), "failed: " + e, e);
        }
    }

    /**
     * The instructions a compiled program rarely runs, kept out of {@link #execute}: atomics, big-endian
     * accesses (a {@code -target bpfeb} object) and the legacy packet loads. A smaller dispatch method
     * is what lets HotSpot's C1 compile {@code execute} early (above ~7,000 bytes of bytecode it gave up,
     * "out of virtual registers", and the loop waited for C2). Returns true when the run ends here with
     * r0 = 0 (a failed legacy load); throws for an opcode the interpreter does not know.
     */
    private boolean executeRare(long w, int pc, int depth, long[] r, MemorySegment m, MemorySegment mw) {
        final RegionCheck chk = checker;
        final int dst = ((int) w >>> 8) & 0xf;
        final int src = ((int) w >>> 12) & 0xf;
        switch ((int) w & 0xff) {
            case 0xc3 -> { if (chk != null) check(chk, pc - 1, r[dst] + ((int) w >> 16), 4, true, depth); atomic32(mw, r, r[dst] + ((int) w >> 16) - BASE, src, (int) (w >> 32), pc - 1); return false; }
            case 0xdb -> { if (chk != null) check(chk, pc - 1, r[dst] + ((int) w >> 16), 8, true, depth); atomic64(mw, r, r[dst] + ((int) w >> 16) - BASE, src, (int) (w >> 32), pc - 1); return false; }
            // ---- the same, big-endian (a -target bpfeb object; byte accesses are shared)
            case PreparedProgram.LDXW_BE -> { if (chk != null) check(chk, pc - 1, r[src] + ((int) w >> 16), 4, false, depth); r[dst] = m.get(BE_INT, r[src] + ((int) w >> 16) - BASE) & MASK32; return false; }
            case PreparedProgram.LDXH_BE -> { if (chk != null) check(chk, pc - 1, r[src] + ((int) w >> 16), 2, false, depth); r[dst] = m.get(BE_SHORT, r[src] + ((int) w >> 16) - BASE) & 0xffffL; return false; }
            case PreparedProgram.LDXDW_BE -> { if (chk != null) check(chk, pc - 1, r[src] + ((int) w >> 16), 8, false, depth); r[dst] = m.get(BE_LONG, r[src] + ((int) w >> 16) - BASE); return false; }
            case PreparedProgram.LDXSW_BE -> { if (chk != null) check(chk, pc - 1, r[src] + ((int) w >> 16), 4, false, depth); r[dst] = m.get(BE_INT, r[src] + ((int) w >> 16) - BASE); return false; }
            case PreparedProgram.LDXSH_BE -> { if (chk != null) check(chk, pc - 1, r[src] + ((int) w >> 16), 2, false, depth); r[dst] = m.get(BE_SHORT, r[src] + ((int) w >> 16) - BASE); return false; }
            case PreparedProgram.STW_BE -> { if (chk != null) check(chk, pc - 1, r[dst] + ((int) w >> 16), 4, true, depth); mw.set(BE_INT, r[dst] + ((int) w >> 16) - BASE, (int) (w >> 32)); return false; }
            case PreparedProgram.STH_BE -> { if (chk != null) check(chk, pc - 1, r[dst] + ((int) w >> 16), 2, true, depth); mw.set(BE_SHORT, r[dst] + ((int) w >> 16) - BASE, (short) (w >> 32)); return false; }
            case PreparedProgram.STDW_BE -> { if (chk != null) check(chk, pc - 1, r[dst] + ((int) w >> 16), 8, true, depth); mw.set(BE_LONG, r[dst] + ((int) w >> 16) - BASE, w >> 32); return false; }
            case PreparedProgram.STXW_BE -> { if (chk != null) check(chk, pc - 1, r[dst] + ((int) w >> 16), 4, true, depth); mw.set(BE_INT, r[dst] + ((int) w >> 16) - BASE, (int) r[src]); return false; }
            case PreparedProgram.STXH_BE -> { if (chk != null) check(chk, pc - 1, r[dst] + ((int) w >> 16), 2, true, depth); mw.set(BE_SHORT, r[dst] + ((int) w >> 16) - BASE, (short) r[src]); return false; }
            case PreparedProgram.STXDW_BE -> { if (chk != null) check(chk, pc - 1, r[dst] + ((int) w >> 16), 8, true, depth); mw.set(BE_LONG, r[dst] + ((int) w >> 16) - BASE, r[src]); return false; }
            case PreparedProgram.ATOMIC_W_BE -> { if (chk != null) check(chk, pc - 1, r[dst] + ((int) w >> 16), 4, true, depth); atomic32Be(mw, r, r[dst] + ((int) w >> 16) - BASE, src, (int) (w >> 32), pc - 1); return false; }
            case PreparedProgram.ATOMIC_DW_BE -> { if (chk != null) check(chk, pc - 1, r[dst] + ((int) w >> 16), 8, true, depth); atomic64Be(mw, r, r[dst] + ((int) w >> 16) - BASE, src, (int) (w >> 32), pc - 1); return false; }
            case 0x20, 0x28, 0x30, 0x40, 0x48, 0x50 -> {
                // RFC 9669 §5.5 legacy packet access. The kernel (bpf_gen_ld_abs) computes an int
                // offset, imm or src + imm, and when the load fails exits with r0 = 0.
                int op = (int) w & 0xff;
                int off = (op & Opcodes.IND) != 0 ? (int) (r[src] + (w >> 32)) : (int) (w >> 32);
                long at = legacyLoadAddress(off, Opcodes.sizeBytes(op));
                if (at == 0) return true;
                r[0] = switch (Opcodes.sizeBytes(op)) {
                    case 4 -> m.get(BE_INT, at - BASE) & MASK32;
                    case 2 -> m.get(BE_SHORT, at - BASE) & 0xffffL;
                    default -> m.get(BYTE, at - BASE) & 0xffL;
                };
                return false;
            }
            default -> throw new BpfRuntimeException(current.name, pc - 1, current.insnAt(pc - 1),
                    "instruction not supported by the interpreter", null);
        }
    }

    /**
     * What this interpreter runs of {@code p}: its dispatch array, or in checked mode the one whose loads and stores
     * are {@link PreparedProgram#CHECKED_ACCESS}. So the dispatch loop's own load and store handlers have no
     * checked-mode test: HotSpot's C2 kept such a test (and the call to {@link #check} behind it) or cut it away
     * depending on how many runs its profile had seen, and the loop was slower where it kept it (calls 373-379 us
     * with the test, 283-293 us without; docs/architecture.md, "What C2 makes of the dispatch").
     */
    private long[] dispatch(PreparedProgram p) {
        return checker == null ? p.dispatch : p.checkedDispatch();
    }

    /**
     * A load or store of checked mode ({@link PreparedProgram#CHECKED_ACCESS}; the instruction itself is in the
     * program's {@code code} array): the access must lie in a region the program may touch ({@link RegionCheck}),
     * then it runs as RFC 9669 §5.1 and §5.2 say: loads zero-extend, except the sign-extending {@code MEMSX} ones.
     */
    private void checkedAccess(int pc, int depth, long[] r, MemorySegment m, MemorySegment mw) {
        long w = current.code[pc - 1];
        int op = (int) w & 0xff, dst = ((int) w >>> 8) & 0xf, src = ((int) w >>> 12) & 0xf;
        int size = Opcodes.sizeBytes(op);
        boolean load = (op & Opcodes.CLASS_MASK) == Opcodes.LDX;
        long address = (load ? r[src] : r[dst]) + ((int) w >> 16);
        check(checker, pc - 1, address, size, !load, depth);
        long at = address - BASE;
        if (load) {
            boolean signed = (op & Opcodes.MODE_MASK) == Opcodes.MEMSX;
            r[dst] = switch (size) {
                case 1 -> signed ? m.get(BYTE, at) : m.get(BYTE, at) & 0xffL;
                case 2 -> signed ? m.get(SHORT, at) : m.get(SHORT, at) & 0xffffL;
                case 4 -> signed ? m.get(INT, at) : m.get(INT, at) & MASK32;
                default -> m.get(LONG, at);
            };
            return;
        }
        long v = (op & Opcodes.CLASS_MASK) == Opcodes.ST ? w >> 32 : r[src];
        switch (size) {
            case 1 -> mw.set(BYTE, at, (byte) v);
            case 2 -> mw.set(SHORT, at, (short) v);
            case 4 -> mw.set(INT, at, (int) v);
            default -> mw.set(LONG, at, v);
        }
    }

    /**
     * The address of a legacy {@code ld_abs}/{@code ld_ind} load of {@code size} bytes at
     * {@code offset}, or 0 when it fails. On a socket buffer this is the kernel's
     * {@code bpf_skb_load_helper_*}: non-negative offsets from {@code skb->data} within
     * {@code skb->len}; negative ones {@code SKF_NET_OFF} (-0x100000) and {@code SKF_LL_OFF}
     * (-0x200000) relative to the network and MAC headers ({@code bpf_internal_load_pointer_neg_helper}).
     * Otherwise the run's input buffer (the conformance suite's "memory" programs).
     */
    private long legacyLoadAddress(int offset, int size) {
        return legacyLoadAddress(context.packet, offset, size, ldAddress, ldLength);
    }

    /** {@link #legacyLoadAddress(int, int)} for a run whose packet is {@code packet} and input {@code [inputAddress, +inputLength)}; shared with the JIT. */
    static long legacyLoadAddress(io.ebpf4j.helpers.PacketBuffer packet, int offset, int size, long inputAddress, int inputLength) {
        if (packet instanceof SkBuff skb) {
            if (offset >= 0) return skb.len() - offset >= size ? skb.data() + offset : 0;
            long ptr;
            if (offset >= -0x100000) ptr = skb.networkHeader() + offset + 0x100000;
            else if (offset >= -0x200000) ptr = skb.macHeader() + offset + 0x200000;
            else return 0;
            return ptr >= skb.head() && ptr + size <= skb.tail() ? ptr : 0;
        }
        long base = inputAddress;
        int length = inputLength;
        if (packet instanceof XdpBuff xdp) {
            base = xdp.data();
            length = (int) (xdp.dataEnd() - xdp.data());
        }
        if (offset < 0 || offset > length - size) return 0;
        return base + offset;
    }

    private long finish(long r0, long count, int slot) {
        if (count > budget) throw budgetExhausted(slot);
        instructionCount = count;
        return r0;
    }

    private static void saveFrame(long[] frames, int depth, long[] r, int returnPc, long loops, int progBase) {
        int f = depth * FRAME_WORDS;
        frames[f] = returnPc;
        frames[f + 1] = r[6];
        frames[f + 2] = r[7];
        frames[f + 3] = r[8];
        frames[f + 4] = r[9];
        frames[f + 5] = r[10];
        frames[f + 6] = loops;
        frames[f + 7] = progBase;
    }

    // RFC 9669 §5.3: atomic operations; fetch forms and xchg load the old value into src,
    // cmpxchg compares with r0 and always loads the old value into r0. 32-bit forms zero-extend it.
    // The kernel's verifier rejects misaligned atomics (check_atomic -> check_ptr_alignment, strict).
    private void atomic64(MemorySegment mw, long[] r, long at, int src, int op, int slot) {
        if ((at & 7) != 0) throw misaligned(slot, at, 8);
        long v = r[src];
        switch (op) {
            case Opcodes.ATOMIC_ADD -> ATOMIC64.getAndAdd(mw, at, v);
            case Opcodes.ATOMIC_OR -> ATOMIC64.getAndBitwiseOr(mw, at, v);
            case Opcodes.ATOMIC_AND -> ATOMIC64.getAndBitwiseAnd(mw, at, v);
            case Opcodes.ATOMIC_XOR -> ATOMIC64.getAndBitwiseXor(mw, at, v);
            case Opcodes.ATOMIC_ADD | Opcodes.FETCH -> r[src] = (long) ATOMIC64.getAndAdd(mw, at, v);
            case Opcodes.ATOMIC_OR | Opcodes.FETCH -> r[src] = (long) ATOMIC64.getAndBitwiseOr(mw, at, v);
            case Opcodes.ATOMIC_AND | Opcodes.FETCH -> r[src] = (long) ATOMIC64.getAndBitwiseAnd(mw, at, v);
            case Opcodes.ATOMIC_XOR | Opcodes.FETCH -> r[src] = (long) ATOMIC64.getAndBitwiseXor(mw, at, v);
            case Opcodes.XCHG -> r[src] = (long) ATOMIC64.getAndSet(mw, at, v);
            case Opcodes.CMPXCHG -> r[0] = (long) ATOMIC64.compareAndExchange(mw, at, r[0], v);
            default -> throw new BpfRuntimeException(current.name, slot, current.insnAt(slot),
                    String.format("unknown atomic operation 0x%x", op), null);
        }
    }

    private void atomic32(MemorySegment mw, long[] r, long at, int src, int op, int slot) {
        if ((at & 3) != 0) throw misaligned(slot, at, 4);
        int v = (int) r[src];
        switch (op) {
            case Opcodes.ATOMIC_ADD -> ATOMIC32.getAndAdd(mw, at, v);
            case Opcodes.ATOMIC_OR -> ATOMIC32.getAndBitwiseOr(mw, at, v);
            case Opcodes.ATOMIC_AND -> ATOMIC32.getAndBitwiseAnd(mw, at, v);
            case Opcodes.ATOMIC_XOR -> ATOMIC32.getAndBitwiseXor(mw, at, v);
            case Opcodes.ATOMIC_ADD | Opcodes.FETCH -> r[src] = (int) ATOMIC32.getAndAdd(mw, at, v) & MASK32;
            case Opcodes.ATOMIC_OR | Opcodes.FETCH -> r[src] = (int) ATOMIC32.getAndBitwiseOr(mw, at, v) & MASK32;
            case Opcodes.ATOMIC_AND | Opcodes.FETCH -> r[src] = (int) ATOMIC32.getAndBitwiseAnd(mw, at, v) & MASK32;
            case Opcodes.ATOMIC_XOR | Opcodes.FETCH -> r[src] = (int) ATOMIC32.getAndBitwiseXor(mw, at, v) & MASK32;
            case Opcodes.XCHG -> r[src] = (int) ATOMIC32.getAndSet(mw, at, v) & MASK32;
            // cmpxchg compares the low 32 bits of r0
            case Opcodes.CMPXCHG -> r[0] = (int) ATOMIC32.compareAndExchange(mw, at, (int) r[0], v) & MASK32;
            default -> throw new BpfRuntimeException(current.name, slot, current.insnAt(slot),
                    String.format("unknown atomic operation 0x%x", op), null);
        }
    }

    /** {@link #atomic64} on big-endian memory (separate, so the little-endian path keeps a constant var handle). */
    private void atomic64Be(MemorySegment mw, long[] r, long at, int src, int op, int slot) {
        if ((at & 7) != 0) throw misaligned(slot, at, 8);
        long v = r[src];
        switch (op) {
            case Opcodes.ATOMIC_ADD -> ATOMIC64_BE.getAndAdd(mw, at, v);
            case Opcodes.ATOMIC_OR -> ATOMIC64_BE.getAndBitwiseOr(mw, at, v);
            case Opcodes.ATOMIC_AND -> ATOMIC64_BE.getAndBitwiseAnd(mw, at, v);
            case Opcodes.ATOMIC_XOR -> ATOMIC64_BE.getAndBitwiseXor(mw, at, v);
            case Opcodes.ATOMIC_ADD | Opcodes.FETCH -> r[src] = (long) ATOMIC64_BE.getAndAdd(mw, at, v);
            case Opcodes.ATOMIC_OR | Opcodes.FETCH -> r[src] = (long) ATOMIC64_BE.getAndBitwiseOr(mw, at, v);
            case Opcodes.ATOMIC_AND | Opcodes.FETCH -> r[src] = (long) ATOMIC64_BE.getAndBitwiseAnd(mw, at, v);
            case Opcodes.ATOMIC_XOR | Opcodes.FETCH -> r[src] = (long) ATOMIC64_BE.getAndBitwiseXor(mw, at, v);
            case Opcodes.XCHG -> r[src] = (long) ATOMIC64_BE.getAndSet(mw, at, v);
            case Opcodes.CMPXCHG -> r[0] = (long) ATOMIC64_BE.compareAndExchange(mw, at, r[0], v);
            default -> throw new BpfRuntimeException(current.name, slot, current.insnAt(slot),
                    String.format("unknown atomic operation 0x%x", op), null);
        }
    }

    private void atomic32Be(MemorySegment mw, long[] r, long at, int src, int op, int slot) {
        if ((at & 3) != 0) throw misaligned(slot, at, 4);
        int v = (int) r[src];
        switch (op) {
            case Opcodes.ATOMIC_ADD -> ATOMIC32_BE.getAndAdd(mw, at, v);
            case Opcodes.ATOMIC_OR -> ATOMIC32_BE.getAndBitwiseOr(mw, at, v);
            case Opcodes.ATOMIC_AND -> ATOMIC32_BE.getAndBitwiseAnd(mw, at, v);
            case Opcodes.ATOMIC_XOR -> ATOMIC32_BE.getAndBitwiseXor(mw, at, v);
            case Opcodes.ATOMIC_ADD | Opcodes.FETCH -> r[src] = (int) ATOMIC32_BE.getAndAdd(mw, at, v) & MASK32;
            case Opcodes.ATOMIC_OR | Opcodes.FETCH -> r[src] = (int) ATOMIC32_BE.getAndBitwiseOr(mw, at, v) & MASK32;
            case Opcodes.ATOMIC_AND | Opcodes.FETCH -> r[src] = (int) ATOMIC32_BE.getAndBitwiseAnd(mw, at, v) & MASK32;
            case Opcodes.ATOMIC_XOR | Opcodes.FETCH -> r[src] = (int) ATOMIC32_BE.getAndBitwiseXor(mw, at, v) & MASK32;
            case Opcodes.XCHG -> r[src] = (int) ATOMIC32_BE.getAndSet(mw, at, v) & MASK32;
            case Opcodes.CMPXCHG -> r[0] = (int) ATOMIC32_BE.compareAndExchange(mw, at, (int) r[0], v) & MASK32;
            default -> throw new BpfRuntimeException(current.name, slot, current.insnAt(slot),
                    String.format("unknown atomic operation 0x%x", op), null);
        }
    }

    // ------------------------------------------------------------------ errors

    /** Checked mode: faults unless the access lies in one region the program may touch that way. */
    private void check(RegionCheck c, int slot, long address, int size, boolean write, int depth) {
        String why = c.violation(address, size, write, depth);
        if (why != null) throw RegionCheck.fault(current.name, slot, current.insnAt(slot), why);
    }

    boolean checked() {
        return checker != null;
    }

    /** Checked mode's region rule of this slot (shared with the slot's JIT engine), or null. */
    RegionCheck regionCheck() {
        return checker;
    }

    /** Checked mode: the program type's context is {@code bytes} long (0: free-form, the whole context region). */
    void contextSize(int bytes) {
        checker.contextSize(bytes);
    }

    private BpfRuntimeException misaligned(int slot, long offset, int size) {
        return new BpfRuntimeException(current.name, slot, current.insnAt(slot), String.format(
                "misaligned atomic access of %d bytes at 0x%x (the kernel's verifier requires %d-byte alignment)",
                size, offset + BASE, size), null);
    }

    private BpfRuntimeException budgetExhausted(int slot) {
        return new BpfRuntimeException(current.name, slot, current.insnAt(slot),
                "instruction budget of " + budgetSetting + " exhausted", null);
    }

    private BpfRuntimeException callTooDeep(int slot) {
        return new BpfRuntimeException(current.name, slot, current.insnAt(slot),
                "call depth exceeds " + maxDepth + " frames", null);
    }

    private BpfRuntimeException badCallx(int slot, int reg, long value) {
        return new BpfRuntimeException(current.name, slot, current.insnAt(slot), String.format(
                "r%d = 0x%x is neither a function pointer of this program nor the id of a registered helper", reg, value), null);
    }

    private static BpfRuntimeException fellOff(PreparedProgram p) {
        Program prog = p.program;
        int last = prog.slotOf(prog.size() - 1);
        return new BpfRuntimeException(p.name, last, prog.insn(prog.size() - 1), "execution ran past the last instruction", null);
    }

    /** Describes a memory access that the arena segment (or its writable view) rejected. */
    private BpfRuntimeException fault(int slot, RuntimeException e) {
        Insn in = current.insnAt(slot);
        long base = in.cls() == Opcodes.LDX ? regs[in.src()] : regs[in.dst()];
        return memoryFault(current.name, slot, in, base + in.off(), memory.arena(), e);
    }

    /**
     * The fault of a load, store or atomic at {@code address} that the arena rejected, in the same
     * words for both engines (the JIT's {@code JitBridge} support calls it too).
     */
    static BpfRuntimeException memoryFault(String program, int slot, Insn in, long address, MemoryArena arena, RuntimeException e) {
        int cls = in.cls();
        String what;
        if (cls == Opcodes.LDX) {
            what = "read";
        } else if (cls == Opcodes.ST || cls == Opcodes.STX) {
            what = in.mode() == Opcodes.ATOMIC ? "atomic access" : "write";
        } else {
            return new BpfRuntimeException(program, slot, in, "failed: " + e, e);
        }
        int size = in.sizeBytes();
        MemoryRegion region = arena.regionOf(address);
        String where;
        if (!what.equals("read") && arena.inArena(address, size) && !arena.isWritable(address, size)) {
            where = "is in read-only memory " + (region == null ? "" : "(" + region + ")")
                    + ": programs may not write it (the kernel's verifier rejects stores into a BPF_F_RDONLY_PROG map)";
        } else if (region == null) {
            where = "is outside the memory arena " + arena.describe(address);
        } else {
            where = "runs past the end of the memory arena (it starts in " + region + ")";
        }
        return new BpfRuntimeException(program, slot, in, String.format("%s of %d bytes at 0x%x %s", what, size, address, where), e);
    }
}
