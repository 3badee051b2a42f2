package io.ebpf4j.btf.core;

import static io.ebpf4j.btf.core.CoreException.Reason.INSN_MISMATCH;
import static io.ebpf4j.btf.core.CoreException.Reason.UNSATISFIABLE;
import static io.ebpf4j.btf.core.CoreException.Reason.UNSUPPORTED_INSN;
import static io.ebpf4j.btf.core.CoreException.Reason.VALUE_OUT_OF_RANGE;

import io.ebpf4j.btf.core.CoreTypes.Fail;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Opcodes;
import java.util.List;
import java.util.function.Consumer;

/**
 * Instruction patching exactly as libbpf's {@code bpf_core_patch_insn} does it, on a slot-indexed
 * array of instructions ({@code slots[i]} is the instruction starting at slot {@code i}, null for
 * the second half of a {@code ld_imm64}).
 */
final class CorePatch {
    private CorePatch() {}

    /** libbpf's poison immediate: {@code 0xbad2310}, "bad relo"; the verifier reports {@code invalid func unknown#195896080}. */
    static final int POISON_IMM = 195896080;

    /** The instruction a poisoned one becomes: {@code call 0xbad2310} (BPF_JMP | BPF_CALL, all other fields 0). */
    static final Insn POISON = new Insn(Opcodes.CALL_IMM, 0, 0, 0, POISON_IMM);

    /** The outcome of patching one instruction. */
    record Patched(long oldValue, long newValue, int oldMemSize, int newMemSize, boolean poisoned, String poisonReason,
                   List<Insn> insns) {}

