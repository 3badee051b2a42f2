package io.ebpf4j.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.Ebpf4jException;
import io.ebpf4j.elf.TestElfBuilder.Rel;
import io.ebpf4j.elf.TestElfBuilder.Sec;
import io.ebpf4j.elf.TestElfBuilder.StrTab;
import io.ebpf4j.elf.TestElfBuilder.Sym;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The reader on synthetic files: features the fixtures lack, and every malformation it must reject. */
class ElfFileTest {

    static List<ByteOrder> orders() {
        return List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN);
    }

    // Layout of TestElfBuilder.smallObject: 1 .text, 2 .data, 3 .bss, 4 .strtab, 5 .symtab, 6 .rel.text, 7 .shstrtab
    private static final int TEXT = 1;
    private static final int BSS = 3;
    private static final int STRTAB = 4;
    private static final int SYMTAB = 5;
    private static final int REL_TEXT = 6;
    private static final int SHSTRTAB = 7;

    @ParameterizedTest
    @MethodSource("orders")
    void readsSmallObject(ByteOrder order) {
        ElfFile elf = ElfFile.parse(TestElfBuilder.smallObject(order), "small.o");
        assertEquals("small.o", elf.name());
        assertEquals(order, elf.byteOrder());
        assertEquals(Elf.ET_REL, elf.type());
        assertEquals(Elf.EM_BPF, elf.machine());
        assertEquals(List.of("", ".text", ".data", ".bss", ".strtab", ".symtab", ".rel.text", ".shstrtab"),
                elf.sections().stream().map(ElfSection::name).toList());
        ElfSection text = elf.sections().get(TEXT);
        assertTrue(text.isExecutable());
        assertTrue(text.isAlloc());
        assertFalse(text.isWritable());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, text.data());
        assertEquals(order, text.buffer().order());
        assertTrue(text.buffer().isReadOnly());
        assertEquals(order == ByteOrder.LITTLE_ENDIAN ? 0x0807060504030201L : 0x0102030405060708L,
                text.buffer().getLong(0));
        ElfSection bss = elf.section(".bss").orElseThrow();
        assertEquals(64, bss.size());
        assertEquals(0, bss.data().length);
        assertEquals(0, bss.buffer().remaining());
        assertEquals(0, elf.sections().getFirst().data().length);
    }

    @ParameterizedTest
    @MethodSource("orders")
    void resolvesSymbolNamesThroughTheSymtabsLinkedStringTable(ByteOrder order) {
        // .strtab and .shstrtab are different tables: "func" is at offset 1 of .strtab, where .shstrtab
        // holds ".text"; reading symbol names through e_shstrndx would give ".text".
        ElfFile elf = ElfFile.parse(TestElfBuilder.smallObject(order), "small.o");
        assertEquals(List.of("", "", "func", "var", "buf", "ext"), elf.symbols().stream().map(ElfSymbol::name).toList());
        ElfSymbol func = elf.symbols().get(2);
        assertEquals(new ElfSymbol(2, "func", 0, 16, Elf.STT_FUNC, Elf.STB_GLOBAL, Elf.STV_DEFAULT, TEXT, false), func);
        assertTrue(func.isDefinedInSection());
        ElfSymbol var = elf.symbols().get(3);
        assertEquals(Elf.STV_HIDDEN, var.visibility());
        ElfSymbol buf = elf.symbols().get(4);
        assertEquals(Elf.STB_WEAK, buf.bind());
        assertEquals(BSS, buf.shndx());
        assertEquals(8, buf.value());
        ElfSymbol ext = elf.symbols().get(5);
        assertTrue(ext.isUndefined());
        assertFalse(ext.isDefinedInSection());
    }

    @ParameterizedTest
    @MethodSource("orders")
    void decodesRelWithSymbolInHighWordOfInfo(ByteOrder order) {
        ElfFile elf = ElfFile.parse(TestElfBuilder.smallObject(order), "small.o");
        ElfRelocationSection rel = elf.relocations().getFirst();
        assertEquals(REL_TEXT, rel.section().index());
        assertEquals(TEXT, rel.target().index());
        assertEquals(SYMTAB, rel.symbolTable().index());
        assertFalse(rel.isRela());
        assertEquals(List.of(new ElfRelocation(0, 3, 1, 0), new ElfRelocation(8, 5, 10, 0)), rel.relocations());
        assertEquals(List.of(rel), elf.relocationsFor(elf.sections().get(TEXT)));
        assertEquals(List.of(), elf.relocationsFor(elf.sections().get(BSS)));
    }

    @ParameterizedTest
    @MethodSource("orders")
    void readsRelaAddendsAndFullWidthTypes(ByteOrder order) {
        TestElfBuilder b = new TestElfBuilder(order);
        int text = b.add(".text", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, new byte[32]);
        StrTab str = new StrTab();
        int n = str.add("x");
        int strtab = b.add(".strtab", Elf.SHT_STRTAB, 0, str.bytes());
        int symtab = b.add(new Sec(".symtab", Elf.SHT_SYMTAB, 0, strtab, 1, 8, Elf.SYM_SIZE,
                TestElfBuilder.symbols(order, new Sym(0, 0, 0, 0, 0, 0, 0),
                        new Sym(n, Elf.STT_OBJECT, Elf.STB_GLOBAL, 0, Elf.SHN_ABS, 0x1234, 0)), 0));
        b.add(new Sec(".rela.text", Elf.SHT_RELA, Elf.SHF_INFO_LINK, symtab, text, 8, Elf.RELA_SIZE,
                TestElfBuilder.relocations(order, true, new Rel(24, 1, 0xfffffffeL, -8), new Rel(0, 0, 3, 0x7fffffff)), 0));
        ElfFile elf = ElfFile.parse(b.build(), "rela.o");
        ElfRelocationSection rela = elf.relocations().getFirst();
        assertTrue(rela.isRela());
        assertEquals(List.of(new ElfRelocation(24, 1, 0xfffffffe, -8), new ElfRelocation(0, 0, 3, 0x7fffffff)),
                rela.relocations());
        assertTrue(elf.symbols().get(1).isAbsolute());
        assertEquals(0x1234, elf.symbols().get(1).value());
    }

    @Test
    void fileWithoutSectionHeaderTableHasNoSections() {
        byte[] bytes = TestElfBuilder.smallObject(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        h.putLong(40, 0).putShort(60, (short) 0).putShort(62, (short) 0);
        ElfFile elf = ElfFile.parse(bytes, "none.o");
        assertEquals(List.of(), elf.sections());
        assertEquals(List.of(), elf.symbols());
        assertEquals(List.of(), elf.relocations());
    }

    @Test
    void objectWithoutSymbolTableHasNoSymbols() {
        TestElfBuilder b = new TestElfBuilder(ByteOrder.BIG_ENDIAN);
        b.add(".text", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, new byte[8]);
        ElfFile elf = ElfFile.parse(b.build(), null);
        assertEquals(3, elf.sections().size());
        assertEquals(List.of(), elf.symbols());
        assertEquals(List.of(), elf.relocations());
    }

    @Test
    void parseCopiesItsInput() {
        byte[] bytes = TestElfBuilder.smallObject(ByteOrder.LITTLE_ENDIAN);
        ElfFile elf = ElfFile.parse(bytes, "small.o");
        ElfSection text = elf.sections().get(TEXT);
        Arrays.fill(bytes, (byte) 0);
        assertEquals(1, text.data()[0]);
        text.data()[0] = 99;
        assertEquals(1, text.data()[0]);
    }

    /** gABI extended section numbering: e_shnum 0, e_shstrndx SHN_XINDEX, st_shndx SHN_XINDEX. */
    @ParameterizedTest
    @MethodSource("orders")
    void readsExtendedSectionNumbering(ByteOrder order) {
        TestElfBuilder b = new TestElfBuilder(order).extendedNumbering().xindexShstrndx();
        int many = Elf.SHN_LORESERVE + 4; // > 0xff00 sections: indexes in st_shndx no longer fit
        for (int i = 1; i < many; i++) {
            b.add(new Sec(i == many - 1 ? "last" : "s", Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 0, 0, 1, 0,
                    i == many - 1 ? new byte[] {7} : new byte[0], 0));
        }
        int last = many - 1;
        StrTab str = new StrTab();
        int nHigh = str.add("high");
        int nLow = str.add("low");
        int strtab = b.add(".strtab", Elf.SHT_STRTAB, 0, str.bytes());
        int symtab = b.add(new Sec(".symtab", Elf.SHT_SYMTAB, 0, strtab, 1, 8, Elf.SYM_SIZE,
                TestElfBuilder.symbols(order, new Sym(0, 0, 0, 0, 0, 0, 0),
                        new Sym(nHigh, Elf.STT_OBJECT, Elf.STB_GLOBAL, 0, Elf.SHN_XINDEX, 0, 1),
                        new Sym(nLow, Elf.STT_OBJECT, Elf.STB_GLOBAL, 0, 1, 0, 0),
                        new Sym(0, Elf.STT_NOTYPE, Elf.STB_GLOBAL, 0, Elf.SHN_ABS, 5, 0)), 0));
        int shndx = b.add(new Sec(".symtab_shndx", Elf.SHT_SYMTAB_SHNDX, 0, symtab, 0, 4, 4,
                TestElfBuilder.words(order, 0, last, 0, 0), 0));
        int shstrtab = b.shstrtabIndex();
        ElfFile elf = ElfFile.parse(b.build(), "many.o");

        assertEquals(shstrtab + 1, elf.sections().size());
        assertTrue(elf.sections().size() > Elf.SHN_LORESERVE);
        assertEquals(".shstrtab", elf.sections().get(shstrtab).name());
        assertEquals(".symtab_shndx", elf.sections().get(shndx).name());
        assertEquals("last", elf.sections().get(last).name());
        ElfSymbol high = elf.symbols().get(1);
        assertEquals("high", high.name());
        assertEquals(last, high.shndx());
        assertTrue(high.shndxExtended());
        assertTrue(high.isDefinedInSection());
        assertArrayEquals(new byte[] {7}, elf.sections().get(high.shndx()).data());
        assertEquals(1, elf.symbols().get(2).shndx());
        assertFalse(elf.symbols().get(2).shndxExtended());
        assertTrue(elf.symbols().get(3).isAbsolute());
    }

    @Test
    void extendedNumberingWithFewSections() {
        TestElfBuilder b = new TestElfBuilder(ByteOrder.LITTLE_ENDIAN).extendedNumbering().xindexShstrndx();
        b.add(".text", Elf.SHT_PROGBITS, Elf.SHF_EXECINSTR, new byte[8]);
        ElfFile elf = ElfFile.parse(b.build(), "x.o");
        assertEquals(List.of("", ".text", ".shstrtab"), elf.sections().stream().map(ElfSection::name).toList());
    }

    @Test
    void readReportsAMissingFileAsElfException(@TempDir Path dir) {
        Path missing = dir.resolve("missing.o");
        ElfException e = assertThrows(ElfException.class, () -> ElfFile.read(missing));
        assertTrue(e.getMessage().startsWith(missing + ": cannot read"), e.getMessage());
        assertInstanceOf(IOException.class, e.getCause());
        assertInstanceOf(Ebpf4jException.class, e);
    }

    @Test
    void readNamesTheFileInErrors(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("junk.o");
        Files.write(p, new byte[] {1, 2, 3});
        ElfException e = assertThrows(ElfException.class, () -> ElfFile.read(p));
        assertEquals(p + ": not an ELF file: magic is 0x010203, expected 0x7f454c46 (\\x7fELF)", e.getMessage());
    }

    // ------------------------------------------------------------------ malformations

    private static void rejects(String expectedMessage, Consumer<ByteBuffer> corrupt) {
        for (ByteOrder order : orders()) {
            byte[] bytes = TestElfBuilder.smallObject(order);
            corrupt.accept(ByteBuffer.wrap(bytes).order(order));
            ElfException e = assertThrows(ElfException.class, () -> ElfFile.parse(bytes, "t.o"), order.toString());
            assertEquals("t.o: " + expectedMessage, e.getMessage(), order.toString());
        }
    }

    private static void rejectsBytes(String expectedMessage, byte[] bytes) {
        ElfException e = assertThrows(ElfException.class, () -> ElfFile.parse(bytes, "t.o"));
        assertEquals("t.o: " + expectedMessage, e.getMessage());
    }

    private static long shoff(ByteBuffer b) {
        return b.getLong(40);
    }

    /** Absolute position of field {@code field} of section header {@code i}. */
    private static int sh(ByteBuffer b, int i, int field) {
        return (int) (shoff(b) + (long) i * Elf.SHDR_SIZE + field);
    }

    private static final int SH_NAME = 0;
    private static final int SH_TYPE = 4;
    private static final int SH_OFFSET = 24;
    private static final int SH_SIZE = 32;
    private static final int SH_LINK = 40;
    private static final int SH_INFO = 44;
    private static final int SH_ENTSIZE = 56;

    private static int dataOffset(ByteBuffer b, int section) {
        return (int) b.getLong(sh(b, section, SH_OFFSET));
    }

    @Test
    void rejectsBadMagic() {
        rejects("not an ELF file: magic is 0x7f454c47, expected 0x7f454c46 (\\x7fELF)", b -> b.put(3, (byte) 'G'));
        rejectsBytes("not an ELF file: magic is empty, expected 0x7f454c46 (\\x7fELF)", new byte[0]);
    }

    @Test
    void rejectsElfClass32() {
        rejects("ELFCLASS32 objects are not supported, only ELFCLASS64", b -> b.put(Elf.EI_CLASS, (byte) 1));
        rejects("invalid EI_CLASS 7 (expected 2, ELFCLASS64)", b -> b.put(Elf.EI_CLASS, (byte) 7));
    }

    @Test
    void rejectsBadDataEncoding() {
        rejects("invalid EI_DATA 3 (expected 1, ELFDATA2LSB, or 2, ELFDATA2MSB)", b -> b.put(Elf.EI_DATA, (byte) 3));
        rejects("invalid EI_DATA 0 (expected 1, ELFDATA2LSB, or 2, ELFDATA2MSB)", b -> b.put(Elf.EI_DATA, (byte) 0));
    }

    @Test
    void rejectsBadIdentVersion() {
        rejects("invalid EI_VERSION 0 (expected 1, EV_CURRENT)", b -> b.put(Elf.EI_VERSION, (byte) 0));
    }

    @Test
    void rejectsTruncatedHeaders() {
        byte[] full = TestElfBuilder.smallObject(ByteOrder.LITTLE_ENDIAN);
        rejectsBytes("truncated e_ident: the file has 10 bytes, e_ident needs 16", Arrays.copyOf(full, 10));
        rejectsBytes("truncated ELF header: the file has 63 bytes, an Elf64_Ehdr needs 64", Arrays.copyOf(full, 63));
    }

    @Test
    void rejectsSectionHeaderTablePastEnd() {
        byte[] full = TestElfBuilder.smallObject(ByteOrder.LITTLE_ENDIAN);
        long shoff = ByteBuffer.wrap(full).order(ByteOrder.LITTLE_ENDIAN).getLong(40);
        int cut = full.length - 1;
        rejectsBytes("section header table at e_shoff 0x" + Long.toHexString(shoff)
                + " with 8 entries of 64 bytes runs past the end of the file (0x" + Integer.toHexString(cut)
                + " bytes)", Arrays.copyOf(full, cut));
        rejects("e_shoff 0x7fffffffffffffff: the section header table starts past the end of the file (0x"
                + Integer.toHexString(full.length) + " bytes)", b -> b.putLong(40, Long.MAX_VALUE));
        rejects("e_shoff 0xffffffffffffffc0: the section header table starts past the end of the file (0x"
                + Integer.toHexString(full.length) + " bytes)", b -> b.putLong(40, -64));
        rejects("section header table at e_shoff 0x" + Long.toHexString(shoff)
                + " with 65535 entries of 64 bytes runs past the end of the file (0x" + Integer.toHexString(full.length)
                + " bytes)", b -> b.putShort(60, (short) 0xffff));
        rejects("e_shoff is 0 (no section header table) but e_shnum is 8", b -> b.putLong(40, 0));
    }

    @Test
    void rejectsHugeExtendedSectionCount() {
        byte[] full = TestElfBuilder.smallObject(ByteOrder.LITTLE_ENDIAN);
        rejects("section header table at e_shoff 0x" + Long.toHexString(shoff(ByteBuffer.wrap(full)
                .order(ByteOrder.LITTLE_ENDIAN))) + " with 18446744073709551615 entries of 64 bytes runs past the end"
                + " of the file (0x" + Integer.toHexString(full.length) + " bytes) (count from section 0's sh_size,"
                + " as e_shnum is 0)", b -> {
                    b.putShort(60, (short) 0);
                    b.putLong(sh(b, 0, SH_SIZE), -1);
                });
    }

    @Test
    void rejectsSmallSectionHeaderEntries() {
        rejects("e_shentsize 40 is smaller than an Elf64_Shdr (64 bytes)", b -> b.putShort(58, (short) 40));
        rejects("e_shentsize 0 is smaller than an Elf64_Shdr (64 bytes)", b -> b.putShort(58, (short) 0));
    }

    @Test
    void rejectsBadShstrndx() {
        rejects("e_shstrndx 8 is not a section (the file has 8 sections)", b -> b.putShort(62, (short) 8));
        rejects("e_shstrndx 0xff05 is a reserved section index", b -> b.putShort(62, (short) 0xff05));
        rejects("section 1 (e_shstrndx, the section name string table) has type SHT_PROGBITS, not SHT_STRTAB",
                b -> b.putShort(62, (short) TEXT));
        rejects("e_shstrndx 300 is not a section (the file has 8 sections)", b -> {
            b.putShort(62, (short) Elf.SHN_XINDEX);
            b.putInt(sh(b, 0, SH_LINK), 300);
        });
    }

    @Test
    void rejectsNonNullSectionZero() {
        rejects("section 0: sh_type is SHT_PROGBITS, but section header 0 must be SHT_NULL",
                b -> b.putInt(sh(b, 0, SH_TYPE), Elf.SHT_PROGBITS));
    }

    @Test
    void rejectsSectionDataPastEnd() {
        byte[] full = TestElfBuilder.smallObject(ByteOrder.LITTLE_ENDIAN);
        String len = Integer.toHexString(full.length);
        rejects("section 1 '.text': sh_offset 0x1234 + sh_size 0x10 is past the end of the file (0x" + len + " bytes)",
                b -> b.putLong(sh(b, TEXT, SH_OFFSET), 0x1234));
        rejects("section 1 '.text': sh_offset 0x40 + sh_size 0xffffffffffffffff is past the end of the file (0x" + len
                + " bytes)", b -> b.putLong(sh(b, TEXT, SH_SIZE), -1));
        rejects("section 1 '.text': sh_offset 0xfffffffffffffff0 + sh_size 0x10 is past the end of the file (0x" + len
                + " bytes)", b -> b.putLong(sh(b, TEXT, SH_OFFSET), -16));
        rejects("section 7 (e_shstrndx, the section name string table): sh_offset 0x7fffffff + sh_size 0x"
                + Integer.toHexString(".text.data.bss.strtab.symtab.rel.text.shstrtab".length() + 8)
                + " is past the end of the file (0x" + len + " bytes)",
                b -> b.putLong(sh(b, SHSTRTAB, SH_OFFSET), Integer.MAX_VALUE));
    }

    @Test
    void acceptsNobitsAnywhere() {
        for (ByteOrder order : orders()) {
            byte[] bytes = TestElfBuilder.smallObject(order);
            ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
            b.putLong(sh(b, BSS, SH_OFFSET), -1);
            b.putLong(sh(b, BSS, SH_SIZE), Long.MAX_VALUE);
            ElfSection bss = ElfFile.parse(bytes, "t.o").sections().get(BSS);
            assertEquals(Long.MAX_VALUE, bss.size());
            assertEquals(0, bss.data().length);
        }
    }

    @Test
    void rejectsBadStringIndexes() {
        rejects("section 2: sh_name 0x1000 is past the end of string table section 7 (size 0x36)",
                b -> b.putInt(sh(b, 2, SH_NAME), 0x1000));
        rejects("section 2: sh_name 0xffffffff is past the end of string table section 7 (size 0x36)",
                b -> b.putInt(sh(b, 2, SH_NAME), -1));
        rejects("section 5 '.symtab': symbol 2: st_name 0x100 is past the end of string table section 4 '.strtab'"
                + " (size 0x12)", b -> b.putInt(dataOffset(b, SYMTAB) + 2 * Elf.SYM_SIZE, 0x100));
        // the last string loses its terminator
        rejects("section 5 '.symtab': symbol 5: st_name 0xe names a string with no NUL terminator before the end of"
                + " string table section 4 '.strtab'", b -> b.put(dataOffset(b, STRTAB) + 0x11, (byte) 'x'));
        rejects("section 7: sh_name 0x2c names a string with no NUL terminator before the end of string table"
                + " section 7", b -> b.put(dataOffset(b, SHSTRTAB) + 0x35, (byte) 'x'));
    }

    @Test
    void rejectsLinksToMissingOrWrongSections() {
        rejects("section 5 '.symtab': sh_link 99 is not a section (the file has 8 sections)",
                b -> b.putInt(sh(b, SYMTAB, SH_LINK), 99));
        rejects("section 5 '.symtab': sh_link 1 refers to section 1 '.text' of type SHT_PROGBITS, expected SHT_STRTAB",
                b -> b.putInt(sh(b, SYMTAB, SH_LINK), TEXT));
        rejects("section 6 '.rel.text': sh_info 8 is not a section (the file has 8 sections)",
                b -> b.putInt(sh(b, REL_TEXT, SH_INFO), 8));
        rejects("section 6 '.rel.text': sh_info 4294967295 is not a section (the file has 8 sections)",
                b -> b.putInt(sh(b, REL_TEXT, SH_INFO), -1));
        rejects("section 6 '.rel.text': sh_link 4 refers to section 4 '.strtab' of type SHT_STRTAB, expected a symbol"
                + " table (SHT_SYMTAB or SHT_DYNSYM)", b -> b.putInt(sh(b, REL_TEXT, SH_LINK), STRTAB));
        rejects("section 6 '.rel.text': sh_link 0 refers to section 0 '' of type SHT_NULL, expected a symbol"
                + " table (SHT_SYMTAB or SHT_DYNSYM)", b -> b.putInt(sh(b, REL_TEXT, SH_LINK), 0));
    }

    @Test
    void rejectsBadTableGeometry() {
        rejects("section 5 '.symtab': sh_entsize 0x10 is wrong for SHT_SYMTAB: an Elf64_Sym is 24 bytes",
                b -> b.putLong(sh(b, SYMTAB, SH_ENTSIZE), 16));
        rejects("section 5 '.symtab': sh_size 0x8f is not a multiple of the entry size (24 bytes)",
                b -> b.putLong(sh(b, SYMTAB, SH_SIZE), 6 * 24 - 1));
        rejects("section 6 '.rel.text': sh_entsize 0x18 is wrong for SHT_REL: an Elf64_Rel is 16 bytes",
                b -> b.putLong(sh(b, REL_TEXT, SH_ENTSIZE), 24));
        rejects("section 6 '.rel.text': sh_entsize 0x10 is wrong for SHT_RELA: an Elf64_Rela is 24 bytes",
                b -> b.putInt(sh(b, REL_TEXT, SH_TYPE), Elf.SHT_RELA));
        rejects("section 6 '.rel.text': sh_size 0x8 is not a multiple of the entry size (16 bytes)",
                b -> b.putLong(sh(b, REL_TEXT, SH_SIZE), 8));
    }

    @Test
    void rejectsSecondSymbolTable() {
        rejects("section 6 '.rel.text': a second SHT_SYMTAB section (the first is section 5); an object file may"
                + " have only one", b -> {
                    b.putInt(sh(b, REL_TEXT, SH_TYPE), Elf.SHT_SYMTAB);
                    b.putInt(sh(b, REL_TEXT, SH_LINK), STRTAB);
                    b.putLong(sh(b, REL_TEXT, SH_ENTSIZE), 24);
                    b.putLong(sh(b, REL_TEXT, SH_SIZE), 24);
                });
    }

    @Test
    void rejectsBadSymbolSections() {
        rejects("section 5 '.symtab': symbol 2 'func': st_shndx 8 is not a section (the file has 8 sections)",
                b -> b.putShort(dataOffset(b, SYMTAB) + 2 * Elf.SYM_SIZE + 6, (short) 8));
        rejects("section 5 '.symtab': symbol 2 'func': st_shndx is SHN_XINDEX but no SHT_SYMTAB_SHNDX section refers"
                + " to section 5 '.symtab'",
                b -> b.putShort(dataOffset(b, SYMTAB) + 2 * Elf.SYM_SIZE + 6, (short) Elf.SHN_XINDEX));
    }

    @Test
    void rejectsRelocationsToMissingSymbolsOrPastTheirSection() {
        rejects("section 6 '.rel.text': relocation 1: symbol index 6 is past the end of section 5 '.symtab'"
                + " (6 symbols)", b -> b.putInt(dataOffset(b, REL_TEXT) + 16 + 8
                        + (b.order() == ByteOrder.LITTLE_ENDIAN ? 4 : 0), 6));
        rejects("section 6 '.rel.text': relocation 0: symbol index 4294967295 is past the end of section 5 '.symtab'"
                + " (6 symbols)", b -> b.putLong(dataOffset(b, REL_TEXT) + 8, -1));
        rejects("section 6 '.rel.text': relocation 1: r_offset 0x10 is past the end of section 1 '.text' (size 0x10)",
                b -> b.putLong(dataOffset(b, REL_TEXT) + 16, 16));
    }

    @Test
    void rejectsSymtabShndxOfWrongSize() {
        for (ByteOrder order : orders()) {
            TestElfBuilder b = new TestElfBuilder(order);
            StrTab str = new StrTab();
            int strtab = b.add(".strtab", Elf.SHT_STRTAB, 0, str.bytes());
            int symtab = b.add(new Sec(".symtab", Elf.SHT_SYMTAB, 0, strtab, 1, 8, Elf.SYM_SIZE,
                    TestElfBuilder.symbols(order, new Sym(0, 0, 0, 0, 0, 0, 0), new Sym(0, 0, 0, 0, 0, 0, 0)), 0));
            b.add(new Sec(".symtab_shndx", Elf.SHT_SYMTAB_SHNDX, 0, symtab, 0, 4, 4,
                    TestElfBuilder.words(order, 0), 0));
            ElfException e = assertThrows(ElfException.class, () -> ElfFile.parse(b.build(), "t.o"));
            assertEquals("t.o: section 3 '.symtab_shndx': sh_size 0x4 does not match section 2 '.symtab', whose 2"
                    + " symbols need 0x8 bytes", e.getMessage());
        }
    }

    @Test
    void rejectsExtendedSymbolIndexPastSections() {
        for (ByteOrder order : orders()) {
            TestElfBuilder b = new TestElfBuilder(order);
            int strtab = b.add(".strtab", Elf.SHT_STRTAB, 0, new StrTab().bytes());
            int symtab = b.add(new Sec(".symtab", Elf.SHT_SYMTAB, 0, strtab, 1, 8, Elf.SYM_SIZE,
                    TestElfBuilder.symbols(order, new Sym(0, 0, 0, 0, 0, 0, 0),
                            new Sym(0, 0, 0, 0, Elf.SHN_XINDEX, 0, 0)), 0));
            b.add(new Sec(".symtab_shndx", Elf.SHT_SYMTAB_SHNDX, 0, symtab, 0, 4, 4,
                    TestElfBuilder.words(order, 0, 70000), 0));
            ElfException e = assertThrows(ElfException.class, () -> ElfFile.parse(b.build(), "t.o"));
            assertEquals("t.o: section 2 '.symtab': symbol 1: extended section index 70000 (from section 3"
                    + " '.symtab_shndx') is not a section (the file has 5 sections)", e.getMessage());
        }
    }

    @Test
    void withoutAFileNameMessagesStartWithTheProblem() {
        ElfException e = assertThrows(ElfException.class, () -> ElfFile.parse(new byte[] {0x7f, 'E', 'L', 'F'}, null));
        assertEquals("truncated e_ident: the file has 4 bytes, e_ident needs 16", e.getMessage());
    }
}
