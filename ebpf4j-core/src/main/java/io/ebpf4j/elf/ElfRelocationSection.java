package io.ebpf4j.elf;

import java.util.List;
import java.util.Objects;

/**
 * An {@code SHT_REL} or {@code SHT_RELA} section with its entries decoded.
 *
 * @param section     the relocation section itself
 * @param target      the section the relocations apply to ({@code sh_info}); section 0
 *                    ({@code SHT_NULL}) when {@code sh_info} is 0
 * @param symbolTable the symbol table the entries' symbol indexes refer to ({@code sh_link});
 *                    {@code SHT_SYMTAB} (then {@link ElfFile#symbols()} holds its symbols) or
 *                    {@code SHT_DYNSYM}
 * @param relocations the entries, in file order; every symbol index is valid in
 *                    {@code symbolTable}
 */
public record ElfRelocationSection(ElfSection section, ElfSection target, ElfSection symbolTable,
                                   List<ElfRelocation> relocations) {

    public ElfRelocationSection {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(symbolTable, "symbolTable");
        relocations = List.copyOf(relocations);
    }

    /** True for {@code SHT_RELA} (explicit addends), false for {@code SHT_REL}. */
    public boolean isRela() {
        return section.type() == Elf.SHT_RELA;
    }
}
