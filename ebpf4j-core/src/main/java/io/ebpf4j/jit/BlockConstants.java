package io.ebpf4j.jit;

import static io.ebpf4j.jit.JitCompiler.dst;
import static io.ebpf4j.jit.JitCompiler.imm;
import static io.ebpf4j.jit.JitCompiler.known;
import static io.ebpf4j.jit.JitCompiler.littleEndianForm;
import static io.ebpf4j.jit.JitCompiler.off;
import static io.ebpf4j.jit.JitCompiler.opcode;
import static io.ebpf4j.jit.JitCompiler.src;

import io.ebpf4j.isa.Opcodes;
import java.util.HashMap;
import java.util.Map;

/**
 * What the compiler knows of the registers and the frame within one basic block, for the map helpers it writes out
 * ({@link Unit}): a register that holds a constant ({@code ld_imm64}, a move of an immediate, a move or an add of one
 * to a known register), a register that holds {@code r10 + c}, and frame bytes that a store of a known value wrote
 * through {@code r10 + c}. So {@code r1} of a map call is known to be the map, and in the common
 * {@code u32 key = 0; bpf_map_lookup_elem(&stats, &key)} the key is known too.
 *
 * <p>Only what no instruction of the block can change behind the compiler's back is kept: every piece of knowledge
 * ends at a join point ({@link #reset}); a register's at a new value of it; the frame's at any store, atomic or call
 * that may reach the frame through a pointer this class does not follow (a store through another register, an atomic,
 * a helper or a bpf-to-bpf call, which may write the caller's frame through its arguments).
 */
final class BlockConstants {
    private final long[] value = new long[11];
    private int knownMask;
    private final long[] frameOffset = new long[11];
    private int frameMask;
    /** A store of a known value: its size, the value, and whether it wrote big-endian memory ({@code -target bpfeb}). */
    private record Stored(int size, long value, boolean bigEndian) {}

    /** Frame bytes written by stores of known values in this block, by offset from r10. */
    private final Map<Long, Stored> frame = new HashMap<>();

    /** Forgets everything: a join point. */
    void reset() {
        knownMask = 0;
        frameMask = 0;
        frame.clear();
    }

    boolean isKnown(int reg) {
        return (knownMask & 1 << reg) != 0;
    }

    long value(int reg) {
        return value[reg];
    }

    /**
     * The value of the {@code size}-byte frame slot {@code reg} points at, where {@code reg} is {@code r10 + c} and a
     * store of a known value wrote exactly those bytes in this block, in memory of the byte order {@code bigEndian};
     * else null. The value is what the store wrote: its low {@code size} bytes, zero-extended.
     */
    Long frameValue(int reg, int size, boolean bigEndian) {
        if ((frameMask & 1 << reg) == 0) return null;
        Stored v = frame.get(frameOffset[reg]);
        if (v == null || v.size() != size || v.bigEndian() != bigEndian) return null;
        return size == 8 ? v.value() : v.value() & ((1L << (8 * size)) - 1);
    }

    /** Updates what is known after the instruction at {@code slot} of {@code b} ran. */
    void after(JitCompiler.Builder b, int slot) {
        if (slot >= b.slots) return;
        long w = b.word(slot);
        int op = opcode(w);
        if (!known(op)) {
            reset();
            return;
        }
        boolean bigEndian = littleEndianForm(op) >= 0;
        if (bigEndian) op = littleEndianForm(op);
        int d = dst(w), s = src(w), cls = op & Opcodes.CLASS_MASK;
        if (op == 0x18) {
            set(d, b.word(slot + 1));
        } else if (op == 0xb7) {
            set(d, imm(w)); // mov64 imm: sign-extended (RFC 9669 §4.1)
        } else if (op == 0xb4) {
            set(d, imm(w) & 0xffff_ffffL);
        } else if (op == 0xbf && off(w) == 0) {
            if (s == 10) {
                frameRegister(d, 0);
            } else if ((frameMask & 1 << s) != 0) {
                frameRegister(d, frameOffset[s]);
            } else if (isKnown(s)) {
                set(d, value[s]);
            } else {
                forget(d);
            }
        } else if (op == 0x07) {
            if ((frameMask & 1 << d) != 0) frameOffset[d] += imm(w);
            else if (isKnown(d)) value[d] += imm(w);
        } else if (cls == Opcodes.ST || cls == Opcodes.STX) {
            store(op, w, d, s, bigEndian);
        } else if (op == io.ebpf4j.vm.JitBridge.Code.CALL_LOCAL || cls == Opcodes.JMP || cls == Opcodes.JMP32) {
            if (op == io.ebpf4j.vm.JitBridge.Code.CALL_LOCAL || (op & 0xf0) == 0x80) {
                // a call: r0-r5 get new values, and the callee may write the frame through a pointer
                for (int r = 0; r <= 5; r++) forget(r);
                frame.clear();
            }
        } else {
            int defs = Liveness.mayDefs(b, slot);
            for (int r = 0; r <= 10; r++) if ((defs & 1 << r) != 0) forget(r);
            if (defs == Liveness.ALL) reset();
        }
    }

    private void store(int op, long w, int d, int s, boolean bigEndian) {
        if ((op & Opcodes.MODE_MASK) != Opcodes.MEM) {
            frame.clear(); // an atomic
            return;
        }
        if (d != 10 && (frameMask & 1 << d) == 0) {
            frame.clear(); // through a pointer this class does not follow: it may reach the frame
            return;
        }
        long at = (d == 10 ? 0 : frameOffset[d]) + off(w);
        int size = Opcodes.sizeBytes(op);
        // the bytes [at, at + size) change: forget every store they overlap
        frame.entrySet().removeIf(e -> e.getKey() < at + size && at < e.getKey() + e.getValue().size());
        boolean st = (op & Opcodes.CLASS_MASK) == Opcodes.ST;
        if (st || isKnown(s)) frame.put(at, new Stored(size, st ? imm(w) : value[s], bigEndian));
    }

    private void set(int reg, long v) {
        value[reg] = v;
        knownMask |= 1 << reg;
        frameMask &= ~(1 << reg);
    }

    private void frameRegister(int reg, long offset) {
        frameOffset[reg] = offset;
        frameMask |= 1 << reg;
        knownMask &= ~(1 << reg);
    }

    private void forget(int reg) {
        knownMask &= ~(1 << reg);
        frameMask &= ~(1 << reg);
    }
}
