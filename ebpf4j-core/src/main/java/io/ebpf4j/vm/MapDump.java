package io.ebpf4j.vm;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfType;
import io.ebpf4j.maps.BpfMap;
import io.ebpf4j.object.MapType;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A map's contents as {@code bpftool map dump -j} formats them with BTF (tools/bpf/bpftool
 * btf_dumper.c, {@code formatted} entries): {@code {"key": K, "value": V}} per entry,
 * {@code {"key": K, "values": [{"cpu": N, "value": V}, ...]}} for per-CPU maps, no {@code key} when
 * the map has no BTF key type (global data), and raw bytes as {@code "0x.."} strings when the map
 * has no BTF value type. Values follow {@code btf_dumper}: integers as numbers (signed or not by
 * their encoding), {@code char} arrays holding a NUL-terminated printable string as that string,
 * single {@code char}s as one-character strings, bools as booleans, enums by name, pointers as
 * numbers, bit fields and 128-bit integers as {@code "0x..."} strings, structs and unions as
 * objects, arrays as lists, {@code DATASEC}s as {@code {".bss": [{"var": value}, ...]}}.
 * Queues, stacks and ring buffers, which bpftool cannot dump, give no entries.
 *
 * <p>The maps of a big-endian object hold big-endian integers, which bpftool on a big-endian
 * machine reads in that order: before formatting, every integer, enum, pointer and float the BTF
 * type describes is byte-swapped to little-endian ({@link #toLittleEndian}); raw bytes (maps
 * without BTF) are shown as they are, as bpftool shows them.
 */
public final class MapDump {
    private MapDump() {}

    /** Every entry of {@code map} in its iteration order, formatted with {@code btf} (may be null). */
    public static List<Object> entries(BpfMap map, Btf btf) {
        List<Object> out = new ArrayList<>();
        MapType t = map.type();
        if (t == MapType.QUEUE || t == MapType.STACK || t == MapType.RINGBUF) return out;
        for (byte[] key = map.nextKey(null); key != null; key = map.nextKey(key)) {
            byte[] value = map.lookup(key);
            if (value == null) continue;
            out.add(entry(map, btf, key, value));
        }
        return out;
    }

    /** One entry, as {@link #entries}. */
    public static Map<String, Object> entry(BpfMap map, Btf btf, byte[] key, byte[] value) {
        Map<String, Object> e = new LinkedHashMap<>();
        int keyType = map.spec().keyTypeId(), valueType = map.spec().valueTypeId();
        boolean formatted = btf != null && valueType != 0;
        boolean percpu = map.cpus() > 1 || isPerCpu(map.type());
        if (formatted && map.byteOrder() == ByteOrder.BIG_ENDIAN) {
            if (keyType != 0) key = toLittleEndian(btf, keyType, key, map.spec());
            if (percpu) {
                int vs = map.spec().valueSize(), stride = (vs + 7) & ~7;
                byte[] all = value.clone();
                for (int cpu = 0; cpu < map.cpus(); cpu++) {
                    byte[] v = toLittleEndian(btf, valueType, java.util.Arrays.copyOfRange(value, cpu * stride, cpu * stride + vs), map.spec());
                    System.arraycopy(v, 0, all, cpu * stride, vs);
                }
                value = all;
            } else {
                value = toLittleEndian(btf, valueType, value, map.spec());
            }
        }
        if (!formatted || keyType != 0) e.put("key", formatted ? format(btf, keyType, key, 0) : hex(key));
        if (formatted && btf.type(valueType) instanceof BtfType.DataSec ds) {
            e.put("value", dataSec(btf, ds, map.spec(), value));
            return e;
        }
        if (percpu) {
            int vs = map.spec().valueSize(), stride = (vs + 7) & ~7;
            List<Object> values = new ArrayList<>();
            for (int cpu = 0; cpu < map.cpus(); cpu++) {
                byte[] v = java.util.Arrays.copyOfRange(value, cpu * stride, cpu * stride + vs);
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("cpu", BigInteger.valueOf(cpu));
                c.put("value", formatted ? format(btf, valueType, v, 0) : hex(v));
                values.add(c);
            }
            e.put("values", values);
        } else {
            e.put("value", formatted ? format(btf, valueType, value, 0) : hex(value));
        }
        return e;
    }

    /**
     * A copy of {@code data} (a value of BTF type {@code typeId}, big-endian) with each integer,
     * enum, pointer and float byte-swapped, so the little-endian formatter reads the numbers a
     * big-endian machine holds. Struct members and array elements are walked by their BTF offsets;
     * global data sections by their variables' offsets (as {@link #dataSec} places them).
     *
     * @throws BpfRuntimeException for what has no byte-swap rule here: bit fields (the bit
     *                             numbering differs on big-endian machines) and unions of members
     *                             with different integer layouts
     */
    static byte[] toLittleEndian(Btf btf, int typeId, byte[] data, io.ebpf4j.object.MapSpec spec) {
        byte[] out = data.clone();
        swap(btf, typeId, out, 0, spec);
        return out;
    }

    private static void swap(Btf btf, int typeId, byte[] d, int off, io.ebpf4j.object.MapSpec spec) {
        switch (btf.type(typeId)) {
            case BtfType.Int i -> {
                if (i.bitOffset() != 0 || (i.bits() & 7) != 0) throw bigEndianBitfield(spec);
                reverse(d, off, i.size());
            }
            case BtfType.Enum en -> reverse(d, off, en.size());
            case BtfType.Ptr p -> reverse(d, off, 8);
            case BtfType.FloatType f -> reverse(d, off, f.size());
            case BtfType.Typedef td -> swap(btf, td.type(), d, off, spec);
            case BtfType.Qualifier q -> swap(btf, q.type(), d, off, spec);
            case BtfType.Var v -> swap(btf, v.type(), d, off, spec);
            case BtfType.Array a -> {
                long elem = btf.sizeOf(a.elemType());
                for (int k = 0; k < a.nelems(); k++) swap(btf, a.elemType(), d, (int) (off + k * elem), spec);
            }
            case BtfType.Struct s -> {
                if (s.isUnion() && s.members().size() > 1) {
                    throw new BpfRuntimeException("map '" + spec.name() + "': a union in a big-endian value cannot be"
                            + " byte-swapped member by member for formatting");
                }
                for (BtfType.Member mb : s.members()) {
                    if (mb.bitfieldSize() != 0 || mb.bitOffset() % 8 != 0) throw bigEndianBitfield(spec);
                    swap(btf, mb.type(), d, off + mb.bitOffset() / 8, spec);
                }
            }
            case BtfType.DataSec ds -> {
                for (BtfType.VarSecInfo vi : ds.vars()) {
                    int offset = vi.offset();
                    if (btf.type(vi.type()) instanceof BtfType.Var v) {
                        for (io.ebpf4j.object.DataVariable dv : spec.variables()) {
                            if (dv.name().equals(v.name())) offset = dv.offset();
                        }
                    }
                    swap(btf, vi.type(), d, off + offset, spec);
                }
            }
            default -> { }
        }
    }

    private static void reverse(byte[] d, int off, int size) {
        for (int i = off, j = off + size - 1; i < j; i++, j--) {
            byte t = d[i];
            d[i] = d[j];
            d[j] = t;
        }
    }

    private static BpfRuntimeException bigEndianBitfield(io.ebpf4j.object.MapSpec spec) {
        return new BpfRuntimeException("map '" + spec.name() + "': bit fields of a big-endian value are not formatted"
                + " (big-endian machines number the bits from the other end)");
    }

    private static boolean isPerCpu(MapType t) {
        return t == MapType.PERCPU_ARRAY || t == MapType.PERCPU_HASH || t == MapType.LRU_PERCPU_HASH;
    }

    /** Raw bytes as bpftool prints them without BTF: {@code ["0x00", "0x1f", ...]}. */
    public static List<Object> hex(byte[] b) {
        List<Object> l = new ArrayList<>(b.length);
        for (byte x : b) l.add(String.format("0x%02x", x & 0xff));
        return l;
    }

    /** {@code btf_dumper_do_type}: the value of type {@code typeId} at {@code off} of {@code data}. */
    public static Object format(Btf btf, int typeId, byte[] data, int off) {
        BtfType t = btf.type(typeId);
        return switch (t) {
            case BtfType.Int i -> integer(i, data, off, 0);
            case BtfType.Struct s -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (BtfType.Member mb : s.members()) {
                    int byteOff = off + mb.bitOffset() / 8;
                    int bit = mb.bitOffset() % 8;
                    if (mb.bitfieldSize() != 0) m.put(mb.name(), bitfield(data, byteOff, bit, mb.bitfieldSize()));
                    else m.put(mb.name(), formatAt(btf, mb.type(), data, byteOff, bit));
                }
                yield m;
            }
            case BtfType.Array a -> array(btf, a, data, off);
            case BtfType.Enum en -> {
                long v = signedValue(data, off, en.size());
                for (BtfType.EnumValue ev : en.values()) {
                    if (en.is64() ? ev.value() == v : (int) ev.value() == (int) v) yield ev.name();
                }
                yield en.is64() ? new BigInteger(Long.toUnsignedString(v)) : BigInteger.valueOf(v);
            }
            case BtfType.Ptr p -> new BigInteger(Long.toUnsignedString(le(data, off, 8)));
            case BtfType.Typedef td -> format(btf, td.type(), data, off);
            case BtfType.Qualifier q -> format(btf, q.type(), data, off);
            case BtfType.Var v -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(v.name(), format(btf, v.type(), data, off));
                yield m;
            }
            case BtfType.DataSec ds -> {
                List<Object> vars = new ArrayList<>();
                for (BtfType.VarSecInfo vi : ds.vars()) vars.add(format(btf, vi.type(), data, off + vi.offset()));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(ds.name(), vars);
                yield m;
            }
            default -> "(unsupported-kind";
        };
    }

    /**
     * A global data section as bpftool prints it from the kernel's BTF, where libbpf's
     * {@code btf_fixup_datasec} has set each variable's offset (clang leaves them 0) and sorted
     * the variables by offset: the offsets come from the map's {@link io.ebpf4j.object.DataVariable}s.
     */
    private static Object dataSec(Btf btf, BtfType.DataSec ds, io.ebpf4j.object.MapSpec spec, byte[] value) {
        record Placed(int offset, int type) {}
        List<Placed> vars = new ArrayList<>();
        for (BtfType.VarSecInfo vi : ds.vars()) {
            BtfType t = btf.type(vi.type());
            int offset = vi.offset();
            if (t instanceof BtfType.Var v) {
                for (io.ebpf4j.object.DataVariable dv : spec.variables()) {
                    if (dv.name().equals(v.name())) offset = dv.offset();
                }
            }
            vars.add(new Placed(offset, vi.type()));
        }
        vars.sort(java.util.Comparator.comparingInt(Placed::offset));
        List<Object> out = new ArrayList<>();
        for (Placed p : vars) out.add(format(btf, p.type(), value, p.offset()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ds.name(), out);
        return m;
    }

    private static Object formatAt(Btf btf, int typeId, byte[] data, int off, int bit) {
        BtfType t = btf.type(typeId);
        if (bit != 0 && t instanceof BtfType.Int i) return integer(i, data, off, bit);
        if (t instanceof BtfType.Typedef td) return formatAt(btf, td.type(), data, off, bit);
        if (t instanceof BtfType.Qualifier q) return formatAt(btf, q.type(), data, off, bit);
        return format(btf, typeId, data, off);
    }

    private static Object integer(BtfType.Int i, byte[] data, int off, int bit) {
        int bits = i.bits();
        if (bit != 0 || i.bitOffset() != 0 || (bits & 7) != 0) {
            int total = bit + i.bitOffset();
            return bitfield(data, off + total / 8, total % 8, bits);
        }
        if (bits == 128) return int128(data, off);
        if ((i.encoding() & BtfType.Int.CHAR) != 0) {
            int c = data[off] & 0xff;
            return c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.valueOf((char) c);
        }
        if ((i.encoding() & BtfType.Int.BOOL) != 0) return le(data, off, i.size()) != 0;
        if (bits != 8 && bits != 16 && bits != 32 && bits != 64) return bitfield(data, off, 0, bits);
        long v = le(data, off, bits / 8);
        if (i.signed()) return BigInteger.valueOf(signExtend(v, bits));
        return new BigInteger(Long.toUnsignedString(v));
    }

    private static long signExtend(long v, int bits) {
        return bits == 64 ? v : (v << (64 - bits)) >> (64 - bits);
    }

    private static long signedValue(byte[] data, int off, int size) {
        return signExtend(le(data, off, size), size * 8);
    }

    private static long le(byte[] data, int off, int size) {
        long v = 0;
        for (int k = size - 1; k >= 0; k--) v = v << 8 | (data[off + k] & 0xff);
        return v;
    }

    /** {@code btf_dumper_bitfield}: printed through {@code btf_int128_print} as a quoted hex string. */
    private static Object bitfield(byte[] data, int off, int bitOffset, int nrBits) {
        int bytes = (bitOffset + nrBits + 7) / 8;
        BigInteger v = BigInteger.ZERO;
        for (int k = bytes - 1; k >= 0; k--) v = v.shiftLeft(8).or(BigInteger.valueOf(data[off + k] & 0xff));
        v = v.shiftRight(bitOffset).and(BigInteger.ONE.shiftLeft(nrBits).subtract(BigInteger.ONE));
        return "0x" + v.toString(16);
    }

    private static Object int128(byte[] data, int off) {
        long lo = le(data, off, 8), hi = le(data, off + 8, 8);
        return hi == 0 ? "0x" + Long.toHexString(lo) : "0x" + Long.toHexString(hi) + String.format("%016x", lo);
    }

    private static Object array(Btf btf, BtfType.Array a, byte[] data, int off) {
        if (isStrArray(btf, a, data, off)) {
            int end = off;
            while (data[end] != 0) end++;
            return new String(data, off, end - off, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        long elem = btf.sizeOf(a.elemType());
        List<Object> l = new ArrayList<>(a.nelems());
        for (int k = 0; k < a.nelems(); k++) l.add(format(btf, a.elemType(), data, (int) (off + k * elem)));
        return l;
    }

    /** {@code is_str_array}: a char array (not through a typedef) holding printable bytes up to a NUL. */
    private static boolean isStrArray(Btf btf, BtfType.Array a, byte[] data, int off) {
        if (a.nelems() == 0) return false;
        BtfType e = btf.type(a.elemType());
        while (e instanceof BtfType.Qualifier q) e = btf.type(q.type());
        if (!(e instanceof BtfType.Int i) || i.size() != 1) return false;
        if ((i.encoding() & BtfType.Int.CHAR) == 0 && !"char".equals(i.name())) return false;
        for (int k = 0; k < a.nelems(); k++) {
            int c = data[off + k];
            if (c == 0) return true;
            if (c <= 0x1f || c >= 0x7f) return false;
        }
        return false;
    }

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
