package io.ebpf4j.btf.core;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfKind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes raw BTF blobs for tests (format: Documentation/bpf/btf.rst §2). Type ids are assigned in
 * call order, starting at 1, or after the base's types for split BTF.
 */
final class BtfBuilder {
    private final Btf base;
    private final ByteOrder order;
    private final List<int[]> types = new ArrayList<>();
    private final Map<String, Integer> strings = new LinkedHashMap<>();
    private final ByteArrayOutputStream strBytes = new ByteArrayOutputStream();
    private final int strBase;

    /** A struct/union member: {@code bits} 0 for a plain member. */
    record M(String name, int type, int bitOffset, int bits) {}

    static M m(String name, int type, int bitOffset) {
        return new M(name, type, bitOffset, 0);
    }

    static M bf(String name, int type, int bitOffset, int bits) {
        return new M(name, type, bitOffset, bits);
    }

    BtfBuilder() {
        this(ByteOrder.LITTLE_ENDIAN);
    }

    BtfBuilder(ByteOrder order) {
        this(null, order);
    }

    /** Split BTF over {@code base}: ids and string offsets continue the base's. */
    BtfBuilder(Btf base, ByteOrder order) {
        this.base = base;
        this.order = order;
        this.strBase = base == null ? 0 : base.stringsLength();
        if (base == null) str0();
        else strBytes.writeBytes(new byte[] {0}); // split string sections also start with ""
    }

    private void str0() {
        strBytes.write(0);
        strings.put("", 0);
    }

    private int str(String s) {
        if (s == null || s.isEmpty()) return 0;
        Integer off = strings.get(s);
        if (off != null) return off;
        int o = strBase + strBytes.size();
        strBytes.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        strBytes.write(0);
        strings.put(s, o);
        return o;
    }

    /** The id the next type will get. */
    int nextId() {
        return (base == null ? 1 : base.typeCount()) + types.size();
    }

    private int add(int... words) {
        types.add(words);
        return nextId() - 1;
    }

    private static int info(BtfKind kind, int vlen, boolean kflag) {
        return (kflag ? 1 << 31 : 0) | kind.number() << 24 | vlen;
    }

    int intType(String name, int size, boolean signed) {
        return add(str(name), info(BtfKind.INT, 0, false), size, (signed ? 1 : 0) << 24 | size * 8);
    }

    int intType(String name, int size, int encoding, int bitOffset, int bits) {
        return add(str(name), info(BtfKind.INT, 0, false), size, encoding << 24 | bitOffset << 16 | bits);
    }

    int floatType(String name, int size) {
        return add(str(name), info(BtfKind.FLOAT, 0, false), size);
    }

    int ptr(int type) {
        return add(0, info(BtfKind.PTR, 0, false), type);
    }

    int array(int elem, int indexType, int nelems) {
        return add(0, info(BtfKind.ARRAY, 0, false), 0, elem, indexType, nelems);
    }

    int struct(String name, int size, M... members) {
        return composite(BtfKind.STRUCT, name, size, members);
    }

    int union(String name, int size, M... members) {
        return composite(BtfKind.UNION, name, size, members);
    }

    private int composite(BtfKind kind, String name, int size, M... members) {
        boolean kflag = false;
        for (M m : members) kflag |= m.bits() != 0;
        int[] w = new int[3 + 3 * members.length];
        w[0] = str(name);
        w[1] = info(kind, members.length, kflag);
        w[2] = size;
        for (int i = 0; i < members.length; i++) {
            M m = members[i];
            w[3 + 3 * i] = str(m.name());
            w[4 + 3 * i] = m.type();
            w[5 + 3 * i] = kflag ? m.bits() << 24 | m.bitOffset() : m.bitOffset();
        }
        return add(w);
    }

    int enumType(String name, int size, boolean signed, Object... nameValuePairs) {
        int n = nameValuePairs.length / 2;
        int[] w = new int[3 + 2 * n];
        w[0] = str(name);
        w[1] = info(BtfKind.ENUM, n, signed);
        w[2] = size;
        for (int i = 0; i < n; i++) {
            w[3 + 2 * i] = str((String) nameValuePairs[2 * i]);
            w[4 + 2 * i] = ((Number) nameValuePairs[2 * i + 1]).intValue();
        }
        return add(w);
    }

    int enum64(String name, int size, boolean signed, Object... nameValuePairs) {
        int n = nameValuePairs.length / 2;
        int[] w = new int[3 + 3 * n];
        w[0] = str(name);
        w[1] = info(BtfKind.ENUM64, n, signed);
        w[2] = size;
        for (int i = 0; i < n; i++) {
            long v = ((Number) nameValuePairs[2 * i + 1]).longValue();
            w[3 + 3 * i] = str((String) nameValuePairs[2 * i]);
            w[4 + 3 * i] = (int) v;
            w[5 + 3 * i] = (int) (v >>> 32);
        }
        return add(w);
    }

    int fwd(String name, boolean union) {
        return add(str(name), info(BtfKind.FWD, 0, union), 0);
    }

    int typedef(String name, int type) {
        return add(str(name), info(BtfKind.TYPEDEF, 0, false), type);
    }

    int qualifier(BtfKind kind, int type) {
        return add(0, info(kind, 0, false), type);
    }

    int funcProto(int ret, int... params) {
        int[] w = new int[3 + 2 * params.length];
        w[1] = info(BtfKind.FUNC_PROTO, params.length, false);
        w[2] = ret;
        for (int i = 0; i < params.length; i++) w[4 + 2 * i] = params[i];
        return add(w);
    }

    byte[] build() {
        ByteArrayOutputStream typeBytes = new ByteArrayOutputStream();
        for (int[] t : types) {
            ByteBuffer b = ByteBuffer.allocate(4 * t.length).order(order);
            for (int w : t) b.putInt(w);
            typeBytes.writeBytes(b.array());
        }
        byte[] ty = typeBytes.toByteArray();
        byte[] st = strBytes.toByteArray();
        ByteBuffer h = ByteBuffer.allocate(24 + ty.length + st.length).order(order);
        h.putShort((short) 0xeB9F).put((byte) 1).put((byte) 0).putInt(24);
        h.putInt(0).putInt(ty.length).putInt(ty.length).putInt(st.length);
        h.put(ty).put(st);
        return h.array();
    }

    Btf btf(String source) {
        return Btf.parse(build(), source, base);
    }
}
