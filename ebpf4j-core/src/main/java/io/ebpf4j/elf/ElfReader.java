package io.ebpf4j.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes and validates an ELF64 file held in memory. Rule references are to the System V gABI,
 * chapter 4 "Object Files" (ELF Header, Sections, String Table, Symbol Table, Relocation) and
 * {@code elf(5)}.
 *
 * <p>Defensive rule: every offset and size read from the file is checked against the file length
 * before it is used to index or to size an array, so every count is bounded by the file length
 * and nothing here can run out of memory, index out of bounds or loop without bound.
 */
final class ElfReader {
    private final byte[] b;
    private final int len;
    private final String file;
    private ByteOrder order;
    private ByteBuffer buf;

    /** A raw section header; the 32-bit words are kept as unsigned values in longs. */
    private record Shdr(long name, int type, long flags, long addr, long offset, long size, long link, long info,
                        long addralign, long entsize) {}

    private Shdr[] shdrs = new Shdr[0];
    /** Resolved section names; null until resolved (error messages then omit the name). */
    private String[] names;
    private ElfSection[] sections;

    private ElfReader(byte[] bytes, String file) {
        this.b = bytes;
        this.len = bytes.length;
        this.file = file;
    }

    static ElfFile parse(byte[] bytes, String file) {
        return new ElfReader(bytes, file).parse();
    }

    private ElfFile parse() {
        readIdent();
        int type = u16(16);
        int machine = u16(18);
        int flags = (int) u32(48);
        int shstrndx = readSectionHeaderTable();
        resolveNames(shstrndx);
        buildSections();
        checkLinks();
        List<ElfSymbol> symbols = readSymbols();
        List<ElfRelocationSection> relocations = readRelocations(type);
        return new ElfFile(file, order, type, machine, flags, List.of(sections), symbols, relocations);
    }

    // ---------------------------------------------------------------- ELF header

    private void readIdent() {
        // gABI "ELF Identification": e_ident[EI_MAG0..EI_MAG3] = 0x7f 'E' 'L' 'F'.
        if (len < 4 || b[Elf.EI_MAG0] != Elf.ELFMAG0 || b[Elf.EI_MAG1] != Elf.ELFMAG1
                || b[Elf.EI_MAG2] != Elf.ELFMAG2 || b[Elf.EI_MAG3] != Elf.ELFMAG3) {
            StringBuilder magic = new StringBuilder();
            for (int i = 0; i < Math.min(4, len); i++) {
                magic.append(String.format("%02x", b[i] & 0xff));
            }
            throw error("not an ELF file: magic is " + (len == 0 ? "empty" : "0x" + magic)
                    + ", expected 0x7f454c46 (\\x7fELF)");
        }
        if (len < Elf.EI_NIDENT) {
            throw error("truncated e_ident: the file has " + len + " bytes, e_ident needs " + Elf.EI_NIDENT);
        }
        int elfClass = b[Elf.EI_CLASS] & 0xff;
        if (elfClass == Elf.ELFCLASS32) {
            throw error("ELFCLASS32 objects are not supported, only ELFCLASS64");
        }
        if (elfClass != Elf.ELFCLASS64) {
            throw error("invalid EI_CLASS " + elfClass + " (expected 2, ELFCLASS64)");
        }
        int data = b[Elf.EI_DATA] & 0xff;
        order = switch (data) {
            case Elf.ELFDATA2LSB -> ByteOrder.LITTLE_ENDIAN;
            case Elf.ELFDATA2MSB -> ByteOrder.BIG_ENDIAN;
            default -> throw error("invalid EI_DATA " + data + " (expected 1, ELFDATA2LSB, or 2, ELFDATA2MSB)");
        };
        buf = ByteBuffer.wrap(b).order(order);
        // gABI: e_ident[EI_VERSION] must be EV_CURRENT.
        int version = b[Elf.EI_VERSION] & 0xff;
        if (version != Elf.EV_CURRENT) {
            throw error("invalid EI_VERSION " + version + " (expected 1, EV_CURRENT)");
        }
        if (len < Elf.EHDR_SIZE) {
            throw error("truncated ELF header: the file has " + len + " bytes, an Elf64_Ehdr needs " + Elf.EHDR_SIZE);
        }
    }