    /**
     * Patches {@code slots[slot]} with {@code res}.
     *
     * @param notFound why the relocation has no target value, used when {@code res.poison()}
     */
    static Patched patch(Insn[] slots, int slot, CoreResolution res, String prog, int relo, Consumer<String> trace,
                         String notFound) {
        Insn insn = slots[slot];
        String pfx = "prog '" + prog + "': relo #" + relo + ": ";
        if (res.poison()) {
            return poison(slots, slot, currentValue(insn), pfx, trace, notFound);
        }
        long orig = res.localValue(), nv = res.targetValue();
        switch (insn.cls()) {
            case Opcodes.ALU, Opcodes.ALU64 -> {
                if (insn.isRegSource()) {
                    throw new Fail(UNSUPPORTED_INSN, "insn #" + slot + " (ALU/ALU64) has a register source; only an immediate can be relocated");
                }
                long cur = insn.imm();
                if (res.validate() && cur != orig) {
                    String m = "unexpected insn #" + slot + " (ALU/ALU64) value: got " + Integer.toUnsignedString(insn.imm())
                            + ", exp " + u(orig) + " -> " + u(nv);
                    trace.accept(pfx + m);
                    throw new Fail(INSN_MISMATCH, m);
                }
                Insn p = new Insn(insn.opcode(), insn.dst(), insn.src(), insn.off(), (int) nv, 0);
                slots[slot] = p;
                trace.accept(pfx + "patched insn #" + slot + " (ALU/ALU64) imm " + u(cur) + " -> " + u(nv));
                return new Patched(cur, nv, 0, 0, false, null, List.of(p));
            }
            case Opcodes.LDX, Opcodes.ST, Opcodes.STX -> {
                long cur = insn.off();
                if (res.validate() && cur != orig) {
                    String m = "unexpected insn #" + slot + " (LDX/ST/STX) value: got " + Integer.toUnsignedString(insn.off())
                            + ", exp " + u(orig) + " -> " + u(nv);
                    trace.accept(pfx + m);
                    throw new Fail(INSN_MISMATCH, m);
                }
                if (Long.compareUnsigned(nv, Short.MAX_VALUE) > 0) {
                    String m = "insn #" + slot + " (LDX/ST/STX) value too big: " + u(nv);
                    trace.accept(pfx + m);
                    throw new Fail(VALUE_OUT_OF_RANGE, m);
                }
                if (res.failMemSizeAdjust()) {
                    trace.accept(pfx + "insn #" + slot + " (LDX/ST/STX) accesses field incorrectly. "
                            + "Make sure you are accessing pointers, unsigned integers, or fields of matching type and size.");
                    return poison(slots, slot, cur, pfx, trace, "load/store of a field whose size changes from "
                            + res.localSize() + " to " + res.targetSize() + " bytes and that is not a pointer or an unsigned integer");
                }
                Insn p = new Insn(insn.opcode(), insn.dst(), insn.src(), (short) nv, insn.imm(), 0);
                trace.accept(pfx + "patched insn #" + slot + " (LDX/ST/STX) off " + u(cur) + " -> " + u(nv));
                int oldSz = 0, newSz = 0;
                if (res.targetSize() != res.localSize()) {
                    int insnBytes = insn.sizeBytes();
                    if (insnBytes != res.localSize()) {
                        String m = "insn #" + slot + " (LDX/ST/STX) unexpected mem size: got " + insnBytes + ", exp " + res.localSize();
                        trace.accept(pfx + m);
                        throw new Fail(INSN_MISMATCH, m);
                    }
                    int sizeCode = switch (res.targetSize()) {
                        case 8 -> Opcodes.DW;
                        case 4 -> Opcodes.W;
                        case 2 -> Opcodes.H;
                        case 1 -> Opcodes.B;
                        default -> -1;
                    };
                    if (sizeCode < 0) {
                        String m = "insn #" + slot + " (LDX/ST/STX) invalid new mem size: " + res.targetSize();
                        trace.accept(pfx + m);
                        throw new Fail(UNSATISFIABLE, m);
                    }
                    p = new Insn(insn.mode() | sizeCode | insn.cls(), p.dst(), p.src(), p.off(), p.imm(), 0);
                    oldSz = res.localSize();
                    newSz = res.targetSize();
                    trace.accept(pfx + "patched insn #" + slot + " (LDX/ST/STX) mem_sz " + oldSz + " -> " + newSz);
                }
                slots[slot] = p;
                return new Patched(cur, nv, oldSz, newSz, false, null, List.of(p));
            }
            case Opcodes.LD -> {
                if (!insn.isWide() || insn.src() != 0 || insn.off() != 0) {
                    String m = "insn #" + slot + " (LDIMM64) has unexpected form";
                    trace.accept(pfx + m);
                    throw new Fail(UNSUPPORTED_INSN, m);
                }
                long cur = insn.imm64();
                if (res.validate() && cur != orig) {
                    String m = "unexpected insn #" + slot + " (LDIMM64) value: got " + u(cur) + ", exp " + u(orig) + " -> " + u(nv);
                    trace.accept(pfx + m);
                    throw new Fail(INSN_MISMATCH, m);
                }
                Insn p = Insn.ldImm64(insn.dst(), 0, nv);
                slots[slot] = p;
                trace.accept(pfx + "patched insn #" + slot + " (LDIMM64) imm64 " + u(cur) + " -> " + u(nv));
                return new Patched(cur, nv, 0, 0, false, null, List.of(p));
            }
            default -> {
                String m = String.format("trying to relocate unrecognized insn #%d, code:0x%x, src:0x%x, dst:0x%x, off:0x%x, imm:0x%x",
                        slot, insn.opcode(), insn.src(), insn.dst(), insn.off() & 0xffff, insn.imm());
                trace.accept(pfx + m);
                throw new Fail(UNSUPPORTED_INSN, m);
            }
        }
    }

    private static long currentValue(Insn insn) {
        return switch (insn.cls()) {
            case Opcodes.ALU, Opcodes.ALU64 -> insn.imm();
            case Opcodes.LDX, Opcodes.ST, Opcodes.STX -> insn.off();
            case Opcodes.LD -> insn.isWide() ? insn.imm64() : insn.imm();
            default -> insn.imm();
        };
    }

    /**
     * libbpf {@code bpf_core_poison_insn}: the instruction becomes {@code call 0xbad2310}; for a
     * {@code ld_imm64} its second slot is poisoned first, so both slots become such calls (no
     * verifier "unknown opcode 00"). The two slots then decode as two separate instructions.
     */
    private static Patched poison(Insn[] slots, int slot, long oldValue, String pfx, Consumer<String> trace, String reason) {
        if (slots[slot].isWide()) {
            trace.accept(pfx + "substituting insn #" + (slot + 1) + " w/ invalid insn");
            slots[slot + 1] = POISON;
            trace.accept(pfx + "substituting insn #" + slot + " w/ invalid insn");
            slots[slot] = POISON;
            return new Patched(oldValue, 0, 0, 0, true, reason, List.of(POISON, POISON));
        }
        trace.accept(pfx + "substituting insn #" + slot + " w/ invalid insn");
        slots[slot] = POISON;
        return new Patched(oldValue, 0, 0, 0, true, reason, List.of(POISON));
    }

    /** A value as libbpf prints {@code %llu}. */
    static String u(long v) {
        return Long.toUnsignedString(v);
    }
}
