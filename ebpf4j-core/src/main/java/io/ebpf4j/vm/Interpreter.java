package io.ebpf4j.vm;

import static io.ebpf4j.vm.Alu.MASK32;
import static io.ebpf4j.vm.VmMemory.BASE;

import io.ebpf4j.Ebpf4jException;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.isa.Program;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The interpreter engine behind {@link Vm}: one switch over the pre-decoded opcode byte in a
 * tight loop, registers in a reused {@code long[]}, memory through the arena segment.
 *
 * <p>Instruction counting costs nothing on straight-line code: the executed count is charged
 * only when control leaves a straight run of slots (taken jump, call, exit), as
 * {@code pc - start}; {@code ld_imm64} corrects for its second slot.
 */
final class Interpreter implements Vm {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    // RFC 9669 §5.5: legacy packet loads are in network byte order
    private static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort BE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** Saved per call frame: return pc, r6-r9, r10, may_goto counter. */
    private static final int FRAME_WORDS = 7;

    private final PreparedProgram prepared;
    private final VmOptions options;
    private final long[] code;
    private final HelperFunction[] helpers;
    private final VmMemory memory;
    private final HelperContext context;
    private final long[] regs = new long[11];
    private final long[] frames;
    private final long budget;
    private final long mayGotoLimit;
    private final int maxDepth;
    private final long stackTop0;
    private final long frameSize;
    private final long inputAddress;
    private int inputLength;
    private long instructionCount;

    private Interpreter(PreparedProgram prepared, VmOptions options) {
        this.prepared = prepared;
        this.options = options;
        this.code = prepared.code;
        this.helpers = prepared.functions;
        this.budget = options.instructionBudget() == VmOptions.UNLIMITED ? Long.MAX_VALUE : options.instructionBudget();
        this.mayGotoLimit = options.mayGotoLimit();
        this.maxDepth = options.maxCallDepth();
        this.frames = new long[maxDepth * FRAME_WORDS];
        this.memory = new VmMemory(options.stackFrameSize(), maxDepth, options.inputCapacity());
        this.context = new HelperContext(memory);
        this.stackTop0 = memory.stackTop(0);
        this.frameSize = options.stackFrameSize();
        this.inputAddress = memory.inputAddress();
    }

    static Interpreter load(Program program, VmOptions options) {
        return new Interpreter(PreparedProgram.prepare(program, options), options);
    }

    @Override
    public Program program() {
        return prepared.program;
    }

    @Override
    public VmOptions options() {
        return options;
    }

    @Override
    public VmMemory memory() {
        return memory;
    }

    @Override
    public long run(byte[] input) {
        ensureOpen();
        memory.ensureInputCapacity(input.length);
        MemorySegment.copy(input, 0, memory.segment(), BYTE, inputAddress - BASE, input.length);
        inputLength = input.length;
        return execute(inputAddress, input.length);
    }

    @Override
    public long runInPlace(int length) {
        ensureOpen();
        if (length < 0 || length > memory.inputCapacity()) {
            throw new BpfRuntimeException("input length " + length + " is outside the input region of "
                    + memory.inputCapacity() + " bytes");
        }
        inputLength = length;
        return execute(inputAddress, length);
    }

    @Override
    public long run(long r1, long r2) {
        ensureOpen();
        inputLength = 0;
        return execute(r1, r2);
    }

    @Override
    public byte[] inputBytes() {
        ensureOpen();
        return memory.read(inputAddress, inputLength);
    }

    @Override
    public long instructionCount() {
        return instructionCount;
    }

    @Override
    public void close() {
        memory.close();
    }

    private void ensureOpen() {
        if (memory.isClosed()) throw new BpfRuntimeException("the vm is closed");
    }

    // ------------------------------------------------------------------ the loop

