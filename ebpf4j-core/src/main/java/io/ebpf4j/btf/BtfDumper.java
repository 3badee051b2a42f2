package io.ebpf4j.btf;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Prints BTF types in the text format of {@code bpftool btf dump file FILE} (the default
 * {@code format raw}): one line per type, {@code [id] KIND 'name'} followed by the kind's fields,
 * and one tab-indented line per member, enumerator, parameter or section variable.
 *
 * <pre>
 * [1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED
 * [2] STRUCT 'sk' size=8 vlen=2
 * 	'a' type_id=1 bits_offset=0
 * 	'(anon)' type_id=1 bits_offset=32 bitfield_size=3
 * </pre>
 *
 * <p>The format is a fact about bpftool v7.1 (libbpf 1.1), established by running it on every
 * fixture and on a hand-made blob that exercises each field (see
 * {@code scripts/regen-btf-expected.sh} and the expected outputs under {@code btf-expected/} of the
 * tests), not taken from its code. It is a view of the wire format, so this class reads the raw
 * records (Documentation/bpf/btf.rst §2.2) rather than the decoded {@link BtfType}s: a name offset
 * of 0 prints {@code '(anon)'} while a non-zero offset of an empty string prints {@code ''}, enum
 * values print signed only when kind_flag is set, FUNC linkage is the raw vlen, and numbers are
 * the unsigned 32-bit fields except DECL_TAG's component_idx and signed enumerators. For split BTF
 * only the types the split blob defines are printed, with ids continuing the base's, as
 * {@code bpftool btf dump file F --base-btf BASE} does.
 *
 * <p>Types are printed from their own record only (a section variable adds the kind and name of
 * the type it refers to), so reference cycles cannot make the dump loop. The text is produced as
 * bytes, names copied from the string section as they are, which is what {@link #dump(Btf,
 * OutputStream)} writes (byte for byte what bpftool prints); the {@code String} and
 * {@link Appendable} forms decode it as UTF-8, which differs only for names that are not UTF-8.
 */
public final class BtfDumper {
    private BtfDumper() {}

    /** Kind names as bpftool prints them, indexed by kind number (btf.rst §2.2 lists the kinds). */
    private static final byte[][] KIND_NAMES = ascii(
        "UNKNOWN", "INT", "PTR", "ARRAY", "STRUCT", "UNION", "ENUM", "FWD", "TYPEDEF", "VOLATILE",
        "CONST", "RESTRICT", "FUNC", "FUNC_PROTO", "VAR", "DATASEC", "FLOAT", "DECL_TAG", "TYPE_TAG", "ENUM64");

    /** BTF_INT_ENCODING values 0, SIGNED (1), CHAR (2), BOOL (4); anything else prints UNKN. */
    private static final byte[][] INT_ENCODINGS = ascii("(none)", "SIGNED", "CHAR", "UNKN", "BOOL");

    /** btf_func_linkage (FUNC's vlen) and the VAR linkage: static, global, extern (btf.rst §2.2.12, §2.2.14). */
    private static final byte[][] LINKAGES = ascii("static", "global", "extern", "(unknown)");

    private static final byte[] ANON = ascii("(anon)")[0];
    private static final byte[] SIGNED = ascii("SIGNED")[0];
    private static final byte[] UNSIGNED = ascii("UNSIGNED")[0];

    /** Bytes collected before they are handed to the output. */
    private static final int CHUNK = 1 << 16;

    // ------------------------------------------------------------------ API

