package io.ebpf4j.btf.core;

import static io.ebpf4j.btf.core.CoreTypes.Fail;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfType;
import java.util.Arrays;

/**
 * libbpf's {@code struct bpf_core_spec}: a relocation's access, parsed against one BTF. The
 * low-level spec ({@link #raw}) has one entry per access-string element, including steps through
 * anonymous struct/union members; the high-level spec ({@link #acc}) keeps only the meaningful
 * points: the root index, named fields and array indices. Mutable, as the matching algorithm
 * builds target specs speculatively exactly as libbpf does.
 */
final class CoreSpec {
    /** libbpf {@code BPF_CORE_SPEC_MAX_LEN}. */
    static final int MAX_LEN = 64;

    /** libbpf {@code struct bpf_core_accessor}: {@code name} null for an array index (or the root). */
    record Accessor(int typeId, int idx, String name) {}

    final Btf btf;
    final CoreReloKind kind;
    int rootTypeId;
    final Accessor[] acc = new Accessor[MAX_LEN];
    int len;
    final int[] raw = new int[MAX_LEN];
    int rawLen;
    long bitOffset;

    CoreSpec(Btf btf, int rootTypeId, CoreReloKind kind) {
        this.btf = btf;
        this.rootTypeId = rootTypeId;
        this.kind = kind;
    }

    CoreSpec copy() {
        CoreSpec c = new CoreSpec(btf, rootTypeId, kind);
        System.arraycopy(acc, 0, c.acc, 0, MAX_LEN);
        System.arraycopy(raw, 0, c.raw, 0, MAX_LEN);
        c.len = len;
        c.rawLen = rawLen;
        c.bitOffset = bitOffset;
        return c;
    }

    Accessor last() {
        return acc[len - 1];
    }

    int[] rawSpec() {
        return Arrays.copyOf(raw, rawLen);
    }