    /** Reads the section header table; returns the real index of the section name string table. */
    private int readSectionHeaderTable() {
        long shoff = u64(40);
        int shentsize = u16(58);
        int shnum = u16(60);
        int shstrndx = u16(62);
        if (shoff == 0) {
            // gABI: "If the file has no section header table, this member [e_shoff] holds zero."
            if (shnum != 0) {
                throw error("e_shoff is 0 (no section header table) but e_shnum is " + shnum);
            }
            if (shstrndx != Elf.SHN_UNDEF) {
                throw error("e_shoff is 0 (no section header table) but e_shstrndx is " + shstrndx);
            }
            names = new String[0];
            return 0;
        }
        // gABI: e_shentsize is the size of one entry; ELF-64 section headers are 64 bytes.
        if (shentsize < Elf.SHDR_SIZE) {
            throw error("e_shentsize " + shentsize + " is smaller than an Elf64_Shdr (" + Elf.SHDR_SIZE + " bytes)");
        }
        if (!fits(shoff, Elf.SHDR_SIZE)) {
            throw error("e_shoff " + hex(shoff) + ": the section header table starts past the end of the file ("
                    + hex(len) + " bytes)");
        }
        long count = shnum;
        if (shnum == 0) {
            // gABI "Sections": if the number of sections is >= SHN_LORESERVE, e_shnum is zero and
            // the actual number is in sh_size of the section header at index 0.
            count = u64(shoff + 32);
        }
        long room = (len - shoff) / shentsize;
        if (Long.compareUnsigned(count, room) > 0) {
            throw error("section header table at e_shoff " + hex(shoff) + " with "
                    + Long.toUnsignedString(count) + " entries of " + shentsize
                    + " bytes runs past the end of the file (" + hex(len) + " bytes)"
                    + (shnum == 0 ? " (count from section 0's sh_size, as e_shnum is 0)" : ""));
        }
        int n = (int) count;
        long strndx = shstrndx;
        if (shstrndx == Elf.SHN_XINDEX) {
            // gABI: if the index is >= SHN_LORESERVE, e_shstrndx holds SHN_XINDEX and the real
            // index is in sh_link of the section header at index 0.
            if (n == 0) {
                throw error("e_shstrndx is SHN_XINDEX but there is no section 0 to hold the real index");
            }
            strndx = u32(shoff + 40);
        } else if (shstrndx >= Elf.SHN_LORESERVE) {
            throw error("e_shstrndx " + hex(shstrndx) + " is a reserved section index");
        }
        if (strndx != Elf.SHN_UNDEF && strndx >= n) {
            throw error("e_shstrndx " + strndx + " is not a section (the file has " + n + " sections)");
        }
        shdrs = new Shdr[n];
        for (int i = 0; i < n; i++) {
            long base = shoff + (long) i * shentsize;
            shdrs[i] = new Shdr(u32(base), (int) u32(base + 4), u64(base + 8), u64(base + 16), u64(base + 24),
                    u64(base + 32), u32(base + 40), u32(base + 44), u64(base + 48), u64(base + 56));
        }
        // gABI "Sections", Figure "Section Header Table Entry: Index 0": sh_type is SHT_NULL.
        if (n > 0 && shdrs[0].type() != Elf.SHT_NULL) {
            throw error("section 0: sh_type is " + Elf.sectionTypeName(shdrs[0].type())
                    + ", but section header 0 must be SHT_NULL");
        }
        return (int) strndx;
    }

    // ---------------------------------------------------------------- sections

    private void resolveNames(int shstrndx) {
        int n = shdrs.length;
        String[] resolved = new String[n];
        if (shstrndx == Elf.SHN_UNDEF) {
            // gABI: "If the file has no section name string table, this member holds the value SHN_UNDEF."
            Arrays.fill(resolved, "");
            names = resolved;
            return;
        }
        Shdr strtab = shdrs[shstrndx];
        if (strtab.type() != Elf.SHT_STRTAB) {
            throw error("section " + shstrndx + " (e_shstrndx, the section name string table) has type "
                    + Elf.sectionTypeName(strtab.type()) + ", not SHT_STRTAB");
        }
        if (!fits(strtab.offset(), strtab.size())) {
            throw error("section " + shstrndx + " (e_shstrndx, the section name string table): "
                    + pastEnd(strtab.offset(), strtab.size()));
        }
        names = new String[n]; // empty until all resolved: messages below name sections by index
        for (int i = 0; i < n; i++) {
            resolved[i] = string(strtab, shstrndx, shdrs[i].name(), "section " + i, "sh_name");
        }
        names = resolved;
    }

