package io.ebpf4j.object;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfException;
import io.ebpf4j.btf.BtfType;

/**
 * The fields of one BTF-defined map ({@code struct { __uint(type, ...); __type(key, ...); ... }}),
 * parsed as libbpf's {@code parse_btf_map_def} parses them in strict mode: integers are encoded as
 * the element count of an array a member points to ({@code int (*type)[BPF_MAP_TYPE_HASH]}), key
 * and value types as pointers to them, {@code map_extra} also as a one-value enum
 * ({@code __ulong}, libbpf {@code get_map_field_long}); an unknown field is an error.
 */
final class BtfMapDef {
    int mapType;
    int keySize;
    int valueSize;
    int maxEntries;
    int mapFlags;
    int numaNode;
    long mapExtra;
    int pinning;
    int keyTypeId;
    int valueTypeId;
    /** Member index of {@code values} and its byte offset, or -1. */
    int valuesMember = -1;
    int valuesOffset = -1;
    BtfMapDef inner;
    /** The program array's {@code values} are function prototypes. */
    boolean progArrayValues;

    /** Raised where libbpf's parser returns an error; the caller adds file and section. */
    static final class DefException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DefException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param mapName name for error messages
     * @param def     the definition struct (after modifiers and typedefs)
     * @param isInner parsing the inner map of a map-in-map: no {@code values}, no {@code pinning}
     */
    static BtfMapDef parse(String mapName, Btf btf, BtfType.Struct def, boolean isInner) {
        BtfMapDef d = new BtfMapDef();
        int vlen = def.members().size();
        for (int i = 0; i < vlen; i++) {
            BtfType.Member m = def.members().get(i);
            String name = m.name();
            try {
                switch (name) {
                    case "type" -> d.mapType = fieldInt(mapName, btf, m);
                    case "max_entries" -> d.maxEntries = fieldInt(mapName, btf, m);
                    case "map_flags" -> d.mapFlags = fieldInt(mapName, btf, m);
                    case "numa_node" -> d.numaNode = fieldInt(mapName, btf, m);
                    case "key_size" -> d.keySize = checkSize(mapName, "key", d.keySize, fieldInt(mapName, btf, m));
                    case "value_size" -> d.valueSize = checkSize(mapName, "value", d.valueSize, fieldInt(mapName, btf, m));
                    case "key" -> {
                        int target = pointee(mapName, btf, m, "key");
                        d.keySize = checkSize(mapName, "key", d.keySize, size(mapName, btf, target, "key"));
                        d.keyTypeId = target;
                    }
                    case "value" -> {
                        int target = pointee(mapName, btf, m, "value");
                        d.valueSize = checkSize(mapName, "value", d.valueSize, size(mapName, btf, target, "value"));
                        d.valueTypeId = target;
                    }
                    case "values" -> parseValues(mapName, btf, d, m, i, vlen, isInner);
                    case "pinning" -> {
                        if (isInner) throw new DefException("map '" + mapName + "': inner def can't be pinned");
                        int v = fieldInt(mapName, btf, m);
                        // libbpf enum libbpf_pin_type: LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME
                        if (v != 0 && v != 1) throw new DefException("map '" + mapName + "': invalid pinning value " + v);
                        d.pinning = v;
                    }
                    case "map_extra" -> d.mapExtra = fieldLong(mapName, btf, m);
                    default -> throw new DefException("map '" + mapName + "': unknown field '" + name + "'");
                }
            } catch (BtfException e) {
                throw new DefException("map '" + mapName + "': attr '" + name + "': " + e.getMessage());
            }
        }
        if (d.mapType == 0) throw new DefException("map '" + mapName + "': map type isn't specified");
        return d;
    }

