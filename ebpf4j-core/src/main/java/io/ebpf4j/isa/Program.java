package io.ebpf4j.isa;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable sequence of instructions with the slot layout the encoding gives them
 * ({@code ld_imm64} takes two 8-byte slots). Instruction positions are addressed either by
 * index into {@link #insns()} or by slot number, which is what jump offsets, {@code llvm-objdump}
 * and the kernel's verifier log count in.
 */
public final class Program {
    public static final int SLOT_SIZE = 8;

    private final List<Insn> insns;
    private final int[] slotOfIndex;   // index -> first slot
    private final int[] indexOfSlot;   // slot -> index, or -1 for the second slot of ld_imm64
    private final int slotCount;

    public Program(List<Insn> insns) {
        this.insns = List.copyOf(insns);
        this.slotOfIndex = new int[this.insns.size()];
        int slots = 0;
        for (int i = 0; i < this.insns.size(); i++) {
            slotOfIndex[i] = slots;
            slots += this.insns.get(i).slots();
        }
        this.slotCount = slots;
        this.indexOfSlot = new int[slots];
        Arrays.fill(indexOfSlot, -1);
        for (int i = 0; i < slotOfIndex.length; i++) indexOfSlot[slotOfIndex[i]] = i;
    }

    public static Program of(Insn... insns) {
        return new Program(List.of(insns));
    }

    public List<Insn> insns() {
        return insns;
    }

    public int size() {
        return insns.size();
    }

    public Insn insn(int index) {
        return insns.get(index);
    }

    public int slotCount() {
        return slotCount;
    }

    /** First slot of the instruction at {@code index}. */
    public int slotOf(int index) {
        return slotOfIndex[index];
    }

    /** Index of the instruction starting at {@code slot}, or -1 if the slot is the second half of a {@code ld_imm64} or out of range. */
    public int indexAtSlot(int slot) {
        return slot >= 0 && slot < slotCount ? indexOfSlot[slot] : -1;
    }

    /** The instruction starting at {@code slot}; throws if none starts there. */
    public Insn insnAtSlot(int slot) {
        int i = indexAtSlot(slot);
        if (i < 0) throw new IsaException(slot, "no instruction starts at this slot");
        return insns.get(i);
    }

    // ---------------------------------------------------------------- decode / encode

    /** Decodes a whole buffer of 8-byte slots in the given byte order. See {@link #decode(byte[], int, int, ByteOrder)}. */
    public static Program decode(byte[] code, ByteOrder order) {
        return decode(code, 0, code.length, order);
    }

    /**
     * Decodes {@code length} bytes of code starting at {@code offset}. The only errors at this
     * stage are structural: a length that is not a multiple of 8, a {@code ld_imm64} without its
     * second slot, or a second slot that is not a continuation (opcode, registers and offset all
     * zero, RFC 9669 §3.2). Opcode legality is {@link #validate()}'s job.
     */
    public static Program decode(byte[] code, int offset, int length, ByteOrder order) {
        if (length % SLOT_SIZE != 0) {
            throw new IsaException(length / SLOT_SIZE,
                    "truncated instruction: code is " + length + " bytes, not a multiple of 8");
        }
        int n = length / SLOT_SIZE;
        List<Insn> out = new ArrayList<>(n);
        boolean le = order == ByteOrder.LITTLE_ENDIAN;
        for (int slot = 0; slot < n; slot++) {
            int p = offset + slot * SLOT_SIZE;
            int opcode = code[p] & 0xff;
            int regs = code[p + 1] & 0xff;
            // RFC 9669 §3.1: little-endian hosts put dst in the low nibble; big-endian in the high nibble
            int dst = le ? regs & 0xf : regs >>> 4;
            int src = le ? regs >>> 4 : regs & 0xf;
            short off = (short) read16(code, p + 2, le);
            int imm = read32(code, p + 4, le);
            if (opcode == Opcodes.LD_IMM64) {
                if (slot + 1 >= n) {
                    throw new IsaException(slot, "truncated ld_imm64: the program ends before its second slot");
                }
                int q = p + SLOT_SIZE;
                if (code[q] != 0 || code[q + 1] != 0 || code[q + 2] != 0 || code[q + 3] != 0) {
                    throw new IsaException(slot + 1, String.format(
                            "split ld_imm64: the second slot of the ld_imm64 at insn %d must have opcode, registers and offset 0, found opcode 0x%02x",
                            slot, code[q] & 0xff));
                }
                out.add(new Insn(opcode, dst, src, off, imm, read32(code, q + 4, le)));
                slot++;
            } else {
                out.add(new Insn(opcode, dst, src, off, imm, 0));
            }
        }
        return new Program(out);
    }

    /** Encodes every instruction into 8-byte slots in the given byte order; the inverse of {@link #decode}. */
    public byte[] encode(ByteOrder order) {
        byte[] out = new byte[slotCount * SLOT_SIZE];
        boolean le = order == ByteOrder.LITTLE_ENDIAN;
        int p = 0;
        for (Insn in : insns) {
            out[p] = (byte) in.opcode();
            out[p + 1] = (byte) (le ? (in.src() << 4 | in.dst()) : (in.dst() << 4 | in.src()));
            write16(out, p + 2, in.off(), le);
            write32(out, p + 4, in.imm(), le);
            p += SLOT_SIZE;
            if (in.isWide()) {
                write32(out, p + 4, in.imm2(), le);
                p += SLOT_SIZE;
            }
        }
        return out;
    }

    private static int read16(byte[] b, int p, boolean le) {
        return le ? (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 : (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }

    private static int read32(byte[] b, int p, boolean le) {
        return le
                ? (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24
                : (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
    }

    private static void write16(byte[] b, int p, int v, boolean le) {
        if (le) {
            b[p] = (byte) v;
            b[p + 1] = (byte) (v >>> 8);
        } else {
            b[p] = (byte) (v >>> 8);
            b[p + 1] = (byte) v;
        }
    }

    private static void write32(byte[] b, int p, int v, boolean le) {
        if (le) {
            b[p] = (byte) v;
            b[p + 1] = (byte) (v >>> 8);
            b[p + 2] = (byte) (v >>> 16);
            b[p + 3] = (byte) (v >>> 24);
        } else {
            b[p] = (byte) (v >>> 24);
            b[p + 1] = (byte) (v >>> 16);
            b[p + 2] = (byte) (v >>> 8);
            b[p + 3] = (byte) v;
        }
    }

    // ---------------------------------------------------------------- validation

    /**
     * Checks every instruction against the encoding rules ({@link InsnValidator}) and every
     * relative target (jumps, {@code call} src=1, {@code ld_imm64} src=4) against the program's
     * bounds and slot layout. Returns this program for chaining.
     *
     * @throws IsaException naming the first bad instruction's slot and why
     */
    public Program validate() {
        for (int i = 0; i < insns.size(); i++) {
            Insn in = insns.get(i);
            int slot = slotOfIndex[i];
            InsnValidator.check(in, slot);
            if (in.isBranch()) {
                checkTarget(slot, slot + 1 + in.branchOffset(), "jump");
            } else if (in.isPseudoCall()) {
                checkTarget(slot, slot + 1 + in.imm(), "call");
            } else if (in.isWide() && in.src() == Opcodes.PSEUDO_FUNC) {
                checkTarget(slot, slot + 1 + in.imm(), "function pointer");
            }
        }
        return this;
    }

    private void checkTarget(int slot, long target, String what) {
        if (target < 0 || target >= slotCount) {
            throw new IsaException(slot, what + " out of the program: target insn " + target
                    + " is outside 0.." + (slotCount - 1));
        }
        if (indexOfSlot[(int) target] < 0) {
            throw new IsaException(slot, what + " into the middle of the ld_imm64 at insn " + (target - 1));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Program p && p.insns.equals(insns);
    }

    @Override
    public int hashCode() {
        return insns.hashCode();
    }

    @Override
    public String toString() {
        return "Program[" + insns.size() + " insns, " + slotCount + " slots]";
    }
}
