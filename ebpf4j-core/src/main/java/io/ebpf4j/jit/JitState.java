package io.ebpf4j.jit;

import io.ebpf4j.Ebpf4jException;
import io.ebpf4j.helpers.HelperContext;
import io.ebpf4j.helpers.HelperException;
import io.ebpf4j.helpers.HelperFunction;
import io.ebpf4j.vm.BpfRuntimeException;
import io.ebpf4j.vm.JitBridge;

/**
 * The JIT engine of one CPU slot: runs compiled programs with the interpreter's rules. Compiled
 * code reads and writes a few fields of this object at calls (the instruction count, the depth and
 * slot of the last helper call for callbacks and error messages); everything else lives in JVM locals.
 *
 * <p>Tail calls: a compiled entry function that tail-calls returns at once with the slot's request
 * pending, and the loop in {@link #runEntry} starts the target in the same frame, so a chain of 33
 * tail calls does not grow the JVM stack. A tail call from a subprogram runs the same loop in
 * place of the subprogram (its exit returns to the subprogram's caller, as the kernel's x86 JIT does).
 */
final class JitState implements JitBridge.SlotEngine {
    final JitBridge.Slot slot;
    final HelperContext ctx;
    private final long stackTop0;
    private final int frameSize;
    private final int maxDepth;
    private final int frameCapacity;
    private final long budget;
    private final boolean checked;

    // ---- state of the current run (fields read by compiled code)
    long count;
    int progBase;
    int helperDepth;
    int helperSlot;
    ProgramSupport current;
    /** What compiled code subtracts from a may_goto counter: always 1, a field only to hide the constant from C2 (Unit.mayGotoStep). */
    long mayGotoStep = 1;
    // registers r1-r5 at a tail call (the target starts with them)
    private long t1, t2, t3, t4, t5;
    private long nestedCount;
    private long instructionCount;
    private long ldAddress;
    private int ldLength;

    JitState(JitBridge.Slot slot) {
        this.slot = slot;
        this.ctx = slot.context();
        this.stackTop0 = slot.stackTop0();
        this.frameSize = slot.frameSize();
        this.maxDepth = slot.maxCallDepth();
        this.frameCapacity = slot.frameCapacity();
        this.budget = ProgramSupport.effectiveBudget(slot.instructionBudget());
        this.checked = slot.checked();
    }

    /**
     * Checked mode, called by compiled code before each load, store and atomic: the interpreter's region rule and
     * fault ({@link JitBridge.Slot#checkAccess}), for the instruction at {@code at} running at call depth {@code depth}.
     */
    void check(ProgramSupport sup, int at, long address, int size, boolean write, int depth) {
        slot.checkAccess(sup.code, at, address, size, write, depth);
    }

    /** The compiled form of {@code code} for this slot's arena, compiled on first use. */
    ProgramSupport compiled(JitBridge.Code code) {
        Object c = code.compiled();
        if (c instanceof ProgramSupport sup && sup.segment == slot.segment() && sup.checked == checked) return sup;
        synchronized (code) {
            c = code.compiled();
            if (c instanceof ProgramSupport sup && sup.segment == slot.segment() && sup.checked == checked) return sup;
            ProgramSupport sup = JitCompiler.compile(code, slot);
            code.compiled(sup);
            return sup;
        }
    }

    @Override
    public void compile(JitBridge.Code code) {
        compiled(code);
    }

    @Override
    public long run(JitBridge.Code code, long r1, long r2) {
        ProgramSupport sup = compiled(code);
        count = 0;
        nestedCount = 0;
        progBase = 0;
        helperDepth = 0;
        helperSlot = 0;
        current = sup;
        long r0;
        try {
            r0 = runEntry(sup.program, r1, r2, 0, 0, 0, stackTop0, 0);
        } catch (JitControl c) {
            if (c == JitControl.STOP) {
                if (count > budget) throw current.budgetExhausted(helperSlot);
                r0 = slot.stopValue();
            } else {
                r0 = 0;
            }
        } catch (StackOverflowError e) {
            throw new BpfRuntimeException("program " + (sup.name() == null ? "(anonymous)" : "'" + sup.name() + "'")
                    + ": the compiled code overflowed the JVM stack", e);
        } catch (Ebpf4jException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BpfRuntimeException("program " + (sup.name() == null ? "(anonymous)" : "'" + sup.name() + "'")
                    + " failed: " + e, e);
        } catch (LinkageError e) {
            // a reference of the generated code that does not resolve (NoSuchMethodError, BootstrapMethodError...):
            // the JVM resolves lazily, so it shows at the first run of that code; a bug of the compiler, never the user's
            throw JitCompiler.internalError(current.code, e);
        }
        instructionCount = count + nestedCount;
        return r0;
    }

    /** Runs an entry function and the tail calls it makes, in one frame. */
    private long runEntry(JitProgram p, long r1, long r2, long r3, long r4, long r5, long fp, int depth) {
        long r0 = p.entry(this, r1, r2, r3, r4, r5, fp, depth);
        while (slot.pending() == JitBridge.Slot.TAIL_CALL) {
            r0 = nextTail(fp, depth);
        }
        return r0;
    }

