package io.ebpf4j.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small synthetic ELF64 files for tests, in either byte order: a null section 0, the
 * sections added (indexes 1, 2, ...), then {@code .shstrtab} last. Options produce extended
 * section numbering (e_shnum = 0, e_shstrndx = SHN_XINDEX), which no fixture uses. Public for the
 * tests of other packages that need a small object in memory (the verifier's soundness property).
 */
public final class TestElfBuilder {
    /** One section to write; {@code data} is ignored for SHT_NOBITS, which gets {@code nobitsSize}. */
    public record Sec(String name, int type, long flags, int link, int info, long addralign, long entsize, byte[] data,
               long nobitsSize) {}

    /** One Elf64_Sym. */
    public record Sym(int name, int type, int bind, int other, int shndx, long value, long size) {}

    /** One Elf64_Rel/Rela entry. */
    public record Rel(long offset, long sym, long type, long addend) {}

    /** A string table under construction; offset 0 is the empty string, as the gABI requires. */
    public static final class StrTab {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Map<String, Integer> offsets = new HashMap<>();

        public StrTab() {
            bytes.write(0);
            offsets.put("", 0);
        }

        public int add(String s) {
            return offsets.computeIfAbsent(s, k -> {
                int off = bytes.size();
                bytes.writeBytes(k.getBytes(StandardCharsets.UTF_8));
                bytes.write(0);
                return off;
            });
        }

        public byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    private final ByteOrder order;
    private final List<Sec> sections = new ArrayList<>();
    private int type = Elf.ET_REL;
    private boolean extendedNumbering;
    private boolean xindexShstrndx;

    public TestElfBuilder(ByteOrder order) {
        this.order = order;
    }

    TestElfBuilder type(int elfType) {
        this.type = elfType;
        return this;
    }

    /** e_shnum = 0 and the count in section 0's sh_size (gABI extended section numbering). */
    TestElfBuilder extendedNumbering() {
        this.extendedNumbering = true;
        return this;
    }

    /** e_shstrndx = SHN_XINDEX and the index in section 0's sh_link. */
    TestElfBuilder xindexShstrndx() {
        this.xindexShstrndx = true;
        return this;
    }

    /** Adds a section; returns its index. */
    public int add(Sec s) {
        sections.add(s);
        return sections.size();
    }

    public int add(String name, int type, long flags, byte[] data) {
        return add(new Sec(name, type, flags, 0, 0, 1, 0, data, 0));
    }

    /** The index .shstrtab will get. */
    int shstrtabIndex() {
        return sections.size() + 1;
    }

    public byte[] build() {
        StrTab shstr = new StrTab();
        List<Sec> all = new ArrayList<>(sections);
        all.add(new Sec(".shstrtab", Elf.SHT_STRTAB, 0, 0, 0, 1, 0, null, 0));
        int[] nameOffsets = new int[all.size()];
        for (int i = 0; i < all.size(); i++) {
            nameOffsets[i] = shstr.add(all.get(i).name());
        }
        byte[] shstrBytes = shstr.bytes();
        long[] offsets = new long[all.size()];
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[Elf.EHDR_SIZE]);
        for (int i = 0; i < all.size(); i++) {
            Sec s = all.get(i);
            while (body.size() % 8 != 0) {
                body.write(0);
            }
            offsets[i] = body.size();
            if (s.type() != Elf.SHT_NOBITS) {
                body.writeBytes(i == all.size() - 1 ? shstrBytes : s.data());
            }
        }
        while (body.size() % 8 != 0) {
            body.write(0);
        }
        long shoff = body.size();
        int count = all.size() + 1;
        ByteBuffer out = ByteBuffer.allocate((int) shoff + count * Elf.SHDR_SIZE).order(order);
        out.put(body.toByteArray());
        // section 0
        out.position((int) shoff);
        out.putInt(0).putInt(Elf.SHT_NULL).putLong(0).putLong(0).putLong(0)
                .putLong(extendedNumbering ? count : 0)
                .putInt(xindexShstrndx ? all.size() : 0).putInt(0).putLong(0).putLong(0);
        for (int i = 0; i < all.size(); i++) {
            Sec s = all.get(i);
            long size = s.type() == Elf.SHT_NOBITS ? s.nobitsSize()
                    : (i == all.size() - 1 ? shstrBytes.length : s.data().length);
            out.putInt(nameOffsets[i]).putInt(s.type()).putLong(s.flags()).putLong(0).putLong(offsets[i])
                    .putLong(size).putInt(s.link()).putInt(s.info()).putLong(s.addralign()).putLong(s.entsize());
        }
        byte[] bytes = out.array();
        ByteBuffer h = ByteBuffer.wrap(bytes).order(order);
        bytes[0] = 0x7f;
        bytes[1] = 'E';
        bytes[2] = 'L';
        bytes[3] = 'F';
        bytes[Elf.EI_CLASS] = Elf.ELFCLASS64;
        bytes[Elf.EI_DATA] = (byte) (order == ByteOrder.LITTLE_ENDIAN ? Elf.ELFDATA2LSB : Elf.ELFDATA2MSB);
        bytes[Elf.EI_VERSION] = Elf.EV_CURRENT;
        h.putShort(16, (short) type);
        h.putShort(18, (short) Elf.EM_BPF);
        h.putInt(20, Elf.EV_CURRENT);
        h.putLong(40, shoff);
        h.putShort(52, (short) Elf.EHDR_SIZE);
        h.putShort(58, (short) Elf.SHDR_SIZE);
        h.putShort(60, (short) (extendedNumbering ? 0 : count));
        h.putShort(62, (short) (xindexShstrndx ? Elf.SHN_XINDEX : all.size()));
        return bytes;
    }

    public static byte[] symbols(ByteOrder order, Sym... syms) {
        ByteBuffer b = ByteBuffer.allocate(syms.length * Elf.SYM_SIZE).order(order);
        for (Sym s : syms) {
            b.putInt(s.name()).put((byte) ((s.bind() << 4) | s.type())).put((byte) s.other())
                    .putShort((short) s.shndx()).putLong(s.value()).putLong(s.size());
        }
        return b.array();
    }

    public static byte[] relocations(ByteOrder order, boolean rela, Rel... rels) {
        ByteBuffer b = ByteBuffer.allocate(rels.length * (rela ? Elf.RELA_SIZE : Elf.REL_SIZE)).order(order);
        for (Rel r : rels) {
            b.putLong(r.offset()).putLong((r.sym() << 32) | (r.type() & 0xffffffffL));
            if (rela) {
                b.putLong(r.addend());
            }
        }
        return b.array();
    }

    public static byte[] words(ByteOrder order, int... words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(order);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }

    /**
     * A small but complete object: .text (16 bytes, executable), .data, .bss (NOBITS), .strtab,
     * .symtab and .rel.text with two relocations; names of symbols live in .strtab, separate from
     * .shstrtab.
     */
    static byte[] smallObject(ByteOrder order) {
        TestElfBuilder b = new TestElfBuilder(order);
        int text = b.add(new Sec(".text", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, 0, 0, 8, 0,
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 0));
        int data = b.add(new Sec(".data", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE, 0, 0, 4, 0,
                new byte[] {42, 0, 0, 0}, 0));
        int bss = b.add(new Sec(".bss", Elf.SHT_NOBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE, 0, 0, 8, 0, null, 64));
        StrTab str = new StrTab();
        int nFunc = str.add("func");
        int nVar = str.add("var");
        int nBuf = str.add("buf");
        int nExt = str.add("ext");
        int strtab = b.add(new Sec(".strtab", Elf.SHT_STRTAB, 0, 0, 0, 1, 0, str.bytes(), 0));
        int symtab = b.add(new Sec(".symtab", Elf.SHT_SYMTAB, 0, strtab, 2, 8, Elf.SYM_SIZE, symbols(order,
                new Sym(0, 0, 0, 0, 0, 0, 0),
                new Sym(0, Elf.STT_SECTION, Elf.STB_LOCAL, 0, text, 0, 0),
                new Sym(nFunc, Elf.STT_FUNC, Elf.STB_GLOBAL, 0, text, 0, 16),
                new Sym(nVar, Elf.STT_OBJECT, Elf.STB_GLOBAL, Elf.STV_HIDDEN, data, 0, 4),
                new Sym(nBuf, Elf.STT_OBJECT, Elf.STB_WEAK, 0, bss, 8, 32),
                new Sym(nExt, Elf.STT_NOTYPE, Elf.STB_GLOBAL, 0, Elf.SHN_UNDEF, 0, 0)), 0));
        b.add(new Sec(".rel.text", Elf.SHT_REL, Elf.SHF_INFO_LINK, symtab, text, 8, Elf.REL_SIZE,
                relocations(order, false, new Rel(0, 3, 1, 0), new Rel(8, 5, 10, 0)), 0));
        return b.build();
    }
}
