package io.ebpf4j.jit;

import static io.ebpf4j.jit.JitCompiler.dst;
import static io.ebpf4j.jit.JitCompiler.imm;
import static io.ebpf4j.jit.JitCompiler.isConditional;
import static io.ebpf4j.jit.JitCompiler.known;
import static io.ebpf4j.jit.JitCompiler.littleEndianForm;
import static io.ebpf4j.jit.JitCompiler.opcode;
import static io.ebpf4j.jit.JitCompiler.src;

import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.vm.JitBridge;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Which registers are live where in one function: bit {@code i} of a mask is {@code r<i>}. A register is live at an
 * instruction when some path from there reads it before writing it (the textbook backward data flow, e.g. Aho, Lam,
 * Sethi, Ullman, "Compilers", §9.2.5). The chunks of a split function use it: a chunk reads from the chunk array only
 * the registers live where it is entered and that it touches, and writes back only those it writes that are live
 * where it leaves. A register held in a local across the whole chunk would otherwise be saved at each of HotSpot's
 * deoptimization points and hold a machine register all along.
 *
 * <p>It must over-approximate: an instruction whose reads are not modelled here reads every register, and one whose
 * writes are not modelled writes none. A function call reads r1-r5 as far as the callee reads them on entry
 * ({@link JitCompiler.Builder#argumentsRead}); a helper reads r1-r5; {@code exit} reads r0.
 */
final class Liveness {
    /** r0-r10. */
    static final int ALL = 0x7ff;
    /** r1-r5, the arguments of a call. */
    static final int ARGS = 0x3e;
    /** r0. */
    static final int R0 = 1;

    private final int lo;
    private final int[] in;

    private Liveness(int lo, int[] in) {
        this.lo = lo;
        this.in = in;
    }

    /** The registers live on entry to {@code slot} (a reachable slot of the function). */
    int in(int slot) {
        int i = slot - lo;
        return i >= 0 && i < in.length ? in[i] : ALL;
    }

    /**
     * The opcode at {@code slot} (a big-endian access's little-endian form: the same registers), or -1 past the end of
     * the program or where the JIT does not know the opcode (compiled to a fault).
     */
    private static int opcodeAt(JitCompiler.Builder b, int slot) {
        if (slot >= b.slots) return -1;
        int op = opcode(b.word(slot));
        if (!known(op)) return -1;
        return littleEndianForm(op) >= 0 ? littleEndianForm(op) : op;
    }

    /** Registers {@code slot}'s instruction reads; {@code callArgs} gives what a call to a slot reads of r1-r5. */
    static int uses(JitCompiler.Builder b, int slot, IntUnaryOperator callArgs) {
        if (slot >= b.slots) return 0; // falling off the end: a fault that reads no register
        int op = opcodeAt(b, slot);
        if (op < 0) return ALL;
        long w = b.word(slot);
        int d = 1 << dst(w), s = 1 << src(w);
        boolean x = (op & Opcodes.X) != 0;
        if (op == JitBridge.Code.MOVSX64_8 || op == JitBridge.Code.MOVSX64_16 || op == JitBridge.Code.MOVSX64_32
                || op == JitBridge.Code.MOVSX32_8 || op == JitBridge.Code.MOVSX32_16) {
            return s;
        }
        if (op == JitBridge.Code.CALL_LOCAL) return callArgs.applyAsInt(slot + 1 + imm(w)) & ARGS;
        switch (op & 7) {
            case Opcodes.ALU, Opcodes.ALU64 -> {
                int code = op & 0xf0;
                if (code == Opcodes.MOV) return x ? s : 0;
                if (code == Opcodes.NEG || code == Opcodes.END) return d;
                return d | (x ? s : 0);
            }
            case Opcodes.LD -> {
                return op == 0x18 ? 0 : ALL; // ld_imm64; the legacy packet loads: all
            }
            case Opcodes.LDX -> {
                int mode = op & Opcodes.MODE_MASK;
                return mode == Opcodes.MEM || mode == Opcodes.MEMSX ? s : ALL;
            }
            case Opcodes.ST -> {
                return (op & Opcodes.MODE_MASK) == Opcodes.MEM ? d : ALL;
            }
            case Opcodes.STX -> {
                return (op & Opcodes.MODE_MASK) == Opcodes.MEM ? d | s : ALL; // atomics: all
            }
            default -> {
                // jumps
                if (op == 0x05 || op == 0x06 || op == 0xe5) return 0; // ja, gotol, may_goto
                if (op == 0x95) return R0;                           // exit
                if (op == 0x85) return ARGS;                         // a helper
                if (isConditional(op)) return d | (x ? s : 0);
                return ALL;                                          // callx and anything else
            }
        }
    }

    /** Registers {@code slot}'s instruction surely writes (on every way it continues to a next instruction). */
    static int defs(JitCompiler.Builder b, int slot) {
        int op = opcodeAt(b, slot);
        if (op < 0) return 0;
        int d = 1 << dst(b.word(slot));
        if (op == JitBridge.Code.CALL_LOCAL || op == 0x85) return R0; // r1-r5 keep their values in the caller here
        return switch (op & 7) { // the movsx forms (internal opcodes) are of the ALU classes too
            case Opcodes.ALU, Opcodes.ALU64 -> d;
            case Opcodes.LD -> op == 0x18 ? d : 0;
            case Opcodes.LDX -> {
                int mode = op & Opcodes.MODE_MASK;
                yield mode == Opcodes.MEM || mode == Opcodes.MEMSX ? d : 0;
            }
            default -> 0;
        };
    }

    /**
     * Registers {@code slot}'s compiled code may write (an over-approximation: what a chunk must write back): the
     * destination of ALU, load and {@code ld_imm64}; r0 for calls, helpers and {@code callx}; every register for
     * atomics (a fetch writes its source, {@code cmpxchg} r0), the legacy packet loads and anything else.
     */
    static int mayDefs(JitCompiler.Builder b, int slot) {
        int op = opcodeAt(b, slot);
        if (op < 0) return 0; // past the end, or compiled to the "not supported" fault
        long w = b.word(slot);
        if (op == JitBridge.Code.CALL_LOCAL || op == 0x85 || op == 0x8d) return R0;
        int cls = op & 7, mode = op & Opcodes.MODE_MASK;
        if (cls == Opcodes.ALU || cls == Opcodes.ALU64 || op == 0x18) return 1 << dst(w);
        if (cls == Opcodes.LDX && (mode == Opcodes.MEM || mode == Opcodes.MEMSX)) return 1 << dst(w);
        if ((cls == Opcodes.ST || cls == Opcodes.STX) && mode == Opcodes.MEM) return 0;
        if (cls == Opcodes.JMP || cls == Opcodes.JMP32) return 0;
        return ALL;
    }

    /**
     * The liveness of the function whose reachable slots are {@code reach} (within its frame: calls are not followed).
     * A backward work list over the slots; each slot's mask only grows, so it ends.
     */
    static Liveness of(JitCompiler.Builder b, BitSet reach, IntUnaryOperator callArgs) {
        int lo = Math.max(0, reach.nextSetBit(0)), hi = reach.length();
        int n = Math.max(0, hi - lo);
        int[] uses = new int[n], kill = new int[n], in = new int[n];
        // predecessors, as compressed rows
        int[] count = new int[n + 1];
        for (int s = reach.nextSetBit(0); s >= 0; s = reach.nextSetBit(s + 1)) {
            for (int v : successors(b, s)) if (v >= 0 && reach.get(v)) count[v - lo + 1]++;
        }
        for (int i = 0; i < n; i++) count[i + 1] += count[i];
        int[] preds = new int[count[n]], fill = new int[n];
        for (int s = reach.nextSetBit(0); s >= 0; s = reach.nextSetBit(s + 1)) {
            for (int v : successors(b, s)) if (v >= 0 && reach.get(v)) preds[count[v - lo] + fill[v - lo]++] = s;
        }
        int[] stack = new int[n];
        int top = 0;
        BitSet queued = new BitSet(n);
        for (int s = reach.nextSetBit(0); s >= 0; s = reach.nextSetBit(s + 1)) {
            uses[s - lo] = uses(b, s, callArgs);
            kill[s - lo] = ~defs(b, s);
            stack[top++] = s; // popped last first: the backward order
            queued.set(s - lo);
        }
        while (top > 0) {
            int s = stack[--top];
            queued.clear(s - lo);
            int out = 0;
            for (int v : successors(b, s)) if (v >= 0) out |= reach.get(v) ? in[v - lo] : ALL;
            int now = uses[s - lo] | (out & kill[s - lo]);
            if (now == in[s - lo]) continue;
            in[s - lo] = now;
            for (int p = count[s - lo]; p < count[s - lo + 1]; p++) {
                int q = preds[p];
                if (!queued.get(q - lo)) {
                    queued.set(q - lo);
                    stack[top++] = q;
                }
            }
        }
        return new Liveness(lo, in);
    }

    /** The slots control may go to from {@code s} in its frame: fall-through and jump target, -1 for none. */
    static int[] successors(JitCompiler.Builder b, int s) {
        return new int[] {b.fall(s), b.target(s)};
    }

    /**
     * What a call to each function entry reads of r1-r5: the registers live at its entry, its own calls taken to
     * read all of r1-r5 (so no call chain is followed). Memoised per program.
     */
    static final class EntryArguments implements IntUnaryOperator {
        private final JitCompiler.Builder b;
        private final Map<Integer, Integer> known = new HashMap<>();

        EntryArguments(JitCompiler.Builder b) {
            this.b = b;
        }

        @Override
        public int applyAsInt(int entry) {
            Integer m = known.get(entry);
            if (m != null) return m;
            if (entry < 0 || entry >= b.slots) return ARGS;
            BitSet reach = new BitSet();
            int[] work = new int[16];
            int top = 0;
            reach.set(entry);
            work[top++] = entry;
            while (top > 0) {
                int s = work[--top];
                for (int v : successors(b, s)) {
                    if (v >= 0 && !reach.get(v)) {
                        reach.set(v);
                        if (top == work.length) work = java.util.Arrays.copyOf(work, 2 * top);
                        work[top++] = v;
                    }
                }
            }
            int args = of(b, reach, t -> ARGS).in(entry) & ARGS;
            known.put(entry, args);
            return args;
        }
    }
}