    private void buildSections() {
        int n = shdrs.length;
        sections = new ElfSection[n];
        for (int i = 0; i < n; i++) {
            Shdr h = shdrs[i];
            // gABI: SHT_NOBITS occupies no space in the file; SHT_NULL has undefined other members.
            boolean hasData = h.type() != Elf.SHT_NULL && h.type() != Elf.SHT_NOBITS;
            if (hasData && !fits(h.offset(), h.size())) {
                throw sectionError(i, pastEnd(h.offset(), h.size()));
            }
            sections[i] = new ElfSection(i, names[i], h.type(), h.flags(), h.addr(), h.offset(), h.size(),
                    (int) h.link(), (int) h.info(), h.addralign(), h.entsize(), b, order);
        }
    }

    /** Checks every sh_link/sh_info that the gABI defines as a section index, and table geometry. */
    private void checkLinks() {
        int symtab = -1;
        for (int i = 0; i < shdrs.length; i++) {
            Shdr h = shdrs[i];
            // gABI "Section Attribute Flags": SHF_INFO_LINK means sh_info holds a section index;
            // SHF_LINK_ORDER means sh_link does.
            if ((h.flags() & Elf.SHF_INFO_LINK) != 0) {
                requireSection(i, "sh_info", h.info());
            }
            if ((h.flags() & Elf.SHF_LINK_ORDER) != 0) {
                requireSection(i, "sh_link", h.link());
            }
            switch (h.type()) {
                case Elf.SHT_SYMTAB, Elf.SHT_DYNSYM -> {
                    // gABI "sh_link and sh_info Interpretation": sh_link is the associated string table.
                    requireSectionOfType(i, "sh_link", h.link(), Elf.SHT_STRTAB);
                    requireTable(i, "Elf64_Sym", Elf.SYM_SIZE);
                    if (h.type() == Elf.SHT_SYMTAB) {
                        // gABI: "Currently, an object file may have only one section of each type".
                        if (symtab >= 0) {
                            throw sectionError(i, "a second SHT_SYMTAB section (the first is section " + symtab
                                    + "); an object file may have only one");
                        }
                        symtab = i;
                    }
                }
                case Elf.SHT_REL, Elf.SHT_RELA -> {
                    // gABI: sh_link is the symbol table; sh_info the section the relocations apply to.
                    requireSymbolTable(i, "sh_link", h.link());
                    requireSection(i, "sh_info", h.info());
                    if (h.type() == Elf.SHT_REL) {
                        requireTable(i, "Elf64_Rel", Elf.REL_SIZE);
                    } else {
                        requireTable(i, "Elf64_Rela", Elf.RELA_SIZE);
                    }
                }
                case Elf.SHT_SYMTAB_SHNDX -> {
                    // gABI: sh_link is the symbol table the section's Elf32_Word entries belong to.
                    requireSymbolTable(i, "sh_link", h.link());
                    requireTable(i, "Elf32_Word", Elf.SHNDX_ENTRY_SIZE);
                }
                default -> { }
            }
        }
    }

    private void requireSection(int i, String field, long value) {
        if (value >= shdrs.length) {
            throw sectionError(i, field + " " + value + " is not a section (the file has " + shdrs.length
                    + " sections)");
        }
    }

    private void requireSectionOfType(int i, String field, long value, int type) {
        requireSection(i, field, value);
        int t = shdrs[(int) value].type();
        if (t != type) {
            throw sectionError(i, field + " " + value + " refers to " + location((int) value) + " of type "
                    + Elf.sectionTypeName(t) + ", expected " + Elf.sectionTypeName(type));
        }
    }

    private void requireSymbolTable(int i, String field, long value) {
        requireSection(i, field, value);
        int t = shdrs[(int) value].type();
        if (t != Elf.SHT_SYMTAB && t != Elf.SHT_DYNSYM) {
            throw sectionError(i, field + " " + value + " refers to " + location((int) value) + " of type "
                    + Elf.sectionTypeName(t) + ", expected a symbol table (SHT_SYMTAB or SHT_DYNSYM)");
        }
    }

