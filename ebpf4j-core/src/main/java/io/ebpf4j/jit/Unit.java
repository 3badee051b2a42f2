package io.ebpf4j.jit;

import static io.ebpf4j.jit.JitCompiler.*;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_byte;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_short;
import static java.lang.constant.ConstantDescs.CD_void;

import io.ebpf4j.helpers.StandardHelpers;
import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.maps.BpfMap;
import io.ebpf4j.vm.JitBridge;
import io.ebpf4j.vm.MemoryArena;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The bytecode of one method: a whole function, or (split mode) the slots {@code [lo, hi)} of a
 * function as a chunk. Registers are {@code long} locals; the instruction count is a local
 * charged once per straight run of code (at jumps, calls, exits and join points), which gives
 * the interpreter's count and budget checks at the same instructions.
 */
final class Unit {
    /** Chunk register array: r0-r10, then the count, the may_goto counter, fp, entry mode. */
    static final int REGS_LENGTH = 15, A_CNT = 11, A_LOOPS = 12, A_FP = 13, A_MODE = 14;
    /**
     * Chunk array: 1 once the kept frame slots ({@link FrameSlots}) are in the arena (before a tail call), else 0;
     * kept slot k follows at {@code A_FRAME + 1 + k}.
     */
    static final int A_FRAME = REGS_LENGTH;

    // JVM locals
    private static final int S = 0;
    private static final int CNT = 38, LOOPS = 40, FP = 42, TMP = 44, NEXT = 46, REGS = 47, DEPTH = 48, MODE = 49;
    /** The may_goto step (1), read from the state: see {@link #mayGotoStep()}. */
    private static final int STEP = 50;
    /** The first local of the frame slots kept in locals ({@link FrameSlots}): slot k is local {@code FRAME + 2k}. */
    private static final int FRAME = 54;
    /** The exception a kept frame slot's catch-all handler rethrows; the kept slots' locals follow it. */
    private static final int TMP_REF = 52;

    private static int frameLocal(int k) {
        return FRAME + 2 * k;
    }

    private static int r(int i) {
        return 16 + 2 * i;
    }

    private static final long MASK32 = 0xffff_ffffL;
    private static final ClassDesc CD_LONG = ClassDesc.of("java.lang.Long"), CD_INTEGER = ClassDesc.of("java.lang.Integer");
    private static final MethodTypeDesc MT_CMP64 = MethodTypeDesc.of(CD_int, CD_long, CD_long),
            MT_CMP32 = MethodTypeDesc.of(CD_int, CD_int, CD_int);

    private final Function f;
    private final Builder b;
    private final CodeBuilder cb;
    private final int lo, hi;
    private final boolean split;
    private final Map<Integer, Label> labels = new HashMap<>();
    private final List<Runnable> stubs = new ArrayList<>();
    /**
     * Out-of-line code after a helper that asked for a stop or a tail call, placed outside the catch-all of the kept
     * frame slots: it writes them to the arena itself, before the tail-called program runs in the same frame.
     */
    private final List<Runnable> tailStubs = new ArrayList<>();
    /** Slots entered from outside this chunk (split mode). */
    private final TreeSet<Integer> entries = new TreeSet<>();
    private Label saveExit;
    /** Instructions executed since the count was last charged. */
    private int pend;
    /** Estimated cycles from the start of the current basic block until each register is ready (see {@link #reassociate}). */
    private final int[] ready = new int[11];
    /** Instruction words rewritten by {@link #reassociate} (the same operations, their sources swapped), by slot. */
    private final Map<Integer, Long> rewritten = new HashMap<>();

    /** Split mode: the slots of this chunk entered from other chunks (and the function's entry). */
    private final java.util.Collection<Integer> chunkEntries;
    /** The kept frame slots ({@link FrameSlots}) this method (a whole function, not a chunk) accesses: it reads them from the arena. */
    private final java.util.BitSet frameUsed = new java.util.BitSet();
    /** Of those, the ones it writes: only these go back (a slot only read still holds the value it was read from). */
    private final java.util.BitSet frameWritten = new java.util.BitSet();
    /**
     * A chunk: the registers (bit i: r_i) it reads from the chunk array at entry (live where it is entered, and
     * touched in it) and those it writes back at its exit (that it may write, live where it leaves); see {@link Liveness}.
     */
    private int loadRegs = Liveness.ALL, storeRegs = Liveness.ALL;
    /** Registers and frame bytes known in the current basic block ({@link #inlineLookup}, {@link #directMapCall}). */
    private final BlockConstants consts = new BlockConstants();
    /** Accesses that share one bounds check ({@link AccessGroups}), by slot; none in a chunk. */
    private final Map<Integer, AccessGroups.Group> groups;

    Unit(Function f, CodeBuilder cb, int lo, int hi, boolean split) {
        this(f, cb, lo, hi, split, List.of());
    }

    Unit(Function f, CodeBuilder cb, int lo, int hi, boolean split, java.util.Collection<Integer> chunkEntries) {
        this.chunkEntries = chunkEntries;
        this.f = f;
        this.b = f.b;
        this.cb = cb;
        this.lo = lo;
        this.hi = hi;
        this.split = split;
        if (split && f.liveness != null) {
            int entryLive = 0, touched = 0, written = 0, exitLive = 0;
            for (int e : chunkEntries) entryLive |= f.liveness.in(e);
            for (int s = f.reach.nextSetBit(Math.max(0, lo)); s >= 0 && s < hi; s = f.reach.nextSetBit(s + 1)) {
                int may = Liveness.mayDefs(b, s);
                written |= may;
                touched |= may | Liveness.uses(b, s, b.argumentsRead);
                for (int v : Liveness.successors(b, s)) if (v >= 0 && !inUnit(v)) exitLive |= f.liveness.in(v);
            }
            loadRegs = entryLive & touched;
            storeRegs = written & exitLive;
        }
        FrameSlots fs = f.frameSlots;
        // the slices of the access groups take the locals after the kept frame slots' (a chunk calls accessor methods)
        this.groups = split ? AccessGroups.NONE : AccessGroups.of(f, lo, hi, frameLocal(fs.count()));
        b.facts.grouped.putAll(groups);
        // a chunk keeps its frame slots in the chunk array itself (see frameGet), so only a whole method has locals
        if (fs.count() > 0 && !split) {
            for (int s = f.reach.nextSetBit(Math.max(0, lo)); s >= 0 && s < hi && s < b.slots; s = f.reach.nextSetBit(s + 1)) {
                int k = fs.slotOf(b.word(s));
                if (k >= 0) {
                    frameUsed.set(k);
                    int op = opcode(b.word(s));
                    if (littleEndianForm(op) >= 0) op = littleEndianForm(op); // a big-endian program's access
                    if ((op & 7) != Opcodes.LDX) frameWritten.set(k);
                }
            }
        }
    }

    private boolean inUnit(int slot) {
        return slot >= lo && slot < hi && f.reach.get(slot);
    }

    private Label label(int slot) {
        return labels.computeIfAbsent(slot, k -> cb.newLabel());
    }

    // ------------------------------------------------------------------ structure

    void emit() {
        prologue();
        Label bodyStart = cb.newLabel(), bodyEnd = cb.newLabel();
        cb.labelBinding(bodyStart);
        if (split) {
            entries.addAll(chunkEntries);
            saveExit = cb.newLabel();
            Label bad = cb.newLabel();
            List<SwitchCase> cases = new ArrayList<>();
            for (int e : entries) cases.add(SwitchCase.of(e, label(e)));
            cb.iload(2);
            cb.lookupswitch(bad, cases);
            stubs.add(() -> {
                cb.labelBinding(bad);
                throwNew("java.lang.IllegalStateException");
            });
        } else {
            cb.goto_(label(f.entry));
        }
        int prevFalls = -1;
        for (int s = f.reach.nextSetBit(Math.max(0, lo)); s >= 0 && s < hi; s = f.reach.nextSetBit(s + 1)) {
            if (prevFalls >= 0 && prevFalls != s) {
                flush();
                transfer(prevFalls);
                prevFalls = -1;
            }
            boolean join = f.targets.get(s) || s == f.entry || entries.contains(s) || labels.containsKey(s);
            if (join) {
                if (prevFalls == s) flush();
                pend = 0;
                consts.reset();
                java.util.Arrays.fill(ready, 0);
                cb.labelBinding(label(s));
            }
            prevFalls = insn(s);
            if (s == Integer.MAX_VALUE) break;
        }
        if (prevFalls >= 0) {
            flush();
            transfer(prevFalls);
        }
        // out-of-line code: slow paths, exception handlers (a stub may add stubs)
        for (int i = 0; i < stubs.size(); i++) stubs.get(i).run();
        cb.labelBinding(bodyEnd);
        if (!frameWritten.isEmpty()) {
            // whatever ends a whole method by an exception, the kept frame slots it wrote go back to the arena, where
            // the interpreter has them (a chunk has none in locals: its driver writes the chunk array to the arena).
            // Listed last, this catch-all comes after every access's own handler.
            Label any = cb.newLabel();
            cb.exceptionCatchAll(bodyStart, bodyEnd, any);
            cb.labelBinding(any);
            cb.astore(TMP_REF);
            frameLeave();
            cb.aload(TMP_REF);
            cb.athrow();
        }
        for (Runnable r : tailStubs) r.run();
        if (split) {
            cb.labelBinding(saveExit);
            for (int i = 0; i <= 10; i++) if ((storeRegs & 1 << i) != 0) toArray(i, r(i));
            toArray(A_CNT, CNT);
            toArray(A_LOOPS, LOOPS);
            cb.iload(NEXT);
            cb.i2l();
            cb.lreturn();
        }
    }

