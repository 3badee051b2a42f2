package io.ebpf4j.btf;

import io.ebpf4j.elf.ElfFile;
import io.ebpf4j.elf.ElfSection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A BTF type graph: the {@code .BTF} section of an object, a raw BTF blob such as
 * {@code /sys/kernel/btf/vmlinux}, or split BTF over a base (a module's BTF over vmlinux).
 * Format: Documentation/bpf/btf.rst §2 (header, type section, string section).
 *
 * <p>Parsing validates the whole blob in one pass (header, every type's extent, kinds, string
 * offsets, referenced type ids) and records where each type starts; types are decoded into
 * {@link BtfType} records on first access and cached. Instances are immutable and thread-safe.
 */
public final class Btf {
    /** BTF_MAGIC as it reads in the blob's own byte order. */
    public static final int MAGIC = 0xeB9F;
    static final int MIN_HEADER = 24;

    private final String source;
    private final Btf base;
    private final ByteBuffer buf;      // whole blob, in its byte order
    private final byte[] blob;         // buf's array (ByteBuffer.wrap of the parsed bytes, offset 0)
    private final boolean bigEndian;
    private final int typesStart;      // absolute offset of the type section
    private final int stringsStart;    // absolute offset of the string section
    private final int stringsLength;
    private final int firstId;         // 1 for base BTF; base.typeCount() for split BTF
    private final int[] offsets;       // absolute offset of type firstId + i
    private final BtfType[] cache;
    private volatile Map<String, int[]> byName;

    private Btf(String source, Btf base, ByteBuffer buf, int typesStart, int stringsStart, int stringsLength,
                int firstId, int[] offsets) {
        this.source = source;
        this.base = base;
        this.buf = buf;
        this.blob = buf.array();
        this.bigEndian = buf.order() == ByteOrder.BIG_ENDIAN;
        this.typesStart = typesStart;
        this.stringsStart = stringsStart;
        this.stringsLength = stringsLength;
        this.firstId = firstId;
        this.offsets = offsets;
        this.cache = new BtfType[offsets.length];
    }

    // ------------------------------------------------------------------ entry points

    /** Parses a raw BTF blob (byte order from its magic). */
    public static Btf parse(byte[] blob, String source) {
        return parse(blob, source, null);
    }

    /**
     * Parses split BTF whose type ids and strings continue those of {@code base} (null for none).
     * The bytes are copied: the blob is validated once, so later changes to the caller's array
     * must not reach the parsed types.
     */
    public static Btf parse(byte[] blob, String source, Btf base) {
        return BtfParser.parse(blob.clone(), source == null ? "<btf>" : source, base);
    }

    /** The {@code .BTF} section of an ELF object, if it has one. */
    public static Optional<Btf> fromElf(ElfFile elf) {
        Optional<ElfSection> s = elf.section(".BTF");
        return s.map(sec -> BtfParser.parse(sec.data(), elf.name() + ": section .BTF", null)); // data() is a copy
    }

    /** Reads raw BTF or an ELF object with a {@code .BTF} section. */
    public static Btf read(Path path) {
        return read(path, null);
    }

    /** Reads raw split BTF over {@code base}, or an ELF object's {@code .BTF}. */
    public static Btf read(Path path, Btf base) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new BtfException(path + ": cannot read: " + e.getMessage(), e);
        }
        if (bytes.length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F') {
            ElfFile elf = ElfFile.parse(bytes, path.toString());
            ElfSection s = elf.section(".BTF").orElseThrow(() -> new BtfException(path + ": no .BTF section"));
            return BtfParser.parse(s.data(), path + ": section .BTF", base);
        }
        return BtfParser.parse(bytes, path.toString(), base); // our own array: no copy needed
    }

    static Btf create(String source, Btf base, ByteBuffer buf, int typesStart, int stringsStart, int stringsLength,
                      int firstId, int[] offsets) {
        return new Btf(source, base, buf, typesStart, stringsStart, stringsLength, firstId, offsets);
    }

    // ------------------------------------------------------------------ queries

    public String source() {
        return source;
    }

    /** The base BTF of split BTF, or null. */
    public Btf base() {
        return base;
    }

    public ByteOrder byteOrder() {
        return buf.order();
    }

    /** Number of type ids, including void (id 0) and, for split BTF, the base's types. */
    public int typeCount() {
        return firstId + offsets.length;
    }

    /** The first id defined by this blob itself: 1, or the base's {@link #typeCount()} for split BTF. */
    public int firstTypeId() {
        return firstId;
    }

    /** The type with this id (0 is void); ids below {@link #firstTypeId()} come from the base. */
    public BtfType type(int id) {
        if (id == 0) return VOID;
        if (id < firstId) {
            if (base == null) throw new BtfException(source + ": type id " + id + " does not exist");
            return base.type(id);
        }
        int i = id - firstId;
        if (i >= offsets.length) {
            throw new BtfException(source + ": type id " + id + " does not exist (" + typeCount() + " types)");
        }
        BtfType t = cache[i];
        if (t == null) {
            t = BtfParser.decode(this, id, offsets[i]);
            cache[i] = t;
        }
        return t;
    }

    /** The string at {@code offset} of the string section (continuing the base's for split BTF). */
    public String string(int offset) {
        Btf holder = stringHolder(offset);
        int start = holder.stringsStart + offset - holder.stringsBase();
        int end = holder.stringEnd(start);
        return end == start ? "" : new String(holder.blob, start, end - start, StandardCharsets.UTF_8);
    }

    /**
     * The blob (this one or a base) whose string section holds {@code offset}, an offset of the
     * combined string section (a split blob's offsets continue its base's).
     */
    Btf stringHolder(int offset) {
        Btf b = this;
        while (b.base != null) {
            // the base's own string count includes its base's when it is split BTF itself
            if (offset < b.stringsBase()) {
                b = b.base;
            } else {
                break;
            }
        }
        int local = offset - b.stringsBase();
        if (offset < 0 || local >= b.stringsLength) {
            throw new BtfException(source + ": string offset " + offset + " is outside the string section");
        }
        return b;
    }

    /** The combined string offset at which this blob's own string section starts (0 without a base). */
    int stringsBase() {
        return base == null ? 0 : base.stringsLength();
    }

    /** Absolute index in {@link #blob()} of the NUL that ends the string starting at absolute index {@code start}. */
    int stringEnd(int start) {
        int end = start;
        int limit = stringsStart + stringsLength; // the parser checked that the section ends with NUL
        byte[] b = blob;
        while (end < limit && b[end] != 0) end++;
        return end;
    }

    /** Absolute index in {@link #blob()} where this blob's string section starts. */
    int stringsStart() {
        return stringsStart;
    }

    /** Total length of the string section, including the base's for split BTF. */
    public int stringsLength() {
        return stringsLength + (base == null ? 0 : base.stringsLength());
    }

    /** Ids of every type with this name, in id order (including the base's). */
    public List<Integer> typeIdsByName(String name) {
        Map<String, int[]> index = byName;
        if (index == null) {
            index = buildNameIndex();
            byName = index;
        }
        List<Integer> out = new ArrayList<>();
        if (base != null) out.addAll(base.typeIdsByName(name));
        int[] ids = index.get(name);
        if (ids != null) for (int id : ids) out.add(id);
        return out;
    }

    private Map<String, int[]> buildNameIndex() {
        Map<String, int[]> m = new HashMap<>();
        for (int i = 0; i < offsets.length; i++) {
            int nameOff = word(offsets[i]);
            if (nameOff == 0) continue;
            String n = string(nameOff);
            int[] prev = m.get(n);
            int id = firstId + i;
            if (prev == null) {
                m.put(n, new int[] {id});
            } else {
                int[] next = Arrays.copyOf(prev, prev.length + 1);
                next[prev.length] = id;
                m.put(n, next);
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ type helpers

    /** Follows typedefs and qualifiers (const, volatile, restrict, type tags) to the underlying type. */
    public BtfType skipModsAndTypedefs(int id) {
        BtfType t = type(id);
        for (int depth = 0; depth < 64; depth++) {
            switch (t) {
                case BtfType.Typedef td -> t = type(td.type());
                case BtfType.Qualifier q -> t = type(q.type());
                default -> {
                    return t;
                }
            }
        }
        throw new BtfException(source + ": type " + id + ": typedef/qualifier chain is too long or cyclic");
    }

    /**
     * Size in bytes of a value of type {@code id}, as libbpf's {@code btf__resolve_size} computes
     * it: through typedefs, qualifiers and variables, arrays multiply; pointers are 8 bytes.
     */
    public long sizeOf(int id) {
        long mult = 1;
        BtfType t = type(id);
        for (int depth = 0; depth < 64; depth++) {
            switch (t) {
                case BtfType.Int i -> { return mult * i.size(); }
                case BtfType.FloatType f -> { return mult * f.size(); }
                case BtfType.Struct s -> { return mult * s.size(); }
                case BtfType.Enum e -> { return mult * e.size(); }
                case BtfType.DataSec d -> { return mult * d.size(); }
                case BtfType.Ptr p -> { return mult * 8; }
                case BtfType.Typedef td -> t = type(td.type());
                case BtfType.Qualifier q -> t = type(q.type());
                case BtfType.Var v -> t = type(v.type());
                case BtfType.Array a -> {
                    mult *= Integer.toUnsignedLong(a.nelems());
                    t = type(a.elemType());
                }
                default -> throw new BtfException(source + ": type " + id + " (" + t.kind() + ") has no size");
            }
        }
        throw new BtfException(source + ": type " + id + ": chain too long or cyclic while computing its size");
    }

    // package-private access for the parser
    ByteBuffer buffer() {
        return buf;
    }

    int typesStart() {
        return typesStart;
    }

    /** The u32 at absolute offset {@code p} of the blob, in its byte order (see {@link BtfParser#word}). */
    int word(int p) {
        return BtfParser.word(blob, bigEndian, p);
    }

    /** The raw blob behind {@link #buffer()}; offsets into it are absolute. */
    byte[] blob() {
        return blob;
    }

    /** Absolute offset in {@link #buffer()} of the raw record of type {@code id}, an id this blob defines. */
    int typeOffset(int id) {
        return offsets[id - firstId];
    }

    static final BtfType VOID = new BtfType.Void();

    @Override
    public String toString() {
        return "Btf[" + source + ", " + typeCount() + " types" + (base != null ? ", split over " + base.source : "") + "]";
    }
}
