package io.ebpf4j.verifier;

import java.util.Arrays;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The abstract state at one program point: registers, the stack frame byte by byte, the packet
 * ranges proven so far, the ring-buffer records held, and whether a spin lock is held.
 * Mutable while one instruction is interpreted; {@link #copy()} before storing.
 */
final class State {
    /** The kernel's MAX_BPF_STACK: one frame is 512 bytes below r10. */
    static final int STACK_SIZE = 512;

    /** Stack byte kinds: kernel's STACK_INVALID, STACK_MISC, STACK_ZERO, STACK_SPILL (bpf_verifier.h). */
    static final byte INVALID = 0, MISC = 1, ZERO = 2, SPILL = 3;

    final Value[] regs;
    /** Byte {@code i} is at {@code r10 - 512 + i}. Shared between copies until one writes ({@link #own()}). */
    byte[] stack;
    /** A spilled register starting at byte {@code i}, covering {@code spillSize[i]} bytes (marked SPILL). */
    Value[] spill;
    byte[] spillSize;
    private boolean stackOwned = true;
    private boolean callersOwned = true;
    /** Packet ranges: id → r, meaning {@code data + V(id) + r <= data_end} is proven (kernel {@code reg->range}). */
    final TreeMap<Integer, Long> pktRange = new TreeMap<>();
    /** Meta ranges: id → r, meaning {@code data_meta + V(id) + r <= data} is proven. */
    final TreeMap<Integer, Long> metaRange = new TreeMap<>();
    /** Ids of ring-buffer records reserved and not yet submitted or discarded (kernel {@code acquired_refs}). */
    final TreeSet<Integer> refs = new TreeSet<>();
    /** A bpf_spin_lock is held (kernel {@code active_lock}). */
    boolean lockHeld;
    /**
     * For each loop head (block) passed on the way here: how much each register (0-10) and each
     * 8-byte stack slot (11 + slot) changed since that head was last passed, or null when not a
     * constant step. Termination is proven from these (see Analyzer#checkTermination).
     */
    final TreeMap<Integer, io.ebpf4j.verifier.domain.Scalar[]> deltas = new TreeMap<>();

    static final int DELTA_SLOTS = 11 + STACK_SIZE / 8;
    /**
     * The callers' frames while a bpf-to-bpf callee is analysed in their context, outermost first:
     * each is the caller's state at the call (its r6-r9 and r10 come back on return; its stack is
     * reachable through stack pointers of its depth, {@code Value.map}). Empty in the entry function.
     */
    State[] callers = NO_CALLERS;
    static final State[] NO_CALLERS = new State[0];

    State() {
        regs = new Value[11];
        Arrays.fill(regs, Value.UNINIT);
        stack = new byte[STACK_SIZE];
        spill = new Value[STACK_SIZE];
        spillSize = new byte[STACK_SIZE];
    }

    private State(State o) {
        regs = o.regs.clone();
        stack = o.stack;
        spill = o.spill;
        spillSize = o.spillSize;
        stackOwned = false;
        o.stackOwned = false;
    }

    /** Makes the stack arrays this state's own before it writes them (copy on write). */
    void own() {
        if (stackOwned) return;
        stack = stack.clone();
        spill = spill.clone();
        spillSize = spillSize.clone();
        stackOwned = true;
    }

    /** The frame at call depth {@code depth}, to be written: callers' frames are copied first if shared. */
    State frameForWrite(int depth) {
        if (depth >= callers.length) return this;
        ownCallers();
        return callers[depth];
    }

    private void ownCallers() {
        if (callersOwned) return;
        callers = callers.clone();
        for (int i = 0; i < callers.length; i++) callers[i] = callers[i].copy();
        callersOwned = true;
    }

    State copy() {
        State s = new State(this);
        s.pktRange.putAll(pktRange);
        s.metaRange.putAll(metaRange);
        s.refs.addAll(refs);
        s.lockHeld = lockHeld;
        for (var e : deltas.entrySet()) s.deltas.put(e.getKey(), e.getValue().clone());
        if (callers.length > 0) {
            s.callers = callers;
            s.callersOwned = false;
            callersOwned = false;
        }
        return s;
    }

    long pktRange(int id) {
        return pktRange.getOrDefault(id, 0L);
    }

    long metaRange(int id) {
        return metaRange.getOrDefault(id, 0L);
    }

    /** Forgets whatever the stack bytes {@code [from, to)} held, including spills that overlap them. */
    void clobberStack(int from, int to, byte kind) {
        own();
        for (int i = Math.max(0, from - 7); i < Math.min(to, STACK_SIZE); i++) {
            if (spill[i] != null && i + spillSize[i] > from) {
                // a spill partly overwritten: its other bytes become plain data (kernel: STACK_SPILL -> STACK_MISC)
                for (int j = i; j < i + spillSize[i]; j++) if (stack[j] == SPILL) stack[j] = MISC;
                spill[i] = null;
                spillSize[i] = 0;
            }
        }
        for (int i = Math.max(0, from); i < Math.min(to, STACK_SIZE); i++) stack[i] = kind;
    }

    /**
     * Bytes {@code [from, to)} may have been overwritten with unknown data: initialised bytes become
     * plain data (spills touching them are forgotten), uninitialised ones stay uninitialised.
     */
    void clobberStackKeepInit(int from, int to) {
        from = Math.max(0, from);
        to = Math.min(to, STACK_SIZE);
        own();
        byte[] before = java.util.Arrays.copyOfRange(stack, from, to);
        clobberStack(from, to, MISC);
        for (int i = from; i < to; i++) if (before[i - from] == INVALID) stack[i] = INVALID;
    }

    /** Every value held (registers and spills), to rewrite: the visitor returns the replacement. */
    void rewrite(java.util.function.UnaryOperator<Value> f) {
        for (int r = 0; r < regs.length; r++) regs[r] = f.apply(regs[r]);
        for (int i = 0; i < STACK_SIZE; i++) {
            if (spill[i] == null) continue;
            Value v = f.apply(spill[i]);
            if (v != spill[i]) {
                own();
                spill[i] = v;
            }
        }
        if (callers.length > 0) {
            ownCallers();
            for (State c : callers) c.rewrite(f);
        }
    }

    /** Makes this state equal to {@code o} (which is not used afterwards). */
    void assign(State o) {
        System.arraycopy(o.regs, 0, regs, 0, regs.length);
        stack = o.stack;
        spill = o.spill;
        spillSize = o.spillSize;
        stackOwned = false;
        o.stackOwned = false;
        callersOwned = false;
        o.callersOwned = false;
        pktRange.clear();
        pktRange.putAll(o.pktRange);
        metaRange.clear();
        metaRange.putAll(o.metaRange);
        refs.clear();
        refs.addAll(o.refs);
        lockHeld = o.lockHeld;
        deltas.clear();
        deltas.putAll(o.deltas);
        callers = o.callers;
    }

    /** A description of everything the state holds, callers' frames included (equal states, equal strings). */
    String fingerprint() {
        StringBuilder b = new StringBuilder(describe());
        for (State c : callers) b.append(" | ").append(c.describe());
        // linked numbers (equal copies) are part of the state too: where they are and which go together
        b.append(" links");
        appendLinks(b);
        for (State c : callers) c.appendLinks(b.append(" |"));
        return b.toString();
    }

    private void appendLinks(StringBuilder b) {
        for (int r = 0; r < regs.length; r++) if (regs[r].isScalar() && regs[r].id != 0) b.append(" R").append(r).append('~').append(regs[r].id).append('+').append(regs[r].fixed);
        for (int i = 0; i < STACK_SIZE; i++) {
            if (spill[i] != null && spill[i].isScalar() && spill[i].id != 0) b.append(" fp").append(i - STACK_SIZE).append('~').append(spill[i].id).append('+').append(spill[i].fixed);
        }
    }

    /** The frame at call depth {@code depth}: this state's own frame when it is the current one. */
    State frame(int depth) {
        return depth >= callers.length ? this : callers[depth];
    }

    /** Kernel-log style: the initialised registers and the stack slots that are not invalid. */
    String describe() {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < regs.length; r++) {
            if (!regs[r].isInit()) continue;
            if (b.length() > 0) b.append(' ');
            b.append('R').append(r).append('=').append(regs[r]);
        }
        for (int slot = 0; slot < STACK_SIZE; slot += 8) {
            StringBuilder kinds = new StringBuilder();
            boolean any = false;
            for (int i = slot; i < slot + 8; i++) {
                if (stack[i] != INVALID) any = true;
            }
            if (!any) continue;
            int off = slot - STACK_SIZE;
            if (spill[slot] != null && spillSize[slot] == 8) {
                b.append(" fp").append(off).append('=').append(spill[slot]);
                continue;
            }
            for (int i = slot; i < slot + 8; i++) kinds.append("?mzr".charAt(stack[i]));
            b.append(" fp").append(off).append('=').append(kinds);
            for (int i = slot; i < slot + 8; i++) {
                if (spill[i] != null) b.append("[+").append(i - slot).append(':').append(spill[i]).append(']');
            }
        }
        if (!pktRange.isEmpty()) b.append(" pkt_range=").append(pktRange);
        if (!metaRange.isEmpty()) b.append(" meta_range=").append(metaRange);
        if (!refs.isEmpty()) b.append(" refs=").append(refs);
        if (lockHeld) b.append(" lock");
        return b.toString();
    }
}