    private void prologue() {
        if (split) {
            cb.aload(1);
            cb.astore(REGS);
            cb.iload(3);
            cb.istore(DEPTH);
            for (int i = 0; i <= 10; i++) {
                if ((loadRegs & 1 << i) != 0) {
                    fromArray(i, r(i));
                } else {
                    // dead here, or written before any read: a constant, which C2 drops, for the JVM's verifier
                    cb.lconst_0();
                    cb.lstore(r(i));
                }
            }
            fromArray(A_CNT, CNT);
            fromArray(A_LOOPS, LOOPS);
            fromArray(A_FP, FP);
            cb.aload(REGS);
            cb.bipush(A_MODE);
            cb.laload();
            cb.l2i();
            cb.istore(MODE);
        } else {
            for (int i = 1; i <= 5; i++) {
                cb.lload(1 + 2 * (i - 1));
                cb.lstore(r(i));
            }
            cb.lload(11);
            cb.dup2();
            cb.lstore(r(10));
            cb.lstore(FP);
            cb.iload(13);
            cb.istore(DEPTH);
            for (int i : new int[] {0, 6, 7, 8, 9}) {
                cb.lconst_0();
                cb.lstore(r(i));
            }
            cb.aload(S);
            cb.getfield(CD_STATE, "count", CD_long);
            cb.lstore(CNT);
            cb.loadConstant(b.mayGoto);
            cb.lstore(LOOPS);
            cb.iconst_0();
            cb.istore(NEXT);
            cb.lconst_0();
            cb.lstore(TMP);
            // the kept frame slots (FrameSlots) start as the arena holds them
            for (int k = frameUsed.nextSetBit(0); k >= 0; k = frameUsed.nextSetBit(k + 1)) {
                frameArenaLoad(cb, b, f.frameSlots, k, () -> cb.lload(FP));
                cb.lstore(frameLocal(k));
            }
        }
        if (split) {
            cb.iconst_0();
            cb.istore(NEXT);
            cb.lconst_0();
            cb.lstore(TMP);
        }
        if (f.hasMayGoto) mayGotoStep();
    }

    /**
     * Loads the may_goto step into a local. It is always 1, but read from a field so that HotSpot's
     * C2 does not take the may_goto counter for a loop's induction variable (a counted loop needs a
     * constant stride): a counted loop is unrolled, and the unrolled copies of a BPF loop's own
     * counter become {@code i + k} folded into three-operand LEAs on the loop's dependency chain,
     * one cycle slower each on this machine's AMD CPU than the kernel's plain add (arith: 1.12 ×
     * the kernel unrolled, ~1.0 not).
     */
    private void mayGotoStep() {
        cb.aload(S);
        cb.getfield(CD_STATE, "mayGotoStep", CD_long);
        cb.lstore(STEP);
    }

    private void fromArray(int index, int local) {
        cb.aload(REGS);
        cb.loadConstant(index);
        cb.laload();
        cb.lstore(local);
    }

    private void toArray(int index, int local) {
        cb.aload(REGS);
        cb.loadConstant(index);
        cb.lload(local);
        cb.lastore();
    }

    /** Puts the kept frame slots this method (a whole function) writes back into the arena. */
    private void frameLeave() {
        for (int k = frameWritten.nextSetBit(0); k >= 0; k = frameWritten.nextSetBit(k + 1)) {
            int local = frameLocal(k);
            frameArenaStore(cb, b, f.frameSlots, k, () -> cb.lload(FP), () -> cb.lload(local));
        }
    }

    /**
     * Pushes the value of kept frame slot {@code k}: its local in a whole method; in a chunk, its element of the chunk
     * array. A slot held in a local from the chunk's entry to its exit is live across the whole chunk, so it competes
     * for registers and is saved at every one of HotSpot's deoptimization points (an uncommon trap saves every live
     * local): with {@code LargeProgram}'s 56 slots a frame, two thirds of a chunk's nmethod were uncommon-trap stubs saving
     * ~70 values, and C2's code for the 1M-instruction program went from ~34 MB to 17 MB once chunks kept slots in
     * the array. An array element is a plain load or store, with no call, and C2 forwards a store to a later load.
     */
    private void frameGet(int k) {
        if (split) {
            cb.aload(REGS);
            cb.loadConstant(A_FRAME + 1 + k);
            cb.laload();
        } else {
            cb.lload(frameLocal(k));
        }
    }

    /** Sets kept frame slot {@code k} to the long that {@code value} pushes (see {@link #frameGet}). */
    private void frameSet(int k, Runnable value) {
        if (split) {
            cb.aload(REGS);
            cb.loadConstant(A_FRAME + 1 + k);
            value.run();
            cb.lastore();
        } else {
            value.run();
            cb.lstore(frameLocal(k));
        }
    }

    /**
     * Writes every kept frame slot of the function to the arena now (before a tail call): a whole method those it
     * writes, from its locals; a chunk all of them, from the chunk array, which it marks so that the driver does not
     * write them again.
     */
    private void frameToArena() {
        FrameSlots fs = f.frameSlots;
        for (int k = 0; k < fs.count(); k++) {
            final int kk = k;
            if (split || frameWritten.get(k)) frameArenaStore(cb, b, fs, k, () -> cb.lload(FP), () -> frameGet(kk));
        }
        if (split && fs.count() > 0) {
            cb.aload(REGS);
            cb.loadConstant(A_FRAME);
            cb.lconst_1();
            cb.lastore();
        }
    }

    /** Zero-extends the long on the stack from its low {@code size} bytes (1, 2 or 4), as RFC 9669 §5's LDX MEM loads. */
    static void zeroExtend(CodeBuilder cb, int size) {
        cb.loadConstant(size == 4 ? MASK32 : size == 2 ? 0xffffL : 0xffL);
        cb.land();
    }

    /** Narrows the long on the stack to the value type of a {@code size}-byte access (int, short or byte); not for 8. */
    static void narrow(CodeBuilder cb, int size) {
        cb.l2i();
        if (size == 2) cb.i2s();
        else if (size == 1) cb.i2b();
    }

    /** Pushes the segment (read-only or writable), layout and segment offset of the kept frame slot {@code k}. */
    private static void frameAddress(CodeBuilder cb, JitCompiler.Builder b, FrameSlots fs, int k, Runnable fp, boolean write) {
        int size = fs.sizes[k];
        cb.ldc(write ? b.writable() : b.segment());
        cb.getstatic(CD_SUP, layoutName(size, fs.bigEndian[k] == 1), layoutType(size));
        fp.run();
        cb.loadConstant((long) fs.offs[k] - MemoryArena.BASE);
        cb.ladd();
    }

    /** Pushes the arena's value of the kept frame slot {@code k} (zero-extended to a long); {@code fp} pushes r10. */
    static void frameArenaLoad(CodeBuilder cb, JitCompiler.Builder b, FrameSlots fs, int k, Runnable fp) {
        int size = fs.sizes[k];
        frameAddress(cb, b, fs, k, fp, false);
        cb.invokeinterface(CD_SEGMENT, "get", MethodTypeDesc.of(valueType(size), layoutType(size), CD_long));
        if (size != 8) {
            cb.i2l();
            zeroExtend(cb, size);
        }
    }

