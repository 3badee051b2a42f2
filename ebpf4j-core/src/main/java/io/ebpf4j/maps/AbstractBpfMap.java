package io.ebpf4j.maps;

import io.ebpf4j.object.MapSpec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every map shares: its spec, the arena, the header block whose address is the map's
 * pointer, the id, freezing and closing, and value copies that respect {@link SpecialFields}.
 */
abstract class AbstractBpfMap implements BpfMap {
    static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Header fields, then one 8-byte scratch word per CPU (the key bpf_for_each_map_elem passes for arrays). */
    private static final int HEADER_FIELDS = 64;

    protected final MapSpec spec;
    protected final MapMemory memory;
    /** The runtime's number of CPU slots: {@code cpu} arguments are in {@code [0, runtimeCpus)}. */
    protected final int runtimeCpus;
    protected final MapRegistry registry;
    protected final SpecialFields fields;
    /** BPF address of segment offset 0. */
    protected final long base;
    protected final int keySize;
    protected final int valueSize;
    protected final int maxEntries;
    protected final int mapFlags;
    /** Keys and values hold big-endian integers ({@link MapMemory#byteOrder()}): the u32/u64 accessors below swap. */
    protected final boolean bigEndian;
    private final List<MapRegion> building = new ArrayList<>();
    private final long header;
    private volatile List<MapRegion> regions = List.of();
    private volatile int id;
    private volatile boolean frozen;
    private volatile boolean closed;

    AbstractBpfMap(MapSpec spec, MapMemory memory, int cpus, MapRegistry registry, SpecialFields fields) {
        this.spec = spec;
        this.memory = memory;
        this.runtimeCpus = cpus;
        this.registry = registry;
        this.fields = fields;
        this.base = memory.baseAddress();
        this.keySize = spec.keySize();
        this.valueSize = spec.valueSize();
        this.maxEntries = spec.maxEntries();
        this.mapFlags = spec.flags();
        this.bigEndian = memory.byteOrder() == ByteOrder.BIG_ENDIAN;
        this.header = allocate(HEADER_FIELDS + 8L * cpus, 8, "header");
    }

    /** Allocates an arena block for this map and records it as one of its regions. */
    protected final long allocate(long size, long align, String what) {
        long addr = memory.allocate(Math.max(size, 1), align, "map " + spec.name() + ": " + what);
        building.add(new MapRegion("map " + spec.name() + ": " + what, addr, size));
        return addr;
    }

    /** Called once by {@link BpfMaps#create} after construction: takes an id and writes the header. */
    final void register() {
        regions = List.copyOf(building);
        id = registry.register(this);
        MemorySegment seg = memory.segment();
        long h = header - base;
        setU32(seg, h, spec.type().number());
        setU32(seg, h + 4, keySize);
        setU32(seg, h + 8, valueSize);
        setU32(seg, h + 12, maxEntries);
        setU32(seg, h + 16, mapFlags);
        setU32(seg, h + 20, id);
    }

    /** Called once by {@link BpfMaps#create} after {@link #register()}: initial contents (global data). */
    void initialize() {}

    @Override
    public final MapSpec spec() {
        return spec;
    }

    @Override
    public final long address() {
        return header;
    }

    @Override
    public final int id() {
        return id;
    }

    @Override
    public final List<MapRegion> regions() {
        return regions;
    }

