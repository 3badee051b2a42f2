package io.ebpf4j.jit;

import static io.ebpf4j.jit.JitCompiler.dst;
import static io.ebpf4j.jit.JitCompiler.known;
import static io.ebpf4j.jit.JitCompiler.littleEndianForm;
import static io.ebpf4j.jit.JitCompiler.off;
import static io.ebpf4j.jit.JitCompiler.opcode;
import static io.ebpf4j.jit.JitCompiler.src;

import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.vm.JitBridge;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack slots of one function that the JIT keeps in JVM {@code long} locals instead of the arena: scalar
 * replacement of the BPF frame, the promotion of stack slots whose address is never taken that compilers do for
 * locals (LLVM's "mem2reg"). A load or store of such a slot is a move between locals: no address, no bounds check,
 * no accessor call, nothing that stops C2 from keeping the value in a register.
 *
 * <p>A slot is a byte range {@code [off, off + size)} of the frame ({@code r10 + off}). It is kept in a local only
 * where no instruction can tell the difference:
 * <ul>
 * <li>the program was verified ({@code JitBridge.Slot.verified()}: a {@code Runtime} not in checked mode, or a
 *     {@code Vm} with {@code VmOptions.verified()}), so only a pointer derived from this frame's {@code r10} can reach
 *     the frame (the verifier tracks the provenance of pointers);</li>
 * <li>no pointer made from the function's {@code r10} reaches the slot: where {@code r10} is read as a value
 *     ({@code r2 = r10; r2 += -8} for a helper's key), {@link #reachedThroughPointers} follows the pointers and
 *     keeps the bytes they may reach in the arena, or the whole frame where it cannot tell. An atomic on the frame
 *     keeps its bytes there too, and an access outside {@code [-frame size, 0)} the whole frame;</li>
 * <li>every access that overlaps the slot has the same offset, size and byte order: a load reads back the bytes of
 *     the last store whole, so the local holds the stored value and a load truncates it to the access size (RFC
 *     9669 §5: a store writes the low {@code size} bytes; {@code LDX MEM} zero-extends, {@code MEMSX}
 *     sign-extends).</li>
 * </ul>
 * The arena stays exact for whoever reads it after the run ({@code Vm.memory()}): the function reads its kept slots
 * from the arena when it starts and writes them back whenever it leaves, by {@code exit}, by a tail call or by an
 * exception (a fault, the budget, a helper's failure), so after every run the frame holds what the interpreter
 * leaves there. A slot is kept only where that costs less than it saves: accessed at least {@link #MIN_ACCESSES}
 * times, or in a function with a loop.
 */
final class FrameSlots {
    /** No slot kept. */
    static final FrameSlots NONE = new FrameSlots(new int[0], new int[0], new int[0]);

    /** A slot accessed fewer times than this (in a function without a loop) stays in the arena: reading it at entry and writing it back costs two accesses. */
    static final int MIN_ACCESSES = 3;
    /** At most this many slots a function (a whole 512-byte frame of 8-byte slots). */
    static final int MAX_KEPT = 64;
    /** Estimated bytecode per kept slot in a method: read at entry, written back at the exit and in the handler. */
    static final int BYTES_PER_SLOT = 48;

    /** Offsets, sizes and byte orders (1: big-endian) of the kept slots, by index. */
    final int[] offs, sizes, bigEndian;
    private final Map<Long, Integer> index = new HashMap<>();

    private FrameSlots(int[] offs, int[] sizes, int[] bigEndian) {
        this.offs = offs;
        this.sizes = sizes;
        this.bigEndian = bigEndian;
        for (int k = 0; k < offs.length; k++) index.put(key(offs[k], sizes[k]), k);
    }

    private static long key(int off, int size) {
        return (long) off << 8 | size;
    }

    int count() {
        return offs.length;
    }

    /** The index of the kept slot accessed by an access of {@code size} bytes at {@code r10 + off}, or -1. */
    int indexOf(int off, int size) {
        Integer k = index.get(key(off, size));
        return k == null ? -1 : k;
    }

    /**
     * The kept slot of the instruction {@code w} (a load or store with base {@code r10}), or -1: the access of a
     * load, store (not atomic) or big-endian form of one.
     */
    int slotOf(long w) {
        if (offs.length == 0) return -1;
        int op = opcode(w);
        if (littleEndianForm(op) >= 0) op = littleEndianForm(op);
        int base = baseOf(op, w);
        return base == 10 ? indexOf(off(w), Opcodes.sizeBytes(op)) : -1;
    }

    /** For a plain load or store (not atomic), its base register; -1 for any other instruction. */
    private static int baseOf(int op, long w) {
        if (!Opcodes.isPlainAccess(op)) return -1;
        return (op & Opcodes.CLASS_MASK) == Opcodes.LDX ? src(w) : dst(w);
    }

    /** The slots of the function {@code f} to keep in locals ({@link #NONE} unless the program was verified). */
    static FrameSlots of(JitCompiler.Builder b, JitCompiler.Function f) {
        if (!b.verified) return NONE; // never in checked mode (JitBridge.Slot.verified)
        int frame = b.frameSize;
        // every r10-based access, by (off, size, byte order); bytes touched by more than one kind, or by an atomic
        Map<Long, int[]> kinds = new HashMap<>();
        Map<Integer, Long> kindOfByte = new HashMap<>();
        BitSet mixed = new BitSet();
        boolean loops = false, addressTaken = false;
        for (int s = f.reach.nextSetBit(0); s >= 0 && s < b.slots; s = f.reach.nextSetBit(s + 1)) {
            long w = b.word(s);
            int op = opcode(w);
            if (!known(op)) continue;
            boolean be = littleEndianForm(op) >= 0;
            if (be) op = littleEndianForm(op);
            int cls = op & 7, mode = op & Opcodes.MODE_MASK;
            int base = baseOf(op, w);
            boolean atomic = cls == Opcodes.STX && mode == Opcodes.ATOMIC;
            if (base == 10 || atomic && dst(w) == 10) {
                int off = off(w), size = Opcodes.sizeBytes(op);
                if (off < -frame || off + size > 0) return NONE; // outside the frame: not this frame's bytes
                long k = key(off, size) << 1 | (be ? 1 : 0);
                kinds.computeIfAbsent(k, x -> new int[] {off, size, be ? 1 : 0, 0})[3]++;
                for (int i = off; i < off + size; i++) {
                    Long prev = kindOfByte.putIfAbsent(i, k);
                    if (atomic || prev != null && prev != k) mixed.set(i + frame);
                }
                if (cls == Opcodes.STX && src(w) == 10) return NONE; // stores the frame pointer itself
                if (cls == Opcodes.LDX && dst(w) == 10) return NONE; // overwrites it (never verified)
                if (atomic && src(w) == 10) return NONE;
                continue;
            }
            if (readsR10(op, w)) addressTaken = true;
            int t = b.target(s);
            if (t >= 0 && t <= s) loops = true;
        }
        if (addressTaken) {
            // r10 is read as a value: follow the pointers made from it, and keep only bytes none of them reaches
            BitSet reached = reachedThroughPointers(b, f);
            if (reached == null) return NONE;
            mixed.or(reached);
        }
        List<int[]> candidates = new ArrayList<>();
        for (int[] k : kinds.values()) {
            boolean clean = true;
            for (int i = k[0]; i < k[0] + k[1]; i++) if (mixed.get(i + frame)) clean = false;
            if (clean) candidates.add(k);
        }
        if (candidates.isEmpty()) return NONE;
        candidates.sort((x, y) -> Integer.compare(x[0], y[0]));
        List<int[]> kept = new ArrayList<>();
        for (int[] k : candidates) if (k[3] >= MIN_ACCESSES || loops) kept.add(k);
        if (kept.isEmpty()) return NONE;
        if (kept.size() > MAX_KEPT) {
            // the most accessed ones: each kept slot costs bytecode at entry, exit and in the handler
            kept.sort((x, y) -> Integer.compare(y[3], x[3]));
            kept = new ArrayList<>(kept.subList(0, MAX_KEPT));
            kept.sort((x, y) -> Integer.compare(x[0], y[0]));
        }
        return new FrameSlots(kept.stream().mapToInt(x -> x[0]).toArray(), kept.stream().mapToInt(x -> x[1]).toArray(),
                kept.stream().mapToInt(x -> x[2]).toArray());
    }

    /** Abstract values of {@link #reachedThroughPointers}: not derived from r10; derived from it, offset unknown. */
    private static final int NOT = Integer.MAX_VALUE, ANY = Integer.MIN_VALUE;
    /** Above this many reachable instructions a function that takes its frame's address keeps its frame in the arena. */
    private static final int MAX_FLOW = 50_000;

    /**
     * The frame bytes (index {@code off + frame size}) that pointers made from {@code r10} may reach, or null when
     * one may reach any of them. A forward data flow over the function gives each register at each instruction one
     * of: not derived from r10 ({@link #NOT}), {@code r10 + c} (c, from {@code rX = r10} and {@code rX += imm}), or
     * derived with an unknown offset ({@link #ANY}; also where paths disagree). Then:
     * <ul>
     * <li>a load, store or atomic through {@code r10 + c} reaches its bytes;</li>
     * <li>a helper given {@code r10 + c} reaches {@code [c, 0)}: a helper reads and writes the memory after a pointer
     *     it is given, never before it (the kernel's {@code ARG_PTR_TO_MEM} with a size, keys, values, dynptrs);
     *     only a dynptr helper's r0 may then point into the frame ({@code ANY}: {@code bpf_dynptr_data} of a dynptr
     *     over stack memory). Not in a program with function pointers: a callback given the pointer
     *     ({@code bpf_loop}'s ctx) is BPF code, which may move it anywhere in the frame;</li>
     * <li>anything else (an unknown offset used, a pointer stored to memory, passed to a bpf-to-bpf call or
     *     {@code callx}, returned, used by a legacy packet load) may reach every byte: null.</li>
     * </ul>
     */
    static BitSet reachedThroughPointers(JitCompiler.Builder b, JitCompiler.Function f) {
        int frame = b.frameSize;
        if (f.reach.cardinality() > MAX_FLOW) return null;
        HashMap<Integer, int[]> in = new HashMap<>();
        int[] start = new int[11];
        Arrays.fill(start, NOT);
        in.put(f.entry, start);
        ArrayDeque<Integer> work = new ArrayDeque<>();
        work.add(f.entry);
        BitSet reached = new BitSet();
        while (!work.isEmpty()) {
            int s = work.poll();
            if (s >= b.slots) continue;
            int[] st = in.get(s).clone();
            long w = b.word(s);
            int op = opcode(w);
            if (!known(op)) continue;
            if (littleEndianForm(op) >= 0) op = littleEndianForm(op);
            int cls = op & 7, mode = op & Opcodes.MODE_MASK, d = dst(w), sr = src(w);
            switch (cls) {
                case Opcodes.ALU64, Opcodes.ALU -> {
                    int code = op & 0xf0;
                    boolean x = (op & Opcodes.X) != 0;
                    boolean internal = op == JitBridge.Code.MOVSX64_8 || op == JitBridge.Code.MOVSX64_16
                            || op == JitBridge.Code.MOVSX64_32 || op == JitBridge.Code.MOVSX32_8 || op == JitBridge.Code.MOVSX32_16;
                    if (cls == Opcodes.ALU64 && code == Opcodes.MOV && x && !internal && off(w) == 0) {
                        st[d] = value(st, sr);
                    } else if (cls == Opcodes.ALU64 && !x && (code == Opcodes.ADD || code == Opcodes.SUB) && isFp(st[d])) {
                        long c = (long) st[d] + (code == Opcodes.ADD ? JitCompiler.imm(w) : -(long) JitCompiler.imm(w));
                        st[d] = Math.abs(c) > (1 << 20) ? ANY : (int) c;
                    } else {
                        boolean readsDst = code != Opcodes.MOV;
                        boolean derived = readsDst && value(st, d) != NOT || x && value(st, sr) != NOT;
                        st[d] = derived ? ANY : NOT;
                    }
                }
                case Opcodes.LDX -> {
                    if (!reach(st, sr, off(w), Opcodes.sizeBytes(op), frame, reached)) return null;
                    st[d] = NOT;
                }
                case Opcodes.ST, Opcodes.STX -> {
                    if (!reach(st, d, off(w), Opcodes.sizeBytes(op), frame, reached)) return null;
                    if (cls == Opcodes.STX && value(st, sr) != NOT) return null; // a pointer stored to memory
                    if (mode == Opcodes.ATOMIC) {
                        int aop = JitCompiler.imm(w);
                        if (aop == Opcodes.CMPXCHG) st[0] = NOT;
                        else if ((aop & Opcodes.FETCH) != 0) st[sr] = NOT;
                    }
                }
                case Opcodes.LD -> {
                    if (op == 0x18) {
                        st[d] = NOT;
                    } else {
                        if (value(st, sr) != NOT) return null;
                        for (int r = 0; r <= 5; r++) st[r] = NOT;
                    }
                }
                case Opcodes.JMP, Opcodes.JMP32 -> {
                    if (op == 0x85) {
                        boolean given = false;
                        for (int r = 1; r <= 5; r++) {
                            int v = st[r];
                            if (v == ANY) return null;
                            if (isFp(v)) {
                                // a callback (bpf_loop...) given the pointer may move it anywhere in the frame
                                if (b.functionPointers || v < -frame || v >= 0) return null;
                                reached.set(v + frame, frame); // [c, 0)
                                given = true;
                            }
                        }
                        for (int r = 1; r <= 5; r++) st[r] = NOT;
                        // only a dynptr's data (bpf_dynptr_data, bpf_dynptr_slice) points into memory it was given
                        st[0] = given && b.code.helperName(JitCompiler.imm(w)).contains("dynptr") ? ANY : NOT;
                    } else if (op == JitBridge.Code.CALL_LOCAL || op == 0x8d) {
                        for (int r = 1; r <= 5; r++) if (st[r] != NOT) return null;
                        if (op == 0x8d && value(st, d) != NOT) return null;
                        for (int r = 0; r <= 5; r++) st[r] = NOT;
                    } else if (op == 0x95) {
                        if (st[0] != NOT) return null;
                    }
                }
                default -> {
                }
            }
            for (int t : new int[] {b.fall(s), b.target(s)}) {
                if (t < 0 || !f.reach.get(t)) continue;
                int[] old = in.get(t);
                if (old == null) {
                    in.put(t, st.clone());
                    work.add(t);
                    continue;
                }
                boolean changed = false;
                for (int r = 0; r < 11; r++) {
                    int m = old[r] == st[r] ? old[r] : old[r] == NOT && st[r] == NOT ? NOT : ANY;
                    if (m != old[r]) {
                        old[r] = m;
                        changed = true;
                    }
                }
                if (changed) work.add(t);
            }
        }
        return reached;
    }

    private static boolean isFp(int v) {
        return v != NOT && v != ANY;
    }

    /** A register's abstract value; r10 is always {@code r10 + 0}. */
    private static int value(int[] st, int reg) {
        return reg == 10 ? 0 : st[reg];
    }

    /**
     * Records the bytes an access of {@code size} at {@code reg + off} reaches when reg is {@code r10 + c} (nothing
     * for r10 itself, whose accesses are the candidates, or a register not derived from it); false when reg's offset
     * is unknown or the access leaves the frame.
     */
    private static boolean reach(int[] st, int reg, int off, int size, int frame, BitSet reached) {
        if (reg == 10) return true;
        int v = st[reg];
        if (v == NOT) return true;
        if (v == ANY) return false;
        long lo = (long) v + off;
        if (lo < -frame || lo + size > 0) return false;
        reached.set((int) lo + frame, (int) lo + frame + size);
        return true;
    }

    /** Whether an instruction other than a load or store reads {@code r10} (as a value or an address). */
    private static boolean readsR10(int op, long w) {
        if (op == 0x18) return dst(w) == 10; // ld_imm64: src is a pseudo kind, not a register
        if (op == 0x85 || op == JitBridge.Code.CALL_LOCAL) return false; // src is a pseudo kind (helper, local, kfunc)
        return dst(w) == 10 || src(w) == 10;
    }
}