    /**
     * Parses an access string into raw indices: decimal numbers separated by single colons
     * ({@code "0:1:2"}), as libbpf's {@code bpf_core_parse_spec} reads them with {@code "%d"}.
     * Stricter than {@code sscanf}: no signs or spaces, no values above {@link Integer#MAX_VALUE}.
     */
    static int[] parseAccessString(String s) {
        if (s == null || s.isEmpty()) throw bad("empty access string");
        if (s.charAt(0) == ':') throw bad("access string \"" + s + "\" starts with ':'");
        int[] out = new int[MAX_LEN];
        int n = 0;
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) == ':') i++;
            int start = i;
            long v = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                v = v * 10 + (s.charAt(i) - '0');
                if (v > Integer.MAX_VALUE) throw bad("access string \"" + s + "\": index out of range");
                i++;
            }
            if (i == start) {
                throw bad("access string \"" + s + "\": expected a decimal index at position " + start);
            }
            if (n == MAX_LEN) throw bad("access string \"" + s + "\" has more than " + MAX_LEN + " elements");
            out[n++] = (int) v;
            if (i < s.length() && s.charAt(i) != ':') {
                throw bad("access string \"" + s + "\": unexpected '" + s.charAt(i) + "' at position " + i);
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static Fail bad(String why) {
        return new Fail(CoreException.Reason.BAD_ACCESS_STRING, why);
    }

    /** libbpf {@code is_flex_arr}: a zero-length array that is the last member of its struct. */
    static boolean isFlexArray(Btf btf, Accessor prev, BtfType.Array arr) {
        if (prev == null || prev.name() == null || arr.nelems() != 0) return false;
        BtfType t = CoreTypes.type(btf, prev.typeId());
        return prev.idx() == CoreTypes.vlen(t) - 1;
    }

    /** libbpf {@code bpf_core_parse_spec}: the local spec of a relocation. */
    static CoreSpec parse(Btf btf, int typeId, String accessString, CoreReloKind kind) {
        CoreSpec spec = new CoreSpec(btf, typeId, kind);
        if (accessString == null || accessString.isEmpty() || accessString.charAt(0) == ':') {
            throw bad("access string \"" + accessString + "\" is empty or starts with ':'");
        }
        if (kind.isTypeBased()) {
            if (!accessString.equals("0")) {
                throw bad("type-based relocation " + kind.libbpfName() + " needs access string \"0\", not \"" + accessString + "\"");
            }
            return spec;
        }
        int[] raw = parseAccessString(accessString);
        System.arraycopy(raw, 0, spec.raw, 0, raw.length);
        spec.rawLen = raw.length;

        BtfType t = CoreTypes.skip(btf, typeId);
        int id = t.id();
        int accessIdx = raw[0];
        spec.acc[0] = new Accessor(id, accessIdx, null);
        spec.len = 1;

        if (kind.isEnumValueBased()) {
            if (!(t instanceof BtfType.Enum e)) {
                throw bad("enumerator relocation on " + CoreTypes.describe(t) + ", which is not an enum");
            }
            if (raw.length > 1) throw bad("enumerator access string \"" + accessString + "\" has more than one index");
            if (accessIdx >= e.values().size()) {
                throw bad("enumerator index " + accessIdx + " is out of range: " + CoreTypes.describe(t) + " has "
                        + e.values().size() + " enumerators");
            }
            spec.acc[0] = new Accessor(id, accessIdx, e.values().get(accessIdx).name());
            return spec;
        }
        if (!kind.isFieldBased()) throw bad("relocation kind " + kind + " takes no field access");

        long sz = CoreTypes.resolveSize(btf, id);
        if (sz < 0) throw bad("root type " + CoreTypes.describe(t) + " has no size");
        spec.bitOffset = accessIdx * sz * 8;

        for (int i = 1; i < spec.rawLen; i++) {
            t = CoreTypes.skip(btf, id);
            id = t.id();
            accessIdx = spec.raw[i];
            if (t instanceof BtfType.Struct s) {
                if (accessIdx >= s.members().size()) {
                    throw bad("index " + accessIdx + " (element " + i + ") is out of range: " + CoreTypes.describe(t) + " has "
                            + s.members().size() + " members");
                }
                BtfType.Member m = s.members().get(accessIdx);
                spec.bitOffset += m.bitOffset();
                if (!m.name().isEmpty()) {
                    spec.acc[spec.len++] = new Accessor(id, accessIdx, m.name());
                }
                id = m.type();
            } else if (t instanceof BtfType.Array a) {
                t = CoreTypes.skip(btf, a.elemType());
                id = t.id();
                boolean flex = isFlexArray(btf, spec.acc[spec.len - 1], a);
                if (!flex && Integer.toUnsignedLong(accessIdx) >= Integer.toUnsignedLong(a.nelems())) {
                    throw bad("array index " + accessIdx + " (element " + i + ") is out of range: the array has "
                            + Integer.toUnsignedString(a.nelems()) + " elements");
                }
                spec.acc[spec.len++] = new Accessor(id, accessIdx, null);
                sz = CoreTypes.resolveSize(btf, id);
                if (sz < 0) throw bad("array element type " + CoreTypes.describe(t) + " has no size");
                spec.bitOffset += accessIdx * sz * 8;
            } else {
                throw bad("element " + i + " of \"" + accessString + "\" indexes into " + CoreTypes.describe(t)
                        + " [" + id + "], which is neither a struct/union nor an array");
            }
        }
        return spec;
    }

    /**
     * libbpf {@code bpf_core_format_spec}: {@code <kind> [id] kind name} followed by the C-syntax
     * access and the raw spec with its offset, e.g.
     * {@code <byte_off> [19] struct task_struct.pid (0:92 @ offset 1264)}.
     */
    String format() {
        StringBuilder sb = new StringBuilder();
        BtfType t = CoreTypes.type(btf, rootTypeId);
        sb.append('<').append(kind.libbpfName()).append("> [").append(rootTypeId).append("] ").append(CoreTypes.describe(t));
        if (kind.isTypeBased()) return sb.toString();
        if (kind.isEnumValueBased()) {
            BtfType st = CoreTypes.skip(btf, rootTypeId);
            if (st instanceof BtfType.Enum e && raw[0] >= 0 && raw[0] < e.values().size()) {
                BtfType.EnumValue v = e.values().get(raw[0]);
                String value;
                if (e.is64()) {
                    value = e.signed() ? Long.toString(v.value()) : Long.toUnsignedString(v.value());
                } else {
                    int v32 = (int) v.value();
                    value = e.signed() ? Integer.toString(v32) : Integer.toUnsignedString(v32);
                }
                sb.append("::").append(v.name()).append(" = ").append(value);
            }
            return sb.toString();
        }
        sb.append(path());
        sb.append(" (");
        for (int i = 0; i < rawLen; i++) {
            if (i > 0) sb.append(':');
            sb.append(raw[i]);
        }
        long bits = bitOffset & 0xffffffffL;
        if (bits % 8 != 0) {
            sb.append(" @ offset ").append(bits / 8).append('.').append(bits % 8).append(')');
        } else {
            sb.append(" @ offset ").append(bits / 8).append(')');
        }
        return sb.toString();
    }

    /** The C-syntax view of a field access: {@code .a[3].b}; for enumerators {@code ::NAME}; "" for types. */
    String path() {
        StringBuilder sb = new StringBuilder();
        if (kind.isEnumValueBased()) {
            if (len > 0 && acc[0].name() != null) sb.append("::").append(acc[0].name());
            return sb.toString();
        }
        for (int i = 0; i < len; i++) {
            Accessor a = acc[i];
            if (a.name() != null) {
                sb.append('.').append(a.name());
            } else if (i > 0 || a.idx() > 0) {
                sb.append('[').append(Integer.toUnsignedString(a.idx())).append(']');
            }
        }
        return sb.toString();
    }
}
