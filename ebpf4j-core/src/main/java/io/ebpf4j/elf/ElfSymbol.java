package io.ebpf4j.elf;

/**
 * One {@code Elf64_Sym} entry of the symbol table.
 *
 * @param index        the symbol's index in its table (what relocations refer to)
 * @param name         {@code st_name} resolved through the string table named by the symbol
 *                     table's {@code sh_link}; "" for name index 0 (gABI: "no name")
 * @param value        {@code st_value}; in a relocatable object, the offset within section
 *                     {@code shndx} (gABI "Symbol Values"), or the alignment for SHN_COMMON
 * @param size         {@code st_size}
 * @param type         {@code ELF64_ST_TYPE(st_info)}, one of {@code Elf.STT_*}
 * @param bind         {@code ELF64_ST_BIND(st_info)}, one of {@code Elf.STB_*}
 * @param visibility   {@code ELF64_ST_VISIBILITY(st_other)}, one of {@code Elf.STV_*}
 * @param shndx        the section the symbol is defined relative to: {@code st_shndx}, or, when
 *                     that is {@code SHN_XINDEX}, the real index taken from the
 *                     {@code SHT_SYMTAB_SHNDX} section; may be a reserved value such as
 *                     {@code SHN_UNDEF}, {@code SHN_ABS} or {@code SHN_COMMON} unless
 *                     {@code shndxExtended}
 * @param shndxExtended true when {@code shndx} came from {@code SHT_SYMTAB_SHNDX}, so it is a
 *                     real section index even if it is {@code >= SHN_LORESERVE}
 */
public record ElfSymbol(int index, String name, long value, long size, int type, int bind, int visibility,
                        int shndx, boolean shndxExtended) {

    /** {@code st_shndx == SHN_UNDEF}: referenced here, defined elsewhere. */
    public boolean isUndefined() {
        return !shndxExtended && shndx == Elf.SHN_UNDEF;
    }

    /** {@code st_shndx == SHN_ABS}: the value is absolute. */
    public boolean isAbsolute() {
        return !shndxExtended && shndx == Elf.SHN_ABS;
    }

    /** {@code st_shndx == SHN_COMMON}: an unallocated common block. */
    public boolean isCommon() {
        return !shndxExtended && shndx == Elf.SHN_COMMON;
    }

    /** True when {@code shndx} is the index of a real section (not a reserved value). */
    public boolean isDefinedInSection() {
        return shndxExtended || (shndx != Elf.SHN_UNDEF && shndx < Elf.SHN_LORESERVE);
    }
}
