package io.ebpf4j.elf;

/**
 * One {@code Elf64_Rel} or {@code Elf64_Rela} entry.
 *
 * @param offset      {@code r_offset}; in a relocatable object, the byte offset within the section
 *                    the relocation applies to (gABI "Relocation")
 * @param symbolIndex {@code ELF64_R_SYM(r_info) = r_info >>> 32}, an index into the relocation
 *                    section's symbol table; 0 ({@code STN_UNDEF}) means no symbol
 * @param type        {@code ELF64_R_TYPE(r_info) = r_info & 0xffffffff}, processor-specific
 *                    (unsigned; compare with {@link Integer#compareUnsigned})
 * @param addend      {@code r_addend} for {@code SHT_RELA}; 0 for {@code SHT_REL}
 */
public record ElfRelocation(long offset, int symbolIndex, int type, long addend) {}
