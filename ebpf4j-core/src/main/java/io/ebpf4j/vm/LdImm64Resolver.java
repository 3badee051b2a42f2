package io.ebpf4j.vm;

import io.ebpf4j.isa.Insn;

/**
 * Gives the 64-bit value of a {@code ld_imm64} whose src names something only a loader knows
 * (RFC 9669 §5.4 Table 12: map by fd or index, map value, BTF id): typically the address of a map
 * or a map value in the arena. Without a resolver such programs are rejected at load time.
 */
@FunctionalInterface
public interface LdImm64Resolver {
    /**
     * @param slot the instruction's slot index
     * @param insn the {@code ld_imm64} (src 1, 2, 3, 5 or 6)
     * @return the value the destination register receives
     * @throws BpfRuntimeException if the reference cannot be resolved
     */
    long resolve(int slot, Insn insn);
}