    /** Writes the long that {@code value} pushes to the arena bytes of the kept frame slot {@code k}, truncated to its size. */
    static void frameArenaStore(CodeBuilder cb, JitCompiler.Builder b, FrameSlots fs, int k, Runnable fp, Runnable value) {
        int size = fs.sizes[k];
        frameAddress(cb, b, fs, k, fp, true);
        value.run();
        if (size != 8) {
            narrow(cb, size);
        }
        cb.invokeinterface(CD_SEGMENT, "set", MethodTypeDesc.of(CD_void, layoutType(size), CD_long, valueType(size)));
    }

    /** Charges the pending instructions to the count. */
    private void flush() {
        if (pend > 0) {
            cb.lload(CNT);
            cb.loadConstant((long) pend);
            cb.ladd();
            cb.lstore(CNT);
            pend = 0;
        }
    }

    /** Continues at {@code slot} (count already charged). */
    private void transfer(int slot) {
        if (!split || inUnit(slot)) {
            cb.goto_(label(slot));
        } else {
            iconst(slot);
            cb.istore(NEXT);
            cb.goto_(saveExit);
        }
    }

    /** Throws the budget error at {@code at} when the count is past the budget. */
    private void budgetCheck(int at) {
        if (b.budget == Long.MAX_VALUE) return;
        Label fail = cb.newLabel();
        cb.lload(CNT);
        cb.loadConstant(b.budget);
        cb.lcmp();
        cb.ifgt(fail);
        stubs.add(() -> {
            cb.labelBinding(fail);
            cb.ldc(b.sup());
            iconst(at);
            cb.invokevirtual(CD_SUP, "budgetExhausted", MethodTypeDesc.of(CD_RTE, CD_int));
            cb.athrow();
        });
    }

    /** Where a taken jump from {@code at} to {@code target} goes (through a budget check when there is a budget). */
    private Label branch(int at, int target) {
        if (b.budget == Long.MAX_VALUE && (!split || inUnit(target))) return label(target);
        Label stub = cb.newLabel();
        stubs.add(() -> {
            cb.labelBinding(stub);
            budgetCheck(at);
            transfer(target);
        });
        return stub;
    }

    private void throwNew(String cls) {
        ClassDesc cd = ClassDesc.of(cls);
        cb.new_(cd);
        cb.dup();
        cb.invokespecial(cd, "<init>", MethodTypeDesc.of(CD_void));
        cb.athrow();
    }

    /** Returns r0 from an exit. */
    private void exitReturn() {
        if (!frameWritten.isEmpty()) {
            // one exit block writes the kept frame slots back, not every exit
            if (frameExit == null) {
                frameExit = cb.newLabel();
                stubs.add(() -> {
                    cb.labelBinding(frameExit);
                    frameLeave();
                    plainExit();
                });
            }
            cb.goto_(frameExit);
            return;
        }
        plainExit();
    }

    private Label frameExit;

    private void plainExit() {
        if (!split) {
            cb.aload(S);
            cb.lload(CNT);
            cb.putfield(CD_STATE, "count", CD_long);
            cb.lload(r(0));
            cb.lreturn();
        } else {
            toArray(0, r(0));
            toArray(A_CNT, CNT);
            cb.ldc(-1L);
            cb.lreturn();
        }
    }

    /** Returns the value on the stack as the function's result; the state's count is already right. */
    private void tailReturn() {
        if (!split) {
            cb.lreturn();
        } else {
            cb.lstore(TMP);
            toArray(0, TMP);
            cb.aload(REGS);
            cb.bipush(A_CNT);
            cb.aload(S);
            cb.getfield(CD_STATE, "count", CD_long);
            cb.lastore();
            cb.ldc(-1L);
            cb.lreturn();
        }
    }

    // ------------------------------------------------------------------ constants

    /** Above this many constant-pool entries, constants are built from short immediates (a class has at most 65,535). */
    private static final int POOL_LIMIT = 50_000;

    private boolean poolFull() {
        return cb.constantPool().size() > Math.min(POOL_LIMIT, b.poolLimit);
    }

