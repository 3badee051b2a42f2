package io.ebpf4j.isa;

import io.ebpf4j.Ebpf4jException;

/** Malformed eBPF code: names the instruction (slot) index and what is wrong with it. */
public final class IsaException extends Ebpf4jException {
    private static final long serialVersionUID = 1L;
    private final int slot;

    public IsaException(int slot, String why) {
        super(slot >= 0 ? "insn " + slot + ": " + why : why);
        this.slot = slot;
    }

    /** The 8-byte slot index of the offending instruction, or -1 when it concerns the whole program. */
    public int slot() {
        return slot;
    }
}
