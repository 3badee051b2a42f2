package io.ebpf4j.elf;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed ELF64 object file: header, section table, the {@code SHT_SYMTAB} symbols and every
 * relocation section, in either byte order. Built for relocatable objects ({@code ET_REL}) as
 * {@code clang -target bpf} produces them; program headers are not read.
 *
 * <p>The whole file is validated when it is parsed: every section with bytes lies inside the
 * file, every string resolves, every {@code sh_link}/{@code sh_info} that names a section names an
 * existing one of the right type, every symbol's section exists and every relocation names an
 * existing symbol. Any violation is an {@link ElfException}. Immutable.
 */
public final class ElfFile {
    /** Java arrays cannot be larger than this (a little below {@code Integer.MAX_VALUE}). */
    static final long MAX_FILE_SIZE = Integer.MAX_VALUE - 8;

    private final String name;
    private final ByteOrder byteOrder;
    private final int type;
    private final int machine;
    private final int flags;
    private final List<ElfSection> sections;
    private final List<ElfSymbol> symbols;
    private final List<ElfRelocationSection> relocations;
    private final Map<String, ElfSection> byName;

    ElfFile(String name, ByteOrder byteOrder, int type, int machine, int flags, List<ElfSection> sections,
            List<ElfSymbol> symbols, List<ElfRelocationSection> relocations) {
        this.name = name;
        this.byteOrder = byteOrder;
        this.type = type;
        this.machine = machine;
        this.flags = flags;
        this.sections = List.copyOf(sections);
        this.symbols = List.copyOf(symbols);
        this.relocations = List.copyOf(relocations);
        Map<String, ElfSection> names = new HashMap<>();
        for (ElfSection s : this.sections) {
            names.putIfAbsent(s.name(), s);
        }
        this.byName = names;
    }

    /**
     * Reads and parses the file at {@code path}; errors name the file as {@code path} was given.
     *
     * @throws ElfException if the file cannot be read or is not a well-formed ELF64 object
     */
    public static ElfFile read(Path path) {
        String fileName = path.toString();
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_SIZE) {
                throw new ElfException(fileName + ": file is too large (" + size + " bytes)");
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ElfException(fileName + ": cannot read the file: " + e, e);
        }
        return ElfReader.parse(bytes, fileName);
    }

    /**
     * Parses an ELF64 object held in memory. The bytes are copied, so later changes to the array do
     * not affect the result.
     *
     * @param bytes the whole file
     * @param name  what to call the file in error messages; may be null
     * @throws ElfException if the bytes are not a well-formed ELF64 object
     */
    public static ElfFile parse(byte[] bytes, String name) {
        return ElfReader.parse(bytes.clone(), name);
    }

    /** The name given to {@link #parse} or the path given to {@link #read}; may be null. */
    public String name() {
        return name;
    }

    /** {@code EI_DATA}: {@code LITTLE_ENDIAN} for ELFDATA2LSB, {@code BIG_ENDIAN} for ELFDATA2MSB. */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /** {@code e_type}, one of {@code Elf.ET_*}. */
    public int type() {
        return type;
    }

    /** {@code e_machine}; {@link Elf#EM_BPF} for BPF objects. */
    public int machine() {
        return machine;
    }

    /** {@code e_flags} (processor-specific). */
    public int flags() {
        return flags;
    }

    /** All sections; the list index is the section index (entry 0 is the SHT_NULL section). */
    public List<ElfSection> sections() {
        return sections;
    }

    /** The first section (lowest index) with this name. */
    public Optional<ElfSection> section(String sectionName) {
        return Optional.ofNullable(byName.get(sectionName));
    }

    /** The symbols of the {@code SHT_SYMTAB} section, by index (entry 0 is the null symbol); empty if none. */
    public List<ElfSymbol> symbols() {
        return symbols;
    }

    /** Every {@code SHT_REL} and {@code SHT_RELA} section, in section order. */
    public List<ElfRelocationSection> relocations() {
        return relocations;
    }

    /** The relocation sections that apply to {@code target} ({@code sh_info == target.index()}). */
    public List<ElfRelocationSection> relocationsFor(ElfSection target) {
        List<ElfRelocationSection> out = new ArrayList<>();
        for (ElfRelocationSection r : relocations) {
            if (r.target().index() == target.index()) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "ElfFile[" + name + ", " + byteOrder + ", " + sections.size() + " sections, " + symbols.size()
                + " symbols]";
    }
}