    /** Pushes an int constant (without a pool entry when the pool is filling up). */
    private void iconst(int v) {
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE || !poolFull()) {
            cb.loadConstant(v);
            return;
        }
        cb.sipush((short) (v >>> 16));
        cb.bipush(16);
        cb.ishl();
        cb.sipush((short) v);
        cb.i2c(); // the low 16 bits, zero-extended
        cb.ior();
    }

    /** Pushes a long constant (without a pool entry when the pool is filling up). */
    private void lconst(long v) {
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            if (v == 0 || v == 1) {
                cb.loadConstant(v);
            } else {
                cb.loadConstant((int) v);
                cb.i2l();
            }
            return;
        }
        if (!poolFull()) {
            cb.loadConstant(v);
            return;
        }
        if (v == (int) v) {
            iconst((int) v);
            cb.i2l();
            return;
        }
        iconst((int) (v >>> 32));
        cb.i2l();
        cb.bipush(32);
        cb.lshl();
        iconst((int) v);
        cb.i2l();
        cb.bipush(32);
        cb.lshl();
        cb.bipush(32);
        cb.lushr();
        cb.lor();
    }

    // ------------------------------------------------------------------ instructions

    /** Emits the instruction at {@code slot}; returns the slot it falls through to, or -1. */
    private int insn(int slot) {
        int next = emitInsn(slot);
        consts.after(b, slot);
        return next;
    }

    private int emitInsn(int slot) {
        if (slot >= b.slots) {
            // the sentinel after the last instruction (PreparedProgram.FELL_OFF)
            cb.ldc(b.sup());
            cb.invokevirtual(CD_SUP, "fellOff", MethodTypeDesc.of(CD_RTE));
            cb.athrow();
            return -1;
        }
        reassociate(slot);
        Long rw = rewritten.remove(slot);
        long w = rw != null ? rw : b.word(slot);
        int op = opcode(w);
        track(op, w);
        if (!known(op)) {
            b.unsupported.set(slot);
            cb.ldc(b.sup());
            iconst(slot);
            cb.invokevirtual(CD_SUP, "unsupported", MethodTypeDesc.of(CD_RTE, CD_int));
            cb.athrow();
            return -1;
        }
        pend++;
        // a big-endian program's load, store or atomic: the same access on big-endian memory
        int leForm = littleEndianForm(op);
        boolean be = leForm >= 0;
        if (be) op = leForm;
        int cls = op & 7;
        int d = dst(w), sr = src(w);
        switch (cls) {
            case Opcodes.ALU64 -> alu64(op, w, d, sr);
            case Opcodes.ALU -> alu32(op, w, d, sr);
            case Opcodes.JMP, Opcodes.JMP32 -> {
                return jump(slot, op, w, d, sr);
            }
            case Opcodes.LDX -> load(slot, op, w, d, sr, be);
            case Opcodes.ST, Opcodes.STX -> store(slot, op, w, d, sr, be);
            case Opcodes.LD -> {
                if (op == 0x18) {
                    lconst(b.word(slot + 1));
                    cb.lstore(r(d));
                    return slot + 2;
                }
                legacyLoad(slot, op, w, sr);
            }
            default -> throw new IllegalStateException("class " + cls);
        }
        return slot + 1;
    }

    /**
     * Two instructions in a row that apply the same associative and commutative operation to one
     * register, {@code A op= B; A op= C} (64-bit add, mul, or, and, xor, register sources), compute
     * {@code (A op B) op C}; when B is ready later than C, {@code (A op C) op B} gives the same result one
     * step sooner, so the sources are swapped. This is the reassociation of LLVM's MachineCombiner
     * (TargetInstrInfo::reassociateOps: reorder the operands of a pair when it shortens the critical path),
     * with readiness estimated within the basic block. Only A's value between the two changes, and nothing
     * can observe it: the second instruction is no jump target and an ALU operation does not fault.
     */
    private void reassociate(int slot) {
        if (slot + 1 >= b.slots || rewritten.containsKey(slot)) return;
        int next = slot + 1;
        if (next >= hi || !f.reach.get(next) || f.targets.get(next) || next == f.entry || entries.contains(next)) return;
        long w1 = b.word(slot), w2 = b.word(next);
        int op = opcode(w1);
        if (op != opcode(w2) || !(op == 0x0f || op == 0x2f || op == 0x4f || op == 0x5f || op == 0xaf)) return;
        int a = dst(w1), x = src(w1), y = src(w2);
        if (dst(w2) != a || x == a || y == a || x == y) return;
        int lat = op == 0x2f ? 3 : 1;
        int kept = Math.max(Math.max(ready[a], ready[x]) + lat, ready[y]) + lat;
        int swapped = Math.max(Math.max(ready[a], ready[y]) + lat, ready[x]) + lat;
        if (swapped >= kept) return;
        rewritten.put(slot, withSrc(w1, y));
        rewritten.put(next, withSrc(w2, x));
    }

    private static long withSrc(long w, int src) {
        return (w & ~0xf000L) | (long) src << 12;
    }

    /** Updates the estimated ready times for the instruction {@code w}, in cycles: loads 4, multiply 3, divide 20, other ALU 1. */
    private void track(int op, long w) {
        if (littleEndianForm(op) >= 0) op = littleEndianForm(op);
        int cls = op & 7, d = dst(w), sr = src(w);
        switch (cls) {
            case Opcodes.ALU, Opcodes.ALU64 -> {
                boolean x = (op & Opcodes.X) != 0;
                int code = op & 0xf0;
                int in = x ? ready[sr] : 0;
                if (op == JitBridge.Code.MOVSX64_8 || op == JitBridge.Code.MOVSX64_16 || op == JitBridge.Code.MOVSX64_32
                        || op == JitBridge.Code.MOVSX32_8 || op == JitBridge.Code.MOVSX32_16) {
                    ready[d] = ready[sr] + 1;
                } else if (code == Opcodes.MOV) {
                    ready[d] = in;
                } else {
                    int lat = code == Opcodes.MUL ? 3 : code == Opcodes.DIV || code == Opcodes.MOD ? 20 : 1;
                    ready[d] = Math.max(ready[d], in) + lat;
                }
            }
            case Opcodes.LDX -> ready[d] = ready[sr] + 4;
            case Opcodes.LD -> {
                if (op == 0x18) ready[d] = 0;
                else java.util.Arrays.fill(ready, 0, 6, 0);
            }
            case Opcodes.STX -> {
                if ((op & Opcodes.MODE_MASK) == Opcodes.ATOMIC) {
                    ready[0] = ready[sr] = Math.max(ready[d], ready[sr]) + 4;
                }
            }
            case Opcodes.JMP, Opcodes.JMP32 -> {
                if (op == 0x85 || op == 0x8d || op == JitBridge.Code.CALL_LOCAL) java.util.Arrays.fill(ready, 0, 6, 0);
            }
            default -> {
            }
        }
    }

    private void operand64(long w, boolean x) {
        if (x) cb.lload(r(src(w)));
        else lconst(imm(w));
    }

    private void operand32(long w, boolean x) {
        if (x) {
            cb.lload(r(src(w)));
            cb.l2i();
        } else {
            iconst(imm(w));
        }
    }

    private void zext() {
        cb.i2l();
        cb.loadConstant(MASK32);
        cb.land();
    }

    private void alu(String name) {
        cb.invokestatic(CD_ALU, name, MethodTypeDesc.of(CD_long, CD_long, CD_long));
    }

    // RFC 9669 §4.1 (ALU64): Java's long arithmetic is two's complement like BPF's; the JVM masks long shift counts with 63
    private void alu64(int op, long w, int d, int sr) {
        boolean x = (op & Opcodes.X) != 0;
        if (op == JitBridge.Code.MOVSX64_8 || op == JitBridge.Code.MOVSX64_16 || op == JitBridge.Code.MOVSX64_32) {
            // RFC 9669 §4.1 MOVSX: sign-extend the low 8/16/32 bits of src
            cb.lload(r(sr));
            cb.l2i();
            if (op == JitBridge.Code.MOVSX64_8) cb.i2b();
            else if (op == JitBridge.Code.MOVSX64_16) cb.i2s();
            cb.i2l();
            cb.lstore(r(d));
            return;
        }
        int code = op & 0xf0;
        switch (code) {
            case Opcodes.MOV -> operand64(w, x);
            case Opcodes.NEG -> {
                cb.lload(r(d));
                cb.lneg();
            }
            case Opcodes.END -> bswap(d, imm(w));
            default -> {
                cb.lload(r(d));
                switch (code) {
                    case Opcodes.LSH, Opcodes.RSH, Opcodes.ARSH -> operand32(w, x);
                    default -> operand64(w, x);
                }
                switch (code) {
                    case Opcodes.ADD -> cb.ladd();
                    case Opcodes.SUB -> cb.lsub();
                    case Opcodes.MUL -> cb.lmul();
                    case Opcodes.OR -> cb.lor();
                    case Opcodes.AND -> cb.land();
                    case Opcodes.XOR -> cb.lxor();
                    case Opcodes.LSH -> cb.lshl();
                    case Opcodes.RSH -> cb.lushr();
                    case Opcodes.ARSH -> cb.lshr();
                    // RFC 9669 §4.1: off 0 unsigned, off 1 signed; by zero: div gives 0, mod keeps dst (Alu);
                    // by an immediate, the unsigned forms that C2 compiles without a divide (Alu.udiv64Const)
                    case Opcodes.DIV -> alu(off(w) != 0 ? "sdiv64" : x ? "udiv64" : "udiv64Const");
                    case Opcodes.MOD -> alu(off(w) != 0 ? "smod64" : x ? "umod64" : "umod64Const");
                    default -> throw new IllegalStateException("alu64 " + op);
                }
            }
        }
        cb.lstore(r(d));
    }

    // RFC 9669 §4.1: 32-bit operations work on the low halves and zero-extend the result
    private void alu32(int op, long w, int d, int sr) {
        boolean x = (op & Opcodes.X) != 0;
        if (op == JitBridge.Code.MOVSX32_8 || op == JitBridge.Code.MOVSX32_16) {
            cb.lload(r(sr));
            cb.l2i();
            if (op == JitBridge.Code.MOVSX32_8) cb.i2b();
            else cb.i2s();
            zext();
            cb.lstore(r(d));
            return;
        }
        int code = op & 0xf0;
        switch (code) {
            case Opcodes.MOV -> {
                if (x) {
                    cb.lload(r(sr));
                    cb.loadConstant(MASK32);
                    cb.land();
                } else {
                    lconst(imm(w) & MASK32);
                }
            }
            case Opcodes.NEG -> {
                cb.lload(r(d));
                cb.l2i();
                cb.ineg();
                zext();
            }
            case Opcodes.DIV, Opcodes.MOD -> {
                cb.lload(r(d));
                operand64(w, x);
                if (code == Opcodes.DIV) alu(off(w) != 0 ? "sdiv32" : x ? "udiv32" : "udiv32Const");
                else alu(off(w) != 0 ? "smod32" : x ? "umod32" : "umod32Const");
            }
            case Opcodes.END -> {
                if (x) {
                    bswap(d, imm(w));
                    cb.lstore(r(d));
                    return;
                }
                // RFC 9669 §4.2: le on a little-endian host truncates to the width
                cb.lload(r(d));
                if (imm(w) == 16) {
                    cb.loadConstant(0xffffL);
                    cb.land();
                } else if (imm(w) == 32) {
                    cb.loadConstant(MASK32);
                    cb.land();
                }
            }
            default -> {
                cb.lload(r(d));
                cb.l2i();
                operand32(w, x);
                switch (code) {
                    case Opcodes.ADD -> cb.iadd();
                    case Opcodes.SUB -> cb.isub();
                    case Opcodes.MUL -> cb.imul();
                    case Opcodes.OR -> cb.ior();
                    case Opcodes.AND -> cb.iand();
                    case Opcodes.XOR -> cb.ixor();
                    case Opcodes.LSH -> cb.ishl();
                    case Opcodes.RSH -> cb.iushr();
                    case Opcodes.ARSH -> cb.ishr();
                    default -> throw new IllegalStateException("alu32 " + op);
                }
                zext();
            }
        }
        cb.lstore(r(d));
    }

    /** RFC 9669 §4.2: pushes dst byte-swapped and truncated to the width (the caller stores it). */
    private void bswap(int d, int width) {
        cb.lload(r(d));
        switch (width) {
            case 16 -> {
                cb.l2i();
                cb.i2s();
                cb.invokestatic(ClassDesc.of("java.lang.Short"), "reverseBytes", MethodTypeDesc.of(CD_short, CD_short));
                cb.i2l();
                cb.loadConstant(0xffffL);
                cb.land();
            }
            case 32 -> {
                cb.l2i();
                cb.invokestatic(ClassDesc.of("java.lang.Integer"), "reverseBytes", MethodTypeDesc.of(CD_int, CD_int));
                zext();
            }
            default -> cb.invokestatic(ClassDesc.of("java.lang.Long"), "reverseBytes", MethodTypeDesc.of(CD_long, CD_long));
        }
    }

    // ------------------------------------------------------------------ jumps, calls, exit (RFC 9669 §4.3)

    private int jump(int slot, int op, long w, int d, int sr) {
        boolean x = (op & Opcodes.X) != 0;
        switch (op) {
            case 0x05, 0x06 -> {
                int t = op == 0x05 ? slot + 1 + off(w) : slot + 1 + imm(w);
                flush();
                budgetCheck(slot);
                transfer(t);
                return -1;
            }
            case 0x95 -> {
                flush();
                budgetCheck(slot);
                exitReturn();
                return -1;
            }
            case 0xe5 -> {
                // may_goto (kernel do_misc_fixups): fall through while the frame's counter is not 0, else jump
                flush();
                cb.lload(LOOPS);
                cb.lconst_0();
                cb.lcmp();
                cb.ifeq(branch(slot, slot + 1 + off(w)));
                cb.lload(LOOPS);
                cb.lload(STEP);
                cb.lsub();
                cb.lstore(LOOPS);
                return slot + 1;
            }
            case 0x85 -> {
                helperCall(slot, imm(w));
                return slot + 1;
            }
            case 0x8d -> {
                callx(slot, d);
                return slot + 1;
            }
            default -> {
                if (op == JitBridge.Code.CALL_LOCAL) {
                    localCall(slot, slot + 1 + imm(w));
                    return slot + 1;
                }
            }
        }
        // conditional jumps
        flush();
        int target = slot + 1 + off(w);
        Label taken = branch(slot, target);
        int code = op & 0xf0;
        boolean unsigned = code == Opcodes.JGT || code == Opcodes.JGE || code == Opcodes.JLT || code == Opcodes.JLE;
        // see the goto form below: only for compares C2 never makes a counted loop's exit test of
        // (unsigned, jset); a signed or (in)equality back edge may make a counted loop, whose poll
        // C2 moves out of the loop anyway (calls: 1000 trips of an r6 != 1000 loop, unrolled twice)
        boolean backward = target <= slot && b.budget == Long.MAX_VALUE && (!split || inUnit(target))
                && (unsigned || code == Opcodes.JSET);
        Opcode jump;
        if ((op & 7) == Opcodes.JMP) {
            cb.lload(r(d));
            operand64(w, x);
            if (code == Opcodes.JSET) {
                cb.land();
                cb.lconst_0();
            }
            // unsigned order: Long.compareUnsigned, which C2 compiles to one unsigned compare (CmpUL3)
            if (unsigned) cb.invokestatic(CD_LONG, "compareUnsigned", MT_CMP64);
            else cb.lcmp();
            jump = switch (code) {
                case Opcodes.JEQ -> Opcode.IFEQ;
                case Opcodes.JNE, Opcodes.JSET -> Opcode.IFNE;
                case Opcodes.JGT, Opcodes.JSGT -> Opcode.IFGT;
                case Opcodes.JGE, Opcodes.JSGE -> Opcode.IFGE;
                case Opcodes.JLT, Opcodes.JSLT -> Opcode.IFLT;
                case Opcodes.JLE, Opcodes.JSLE -> Opcode.IFLE;
                default -> throw new IllegalStateException("jmp " + op);
            };
        } else {
            cb.lload(r(d));
            cb.l2i();
            operand32(w, x);
            if (code == Opcodes.JSET) {
                cb.iand();
                jump = Opcode.IFNE;
            } else if (unsigned) {
                // Integer.compareUnsigned: one unsigned compare in C2 (CmpU3)
                cb.invokestatic(CD_INTEGER, "compareUnsigned", MT_CMP32);
                jump = switch (code) {
                    case Opcodes.JGT -> Opcode.IFGT;
                    case Opcodes.JGE -> Opcode.IFGE;
                    case Opcodes.JLT -> Opcode.IFLT;
                    default -> Opcode.IFLE;
                };
            } else {
                jump = switch (code) {
                    case Opcodes.JEQ -> Opcode.IF_ICMPEQ;
                    case Opcodes.JNE -> Opcode.IF_ICMPNE;
                    case Opcodes.JGT, Opcodes.JSGT -> Opcode.IF_ICMPGT;
                    case Opcodes.JGE, Opcodes.JSGE -> Opcode.IF_ICMPGE;
                    case Opcodes.JLT, Opcodes.JSLT -> Opcode.IF_ICMPLT;
                    case Opcodes.JLE, Opcodes.JSLE -> Opcode.IF_ICMPLE;
                    default -> throw new IllegalStateException("jmp32 " + op);
                };
            }
        }
        if (backward) {
            // a loop's back edge as a goto: C2 puts the loop's safepoint poll on the backward branch with
            // the JVM state before it, which for a conditional branch holds the compare's operands (an
            // lcmp result kept in a register on every iteration); before a goto the operand stack is empty
            Label next = cb.newLabel();
            cb.branch(inverse(jump), next);
            cb.goto_(taken);
            cb.labelBinding(next);
        } else {
            cb.branch(jump, taken);
        }
        return slot + 1;
    }

    private static Opcode inverse(Opcode jump) {
        return switch (jump) {
            case IFEQ -> Opcode.IFNE;
            case IFNE -> Opcode.IFEQ;
            case IFGT -> Opcode.IFLE;
            case IFLE -> Opcode.IFGT;
            case IFGE -> Opcode.IFLT;
            case IFLT -> Opcode.IFGE;
            case IF_ICMPEQ -> Opcode.IF_ICMPNE;
            case IF_ICMPNE -> Opcode.IF_ICMPEQ;
            case IF_ICMPGT -> Opcode.IF_ICMPLE;
            case IF_ICMPLE -> Opcode.IF_ICMPGT;
            case IF_ICMPGE -> Opcode.IF_ICMPLT;
            case IF_ICMPLT -> Opcode.IF_ICMPGE;
            default -> throw new IllegalStateException("not a conditional jump: " + jump);
        };
    }

    /** What a helper (and a callback it may run) needs from the frame: count, depth, calling slot, program. */
    private void beforeHelper(int slot) {
        cb.aload(S);
        cb.lload(CNT);
        cb.putfield(CD_STATE, "count", CD_long);
        cb.aload(S);
        cb.iload(DEPTH);
        cb.putfield(CD_STATE, "helperDepth", CD_int);
        cb.aload(S);
        iconst(slot);
        cb.putfield(CD_STATE, "helperSlot", CD_int);
        cb.aload(S);
        cb.ldc(b.sup());
        cb.putfield(CD_STATE, "current", CD_SUP);
    }

    /** An exception handler over [start, end) that reports what escaped the helper call at {@code slot}. */
    private void helperHandler(Label start, Label end, int slot) {
        Label handler = cb.newLabel();
        cb.exceptionCatch(start, end, handler, CD_RTE);
        stubs.add(() -> {
            cb.labelBinding(handler);
            iconst(slot);
            cb.ldc(b.sup());
            cb.invokestatic(CD_SUP, "helperFailure", MethodTypeDesc.of(CD_RTE, CD_RTE, CD_int, CD_SUP));
            cb.athrow();
        });
    }

    private void helperCall(int slot, int index) {
        if (inlineLookup(slot, index) || directMapCall(slot, index) || inlineLoop(slot, index)) return;
        flush();
        beforeHelper(slot);
        Label start = cb.newLabel(), end = cb.newLabel();
        cb.ldc(b.helper(index));
        cb.aload(S);
        cb.getfield(CD_STATE, "ctx", CD_HELPER_CTX);
        for (int i = 1; i <= 5; i++) cb.lload(r(i));
        cb.labelBinding(start);
        cb.invokeinterface(CD_HELPER_FN, "call", MT_HELPER_CALL);
        cb.labelBinding(end);
        cb.lstore(r(0));
        helperHandler(start, end, slot);
        // stop or tail call requested?
        Label slow = cb.newLabel();
        cb.aload(S);
        cb.getfield(CD_STATE, "slot", CD_SLOT);
        cb.invokevirtual(CD_SLOT, "pending", MethodTypeDesc.of(CD_int));
        cb.ifne(slow);
        // one block per method asks for the stop or tail call (after writing the kept frame slots to the arena)
        if (tailShared == null) {
            tailShared = cb.newLabel();
            tailStubs.add(() -> {
                cb.labelBinding(tailShared);
                frameToArena();
                afterHelper();
            });
        }
        tailStubs.add(() -> {
            cb.labelBinding(slow);
            iconst(slot);
            cb.istore(NEXT);
            cb.goto_(tailShared);
        });
    }

    private Label tailShared;

    /**
     * A map helper call ({@link StandardHelpers#mapOp}) on a map known here (r1 an {@code ld_imm64} of it in the same
     * block) in a program that runs as verified ({@code JitBridge.Slot.accessesTrusted()}): the map's own
     * {@code lookup}, {@code update} or {@code delete} on the calling CPU slot, a constant receiver HotSpot can inline. What the helper adds to it is the
     * search for the map (here at compile time) and checks of the key and value pointers that the verifier made; map
     * operations neither call back nor ask for a stop or a tail call. Returns false where it does not apply.
     */
    private boolean directMapCall(int slot, int index) {
        StandardHelpers.MapOp op = StandardHelpers.mapOp(b.helpers[index]);
        BpfMap map = op == null ? null : knownMap();
        if (map == null) return false;
        b.facts.directMapCalls.add(slot);
        Label start = cb.newLabel(), end = cb.newLabel();
        cb.ldc(b.map(map));
        cb.lload(r(2));
        if (op == StandardHelpers.MapOp.UPDATE) {
            cb.lload(r(3));
            cb.lload(r(4));
        }
        cpu();
        cb.labelBinding(start);
        switch (op) {
            case LOOKUP -> cb.invokeinterface(CD_BPF_MAP, "lookup", MethodTypeDesc.of(CD_long, CD_long, CD_int));
            case UPDATE -> cb.invokeinterface(CD_BPF_MAP, "update", MethodTypeDesc.of(CD_long, CD_long, CD_long, CD_long, CD_int));
            case DELETE -> cb.invokeinterface(CD_BPF_MAP, "delete", MethodTypeDesc.of(CD_long, CD_long, CD_int));
        }
        cb.labelBinding(end);
        cb.lstore(r(0));
        helperHandler(start, end, slot);
        return true;
    }

    /**
     * {@code bpf_map_lookup_elem} on an array map written out in place, as the kernel's verifier does
     * ({@code do_misc_fixups} with {@code map_gen_lookup}; {@code array_map_gen_lookup} and
     * {@code percpu_array_map_gen_lookup}, kernel/bpf/arraymap.c). Where r1 is an {@code ld_imm64} of the map set in
     * the same block, the map is an array, plain or per-CPU ({@link BpfMap#inlineLookup()}), the helper is this
     * library's own ({@link StandardHelpers#mapOp}) and the program runs as verified (the verifier checked that
     * the key in r2 is readable memory of the map's key size), r0 becomes
     * {@code index < max_entries ? first value + index * stride : 0} with the u32 index read at r2, plus the CPU slot's
     * offset in a per-CPU array: what {@code ArrayMap.lookup} returns, without the call. Returns false where it does
     * not apply.
     */
    private boolean inlineLookup(int slot, int index) {
        if (StandardHelpers.mapOp(b.helpers[index]) != StandardHelpers.MapOp.LOOKUP) return false;
        BpfMap map = knownMap();
        BpfMap.InlineLookup lookup = map == null ? null : map.inlineLookup();
        if (lookup == null) return false;
        b.facts.inlinedLookups.add(slot);
        boolean bigEndian = lookup.keyOrder() == java.nio.ByteOrder.BIG_ENDIAN;
        Long key = consts.frameValue(2, 4, bigEndian);
        if (key != null) {
            // the key is a constant the block stored (u32 key = 0; lookup(&map, &key)): so is the result, but for the
            // CPU slot's offset in a per-CPU array
            b.facts.constantKeys.add(slot);
            if (key >= lookup.maxEntries()) {
                cb.lconst_0();
            } else {
                lconst(lookup.firstValue() + key * lookup.stride());
                cpuOffset(lookup);
            }
            cb.lstore(r(0));
            return true;
        }
        Label start = cb.newLabel(), end = cb.newLabel(), inRange = cb.newLabel(), done = cb.newLabel();
        address(slot, false, 4, 2, 0, bigEndian); // the u32 key at r2 (a call is in no access group)
        cb.labelBinding(start);
        cb.invokeinterface(CD_SEGMENT, "get", MethodTypeDesc.of(valueType(4), layoutType(4), CD_long));
        cb.labelBinding(end);
        faultHandler(start, end, slot, 2, 0);
        cb.i2l();
        zeroExtend(cb, 4);
        cb.lstore(TMP);
        cb.lload(TMP);
        lconst(lookup.maxEntries());
        cb.lcmp();
        cb.iflt(inRange);
        cb.lconst_0();
        cb.lstore(r(0));
        cb.goto_(done);
        cb.labelBinding(inRange);
        cb.lload(TMP);
        lconst(lookup.stride());
        cb.lmul();
        lconst(lookup.firstValue());
        cb.ladd();
        cpuOffset(lookup);
        cb.lstore(r(0));
        cb.labelBinding(done);
        return true;
    }

    /**
     * The map r1 holds at a helper call, where the block loaded it ({@code ld_imm64}) and the program runs as verified
     * (whose map helper calls the verifier checked); else null.
     */
    private BpfMap knownMap() {
        return b.trusted && consts.isKnown(1) ? b.context.map(consts.value(1)) : null;
    }

    /** {@code BPF_MAX_LOOPS} (include/linux/bpf.h): what {@code bpf_loop} runs at most. */
    private static final long BPF_MAX_LOOPS = 1L << 23;
    private static final ClassDesc CD_JIT_CONTROL = ClassDesc.of("io.ebpf4j.jit.JitControl");

    /**
     * {@code bpf_loop} written out where the kernel's verifier writes it out ({@code inline_bpf_loop},
     * kernel/bpf/verifier.c): flags a known 0 (the call is bound to {@link StandardHelpers#LOOP_INLINED}, whose -E2BIG is
     * the 32-bit 0xfffffff9 and whose count is all 64 bits of r1), and here also the callback a function this block
     * loaded into r2 ({@code ld_imm64 src=4}). Each iteration calls the callback's method directly,
     * {@code r0 = f(i, r3, 0, 0, 0)} one frame deeper, which HotSpot can inline, where the helper went through
     * {@code JitState.callback} and {@code callAt}'s switch. Only without an instruction budget: the helper runs each
     * callback with a count of its own that the budget is checked against (the sum, which is what a run reports, is
     * the same). Everything else is the helper's: the depth check and its error, a failed legacy load ending the
     * callback with 0. Returns false where it does not apply.
     */
    private boolean inlineLoop(int slot, int index) {
        if (b.helpers[index] != StandardHelpers.LOOP_INLINED.function() || b.checked || b.budget != Long.MAX_VALUE
                || !consts.isKnown(2)) {
            return false;
        }
        int target = b.code.functionTarget(consts.value(2));
        if (target < 0 || !b.functions.contains(target)) return false;
        b.facts.inlinedLoops.add(slot);
        flush();
        cb.aload(S);
        cb.lload(CNT);
        cb.putfield(CD_STATE, "count", CD_long);
        Label tooMany = cb.newLabel(), loop = cb.newLabel(), stop = cb.newLabel(), done = cb.newLabel(), deep = cb.newLabel();
        cb.lload(r(1));
        cb.ldc(BPF_MAX_LOOPS);
        cb.invokestatic(CD_LONG, "compareUnsigned", MT_CMP64);
        cb.ifgt(tooMany);
        cb.lconst_0();
        cb.lstore(TMP); // i
        cb.lload(r(1));
        cb.lconst_0();
        cb.lcmp();
        cb.ifeq(stop);
        cb.aload(S);
        cb.iload(DEPTH);
        cb.invokevirtual(CD_STATE, "tooDeep", MethodTypeDesc.of(CD_boolean, CD_int));
        cb.ifne(deep);
        cb.labelBinding(loop);
        Label start = cb.newLabel(), end = cb.newLabel(), result = cb.newLabel(), control = cb.newLabel();
        cb.aload(S);
        cb.lload(TMP);
        cb.lload(r(3));
        cb.lconst_0();
        cb.lconst_0();
        cb.lconst_0();
        calleeFrame();
        cb.labelBinding(start);
        cb.invokestatic(b.self, Builder.fname(target), MT_FUNCTION);
        cb.labelBinding(end);
        cb.labelBinding(result);
        // (a stop asked for in the callback has already unwound it: compiled code throws JitControl.STOP right after
        // the helper that asked, so nothing is to be checked here)
        cb.lload(TMP);
        cb.lconst_1();
        cb.ladd();
        cb.lstore(TMP);
        cb.lconst_0();
        cb.lcmp();
        cb.ifne(stop); // the callback returned non-zero: i + 1 iterations ran
        cb.lload(TMP);
        cb.lload(r(1));
        cb.lcmp();
        cb.iflt(loop); // both below 2^23 here
        cb.labelBinding(stop);
        cb.lload(TMP);
        cb.lstore(r(0));
        cb.labelBinding(done);
        cb.aload(S);
        cb.getfield(CD_STATE, "count", CD_long);
        cb.lstore(CNT);
        // a failed legacy load ends the callback with r0 = 0 (JitState.callback); anything else goes on up
        cb.exceptionCatch(start, end, control, CD_JIT_CONTROL);
        helperHandler(start, end, slot);
        stubs.add(() -> {
            cb.labelBinding(control);
            cb.invokestatic(CD_STATE, "ldAbsExitOrRethrow", MethodTypeDesc.of(CD_long, CD_JIT_CONTROL));
            cb.goto_(result);
            cb.labelBinding(tooMany);
            lconst(-io.ebpf4j.maps.Errno.E2BIG & MASK32);
            cb.lstore(r(0));
            cb.goto_(done);
            cb.labelBinding(deep);
            cb.aload(S);
            cb.ldc(b.sup());
            iconst(slot);
            cb.invokevirtual(CD_STATE, "callbackTooDeep", MethodTypeDesc.of(CD_RTE, CD_SUP, CD_int));
            cb.athrow();
        });
        return true;
    }

    /** Pushes the CPU slot the program runs on (an int: {@code HelperContext.cpu()}). */
    private void cpu() {
        cb.aload(S);
        cb.getfield(CD_STATE, "ctx", CD_HELPER_CTX);
        cb.invokeinterface(CD_HELPER_CTX, "cpu", MethodTypeDesc.of(CD_int));
    }

    /** In a per-CPU array, adds this CPU slot's offset to the address on the stack (ArrayMap.valueOff). */
    private void cpuOffset(BpfMap.InlineLookup lookup) {
        if (lookup.cpuStride() == 0) return;
        cpu();
        cb.i2l();
        lconst(lookup.cpuStride());
        cb.lmul();
        cb.ladd();
    }

    /** Calls {@code JitState.afterHelper} (stop, tail call) for the helper at the slot in local NEXT, and returns its result. */
    private void afterHelper() {
        cb.aload(S);
        for (int i = 1; i <= 5; i++) cb.lload(r(i));
        cb.lload(FP);
        cb.iload(DEPTH);
        cb.iload(NEXT);
        cb.ldc(b.sup());
        if (split) cb.iload(MODE);
        else cb.loadConstant(f.entryMode ? 1 : 0);
        cb.invokevirtual(CD_STATE, "afterHelper", MethodTypeDesc.of(CD_long, CD_long, CD_long, CD_long, CD_long, CD_long,
                CD_long, CD_int, CD_int, CD_SUP, CD_boolean));
        tailReturn();
    }

    /** Budget, depth, then the call: the interpreter's order at CALL_LOCAL. */
    private void callChecks(int slot) {
        budgetCheck(slot);
        Label deep = cb.newLabel();
        cb.aload(S);
        cb.iload(DEPTH);
        cb.invokevirtual(CD_STATE, "tooDeep", MethodTypeDesc.of(CD_boolean, CD_int));
        cb.ifne(deep);
        stubs.add(() -> {
            cb.labelBinding(deep);
            cb.ldc(b.sup());
            iconst(slot);
            cb.invokevirtual(CD_SUP, "callTooDeep", MethodTypeDesc.of(CD_RTE, CD_int));
            cb.athrow();
        });
        cb.aload(S);
        cb.lload(CNT);
        cb.putfield(CD_STATE, "count", CD_long);
    }

    private void calleeArgs() {
        for (int i = 1; i <= 5; i++) cb.lload(r(i));
        calleeFrame();
    }

    /** Pushes a callee's frame pointer and depth: one frame below this one. */
    private void calleeFrame() {
        cb.lload(FP);
        cb.loadConstant((long) b.frameSize);
        cb.lsub();
        cb.iload(DEPTH);
        cb.iconst_1();
        cb.iadd();
    }

    private void afterCall() {
        cb.lstore(r(0));
        cb.aload(S);
        cb.getfield(CD_STATE, "count", CD_long);
        cb.lstore(CNT);
    }

    private void localCall(int slot, int target) {
        flush();
        callChecks(slot);
        cb.aload(S);
        calleeArgs();
        cb.invokestatic(b.self, Builder.fname(target), MT_FUNCTION);
        afterCall();
    }

    private void callx(int slot, int reg) {
        flush();
        // a function pointer of this program, or else a helper id (interpreter: functionTarget, then helperById)
        Label helperPath = cb.newLabel(), after = cb.newLabel();
        cb.ldc(b.sup());
        cb.getfield(CD_SUP, "code", CD_CODE);
        cb.lload(r(reg));
        cb.invokevirtual(CD_CODE, "functionTarget", MethodTypeDesc.of(CD_int, CD_long));
        cb.dup();
        cb.istore(NEXT);
        cb.iflt(helperPath);
        callChecks(slot);
        cb.aload(S);
        cb.iload(NEXT);
        calleeArgs();
        cb.invokestatic(b.self, "callAt", MT_CALL_AT);
        afterCall();
        cb.labelBinding(after);
        stubs.add(() -> {
            cb.labelBinding(helperPath);
            beforeHelper(slot);
            Label start = cb.newLabel(), end = cb.newLabel();
            cb.aload(S);
            cb.ldc(b.sup());
            iconst(slot);
            cb.loadConstant(reg);
            cb.lload(r(reg));
            for (int i = 1; i <= 5; i++) cb.lload(r(i));
            cb.labelBinding(start);
            cb.invokevirtual(CD_STATE, "callxHelper", MethodTypeDesc.of(CD_long, CD_SUP, CD_int, CD_int, CD_long, CD_long,
                    CD_long, CD_long, CD_long, CD_long));
            cb.labelBinding(end);
            cb.lstore(r(0));
            helperHandler(start, end, slot);
            cb.goto_(after);
        });
    }

    // ------------------------------------------------------------------ memory (RFC 9669 §5)

    static ClassDesc layoutType(int size) {
        return switch (size) {
            case 8 -> CD_OF_LONG;
            case 4 -> CD_OF_INT;
            case 2 -> CD_OF_SHORT;
            default -> CD_OF_BYTE;
        };
    }

    /** The {@link ProgramSupport} layout of an access: the interpreter's, little- or big-endian. */
    static String layoutName(int size, boolean bigEndian) {
        String name = switch (size) {
            case 8 -> "LONG";
            case 4 -> "INT";
            case 2 -> "SHORT";
            default -> "BYTE";
        };
        return bigEndian && size > 1 ? "BE_" + name : name;
    }

    static ClassDesc valueType(int size) {
        return switch (size) {
            case 8 -> CD_long;
            case 4 -> CD_int;
            case 2 -> CD_short;
            default -> CD_byte;
        };
    }

    /**
     * Pushes the segment, layout and offset of the access at {@code slot}, {@code reg + off}: the arena segment (or its
     * writable view) and the BPF address less the arena's base, or for an access of a group ({@link AccessGroups}) the
     * group's slice and the constant offset in it. The group's first access takes the slice.
     */
    private void address(int slot, boolean write, int size, int reg, int off, boolean bigEndian) {
        AccessGroups.Group g = groups.get(slot);
        if (g != null) {
            if (g.first() == slot) slice(g);
            cb.aload(g.local());
            cb.getstatic(CD_SUP, layoutName(size, bigEndian), layoutType(size));
            lconst((long) off - g.low());
            return;
        }
        cb.ldc(write ? b.writable() : b.segment());
        cb.getstatic(CD_SUP, layoutName(size, bigEndian), layoutType(size));
        cb.lload(r(reg));
        long delta = (long) off - MemoryArena.BASE;
        lconst(delta);
        cb.ladd();
    }

    /**
     * Takes the slice of the arena (or its writable view) that group {@code g}'s accesses use: one bounds check for all
     * of them. It cannot fail for a verified program ({@link AccessGroups}); if it did, the fault names the group.
     */
    private void slice(AccessGroups.Group g) {
        Label start = cb.newLabel(), end = cb.newLabel(), handler = cb.newLabel();
        cb.ldc(g.write() ? b.writable() : b.segment());
        cb.lload(r(g.reg()));
        lconst((long) g.low() - MemoryArena.BASE);
        cb.ladd();
        lconst(g.span());
        cb.labelBinding(start);
        cb.invokeinterface(CD_SEGMENT, "asSlice", MethodTypeDesc.of(CD_SEGMENT, CD_long, CD_long));
        cb.labelBinding(end);
        cb.astore(g.local());
        cb.exceptionCatch(start, end, handler, CD_IOOBE);
        stubs.add(() -> {
            cb.labelBinding(handler);
            cb.lload(r(g.reg()));
            lconst(g.low());
            cb.ladd();
            lconst(g.span());
            iconst(g.first());
            iconst(g.last());
            cb.ldc(b.sup());
            cb.invokestatic(CD_SUP, "groupFault", MethodTypeDesc.of(CD_RTE, CD_IOOBE, CD_long, CD_long, CD_int, CD_int, CD_SUP));
            cb.athrow();
        });
    }

    /** A handler that turns the arena's bounds exception at [start, end) into the interpreter's fault message. */
    private void faultHandler(Label start, Label end, int slot, int reg, int off) {
        Label handler = cb.newLabel();
        cb.exceptionCatch(start, end, handler, CD_IOOBE);
        stubs.add(() -> {
            cb.labelBinding(handler);
            cb.lload(r(reg));
            lconst(off);
            cb.ladd();
            iconst(slot);
            cb.ldc(b.sup());
            cb.aload(S);
            cb.invokestatic(CD_SUP, "fault", MethodTypeDesc.of(CD_RTE, CD_IOOBE, CD_long, CD_int, CD_SUP, CD_STATE));
            cb.athrow();
        });
    }

    /**
     * Checked mode only (no code otherwise): calls the slot's region check for the access of {@code size} bytes at
     * {@code reg + off} by the instruction at {@code slot}, before the access, as the interpreter does.
     */
    private void regionCheck(int slot, int reg, int off, int size, boolean write) {
        if (!b.checked) return;
        cb.aload(S);
        cb.ldc(b.sup());
        iconst(slot);
        cb.lload(r(reg));
        lconst(off);
        cb.ladd();
        cb.loadConstant(size);
        cb.loadConstant(write ? 1 : 0);
        cb.iload(DEPTH);
        cb.invokevirtual(CD_STATE, "check", MethodTypeDesc.of(CD_void, CD_SUP, CD_int, CD_long, CD_int, CD_boolean, CD_int));
    }

    private void load(int slot, int op, long w, int d, int sr, boolean bigEndian) {
        int size = Opcodes.sizeBytes(op);
        int kept = f.frameSlots.slotOf(b.word(slot));
        if (kept >= 0) {
            // a kept frame slot (FrameSlots): the value of its last store, truncated as the access reads it
            frameGet(kept);
            if (size != 8) {
                if ((op & Opcodes.MODE_MASK) == Opcodes.MEMSX) {
                    int shift = 64 - 8 * size;
                    cb.bipush(shift);
                    cb.lshl();
                    cb.bipush(shift);
                    cb.lshr();
                } else {
                    zeroExtend(cb, size);
                }
            }
            cb.lstore(r(d));
            return;
        }
        regionCheck(slot, sr, off(w), size, false);
        boolean signed = (op & Opcodes.MODE_MASK) == Opcodes.MEMSX;
        if (!split) {
            Label start = cb.newLabel(), end = cb.newLabel();
            address(slot, false, size, sr, off(w), bigEndian);
            cb.labelBinding(start);
            cb.invokeinterface(CD_SEGMENT, "get", MethodTypeDesc.of(valueType(size), layoutType(size), CD_long));
            cb.labelBinding(end);
            faultHandler(start, end, slot, sr, off(w));
            if (size != 8) {
                cb.i2l();
                if (!signed) {
                    zeroExtend(cb, size);
                }
            }
            cb.lstore(r(d));
            return;
        }
        // a chunk: the access and its fault handler are in one shared accessor method (Builder.accessor)
        bpfAddress(sr, off(w));
        iconst(slot);
        cb.aload(S);
        cb.invokestatic(b.self, b.accessor(false, size, signed, bigEndian), MT_LOAD);
        cb.lstore(r(d));
    }

    /** Pushes the BPF address {@code reg + off} (a long). */
    private void bpfAddress(int reg, int off) {
        cb.lload(r(reg));
        if (off != 0) {
            lconst(off);
            cb.ladd();
        }
    }

    private void store(int slot, int op, long w, int d, int sr, boolean bigEndian) {
        int size = Opcodes.sizeBytes(op);
        int kept = f.frameSlots.slotOf(b.word(slot));
        if (kept >= 0) {
            // a kept frame slot (FrameSlots): the whole value; loads truncate it to the access size
            frameSet(kept, () -> {
                if ((op & 7) == Opcodes.ST) lconst(imm(w));
                else cb.lload(r(sr));
            });
            return;
        }
        regionCheck(slot, d, off(w), size, true);
        if ((op & Opcodes.MODE_MASK) == Opcodes.ATOMIC) {
            atomic(slot, size, w, d, sr, bigEndian);
            return;
        }
        if (!split) {
            Label start = cb.newLabel(), end = cb.newLabel();
            address(slot, true, size, d, off(w), bigEndian);
            if ((op & 7) == Opcodes.ST) {
                int v = imm(w);
                switch (size) {
                    case 8 -> lconst(v);
                    case 4 -> iconst(v);
                    case 2 -> iconst((short) v);
                    default -> iconst((byte) v);
                }
            } else {
                cb.lload(r(sr));
                if (size != 8) {
                    narrow(cb, size);
                }
            }
            cb.labelBinding(start);
            cb.invokeinterface(CD_SEGMENT, "set", MethodTypeDesc.of(CD_void, layoutType(size), CD_long, valueType(size)));
            cb.labelBinding(end);
            faultHandler(start, end, slot, d, off(w));
            return;
        }
        bpfAddress(d, off(w));
        if ((op & 7) == Opcodes.ST) {
            int v = imm(w);
            if (size == 8) lconst(v);
            else iconst(v); // the accessor narrows to the access size
        } else {
            cb.lload(r(sr));
            if (size != 8) cb.l2i();
        }
        iconst(slot);
        cb.aload(S);
        cb.invokestatic(b.self, b.accessor(true, size, false, bigEndian), size == 8 ? MT_STORE64 : MT_STORE);
    }

    private void atomic(int slot, int size, long w, int d, int sr, boolean bigEndian) {
        int op = imm(w);
        Label start = cb.newLabel(), end = cb.newLabel();
        cb.ldc(b.writable());
        cb.lload(r(d));
        lconst((long) off(w) - MemoryArena.BASE);
        cb.ladd();
        cb.lload(r(sr));
        cb.lload(r(0));
        cb.loadConstant(op);
        iconst(slot);
        cb.ldc(b.sup());
        cb.labelBinding(start);
        cb.invokestatic(CD_SUP, (size == 8 ? "atomic64" : "atomic32") + (bigEndian ? "Be" : ""), MethodTypeDesc.of(CD_long, CD_SEGMENT, CD_long, CD_long,
                CD_long, CD_int, CD_int, CD_SUP));
        cb.labelBinding(end);
        faultHandler(start, end, slot, d, off(w));
        if (op == Opcodes.CMPXCHG) cb.lstore(r(0));
        else if ((op & Opcodes.FETCH) != 0) cb.lstore(r(sr));
        else cb.pop2();
    }

    /** RFC 9669 §5.5 legacy packet access: big-endian, r0 = the value; a failed load ends the run with r0 = 0. */
    private void legacyLoad(int slot, int op, long w, int sr) {
        int size = Opcodes.sizeBytes(op);
        cb.aload(S);
        if ((op & Opcodes.IND) != 0) {
            cb.lload(r(sr));
            lconst(imm(w));
            cb.ladd();
            cb.l2i();
        } else {
            iconst(imm(w));
        }
        cb.loadConstant(size);
        cb.invokevirtual(CD_STATE, "legacyAddress", MethodTypeDesc.of(CD_long, CD_int, CD_int));
        cb.dup2();
        cb.lstore(TMP);
        cb.lconst_0();
        cb.lcmp();
        Label fail = cb.newLabel();
        cb.ifeq(fail);
        final int charged = pend;
        stubs.add(() -> {
            cb.labelBinding(fail);
            cb.aload(S);
            cb.lload(CNT);
            cb.loadConstant((long) charged);
            cb.ladd();
            iconst(slot);
            cb.ldc(b.sup());
            cb.invokevirtual(CD_STATE, "ldAbsFail", MethodTypeDesc.of(CD_RTE, CD_long, CD_int, CD_SUP));
            cb.athrow();
        });
        cb.ldc(b.segment());
        String layout = layoutName(size, true);
        cb.getstatic(CD_SUP, layout, layoutType(size));
        cb.lload(TMP);
        cb.loadConstant(MemoryArena.BASE);
        cb.lsub();
        cb.invokeinterface(CD_SEGMENT, "get", MethodTypeDesc.of(valueType(size), layoutType(size), CD_long));
        cb.i2l();
        zeroExtend(cb, size);
        cb.lstore(r(0));
    }
}