    @Override
    public final ByteOrder byteOrder() {
        return bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    @Override
    public int cpus() {
        return 1;
    }

    @Override
    public final void freeze() {
        checkOpen();
        frozen = true;
    }

    @Override
    public final boolean isFrozen() {
        return frozen;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            registry.unregister(this);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + spec.name() + ", " + spec.type().libbpfName() + ", id " + id
                + String.format(", at 0x%x]", header);
    }

    // ------------------------------------------------------------------ helpers for subclasses

    /** Arena scratch word of {@code cpu}, e.g. for the u32 key bpf_for_each_map_elem passes for arrays. */
    protected final long scratch(int cpu) {
        return header + HEADER_FIELDS + 8L * cpu;
    }

    protected final void checkOpen() {
        if (closed) throw new MapException("map " + spec.name() + " is closed");
    }

    protected final void checkCpu(int cpu) {
        if (cpu < 0 || cpu >= runtimeCpus) {
            throw new MapException("map " + spec.name() + ": cpu " + cpu + " out of range [0, " + runtimeCpus + ")");
        }
    }

    /**
     * The checks of the kernel's syscall layer before a Java-side write (kernel/bpf/syscall.c
     * {@code map_update_elem}/{@code map_delete_elem}: {@code map_get_sys_perms}): a frozen map or
     * one created with {@code BPF_F_RDONLY} refuses writes with -EPERM. Returns 0 or -EPERM.
     */
    protected final int javaWriteCheck() {
        checkOpen();
        return frozen || (mapFlags & MapFlags.BPF_F_RDONLY) != 0 ? -Errno.EPERM : 0;
    }

    /** Programs may not write maps created with {@code BPF_F_RDONLY_PROG} (the verifier rejects it first). */
    protected final boolean readOnlyForPrograms() {
        return (mapFlags & MapFlags.BPF_F_RDONLY_PROG) != 0;
    }

    protected final void checkKey(byte[] key) {
        checkOpen();
        Objects.requireNonNull(key, "key");
        if (key.length != keySize) {
            throw new MapException("map " + spec.name() + ": key of " + key.length + " bytes, the map's key size is " + keySize);
        }
    }

    protected final void checkValue(byte[] value, int expected) {
        Objects.requireNonNull(value, "value");
        if (value.length != expected) {
            throw new MapException("map " + spec.name() + ": value of " + value.length + " bytes, expected " + expected
                    + (cpus() > 1 ? " (" + cpus() + " CPUs x " + roundUp8(valueSize) + ")" : ""));
        }
    }

    /**
     * {@code copy_map_value}: copies {@code valueSize} bytes, leaving a {@code bpf_spin_lock} in the
     * destination alone (include/linux/bpf.h {@code bpf_obj_memcpy}).
     */
    protected final void copyValue(MemorySegment dst, long dstOff, MemorySegment src, long srcOff) {
        int lock = fields.spinLockOffset();
        if (lock < 0) {
            MemorySegment.copy(src, srcOff, dst, dstOff, valueSize);
        } else {
            MemorySegment.copy(src, srcOff, dst, dstOff, lock);
            MemorySegment.copy(src, srcOff + lock + 4, dst, dstOff + lock + 4, valueSize - lock - 4);
        }
    }

    /** {@code copy_map_value_locked}: {@link #copyValue} while holding the destination's spin lock. */
    protected final void copyValueLocked(MemorySegment dst, long dstOff, MemorySegment src, long srcOff) {
        long lockOff = dstOff + fields.spinLockOffset();
        BpfSpinLock.lock(dst, lockOff);
        try {
            copyValue(dst, dstOff, src, srcOff);
        } finally {
            BpfSpinLock.unlock(dst, lockOff);
        }
    }

    /** A Java-side copy of a value: {@code length} bytes, the spin lock word reading as 0 ({@code check_and_init_map_value}). */
    protected final byte[] readValue(MemorySegment seg, long off, int length) {
        byte[] out = new byte[length];
        MemorySegment.copy(seg, U8, off, out, 0, length);
        int lock = fields.spinLockOffset();
        if (lock >= 0 && lock + 4 <= length) {
            out[lock] = out[lock + 1] = out[lock + 2] = out[lock + 3] = 0;
        }
        return out;
    }

    static int roundUp8(int n) {
        return (n + 7) & ~7;
    }

    static long roundUp8(long n) {
        return (n + 7) & ~7L;
    }

    /**
     * BPF_MAP_GET_NEXT_KEY for the array kinds (kernel array_map_get_next_key): every index in
     * order, empty slots included; an absent or out-of-range key restarts at index 0.
     */
    protected final byte[] arrayNextKey(byte[] key) {
        checkOpen();
        if (key != null) checkKey(key);
        int index = key == null ? -1 : u32(key);
        if (Integer.compareUnsigned(index, maxEntries) >= 0) return u32(0);
        if (index == maxEntries - 1) return null;
        return u32(index + 1);
    }

    /** A u32 in the map's byte order, as Java-side keys and values (indices, map and program ids) hold it. */
    final byte[] u32(int v) {
        if (bigEndian) v = Integer.reverseBytes(v);
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    final int u32(byte[] b) {
        int v = (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
        return bigEndian ? Integer.reverseBytes(v) : v;
    }

    /** The u32 at segment offset {@code off}, in the map's byte order (one read and, for big-endian, a swap). */
    final int getU32(MemorySegment seg, long off) {
        int v = seg.get(U32, off);
        return bigEndian ? Integer.reverseBytes(v) : v;
    }

    final void setU32(MemorySegment seg, long off, int v) {
        seg.set(U32, off, bigEndian ? Integer.reverseBytes(v) : v);
    }

    final long getU64(MemorySegment seg, long off) {
        long v = seg.get(U64, off);
        return bigEndian ? Long.reverseBytes(v) : v;
    }

    final void setU64(MemorySegment seg, long off, long v) {
        seg.set(U64, off, bigEndian ? Long.reverseBytes(v) : v);
    }

    /** Whether {@code flags} (u64) is above {@code max} as an unsigned number. */
    static boolean above(long flags, long max) {
        return Long.compareUnsigned(flags, max) > 0;
    }
}