    /** gABI: sh_entsize is the size of each entry of a section holding a table of fixed-size entries. */
    private void requireTable(int i, String entry, int entrySize) {
        Shdr h = shdrs[i];
        if (h.entsize() != entrySize) {
            throw sectionError(i, "sh_entsize " + hex(h.entsize()) + " is wrong for " + Elf.sectionTypeName(h.type())
                    + ": an " + entry + " is " + entrySize + " bytes");
        }
        if (h.size() % entrySize != 0) {
            throw sectionError(i, "sh_size " + hex(h.size()) + " is not a multiple of the entry size (" + entrySize
                    + " bytes)");
        }
    }

    // ---------------------------------------------------------------- symbols

    private List<ElfSymbol> readSymbols() {
        for (ElfSection s : sections) {
            if (s.type() == Elf.SHT_SYMTAB) {
                return decodeSymbols(s);
            }
        }
        return List.of();
    }

    private List<ElfSymbol> decodeSymbols(ElfSection symtab) {
        int si = symtab.index();
        int count = (int) (symtab.size() / Elf.SYM_SIZE); // bounded by the file length (checked)
        Shdr strtab = shdrs[symtab.link()];
        ElfSection shndxTable = findShndxTable(symtab, count);
        List<ElfSymbol> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long base = symtab.offset() + (long) i * Elf.SYM_SIZE;
            // Elf64_Sym: st_name Word, st_info uchar, st_other uchar, st_shndx Half, st_value Addr, st_size Xword
            long stName = u32(base);
            int stInfo = u8(base + 4);
            int stOther = u8(base + 5);
            int stShndx = u16(base + 6);
            long value = u64(base + 8);
            long size = u64(base + 16);
            // gABI "Symbol Table": st_name indexes the string table named by the symbol table's sh_link.
            String name = string(strtab, symtab.link(), stName, location(si) + ": symbol " + i, "st_name");
            String where = location(si) + ": symbol " + i + (name.isEmpty() ? "" : " '" + name + "'");
            int shndx = stShndx;
            boolean extended = false;
            if (stShndx == Elf.SHN_XINDEX) {
                // gABI: st_shndx == SHN_XINDEX means the real index is in the SHT_SYMTAB_SHNDX section.
                if (shndxTable == null) {
                    throw error(where + ": st_shndx is SHN_XINDEX but no SHT_SYMTAB_SHNDX section refers to "
                            + location(si));
                }
                long real = u32(shndxTable.offset() + (long) i * Elf.SHNDX_ENTRY_SIZE);
                if (real >= sections.length) {
                    throw error(where + ": extended section index " + real + " (from " + location(shndxTable.index())
                            + ") is not a section (the file has " + sections.length + " sections)");
                }
                shndx = (int) real;
                extended = true;
            } else if (stShndx != Elf.SHN_UNDEF && stShndx < Elf.SHN_LORESERVE && stShndx >= sections.length) {
                throw error(where + ": st_shndx " + stShndx + " is not a section (the file has " + sections.length
                        + " sections)");
            }
            out.add(new ElfSymbol(i, name, value, size, stInfo & 0xf, stInfo >>> 4, stOther & 0x3, shndx, extended));
        }
        return out;
    }

    private ElfSection findShndxTable(ElfSection symtab, int symbolCount) {
        ElfSection found = null;
        for (ElfSection s : sections) {
            if (s.type() == Elf.SHT_SYMTAB_SHNDX && s.link() == symtab.index()) {
                if (found != null) {
                    throw sectionError(s.index(), "a second SHT_SYMTAB_SHNDX section for " + location(symtab.index())
                            + " (the first is section " + found.index() + ")");
                }
                // gABI: its entries correspond one to one with the symbol table's entries.
                if (s.size() != (long) symbolCount * Elf.SHNDX_ENTRY_SIZE) {
                    throw sectionError(s.index(), "sh_size " + hex(s.size()) + " does not match "
                            + location(symtab.index()) + ", whose " + symbolCount + " symbols need "
                            + hex((long) symbolCount * Elf.SHNDX_ENTRY_SIZE) + " bytes");
                }
                found = s;
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- relocations

    private List<ElfRelocationSection> readRelocations(int elfType) {
        List<ElfRelocationSection> out = new ArrayList<>();
        for (ElfSection s : sections) {
            if (s.type() != Elf.SHT_REL && s.type() != Elf.SHT_RELA) {
                continue;
            }
            boolean rela = s.type() == Elf.SHT_RELA;
            int entrySize = rela ? Elf.RELA_SIZE : Elf.REL_SIZE;
            ElfSection symtab = sections[s.link()];
            ElfSection target = sections[s.info()];
            long symbolCount = symtab.size() / Elf.SYM_SIZE;
            int count = (int) (s.size() / entrySize); // bounded by the file length (checked)
            List<ElfRelocation> relocs = new ArrayList<>(count);
            for (int j = 0; j < count; j++) {
                long base = s.offset() + (long) j * entrySize;
                long offset = u64(base);
                long info = u64(base + 8);
                long addend = rela ? u64(base + 16) : 0;
                // ELF-64: ELF64_R_SYM(i) = i >> 32, ELF64_R_TYPE(i) = i & 0xffffffff.
                long sym = info >>> 32;
                int type = (int) info;
                if (sym >= symbolCount) {
                    throw sectionError(s.index(), "relocation " + j + ": symbol index " + sym + " is past the end of "
                            + location(symtab.index()) + " (" + symbolCount + " symbols)");
                }
                // gABI "Relocation": in a relocatable file r_offset is the byte offset from the
                // beginning of the section to the storage unit affected.
                if (elfType == Elf.ET_REL && target.index() != 0 && Long.compareUnsigned(offset, target.size()) >= 0) {
                    throw sectionError(s.index(), "relocation " + j + ": r_offset " + hex(offset)
                            + " is past the end of " + location(target.index()) + " (size " + hex(target.size()) + ")");
                }
                relocs.add(new ElfRelocation(offset, (int) sym, type, addend));
            }
            out.add(new ElfRelocationSection(s, target, symtab, relocs));
        }
        return out;
    }

    // ---------------------------------------------------------------- strings

    /**
     * The NUL-terminated string at {@code off} in string table section {@code tableIndex}. gABI
     * "String Table": index 0 is the empty (or no) name; a string runs to the next NUL byte, which
     * must lie inside the section.
     */
    private String string(Shdr table, int tableIndex, long off, String where, String field) {
        if (off == 0) {
            return "";
        }
        if (Long.compareUnsigned(off, table.size()) >= 0) {
            throw error(where + ": " + field + " " + hex(off) + " is past the end of string table "
                    + location(tableIndex) + " (size " + hex(table.size()) + ")");
        }
        int start = (int) (table.offset() + off);
        int end = (int) (table.offset() + table.size());
        for (int p = start; p < end; p++) {
            if (b[p] == 0) {
                return new String(b, start, p - start, StandardCharsets.UTF_8);
            }
        }
        throw error(where + ": " + field + " " + hex(off) + " names a string with no NUL terminator before the end of "
                + "string table " + location(tableIndex));
    }

    // ---------------------------------------------------------------- helpers

    private boolean fits(long offset, long size) {
        // Unsigned: a "negative" long is a value above 2^63, far past any file.
        return offset >= 0 && size >= 0 && offset <= len && size <= len - offset;
    }

    private String pastEnd(long offset, long size) {
        return "sh_offset " + hex(offset) + " + sh_size " + hex(size) + " is past the end of the file (" + hex(len)
                + " bytes)";
    }

    /** "section 7 '.rel.text'" once names are resolved, else "section 7". */
    private String location(int index) {
        String name = names != null && index < names.length ? names[index] : null;
        return "section " + index + (name == null ? "" : " '" + name + "'");
    }

    private ElfException sectionError(int index, String what) {
        return error(location(index) + ": " + what);
    }

    private ElfException error(String what) {
        return new ElfException(file == null ? what : file + ": " + what);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private int u8(long off) {
        return b[(int) off] & 0xff;
    }

    private int u16(long off) {
        return buf.getShort((int) off) & 0xffff;
    }

    private long u32(long off) {
        return buf.getInt((int) off) & 0xffffffffL;
    }

    private long u64(long off) {
        return buf.getLong((int) off);
    }
}
