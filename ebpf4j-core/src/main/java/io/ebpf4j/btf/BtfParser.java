package io.ebpf4j.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the BTF wire format (Documentation/bpf/btf.rst §2): a header, a type section of
 * {@code struct btf_type} records each followed by kind-specific data, and a string section.
 * Validation follows the kernel's {@code btf_parse} checks where they concern structure:
 * offsets inside the blob, known kinds, names inside the string section, referenced ids that exist.
 */
final class BtfParser {
    private BtfParser() {}

    private static final int TYPE_HEADER = 12;
    private static final int MAX_VLEN = 0xffff;

    static Btf parse(byte[] blob, String source, Btf base) {
        if (blob.length < Btf.MIN_HEADER) {
            throw new BtfException(source + ": " + blob.length + " bytes is too short for a BTF header (24 bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int magic = buf.getShort(0) & 0xffff;
        if (magic != Btf.MAGIC) {
            if (Short.reverseBytes((short) magic) == (short) Btf.MAGIC) {
                buf.order(ByteOrder.BIG_ENDIAN);
            } else {
                throw new BtfException(String.format("%s: bad BTF magic 0x%04x (expected 0xeb9f)", source, magic));
            }
        }
        int version = blob[2] & 0xff;
        if (version != 1) throw new BtfException(source + ": unsupported BTF version " + version);
        long hdrLen = Integer.toUnsignedLong(buf.getInt(4));
        long typeOff = Integer.toUnsignedLong(buf.getInt(8));
        long typeLen = Integer.toUnsignedLong(buf.getInt(12));
        long strOff = Integer.toUnsignedLong(buf.getInt(16));
        long strLen = Integer.toUnsignedLong(buf.getInt(20));
        if (hdrLen < Btf.MIN_HEADER || hdrLen > blob.length) {
            throw new BtfException(source + ": BTF header length " + hdrLen + " is invalid for a " + blob.length + "-byte blob");
        }
        // Newer headers are longer (e.g. a kind-layout section); the fields we do not know must
        // describe data inside the blob, which the kernel also checks (btf_check_sec_info).
        long dataLen = blob.length - hdrLen;
        if (typeOff % 4 != 0) throw new BtfException(source + ": type section offset " + typeOff + " is not 4-byte aligned");
        if (typeOff + typeLen > dataLen) {
            throw new BtfException(source + ": type section [" + typeOff + ", +" + typeLen + ") is past the end of the data (" + dataLen + " bytes)");
        }
        if (strOff + strLen > dataLen) {
            throw new BtfException(source + ": string section [" + strOff + ", +" + strLen + ") is past the end of the data (" + dataLen + " bytes)");
        }
        // empty sections overlap nothing: libbpf's btf__new_empty() writes type_off = str_off = 0, type_len 0
        if (typeLen > 0 && strLen > 0 && typeOff < strOff + strLen && strOff < typeOff + typeLen) {
            throw new BtfException(source + ": type and string sections overlap");
        }
        int typesStart = (int) (hdrLen + typeOff);
        int stringsStart = (int) (hdrLen + strOff);
        int stringsLen = (int) strLen;
        if (base == null) {
            // btf.rst §2.1: the string section starts with a NUL (offset 0 is the empty name)
            if (stringsLen == 0 || blob[stringsStart] != 0) {
                throw new BtfException(source + ": the string section must start with an empty string (split BTF needs its base BTF)");
            }
        }
        if (stringsLen > 0 && blob[stringsStart + stringsLen - 1] != 0) {
            throw new BtfException(source + ": the string section does not end with NUL");
        }
        if (base != null && base.byteOrder() != buf.order()) {
            throw new BtfException(source + ": split BTF byte order differs from its base's");
        }
        int firstId = base == null ? 1 : base.typeCount();
        int[] offsets = walk(blob, buf.order() == ByteOrder.BIG_ENDIAN, source, typesStart, (int) typeLen);
        Btf btf = Btf.create(source, base, buf, typesStart, stringsStart, stringsLen, firstId, offsets);
        checkReferences(btf, offsets, firstId);
        return btf;
    }

    /** One pass over the type section: each type's start, its kind known and its data inside the section. */
    private static int[] walk(byte[] blob, boolean bigEndian, String source, int start, int length) {
        int end = start + length;
        int[] offsets = new int[Math.max(16, length / 16)];
        int n = 0;
        int p = start;
        while (p < end) {
            if (end - p < TYPE_HEADER) {
                throw new BtfException(source + ": type " + (n + 1) + " at offset " + (p - start) + " is truncated");
            }
            int info = word(blob, bigEndian, p + 4);
            int kindNo = (info >>> 24) & 0x1f;
            int vlen = info & MAX_VLEN;
            BtfKind kind = BtfKind.of(kindNo);
            if (kind == null || kind == BtfKind.UNKN) {
                throw new BtfException(source + ": type " + (n + 1) + ": unknown BTF kind " + kindNo);
            }
            long size = TYPE_HEADER + extraSize(kind, vlen);
            if (p + size > end) {
                throw new BtfException(source + ": type " + (n + 1) + " (" + kind + ", vlen " + vlen + ") runs past the end of the type section");
            }
            if (n == offsets.length) offsets = java.util.Arrays.copyOf(offsets, n * 2);
            offsets[n++] = p;
            p += (int) size;
        }
        return java.util.Arrays.copyOf(offsets, n);
    }

    /**
     * The u32 at {@code p} in the blob's byte order. Plain array reads rather than
     * {@code ByteBuffer.getInt}: as fast once compiled, and several times faster while the JIT has
     * not yet inlined the buffer's access chain, which is most of a one-shot CLI run.
     */
    static int word(byte[] b, boolean bigEndian, int p) {
        return bigEndian
                ? (b[p] << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff)
                : (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8) | ((b[p + 2] & 0xff) << 16) | (b[p + 3] << 24);
    }

    /** Bytes of kind-specific data after {@code struct btf_type} (btf.rst §2.2). */
    private static long extraSize(BtfKind kind, int vlen) {
        return switch (kind) {
            case INT, VAR, DECL_TAG -> 4;
            case ARRAY -> 12;
            case STRUCT, UNION, ENUM64, DATASEC -> 12L * vlen;
            case ENUM, FUNC_PROTO -> 8L * vlen;
            default -> 0;
        };
    }

    /**
     * Every name offset inside the string section, every referenced type id defined. The checks
     * are plain comparisons; the message (which names the member, parameter or enumerator) is only
     * built for a failure: building it for each of vmlinux's ~600,000 members and parameters made
     * a cold parse (a CLI run) more than twice as slow.
     */
    private static void checkReferences(Btf btf, int[] offsets, int firstId) {
        int count = btf.typeCount();
        int strTotal = btf.stringsLength();
        for (int i = 0; i < offsets.length; i++) {
            int p = offsets[i];
            int id = firstId + i;
            int info = btf.word(p + 4);
            BtfKind kind = BtfKind.of((info >>> 24) & 0x1f);
            int vlen = info & MAX_VLEN;
            checkName(btf, id, btf.word(p), strTotal, "name", -1);
            int sizeOrType = btf.word(p + 8);
            int q = p + TYPE_HEADER;
            switch (kind) {
                case PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, VAR, DECL_TAG, TYPE_TAG, FUNC_PROTO ->
                        checkType(btf, id, sizeOrType, count, "type", -1);
                default -> { }
            }
            switch (kind) {
                case ARRAY -> {
                    checkType(btf, id, btf.word(q), count, "element type", -1);
                    checkType(btf, id, btf.word(q + 4), count, "index type", -1);
                }
                case STRUCT, UNION -> {
                    for (int k = 0; k < vlen; k++, q += 12) {
                        checkName(btf, id, btf.word(q), strTotal, "member # name", k);
                        checkType(btf, id, btf.word(q + 4), count, "member # type", k);
                    }
                }
                case ENUM, ENUM64 -> {
                    int step = kind == BtfKind.ENUM ? 8 : 12;
                    for (int k = 0; k < vlen; k++, q += step) checkName(btf, id, btf.word(q), strTotal, "enumerator # name", k);
                }
                case FUNC_PROTO -> {
                    for (int k = 0; k < vlen; k++, q += 8) {
                        checkName(btf, id, btf.word(q), strTotal, "parameter # name", k);
                        checkType(btf, id, btf.word(q + 4), count, "parameter # type", k);
                    }
                }
                case DATASEC -> {
                    for (int k = 0; k < vlen; k++, q += 12) checkType(btf, id, btf.word(q), count, "variable #", k);
                }
                default -> { }
            }
        }
    }

    /** {@code what} names the field; a '#' in it stands for {@code index}, the member's or parameter's. */
    private static void checkName(Btf btf, int id, int off, int strTotal, String what, int index) {
        if (off < 0 || off >= strTotal) {
            throw new BtfException(btf.source() + ": type " + id + ": " + what.replace("#", Integer.toString(index))
                    + " offset " + Integer.toUnsignedString(off) + " is outside the string section (" + strTotal + " bytes)");
        }
    }

    private static void checkType(Btf btf, int id, int ref, int count, String what, int index) {
        if (ref < 0 || ref >= count) {
            throw new BtfException(btf.source() + ": type " + id + ": " + what.replace("#", Integer.toString(index))
                    + " refers to type " + Integer.toUnsignedString(ref) + ", which does not exist (" + count + " types)");
        }
    }

    /** Decodes the type {@code id} that starts at absolute offset {@code p} (already validated). */
    static BtfType decode(Btf btf, int id, int p) {
        String name = btf.string(btf.word(p));
        int info = btf.word(p + 4);
        BtfKind kind = BtfKind.of((info >>> 24) & 0x1f);
        int vlen = info & MAX_VLEN;
        boolean kindFlag = (info >>> 31) != 0;
        int sizeOrType = btf.word(p + 8);
        int q = p + TYPE_HEADER;
        return switch (kind) {
            case INT -> {
                int data = btf.word(q);
                yield new BtfType.Int(id, name, sizeOrType, (data >>> 24) & 0x0f, (data >>> 16) & 0xff, data & 0xff);
            }
            case PTR -> new BtfType.Ptr(id, name, sizeOrType);
            case ARRAY -> new BtfType.Array(id, name, btf.word(q), btf.word(q + 4), btf.word(q + 8));
            case STRUCT, UNION -> {
                List<BtfType.Member> members = new ArrayList<>(vlen);
                for (int k = 0; k < vlen; k++, q += 12) {
                    int off = btf.word(q + 8);
                    // btf.rst §2.2.4: with kind_flag, offset holds bitfield_size << 24 | bit_offset
                    int bitOffset = kindFlag ? off & 0xffffff : off;
                    int bitfieldSize = kindFlag ? off >>> 24 : 0;
                    members.add(new BtfType.Member(btf.string(btf.word(q)), btf.word(q + 4), bitOffset, bitfieldSize));
                }
                yield new BtfType.Struct(id, name, kind == BtfKind.UNION, sizeOrType, kindFlag, List.copyOf(members));
            }
            case ENUM -> {
                List<BtfType.EnumValue> values = new ArrayList<>(vlen);
                for (int k = 0; k < vlen; k++, q += 8) {
                    int v = btf.word(q + 4);
                    values.add(new BtfType.EnumValue(btf.string(btf.word(q)), kindFlag ? v : Integer.toUnsignedLong(v)));
                }
                yield new BtfType.Enum(id, name, false, sizeOrType, kindFlag, List.copyOf(values));
            }
            case ENUM64 -> {
                List<BtfType.EnumValue> values = new ArrayList<>(vlen);
                for (int k = 0; k < vlen; k++, q += 12) {
                    long v = Integer.toUnsignedLong(btf.word(q + 4)) | ((long) btf.word(q + 8) << 32);
                    values.add(new BtfType.EnumValue(btf.string(btf.word(q)), v));
                }
                yield new BtfType.Enum(id, name, true, sizeOrType, kindFlag, List.copyOf(values));
            }
            case FWD -> new BtfType.Fwd(id, name, kindFlag);
            case TYPEDEF -> new BtfType.Typedef(id, name, sizeOrType);
            case VOLATILE, CONST, RESTRICT, TYPE_TAG -> new BtfType.Qualifier(id, name, kind, sizeOrType);
            case FUNC -> new BtfType.Func(id, name, sizeOrType, vlen);
            case FUNC_PROTO -> {
                List<BtfType.Param> params = new ArrayList<>(vlen);
                for (int k = 0; k < vlen; k++, q += 8) {
                    params.add(new BtfType.Param(btf.string(btf.word(q)), btf.word(q + 4)));
                }
                yield new BtfType.FuncProto(id, name, sizeOrType, List.copyOf(params));
            }
            case VAR -> new BtfType.Var(id, name, sizeOrType, btf.word(q));
            case DATASEC -> {
                List<BtfType.VarSecInfo> vars = new ArrayList<>(vlen);
                for (int k = 0; k < vlen; k++, q += 12) {
                    vars.add(new BtfType.VarSecInfo(btf.word(q), btf.word(q + 4), btf.word(q + 8)));
                }
                yield new BtfType.DataSec(id, name, sizeOrType, List.copyOf(vars));
            }
            case FLOAT -> new BtfType.FloatType(id, name, sizeOrType);
            case DECL_TAG -> new BtfType.DeclTag(id, name, sizeOrType, btf.word(q), kindFlag);
            case UNKN -> throw new BtfException(btf.source() + ": type " + id + ": unknown kind"); // rejected by walk
        };
    }
}
