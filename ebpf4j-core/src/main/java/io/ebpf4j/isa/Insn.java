package io.ebpf4j.isa;

import static io.ebpf4j.isa.Opcodes.*;

/**
 * One eBPF instruction exactly as encoded (RFC 9669 §3): the opcode byte, the two 4-bit
 * register fields, the signed 16-bit offset and the 32-bit immediate. A wide instruction
 * ({@code ld_imm64}, opcode 0x18) occupies two 8-byte slots; {@link #imm2()} holds the
 * immediate of its second slot, whose other fields are zero in any valid program.
 * For every other instruction {@code imm2} is 0.
 *
 * <p>Jump offsets are kept as encoded: relative, in slots, from the next slot.
 */
public record Insn(int opcode, int dst, int src, short off, int imm, int imm2) {

    public Insn {
        if ((opcode & ~0xff) != 0) throw new IllegalArgumentException("opcode out of range: " + opcode);
        if ((dst & ~0xf) != 0) throw new IllegalArgumentException("dst out of range: " + dst);
        if ((src & ~0xf) != 0) throw new IllegalArgumentException("src out of range: " + src);
        if (opcode != LD_IMM64 && imm2 != 0) throw new IllegalArgumentException("imm2 set on a narrow instruction");
    }

    public Insn(int opcode, int dst, int src, int off, int imm) {
        this(opcode, dst, src, checkOff(off), imm, 0);
    }

    private static short checkOff(int off) {
        if (off < Short.MIN_VALUE || off > Short.MAX_VALUE) throw new IllegalArgumentException("offset does not fit in 16 bits: " + off);
        return (short) off;
    }

    // ---- construction helpers (used by assemblers and tests) ----

    /** {@code ld_imm64 dst, value} with the given pseudo source kind (0 for a plain constant). */
    public static Insn ldImm64(int dst, int pseudoSrc, long value) {
        return new Insn(LD_IMM64, dst, pseudoSrc, (short) 0, (int) value, (int) (value >>> 32));
    }

    public static Insn alu(int cls, int op, int dst, int srcReg) {
        return new Insn(cls | op | X, dst, srcReg, 0, 0);
    }

    public static Insn aluImm(int cls, int op, int dst, int imm) {
        return new Insn(cls | op | K, dst, 0, 0, imm);
    }

    public static Insn exit() {
        return new Insn(EXIT_OP, 0, 0, 0, 0);
    }

    // ---- field views ----

    public int cls() {
        return opcode & CLASS_MASK;
    }

    /** The operation field (ALU/JMP classes): {@code opcode & 0xf0}. */
    public int op() {
        return opcode & OP_MASK;
    }

    /** The memory mode field (load/store classes): {@code opcode & 0xe0}. */
    public int mode() {
        return opcode & MODE_MASK;
    }

    /** The size field of a load/store: one of W, H, B, DW. */
    public int size() {
        return opcode & SIZE_MASK;
    }

    public int sizeBytes() {
        return Opcodes.sizeBytes(opcode);
    }

    /** True when the source operand is the register {@code src} (BPF_X), false for the immediate (BPF_K). */
    public boolean isRegSource() {
        return (opcode & SOURCE_MASK) == X;
    }

    public boolean isWide() {
        return opcode == LD_IMM64;
    }

    /** Number of 8-byte slots this instruction occupies: 2 for {@code ld_imm64}, else 1. */
    public int slots() {
        return opcode == LD_IMM64 ? 2 : 1;
    }

    /** The 64-bit immediate of {@code ld_imm64}: {@code imm2 << 32 | (imm & 0xffffffff)}. */
    public long imm64() {
        return ((long) imm2 << 32) | (imm & 0xffffffffL);
    }

    public boolean isAlu() {
        int c = cls();
        return c == ALU || c == ALU64;
    }

    public boolean isJmp() {
        int c = cls();
        return c == JMP || c == JMP32;
    }

    public boolean isExit() {
        return opcode == EXIT_OP;
    }

    /** {@code call imm} with src 0: a helper call by id. */
    public boolean isHelperCall() {
        return opcode == CALL_IMM && src == CALL_HELPER;
    }

    /** {@code call imm} with src 1: a bpf-to-bpf call, imm relative in slots. */
    public boolean isPseudoCall() {
        return opcode == CALL_IMM && src == PSEUDO_CALL;
    }

    public boolean isKfuncCall() {
        return opcode == CALL_IMM && src == PSEUDO_KFUNC_CALL;
    }

    public boolean isCallx() {
        return opcode == CALLX;
    }

    /**
     * Whether this instruction transfers control to a relative target held in {@code off} or,
     * for {@code gotol}, {@code imm}: every jump except call and exit, including {@code may_goto}.
     */
    public boolean isBranch() {
        if (!isJmp()) return false;
        int op = op();
        if (op == CALL || op == EXIT) return false;
        return op <= JSLE || (op == JCOND && cls() == JMP);
    }

    /** Unconditional jump: {@code ja} (target in off) or {@code gotol} (target in imm). */
    public boolean isUnconditionalJump() {
        return opcode == JA_OP || opcode == GOTOL;
    }

    /** Relative branch distance in slots: {@code imm} for {@code gotol}, {@code off} otherwise. */
    public int branchOffset() {
        return opcode == GOTOL ? imm : off;
    }
}