    private long execute(long r1, long r2) {
        final long[] code = this.code;
        final long[] r = this.regs;
        final HelperFunction[] helpers = this.helpers;
        final HelperContext ctx = this.context;
        final MemorySegment m = memory.segment();
        final long budget = this.budget;
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
        ctx.reset();
        long loops = mayGotoLimit; // may_goto counter of the current frame
        long count = 0;            // instructions charged so far
        int depth = 0;
        int pc = 0;
        int start = 0;             // first slot of the current straight-line run
        try {
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
                        // helper call, imm pre-resolved to the helper's index
                        r[0] = helpers[(int) (w >> 32)].call(ctx, r[1], r[2], r[3], r[4], r[5]);
                        if (ctx.stopRequested) return finish(ctx.stopValue, count + pc - start, pc - 1);
                        continue;
                    }
                    case PreparedProgram.CALL_LOCAL, 0x8d -> {
                        int target;
                        if (((int) w & 0xff) == 0x8d) {
                            // callx: a function pointer of this program, or else a helper id
                            target = prepared.functionTarget(r[dst]);
                            if (target < 0) {
                                HelperFunction h = prepared.helperById(r[dst]);
                                if (h == null) throw badCallx(pc - 1, dst, r[dst]);
                                r[0] = h.call(ctx, r[1], r[2], r[3], r[4], r[5]);
                                if (ctx.stopRequested) return finish(ctx.stopValue, count + pc - start, pc - 1);
                                continue;
                            }
                        } else {
                            target = pc + (int) (w >> 32);
                        }
                        count += pc - start;
                        if (count > budget) throw budgetExhausted(pc - 1);
                        if (depth + 1 >= maxDepth) throw callTooDeep(pc - 1);
                        saveFrame(frames, depth, r, pc, loops);
                        depth++;
                        r[10] = stackTop0 - depth * frameSize;
                        loops = mayGotoLimit;
                        pc = target;
                        start = pc;
                        continue;
                    }
                    case 0x95 -> {
                        if (depth == 0) return finish(r[0], count + pc - start, pc - 1);
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
                        start = pc;
                        continue;
                    }

                    // ---- loads and stores (RFC 9669 §5), little-endian, unaligned allowed
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
                    case 0x62 -> { m.set(INT, r[dst] + ((int) w >> 16) - BASE, (int) (w >> 32)); continue; }
                    case 0x6a -> { m.set(SHORT, r[dst] + ((int) w >> 16) - BASE, (short) (w >> 32)); continue; }
                    case 0x72 -> { m.set(BYTE, r[dst] + ((int) w >> 16) - BASE, (byte) (w >> 32)); continue; }
                    case 0x7a -> { m.set(LONG, r[dst] + ((int) w >> 16) - BASE, w >> 32); continue; }
                    case 0x63 -> { m.set(INT, r[dst] + ((int) w >> 16) - BASE, (int) r[src]); continue; }
                    case 0x6b -> { m.set(SHORT, r[dst] + ((int) w >> 16) - BASE, (short) r[src]); continue; }
                    case 0x73 -> { m.set(BYTE, r[dst] + ((int) w >> 16) - BASE, (byte) r[src]); continue; }
                    case 0x7b -> { m.set(LONG, r[dst] + ((int) w >> 16) - BASE, r[src]); continue; }
                    case 0xc3 -> { atomic32(m, r, r[dst] + ((int) w >> 16) - BASE, src, (int) (w >> 32)); continue; }
                    case 0xdb -> { atomic64(m, r, r[dst] + ((int) w >> 16) - BASE, src, (int) (w >> 32)); continue; }
                    case 0x20, 0x28, 0x30, 0x40, 0x48, 0x50 -> {
                        // RFC 9669 §5.5 legacy packet access. The kernel (bpf_gen_ld_abs) computes an int
                        // offset, imm or src + imm, and on a failed bounds check exits with r0 = 0.
                        int op = (int) w & 0xff;
                        long off = (op & Opcodes.IND) != 0 ? (int) (r[src] + (w >> 32)) : (int) (w >> 32);
                        int size = Opcodes.sizeBytes(op);
                        if (off < 0 || off > inputLength - size) return finish(0, count + pc - start, pc - 1);
                        long at = inputAddress - BASE + off;
                        r[0] = switch (size) {
                            case 4 -> m.get(BE_INT, at) & MASK32;
                            case 2 -> m.get(BE_SHORT, at) & 0xffffL;
                            default -> m.get(BYTE, at) & 0xffL;
                        };
                        continue;
                    }
                    case PreparedProgram.FELL_OFF -> throw fellOff();
                    default -> throw new BpfRuntimeException(pc - 1, prepared.insnAt(pc - 1), "instruction not supported by the interpreter");
                }
                // a jump: taken or not
                if (taken) {
                    count += pc - start;
                    if (count > budget) throw budgetExhausted(pc - 1);
                    pc += (int) w >> 16;
                    start = pc;
                }
            }
        } catch (IndexOutOfBoundsException e) {
            throw fault(pc - 1, e);
        } catch (Ebpf4jException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BpfRuntimeException(pc - 1, prepared.insnAt(pc - 1), "failed: " + e, e);
        }
    }

    private long finish(long r0, long count, int slot) {
        if (count > budget) throw budgetExhausted(slot);
        instructionCount = count;
        return r0;
    }

    private static void saveFrame(long[] frames, int depth, long[] r, int returnPc, long loops) {
        int f = depth * FRAME_WORDS;
        frames[f] = returnPc;
        frames[f + 1] = r[6];
        frames[f + 2] = r[7];
        frames[f + 3] = r[8];
        frames[f + 4] = r[9];
        frames[f + 5] = r[10];
        frames[f + 6] = loops;
    }

    // RFC 9669 §5.3: atomic operations; fetch forms and xchg load the old value into src,
    // cmpxchg compares with r0 and always loads the old value into r0. 32-bit forms zero-extend it.
    private static void atomic64(MemorySegment m, long[] r, long at, int src, int op) {
        long old = m.get(LONG, at);
        long v = r[src];
        switch (op & ~Opcodes.FETCH) {
            case Opcodes.ATOMIC_ADD -> m.set(LONG, at, old + v);
            case Opcodes.ATOMIC_OR -> m.set(LONG, at, old | v);
            case Opcodes.ATOMIC_AND -> m.set(LONG, at, old & v);
            case Opcodes.ATOMIC_XOR -> m.set(LONG, at, old ^ v);
            case Opcodes.XCHG & ~Opcodes.FETCH -> m.set(LONG, at, v);
            default -> { // CMPXCHG
                if (old == r[0]) m.set(LONG, at, v);
                r[0] = old;
                return;
            }
        }
        if ((op & Opcodes.FETCH) != 0) r[src] = old;
    }

    private static void atomic32(MemorySegment m, long[] r, long at, int src, int op) {
        int old = m.get(INT, at);
        int v = (int) r[src];
        switch (op & ~Opcodes.FETCH) {
            case Opcodes.ATOMIC_ADD -> m.set(INT, at, old + v);
            case Opcodes.ATOMIC_OR -> m.set(INT, at, old | v);
            case Opcodes.ATOMIC_AND -> m.set(INT, at, old & v);
            case Opcodes.ATOMIC_XOR -> m.set(INT, at, old ^ v);
            case Opcodes.XCHG & ~Opcodes.FETCH -> m.set(INT, at, v);
            default -> { // CMPXCHG compares the low 32 bits of r0
                if (old == (int) r[0]) m.set(INT, at, v);
                r[0] = old & MASK32;
                return;
            }
        }
        if ((op & Opcodes.FETCH) != 0) r[src] = old & MASK32;
    }

    // ------------------------------------------------------------------ errors

    private BpfRuntimeException budgetExhausted(int slot) {
        return new BpfRuntimeException(slot, prepared.insnAt(slot),
                "instruction budget of " + options.instructionBudget() + " exhausted");
    }

    private BpfRuntimeException callTooDeep(int slot) {
        return new BpfRuntimeException(slot, prepared.insnAt(slot),
                "call depth exceeds " + maxDepth + " frames");
    }

    private BpfRuntimeException badCallx(int slot, int reg, long value) {
        return new BpfRuntimeException(slot, prepared.insnAt(slot), String.format(
                "r%d = 0x%x is neither a function pointer of this program nor the id of a registered helper", reg, value));
    }

    private BpfRuntimeException fellOff() {
        Program p = prepared.program;
        int last = p.slotOf(p.size() - 1);
        return new BpfRuntimeException(last, p.insn(p.size() - 1), "execution ran past the last instruction");
    }

    /** Describes a memory access that the arena segment rejected. */
    private BpfRuntimeException fault(int slot, RuntimeException e) {
        Insn in = prepared.insnAt(slot);
        int cls = in.cls();
        String what;
        long address;
        if (cls == Opcodes.LDX) {
            what = "read";
            address = regs[in.src()] + in.off();
        } else if (cls == Opcodes.ST || cls == Opcodes.STX) {
            what = in.mode() == Opcodes.ATOMIC ? "atomic access" : "write";
            address = regs[in.dst()] + in.off();
        } else {
            return new BpfRuntimeException(slot, in, "failed: " + e, e);
        }
        int size = in.sizeBytes();
        MemoryRegion region = memory.regionOf(address);
        String where = region == null
                ? "is outside the memory arena " + memory.describe(address)
                : "runs past the end of the memory arena (it starts in " + region + ")";
        return new BpfRuntimeException(slot, in, String.format("%s of %d bytes at 0x%x %s", what, size, address, where), e);
    }
}
