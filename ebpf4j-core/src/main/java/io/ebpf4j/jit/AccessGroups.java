package io.ebpf4j.jit;

import static io.ebpf4j.jit.JitCompiler.dst;
import static io.ebpf4j.jit.JitCompiler.known;
import static io.ebpf4j.jit.JitCompiler.littleEndianForm;
import static io.ebpf4j.jit.JitCompiler.off;
import static io.ebpf4j.jit.JitCompiler.opcode;
import static io.ebpf4j.jit.JitCompiler.src;

import io.ebpf4j.isa.Opcodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads and stores of a verified program that share one bounds check: within a basic block, the plain accesses through
 * one base register (while it keeps its value) form a group, and the group's first access takes a slice of the arena
 * segment that covers all of them, {@code [base + lowest offset, base + highest end)}. Each access of the group then
 * reads or writes that slice at a constant offset, and since the slice's length is a constant too, HotSpot's C2 removes
 * the access's own bounds check: one check where there were as many as accesses. A packet parser's header fields are
 * such a group ({@code parse}: the 10 loads of the IPv4 header through one register, for its checksum).
 *
 * <p>Nothing can leave the arena: the slice is made by the arena segment (or its writable view, for stores), whose own
 * check covers the whole group. Why it never fails where the accesses themselves would not: the program passed the
 * verifier, so each access lies in a region of the arena, and the hull of intervals that lie in the arena (one interval) lies in
 * it too. The group never spans a jump, a call or an exit: a later access of the group may be safe only because a jump
 * before it was not taken (a packet's {@code data_end} test), so the slice is taken in the block whose every access
 * runs when its first one does. Only the accesses of a program that runs as verified are grouped
 * ({@code JitBridge.Slot.accessesTrusted()}: a {@code Runtime} not in checked mode, whose programs passed the verifier
 * by its contract): elsewhere (checked mode, a standalone {@code Vm}) an access may fault, and the fault must name that
 * access after every earlier one has run, as in the interpreter. Were a Runtime given an unverified program that
 * faults, memory would still be safe (the slice stays in the arena), but the fault would name the group. Accesses of kept frame slots ({@link FrameSlots}) are no
 * memory accesses, and atomics keep their own path.
 */
final class AccessGroups {
    /**
     * A group: its first access (which takes the slice) and last, base register, loads or stores, the offsets it
     * covers from the base ({@code [low, low + span)}), and the JVM local that holds the slice.
     */
    record Group(int first, int last, int reg, boolean write, int low, int span, int local) {}

    static final Map<Integer, Group> NONE = Map.of();

    /**
     * The fewest accesses a group has. Two do not pay: the slice saves one bounds check, but it is a call of
     * {@code asSlice} (and a new segment object) wherever C2 does not inline it, which in a large method it stops doing
     * once the method's node count passes {@code NodeCountInliningCutoff} ({@code -XX:+PrintInlining}: the corpus's
     * {@code arith_signed}, 212 instructions and 12 groups of two, had its last 6 slices left as calls). Measured
     * (JIT ns a run, two runs each, 2026-12-07): {@code arith_signed} 65/42 with groups of two, 26/17 without them;
     * {@code arith_alu32} 36/35 against 30/18; {@code stack_mem} 351/340 against 326/318; the benchmark's
     * {@code parse} (which keeps its 10-load group) 22.9/16.2 against 16.4/16.0.
     */
    static final int MIN_ACCESSES = 3;

    /** Open groups, by base register and kind ({@code reg * 2 + write}): their accesses and the offsets they cover. */
    private final List<List<Integer>> members = new ArrayList<>();
    private final int[] low = new int[22], high = new int[22];
    private final Map<Integer, Group> out = new HashMap<>();
    private final int firstLocal;

    private AccessGroups(int firstLocal) {
        this.firstLocal = firstLocal;
        for (int k = 0; k < 22; k++) members.add(new ArrayList<>());
    }

    /**
     * The groups of the reachable slots {@code [lo, hi)} of {@code f}, by the slot of each access in one (groups of
     * {@link #MIN_ACCESSES} accesses or more). The slices take the JVM locals from {@code firstLocal} on, one per base register and kind.
     */
    static Map<Integer, Group> of(JitCompiler.Function f, int lo, int hi, int firstLocal) {
        JitCompiler.Builder b = f.b;
        if (!b.trusted) return NONE;
        AccessGroups g = new AccessGroups(firstLocal);
        for (int s = f.reach.nextSetBit(Math.max(0, lo)); s >= 0 && s < hi && s < b.slots; s = f.reach.nextSetBit(s + 1)) {
            if (f.targets.get(s) || s == f.entry) g.closeAll();
            long w = b.word(s);
            int op = opcode(w);
            if (!known(op)) {
                g.closeAll();
                continue;
            }
            if (littleEndianForm(op) >= 0) op = littleEndianForm(op);
            int cls = op & Opcodes.CLASS_MASK;
            if (cls == Opcodes.ALU || cls == Opcodes.ALU64 || op == 0x18) {
                // a register's new value ends the groups through it (ld_imm64 too: its second slot is not reachable)
                g.closeRegister(dst(w));
                continue;
            }
            if (!Opcodes.isPlainAccess(op)) {
                // jumps, calls, exit, may_goto, atomics, legacy packet loads: the block ends, or may end early
                g.closeAll();
                continue;
            }
            boolean load = cls == Opcodes.LDX;
            if (f.frameSlots.slotOf(w) < 0) g.add(s, load ? src(w) : dst(w), !load, off(w), Opcodes.sizeBytes(op));
            // the load that overwrites its own base register is the last of the group through it
            if (load) g.closeRegister(dst(w));
        }
        g.closeAll();
        return g.out;
    }

    private void add(int slot, int reg, boolean write, int off, int size) {
        int k = reg * 2 + (write ? 1 : 0);
        List<Integer> m = members.get(k);
        if (m.isEmpty()) {
            low[k] = off;
            high[k] = off + size;
        }
        m.add(slot);
        low[k] = Math.min(low[k], off);
        high[k] = Math.max(high[k], off + size);
    }

    private void closeRegister(int reg) {
        close(reg * 2);
        close(reg * 2 + 1);
    }

    private void closeAll() {
        for (int k = 0; k < 22; k++) close(k);
    }

    private void close(int k) {
        List<Integer> m = members.get(k);
        if (m.size() >= MIN_ACCESSES) {
            Group g = new Group(m.get(0), m.get(m.size() - 1), k / 2, (k & 1) == 1, low[k], high[k] - low[k], firstLocal + k);
            for (int s : m) out.put(s, g);
        }
        m.clear();
    }
}
