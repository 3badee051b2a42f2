package io.ebpf4j.vm;

import io.ebpf4j.Ebpf4jException;
import io.ebpf4j.isa.Insn;

/**
 * A program that cannot be prepared or that fails while running: names the program (when it has
 * a name), the instruction (its slot index, as jump offsets and {@code llvm-objdump} count), its
 * mnemonic and opcode, and why, e.g. {@code program 'xdp_count': insn 7 (ldxdw, opcode 0x79): read
 * of 8 bytes at 0x10002ff8 is outside the memory arena}.
 */
public final class BpfRuntimeException extends Ebpf4jException {
    private static final long serialVersionUID = 1L;
    private final String program;
    private final int slot;
    private final int opcode;

    /** An error located at the instruction {@code insn} starting at {@code slot}. */
    public BpfRuntimeException(int slot, Insn insn, String why) {
        this(null, slot, insn, why, null);
    }

    /** An error located at the instruction {@code insn} starting at {@code slot} of the named program. */
    public BpfRuntimeException(String program, int slot, Insn insn, String why, Throwable cause) {
        super(format(program, slot, insn, why), cause);
        this.program = program;
        this.slot = slot;
        this.opcode = insn.opcode();
    }

    /** An error that concerns no single instruction. */
    public BpfRuntimeException(String why) {
        super(why);
        this.program = null;
        this.slot = -1;
        this.opcode = -1;
    }

    /** An error that concerns no single instruction, with its cause. */
    public BpfRuntimeException(String why, Throwable cause) {
        super(why, cause);
        this.program = null;
        this.slot = -1;
        this.opcode = -1;
    }

    BpfRuntimeException(int slot, Insn insn, String why, Throwable cause) {
        this(null, slot, insn, why, cause);
    }

    private static String format(String program, int slot, Insn insn, String why) {
        String at = String.format("insn %d (%s, opcode 0x%02x): %s", slot, InsnNames.of(insn), insn.opcode(), why);
        return program == null ? at : "program '" + program + "': " + at;
    }

    /** The program's name, or null for an anonymous program. */
    public String program() {
        return program;
    }

    /** Slot index of the failing instruction, or -1 when the error concerns no single instruction. */
    public int slot() {
        return slot;
    }

    /** Opcode byte of the failing instruction, or -1. */
    public int opcode() {
        return opcode;
    }
}
