package io.ebpf4j.btf.core;

import io.ebpf4j.Ebpf4jException;

/**
 * A CO-RE relocation that cannot be applied. The message names the relocation: section, record
 * number in that section's {@code .BTF.ext} list, instruction (slot), kind, local type and access
 * string, then why.
 */
public final class CoreException extends Ebpf4jException {
    private static final long serialVersionUID = 1L;

    /** Why a relocation failed. */
    public enum Reason {
        /** The access string does not parse or does not fit the local type (libbpf {@code bpf_core_parse_spec}). */
        BAD_ACCESS_STRING,
        /** Candidates in the target give different results (libbpf "field offset ambiguity" / "relocation decision ambiguity"). */
        AMBIGUOUS,
        /** The instruction does not hold the value the local BTF predicts ("unexpected insn ... value"). */
        INSN_MISMATCH,
        /** The instruction is not one CO-RE can patch (not ALU-imm, LDX/ST/STX or ld_imm64), or has an unexpected form. */
        UNSUPPORTED_INSN,
        /** The new value does not fit the instruction (an LDX/ST/STX offset above 32767). */
        VALUE_OUT_OF_RANGE,
        /** The record itself is bad: unknown kind, type id out of range, anonymous type, offset not on an instruction. */
        BAD_RELOCATION,
        /** A field cannot be relocated as asked (bitfield wider than 64 bits, array-element kind not applicable, size unknown). */
        UNSATISFIABLE,
        /** No target BTF to relocate against. */
        NO_TARGET
    }

    private final Reason reason;
    private final String section;
    private final int reloIndex;
    private final int insn;

    public CoreException(Reason reason, String section, int reloIndex, int insn, String relocation, String why) {
        super(format(section, reloIndex, insn, relocation, why));
        this.reason = reason;
        this.section = section;
        this.reloIndex = reloIndex;
        this.insn = insn;
    }

    private static String format(String section, int reloIndex, int insn, String relocation, String why) {
        StringBuilder sb = new StringBuilder();
        sb.append("CO-RE relocation");
        if (section != null) sb.append(" in section '").append(section).append('\'');
        if (reloIndex >= 0) sb.append(" #").append(reloIndex);
        if (insn >= 0) sb.append(" at insn ").append(insn);
        if (relocation != null && !relocation.isEmpty()) sb.append(" (").append(relocation).append(')');
        sb.append(": ").append(why);
        return sb.toString();
    }

    public Reason reason() {
        return reason;
    }

    /** The code section of the relocation, or null. */
    public String section() {
        return section;
    }

    /** Index of the record in its section's CO-RE list, or -1. */
    public int reloIndex() {
        return reloIndex;
    }

    /** Instruction (8-byte slot) the relocation applies to, or -1. */
    public int insn() {
        return insn;
    }
}
