package io.ebpf4j.object;

/**
 * A relocation of one instruction of a function, classified as libbpf's
 * {@code bpf_program__record_reloc} classifies ELF relocations ({@code RELO_CALL},
 * {@code RELO_SUBPROG_ADDR}, {@code RELO_LD64}, {@code RELO_DATA}, {@code RELO_EXTERN_*}).
 *
 * @param slot   the instruction's slot, relative to the start of its function
 * @param symbol the ELF symbol the relocation names (for section symbols, the section's name, as libbpf reports it)
 * @param target what the instruction refers to
 */
public record Relocation(int slot, String symbol, Target target) {

    /** What a relocated instruction refers to. */
    public sealed interface Target permits Call, FunctionAddress, MapLoad, DataLoad, ExternCall, ExternLoad {}

    /** {@code call} src=1 of another function (R_BPF_64_32); {@code function} is its name. */
    public record Call(String function) implements Target {}

    /** {@code ld_imm64} of a function's address for {@code callx} / callbacks (becomes src=BPF_PSEUDO_FUNC). */
    public record FunctionAddress(String function) implements Target {}

    /** {@code ld_imm64} of a map (R_BPF_64_64 against a {@code .maps} or {@code maps} symbol). */
    public record MapLoad(String map, int mapIndex) implements Target {}

    /**
     * {@code ld_imm64} of an address inside a global data map; {@code offset} is the byte offset in
     * the map's value: the instruction's immediate plus the symbol's value, as libbpf's
     * {@code bpf_object__relocate_data} computes it for {@code RELO_DATA}.
     */
    public record DataLoad(String map, int mapIndex, int offset) implements Target {}

    /** {@code call} of an extern function (a kfunc, or an undefined function). */
    public record ExternCall(String extern) implements Target {}

    /** {@code ld_imm64} of an extern (a kconfig value, a ksym address, an undefined symbol). */
    public record ExternLoad(String extern) implements Target {}
}