    private long nextTail(long fp, int depth) {
        slot.clearPending();
        ProgramSupport target = compiled(slot.takeTailTarget());
        progBase = depth;
        return target.program.entry(this, t1, t2, t3, t4, t5, fp, depth);
    }

    /**
     * After a helper call of compiled code asked for something ({@code pending != NONE}): stops the
     * run, or performs the tail call. {@code entryMode}: the caller is a program's entry function,
     * which returns at once and lets {@link #runEntry} loop; otherwise the tail-called programs run
     * here and their r0 is the calling function's result.
     */
    long afterHelper(long r1, long r2, long r3, long r4, long r5, long fp, int depth, int at, ProgramSupport sup,
                     boolean entryMode) {
        if (slot.pending() == JitBridge.Slot.STOP) throw JitControl.STOP;
        // kernel: the x86 JIT reuses the frame (emit_bpf_tail_call_*); the count includes the call
        if (count > budget) throw sup.budgetExhausted(at);
        t1 = r1;
        t2 = r2;
        t3 = r3;
        t4 = r4;
        t5 = r5;
        if (entryMode) return 0;
        int savedBase = progBase;
        long r0 = nextTail(fp, depth);
        while (slot.pending() == JitBridge.Slot.TAIL_CALL) r0 = nextTail(fp, depth);
        progBase = savedBase;
        return r0;
    }

    /** {@code callx} with a helper id in the register (the helper path; no tail calls through callx). */
    long callxHelper(ProgramSupport sup, int at, int reg, long value, long r1, long r2, long r3, long r4, long r5) {
        HelperFunction h = sup.code.helperById(value);
        if (h == null) throw sup.badCallx(at, reg, value);
        long r0 = h.call(ctx, r1, r2, r3, r4, r5);
        if (slot.pending() == JitBridge.Slot.STOP) throw JitControl.STOP;
        slot.clearPending();
        return r0;
    }

    /** Whether a call from {@code depth} would exceed the frames a program (or the slot) has. */
    boolean tooDeep(int depth) {
        return depth + 1 - progBase >= maxDepth || depth + 1 >= frameCapacity;
    }

    private HelperException callbackTooDeep() {
        return new HelperException("callback: call depth exceeds " + maxDepth + " frames");
    }

    /** A callback of the helper call at {@code slot} of a written-out {@code bpf_loop} would be too deep: its error. */
    RuntimeException callbackTooDeep(ProgramSupport sup, int slot) {
        return ProgramSupport.helperFailure(callbackTooDeep(), slot, sup);
    }

    /** A callback of a written-out {@code bpf_loop} ended by {@code c}: r0 = 0 for a failed legacy load (as {@link #callback}). */
    static long ldAbsExitOrRethrow(JitControl c) {
        if (c != JitControl.LD_ABS_EXIT) throw c;
        return 0;
    }

    /** Legacy packet access address, or 0 when the load fails. */
    long legacyAddress(int offset, int size) {
        return slot.legacyLoadAddress(offset, size, ldAddress, ldLength);
    }

    /** A failed legacy load ends the (innermost) run with r0 = 0. */
    RuntimeException ldAbsFail(long cnt, int at, ProgramSupport sup) {
        if (cnt > budget) return sup.budgetExhausted(at);
        count = cnt;
        return JitControl.LD_ABS_EXIT;
    }

    @Override
    public long instructionCount() {
        return instructionCount;
    }

    @Override
    public void legacyPacket(long address, int length) {
        ldAddress = address;
        ldLength = length;
    }

    /**
     * {@code callFunction} of a helper: the function at {@code functionPointer} of the program whose
     * helper is running, one frame deeper than it, with its own instruction count (as the interpreter).
     */
    @Override
    public long callback(long functionPointer, long r1, long r2, long r3, long r4, long r5) {
        ProgramSupport p = current;
        int target = p.code.functionTarget(functionPointer);
        if (target < 0) {
            throw new HelperException(String.format("0x%x is not a function of program %s", functionPointer,
                    p.name() == null ? "(anonymous)" : "'" + p.name() + "'"));
        }
        int depth = helperDepth + 1;
        if (tooDeep(helperDepth)) throw callbackTooDeep();
        long savedCount = count;
        int savedDepth = helperDepth, savedSlot = helperSlot, savedBase = progBase;
        count = 0;
        long r0;
        try {
            try {
                r0 = p.program.call(this, target, r1, r2, r3, r4, r5, stackTop0 - (long) depth * frameSize, depth);
            } catch (JitControl c) {
                if (c != JitControl.LD_ABS_EXIT) throw c;
                r0 = 0;
            }
            nestedCount += count;
        } finally {
            count = savedCount;
            current = p;
            helperDepth = savedDepth;
            helperSlot = savedSlot;
            progBase = savedBase;
        }
        if (slot.stopped()) throw JitControl.STOP;
        return r0;
    }
}
