package io.ebpf4j.btf.core;

import io.ebpf4j.btf.BtfExt;
import io.ebpf4j.isa.Insn;
import java.util.List;

/**
 * One CO-RE relocation as applied (or not) to a section's code.
 *
 * @param section      the code section (or program) name
 * @param reloIndex    the record's index in the section's CO-RE list ({@code relo #N} in libbpf's log)
 * @param insn         the instruction's first slot within the code given ({@code insn #N} in libbpf's log)
 * @param relo         the {@code .BTF.ext} record
 * @param kind         its kind; null when the record's kind number is unknown
 * @param localType    the local type as libbpf names it, e.g. {@code struct task_struct}, or null if the id is invalid
 * @param resolution   what the relocation resolved to; null when it failed before resolving
 * @param original     the instruction before patching
 * @param patched      the instruction(s) after: one, or two {@code call 0xbad2310} for a poisoned
 *                     {@code ld_imm64}; empty when the relocation failed
 * @param oldValue     the value the instruction held (imm, off or imm64, sign-extended), as libbpf prints it
 * @param newValue     the value written; 0 when poisoned
 * @param oldMemSize   a load/store whose width changed: the old width in bytes, else 0
 * @param newMemSize   the new width, else 0
 * @param poisoned     the instruction was replaced by {@code call 0xbad2310}
 * @param poisonReason why, when poisoned
 * @param error        why the relocation failed, or null
 */
public record CoreRelocation(
        String section,
        int reloIndex,
        int insn,
        BtfExt.CoreRelo relo,
        CoreReloKind kind,
        String localType,
        CoreResolution resolution,
        Insn original,
        List<Insn> patched,
        long oldValue,
        long newValue,
        int oldMemSize,
        int newMemSize,
        boolean poisoned,
        String poisonReason,
        CoreException error) {

    public CoreRelocation {
        patched = List.copyOf(patched);
    }

    public boolean failed() {
        return error != null;
    }

    /** Applied and not poisoned. */
    public boolean patchedOk() {
        return error == null && !poisoned;
    }

    /** Whether the instruction is the same after patching as before. */
    public boolean unchanged() {
        return error == null && patched.size() == 1 && patched.getFirst().equals(original);
    }

    public String accessString() {
        return relo.accessString();
    }

    public int localTypeId() {
        return relo.typeId();
    }

    /** The matching target type's id, or 0. */
    public int targetTypeId() {
        return resolution == null ? 0 : resolution.targetTypeId();
    }

    /** The matching target type, e.g. {@code struct task_struct}, or null. */
    public String targetType() {
        return resolution == null ? null : resolution.targetType();
    }

    /**
     * One line: section, instruction, kind, local type and access, target, then old → new value,
     * why the instruction was poisoned, or why the relocation failed. For example
     * {@code .text insn 2: byte_off struct task_struct 0:92 (.pid) => [114] struct task_struct: 1264 -> 1264}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(section).append(" insn ").append(insn).append(": ");
        sb.append(kind == null ? "kind " + relo.kind() : kind.libbpfName()).append(' ');
        sb.append(localType == null ? "[" + relo.typeId() + "]" : localType).append(' ').append(relo.accessString());
        if (resolution != null && !resolution.access().isEmpty()) sb.append(" (").append(resolution.access()).append(')');
        sb.append(" => ");
        if (error != null) {
            sb.append("error: ").append(reasonOnly(error));
            return sb.toString();
        }
        if (resolution != null && resolution.found()) {
            sb.append('[').append(resolution.targetTypeId()).append("] ").append(resolution.targetType()).append(": ");
        } else if (kind != CoreReloKind.TYPE_ID_LOCAL) {
            sb.append("not found: ");
        }
        if (poisoned) {
            sb.append("poisoned (").append(poisonReason).append("): insn becomes call 0xbad2310");
            if (patched.size() == 2) sb.append(", both slots of the ld_imm64");
            return sb.toString();
        }
        sb.append(CorePatch.u(oldValue)).append(" -> ").append(CorePatch.u(newValue));
        if (oldMemSize != newMemSize) sb.append(" (access size ").append(oldMemSize).append(" -> ").append(newMemSize).append(" bytes)");
        return sb.toString();
    }

    private static String reasonOnly(CoreException e) {
        String m = e.getMessage();
        int i = m.indexOf("): ");
        return i >= 0 ? m.substring(i + 3) : m;
    }
}