    private static void parseValues(String mapName, Btf btf, BtfMapDef d, BtfType.Member m, int i, int vlen, boolean isInner) {
        MapType type = MapType.of(d.mapType);
        boolean mapInMap = type != null && type.isMapInMap();
        boolean progArray = type == MapType.PROG_ARRAY;
        String desc = mapInMap ? "map-in-map inner" : "prog-array value";
        if (isInner) throw new DefException("map '" + mapName + "': multi-level inner maps not supported");
        if (i != vlen - 1) throw new DefException("map '" + mapName + "': 'values' member should be last");
        if (!mapInMap && !progArray) throw new DefException("map '" + mapName + "': should be map-in-map or prog-array");
        d.valueSize = checkSize(mapName, "value", d.valueSize, 4);
        BtfType t = btf.type(m.type());
        if (!(t instanceof BtfType.Array arr) || arr.nelems() != 0) {
            throw new DefException("map '" + mapName + "': " + desc + " spec is not a zero-sized array");
        }
        BtfType elem = btf.skipModsAndTypedefs(arr.elemType());
        if (!(elem instanceof BtfType.Ptr p)) {
            throw new DefException("map '" + mapName + "': " + desc + " def is of unexpected kind " + elem.kind());
        }
        BtfType target = btf.skipModsAndTypedefs(p.type());
        d.valuesMember = i;
        d.valuesOffset = m.bitOffset() / 8;
        if (progArray) {
            if (!(target instanceof BtfType.FuncProto)) {
                throw new DefException("map '" + mapName + "': prog-array value def is of unexpected kind " + target.kind());
            }
            d.progArrayValues = true;
            return;
        }
        if (!(target instanceof BtfType.Struct s) || s.isUnion()) {
            throw new DefException("map '" + mapName + "': map-in-map inner def is of unexpected kind " + target.kind());
        }
        d.inner = parse(mapName + ".inner", btf, s, true);
    }

    private static int checkSize(String mapName, String what, int old, int sz) {
        if (old != 0 && old != sz) {
            throw new DefException("map '" + mapName + "': conflicting " + what + " size " + Integer.toUnsignedString(old)
                    + " != " + Integer.toUnsignedString(sz));
        }
        return sz;
    }

    private static int pointee(String mapName, Btf btf, BtfType.Member m, String what) {
        BtfType t = btf.type(m.type());
        if (!(t instanceof BtfType.Ptr p)) {
            throw new DefException("map '" + mapName + "': " + what + " spec is not PTR: " + t.kind());
        }
        return p.type();
    }

    private static int size(String mapName, Btf btf, int typeId, String what) {
        try {
            long sz = btf.sizeOf(typeId);
            if (sz < 0 || sz > 0xffffffffL) throw new DefException("map '" + mapName + "': " + what + " size " + sz + " is out of range");
            return (int) sz;
        } catch (BtfException e) {
            throw new DefException("map '" + mapName + "': can't determine " + what + " size for type [" + typeId + "]: " + e.getMessage());
        }
    }

    /** libbpf {@code get_map_field_int}: a pointer to an array whose element count is the value. */
    private static int fieldInt(String mapName, Btf btf, BtfType.Member m) {
        BtfType t = btf.skipModsAndTypedefs(m.type());
        if (!(t instanceof BtfType.Ptr p)) {
            throw new DefException("map '" + mapName + "': attr '" + m.name() + "': expected PTR, got " + t.kind());
        }
        BtfType arr = btf.type(p.type());
        if (!(arr instanceof BtfType.Array a)) {
            throw new DefException("map '" + mapName + "': attr '" + m.name() + "': expected ARRAY, got " + arr.kind());
        }
        return a.nelems();
    }

    /** libbpf {@code get_map_field_long}: {@link #fieldInt}, or an enum with exactly one value ({@code __ulong}). */
    private static long fieldLong(String mapName, Btf btf, BtfType.Member m) {
        BtfType t = btf.skipModsAndTypedefs(m.type());
        if (t instanceof BtfType.Ptr) return Integer.toUnsignedLong(fieldInt(mapName, btf, m));
        if (!(t instanceof BtfType.Enum e)) {
            throw new DefException("map '" + mapName + "': attr '" + m.name() + "': expected ENUM or ENUM64, got " + t.kind());
        }
        if (e.values().size() != 1) throw new DefException("map '" + mapName + "': attr '" + m.name() + "': invalid __ulong");
        long v = e.values().get(0).value();
        // libbpf reads a 32-bit ENUM's value as __u32
        return e.is64() ? v : v & 0xffffffffL;
    }
}
