package io.ebpf4j.elf;

/**
 * ELF64 constants, named and valued as in the System V gABI ("System V Application Binary
 * Interface", chapter 4 "Object Files") and {@code elf(5)}. Only what a reader of relocatable
 * objects needs; values that are 32-bit words in the file are given as (possibly negative) Java
 * {@code int}s and must be compared as unsigned.
 */
public final class Elf {
    private Elf() {}

    // --- e_ident (gABI "ELF Identification") ---
    /** Size of {@code e_ident}. */
    public static final int EI_NIDENT = 16;
    public static final int EI_MAG0 = 0;
    public static final int EI_MAG1 = 1;
    public static final int EI_MAG2 = 2;
    public static final int EI_MAG3 = 3;
    public static final int EI_CLASS = 4;
    public static final int EI_DATA = 5;
    public static final int EI_VERSION = 6;
    public static final int EI_OSABI = 7;
    public static final int EI_ABIVERSION = 8;

    public static final byte ELFMAG0 = 0x7f;
    public static final byte ELFMAG1 = 'E';
    public static final byte ELFMAG2 = 'L';
    public static final byte ELFMAG3 = 'F';

    public static final int ELFCLASSNONE = 0;
    public static final int ELFCLASS32 = 1;
    public static final int ELFCLASS64 = 2;

    public static final int ELFDATANONE = 0;
    /** Two's complement, little-endian. */
    public static final int ELFDATA2LSB = 1;
    /** Two's complement, big-endian. */
    public static final int ELFDATA2MSB = 2;

    public static final int EV_NONE = 0;
    public static final int EV_CURRENT = 1;

    // --- e_type ---
    public static final int ET_NONE = 0;
    public static final int ET_REL = 1;
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int ET_CORE = 4;

    // --- e_machine ---
    public static final int EM_NONE = 0;
    /** Linux BPF, the machine clang {@code -target bpf} emits. */
    public static final int EM_BPF = 247;

    // --- structure sizes (ELF-64 Object File Format, "Data Representation") ---
    /** {@code sizeof(Elf64_Ehdr)}. */
    public static final int EHDR_SIZE = 64;
    /** {@code sizeof(Elf64_Shdr)}. */
    public static final int SHDR_SIZE = 64;
    /** {@code sizeof(Elf64_Sym)}. */
    public static final int SYM_SIZE = 24;
    /** {@code sizeof(Elf64_Rel)}. */
    public static final int REL_SIZE = 16;
    /** {@code sizeof(Elf64_Rela)}. */
    public static final int RELA_SIZE = 24;
    /** {@code sizeof(Elf32_Word)}, the entry of an {@code SHT_SYMTAB_SHNDX} section. */
    public static final int SHNDX_ENTRY_SIZE = 4;

    // --- special section indexes ---
    public static final int SHN_UNDEF = 0;
    public static final int SHN_LORESERVE = 0xff00;
    public static final int SHN_LOPROC = 0xff00;
    public static final int SHN_HIPROC = 0xff1f;
    public static final int SHN_LOOS = 0xff20;
    public static final int SHN_HIOS = 0xff3f;
    public static final int SHN_ABS = 0xfff1;
    public static final int SHN_COMMON = 0xfff2;
    /** The real index is elsewhere: section 0 (for e_shstrndx) or SHT_SYMTAB_SHNDX (for st_shndx). */
    public static final int SHN_XINDEX = 0xffff;
    public static final int SHN_HIRESERVE = 0xffff;

    // --- sh_type ---
    public static final int SHT_NULL = 0;
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_RELA = 4;
    public static final int SHT_HASH = 5;
    public static final int SHT_DYNAMIC = 6;
    public static final int SHT_NOTE = 7;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_REL = 9;
    public static final int SHT_SHLIB = 10;
    public static final int SHT_DYNSYM = 11;
    public static final int SHT_INIT_ARRAY = 14;
    public static final int SHT_FINI_ARRAY = 15;
    public static final int SHT_PREINIT_ARRAY = 16;
    public static final int SHT_GROUP = 17;
    public static final int SHT_SYMTAB_SHNDX = 18;
    public static final int SHT_LOOS = 0x60000000;
    /** LLVM extension: the address-significance table ({@code .llvm_addrsig}). */
    public static final int SHT_LLVM_ADDRSIG = 0x6fff4c03;
    public static final int SHT_HIOS = 0x6fffffff;
    public static final int SHT_LOPROC = 0x70000000;
    public static final int SHT_HIPROC = 0x7fffffff;
    public static final int SHT_LOUSER = 0x80000000;
    public static final int SHT_HIUSER = 0xffffffff;