    /** The whole dump as one string (each line ends with {@code '\n'}). */
    public static String dump(Btf btf) {
        StringBuilder sb = new StringBuilder(Math.max(64, (btf.typeCount() - btf.firstTypeId()) * 48));
        try {
            dump(btf, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return sb.toString();
    }

    /**
     * Writes the dump to {@code out} as text, in chunks of about 64 KB, each ending at a line end;
     * the caller flushes and closes {@code out}.
     */
    public static void dump(Btf btf, Appendable out) throws IOException {
        Text t = new Text(CHUNK + 4096);
        for (int id = btf.firstTypeId(); id < btf.typeCount(); id++) {
            appendType(btf, id, t);
            if (t.pos >= CHUNK) t.drainTo(out);
        }
        t.drainTo(out);
    }

    /**
     * Writes the dump to {@code out} as bytes, exactly as bpftool writes them (names are copied
     * from the string section unchanged), in chunks of about 64 KB; the caller flushes and closes
     * {@code out}.
     */
    public static void dump(Btf btf, OutputStream out) throws IOException {
        Text t = new Text(CHUNK + 4096);
        for (int id = btf.firstTypeId(); id < btf.typeCount(); id++) {
            appendType(btf, id, t);
            if (t.pos >= CHUNK) t.drainTo(out);
        }
        t.drainTo(out);
    }

    /** One type's lines (each ending with {@code '\n'}); {@code id} may also be one of the base's ids. */
    public static String dumpType(Btf btf, int id) {
        Text t = new Text(256);
        appendType(btf, id, t);
        return t.toString();
    }

    // ------------------------------------------------------------------ one type

    private static void appendType(Btf btf, int id, Text t) {
        if (id <= 0 || id >= btf.typeCount()) {
            throw new BtfException(btf.source() + ": type id " + id + " does not exist (" + btf.typeCount() + " types)");
        }
        Btf owner = btf;
        while (id < owner.firstTypeId()) owner = owner.base();
        Btf b = owner;
        int p = owner.typeOffset(id);
        int info = b.word(p + 4);
        int kind = (info >>> 24) & 0x1f;
        int vlen = info & 0xffff;
        boolean kindFlag = info < 0;
        int sizeOrType = b.word(p + 8);
        int q = p + 12; // kind-specific data follows struct btf_type
        t.put('[').num(id).put(']').put(' ').put(kindName(kind)).put(' ');
        name(owner, b.word(p), t);
        switch (kind) {
            case 1 -> { // INT: u32 encoding << 24 | offset << 16 | bits (btf.rst §2.2.1)
                int data = b.word(q);
                int encoding = (data >>> 24) & 0x0f;
                t.put(" size=").u32(sizeOrType)
                        .put(" bits_offset=").num((data >>> 16) & 0xff)
                        .put(" nr_bits=").num(data & 0xff)
                        .put(" encoding=").put(INT_ENCODINGS[encoding <= 4 ? encoding : 3]);
            }
            case 2, 8, 9, 10, 11, 18 -> t.put(" type_id=").u32(sizeOrType); // PTR, TYPEDEF, qualifiers, TYPE_TAG
            case 3 -> t.put(" type_id=").u32(b.word(q))
                    .put(" index_type_id=").u32(b.word(q + 4))
                    .put(" nr_elems=").u32(b.word(q + 8));
            case 4, 5 -> { // STRUCT, UNION (btf.rst §2.2.4): with kind_flag, offset = bitfield_size << 24 | bit_offset
                t.put(" size=").u32(sizeOrType).put(" vlen=").num(vlen);
                for (int k = 0; k < vlen; k++, q += 12) {
                    int off = b.word(q + 8);
                    t.put('\n').put('\t');
                    name(owner, b.word(q), t);
                    t.put(" type_id=").u32(b.word(q + 4));
                    if (kindFlag) {
                        t.put(" bits_offset=").num(off & 0xffffff);
                        if ((off >>> 24) != 0) t.put(" bitfield_size=").num(off >>> 24);
                    } else {
                        t.put(" bits_offset=").u32(off);
                    }
                }
            }
            case 6 -> { // ENUM: kind_flag means signed values
                t.put(" encoding=").put(kindFlag ? SIGNED : UNSIGNED).put(" size=").u32(sizeOrType).put(" vlen=").num(vlen);
                for (int k = 0; k < vlen; k++, q += 8) {
                    int v = b.word(q + 4);
                    t.put('\n').put('\t');
                    name(owner, b.word(q), t);
                    t.put(" val=");
                    if (kindFlag) t.num(v);
                    else t.u32(v);
                }
            }
            case 19 -> { // ENUM64: val_lo32, val_hi32; values carry an LL / ULL suffix
                t.put(" encoding=").put(kindFlag ? SIGNED : UNSIGNED).put(" size=").u32(sizeOrType).put(" vlen=").num(vlen);
                for (int k = 0; k < vlen; k++, q += 12) {
                    long v = Integer.toUnsignedLong(b.word(q + 4)) | ((long) b.word(q + 8) << 32);
                    t.put('\n').put('\t');
                    name(owner, b.word(q), t);
                    t.put(" val=");
                    if (kindFlag) t.num(v).put("LL");
                    else t.u64(v).put("ULL");
                }
            }
            case 7 -> t.put(" fwd_kind=").put(kindFlag ? "union" : "struct");
            case 12 -> t.put(" type_id=").u32(sizeOrType).put(" linkage=").put(LINKAGES[Math.min(vlen, 3)]);
            case 13 -> { // FUNC_PROTO: type is the return type
                t.put(" ret_type_id=").u32(sizeOrType).put(" vlen=").num(vlen);
                for (int k = 0; k < vlen; k++, q += 8) {
                    t.put('\n').put('\t');
                    name(owner, b.word(q), t);
                    t.put(" type_id=").u32(b.word(q + 4));
                }
            }
            case 14 -> { // VAR: bpftool prints a comma before linkage here, and only here
                int linkage = b.word(q);
                t.put(" type_id=").u32(sizeOrType).put(", linkage=").put(LINKAGES[linkage >= 0 && linkage < 3 ? linkage : 3]);
            }
            case 15 -> { // DATASEC: each btf_var_secinfo, then the kind and name of the type it refers to
                t.put(" size=").u32(sizeOrType).put(" vlen=").num(vlen);
                for (int k = 0; k < vlen; k++, q += 12) {
                    int type = b.word(q);
                    t.put("\n\ttype_id=").u32(type)
                            .put(" offset=").u32(b.word(q + 4))
                            .put(" size=").u32(b.word(q + 8));
                    if (type >= 0 && type < btf.typeCount()) {
                        t.put(' ').put('(');
                        kindAndName(btf, type, t);
                        t.put(')');
                    }
                }
            }
            case 16 -> t.put(" size=").u32(sizeOrType);
            case 17 -> t.put(" type_id=").u32(sizeOrType).put(" component_idx=").num(b.word(q));
            default -> { } // kinds the parser rejects
        }
        t.put('\n');
    }

    /** {@code KIND 'name'} of a referenced type; void (id 0) is kind 0 without a name. */
    private static void kindAndName(Btf btf, int id, Text t) {
        if (id == 0) {
            t.put(KIND_NAMES[0]).put(' ').put('\'').put(ANON).put('\'');
            return;
        }
        Btf owner = btf;
        while (id < owner.firstTypeId()) owner = owner.base();
        int p = owner.typeOffset(id);
        t.put(kindName((owner.word(p + 4) >>> 24) & 0x1f)).put(' ');
        name(owner, owner.word(p), t);
    }

    /** {@code 'name'}: a zero offset is anonymous, any other offset is the string there, even "". */
    private static void name(Btf btf, int nameOff, Text t) {
        t.put('\'');
        if (nameOff == 0) {
            t.put(ANON);
        } else {
            Btf holder = btf.stringHolder(nameOff);
            int start = holder.stringsStart() + nameOff - holder.stringsBase();
            t.put(holder.blob(), start, holder.stringEnd(start));
        }
        t.put('\'');
    }

    private static byte[] kindName(int kind) {
        return kind < KIND_NAMES.length ? KIND_NAMES[kind] : KIND_NAMES[0];
    }

    private static byte[][] ascii(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) out[i] = s[i].getBytes(StandardCharsets.US_ASCII);
        return out;
    }

    // ------------------------------------------------------------------ the output buffer

    /** A growable byte buffer of ASCII text and raw name bytes, with decimal number formatting. */
    private static final class Text {
        byte[] buf;
        int pos;

        Text(int capacity) {
            buf = new byte[capacity];
        }

        private void room(int n) {
            if (pos + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }

        Text put(char c) { // ASCII only
            room(1);
            buf[pos++] = (byte) c;
            return this;
        }

        Text put(byte[] s) {
            room(s.length);
            System.arraycopy(s, 0, buf, pos, s.length);
            pos += s.length;
            return this;
        }

        Text put(byte[] src, int from, int to) {
            int n = to - from;
            room(n);
            System.arraycopy(src, from, buf, pos, n);
            pos += n;
            return this;
        }

        Text put(String ascii) {
            int n = ascii.length();
            room(n);
            for (int i = 0; i < n; i++) buf[pos + i] = (byte) ascii.charAt(i);
            pos += n;
            return this;
        }

        Text u32(int v) {
            return num(Integer.toUnsignedLong(v));
        }

        Text u64(long v) {
            return v >= 0 ? num(v) : put(Long.toUnsignedString(v));
        }

        Text num(long v) {
            room(20);
            if (v < 0) {
                if (v == Long.MIN_VALUE) return put("-9223372036854775808");
                buf[pos++] = '-';
                v = -v;
            }
            int digits = 1;
            for (long x = v; x >= 10; x /= 10) digits++;
            int end = pos + digits;
            for (int i = end - 1; i >= pos; i--) {
                buf[i] = (byte) ('0' + (int) (v % 10));
                v /= 10;
            }
            pos = end;
            return this;
        }

        void drainTo(OutputStream out) throws IOException {
            out.write(buf, 0, pos);
            pos = 0;
        }

        private char[] chars;

        /**
         * Chunks end at a line end, so no UTF-8 sequence of a name is split between two of them.
         * ASCII (all of the text but unusual names) is widened in one pass straight into the
         * writer's chars; a chunk with other bytes is decoded as UTF-8.
         */
        void drainTo(Appendable out) throws IOException {
            if (pos == 0) return;
            if (out instanceof Writer w) {
                if (chars == null || chars.length < pos) chars = new char[buf.length];
                char[] c = chars;
                byte[] b = buf;
                int n = pos;
                int i = 0;
                while (i < n && b[i] >= 0) {
                    c[i] = (char) b[i];
                    i++;
                }
                if (i == n) w.write(c, 0, n);
                else w.write(new String(b, 0, n, StandardCharsets.UTF_8));
            } else {
                out.append(new String(buf, 0, pos, StandardCharsets.UTF_8));
            }
            pos = 0;
        }

        @Override
        public String toString() {
            return new String(buf, 0, pos, StandardCharsets.UTF_8);
        }
    }
}