    // --- sh_flags ---
    public static final long SHF_WRITE = 0x1;
    public static final long SHF_ALLOC = 0x2;
    public static final long SHF_EXECINSTR = 0x4;
    public static final long SHF_MERGE = 0x10;
    public static final long SHF_STRINGS = 0x20;
    /** sh_info holds a section header table index. */
    public static final long SHF_INFO_LINK = 0x40;
    /** sh_link holds a section header table index (ordering requirement). */
    public static final long SHF_LINK_ORDER = 0x80;
    public static final long SHF_OS_NONCONFORMING = 0x100;
    public static final long SHF_GROUP = 0x200;
    public static final long SHF_TLS = 0x400;
    public static final long SHF_COMPRESSED = 0x800;
    public static final long SHF_MASKOS = 0x0ff00000L;
    public static final long SHF_MASKPROC = 0xf0000000L;
    /** GNU/LLVM: exclude from the link (within SHF_MASKPROC). */
    public static final long SHF_EXCLUDE = 0x80000000L;

    // --- symbol binding, ELF64_ST_BIND(st_info) = st_info >> 4 ---
    public static final int STB_LOCAL = 0;
    public static final int STB_GLOBAL = 1;
    public static final int STB_WEAK = 2;
    public static final int STB_LOOS = 10;
    public static final int STB_HIOS = 12;
    public static final int STB_LOPROC = 13;
    public static final int STB_HIPROC = 15;

    // --- symbol type, ELF64_ST_TYPE(st_info) = st_info & 0xf ---
    public static final int STT_NOTYPE = 0;
    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;
    public static final int STT_SECTION = 3;
    public static final int STT_FILE = 4;
    public static final int STT_COMMON = 5;
    public static final int STT_TLS = 6;
    public static final int STT_LOOS = 10;
    public static final int STT_HIOS = 12;
    public static final int STT_LOPROC = 13;
    public static final int STT_HIPROC = 15;

    // --- symbol visibility, ELF64_ST_VISIBILITY(st_other) = st_other & 0x3 ---
    public static final int STV_DEFAULT = 0;
    public static final int STV_INTERNAL = 1;
    public static final int STV_HIDDEN = 2;
    public static final int STV_PROTECTED = 3;

    /** Symbol table index 0: "no symbol". */
    public static final int STN_UNDEF = 0;

    /** The gABI name of a section type ({@code SHT_PROGBITS}), or its hex value when unnamed. */
    public static String sectionTypeName(int type) {
        return switch (type) {
            case SHT_NULL -> "SHT_NULL";
            case SHT_PROGBITS -> "SHT_PROGBITS";
            case SHT_SYMTAB -> "SHT_SYMTAB";
            case SHT_STRTAB -> "SHT_STRTAB";
            case SHT_RELA -> "SHT_RELA";
            case SHT_HASH -> "SHT_HASH";
            case SHT_DYNAMIC -> "SHT_DYNAMIC";
            case SHT_NOTE -> "SHT_NOTE";
            case SHT_NOBITS -> "SHT_NOBITS";
            case SHT_REL -> "SHT_REL";
            case SHT_SHLIB -> "SHT_SHLIB";
            case SHT_DYNSYM -> "SHT_DYNSYM";
            case SHT_INIT_ARRAY -> "SHT_INIT_ARRAY";
            case SHT_FINI_ARRAY -> "SHT_FINI_ARRAY";
            case SHT_PREINIT_ARRAY -> "SHT_PREINIT_ARRAY";
            case SHT_GROUP -> "SHT_GROUP";
            case SHT_SYMTAB_SHNDX -> "SHT_SYMTAB_SHNDX";
            case SHT_LLVM_ADDRSIG -> "SHT_LLVM_ADDRSIG";
            default -> "0x" + Integer.toHexString(type);
        };
    }
}
