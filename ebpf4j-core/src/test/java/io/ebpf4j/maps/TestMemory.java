package io.ebpf4j.maps;

import io.ebpf4j.object.MapSpec;
import io.ebpf4j.object.MapType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link MapMemory} for tests: one {@link Arena#ofShared()} segment, page-aligned, BPF address
 * {@link #BASE} at offset 0, bump allocation. Also helpers to build specs and to place keys and
 * values in the arena as a program's stack would hold them.
 */
final class TestMemory implements MapMemory, AutoCloseable {
    static final long BASE = 0x1000_0000L;
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Arena arena = Arena.ofShared();
    private final MemorySegment segment;
    private final AtomicLong top = new AtomicLong(64); // address BASE itself is never handed out

    TestMemory(long size) {
        segment = arena.allocate(size, 4096);
    }

    TestMemory() {
        this(16L << 20);
    }

    @Override
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public long baseAddress() {
        return BASE;
    }

    @Override
    public long allocate(long size, long align, String region) {
        while (true) {
            long cur = top.get();
            long start = (cur + align - 1) & -align;
            if (start + size > segment.byteSize()) {
                throw new MapException(region + ": " + size + " bytes do not fit in the test arena of "
                        + segment.byteSize() + " bytes");
            }
            if (top.compareAndSet(cur, start + size)) return BASE + start;
        }
    }

    /** A block of {@code size} bytes for keys and values, as on a program's stack. */
    long scratch(int size) {
        return allocate(size, 8, "scratch");
    }

    void putU32(long addr, int v) {
        segment.set(U32, addr - BASE, v);
    }

    void putU64(long addr, long v) {
        segment.set(U64, addr - BASE, v);
    }

    int getU32(long addr) {
        return segment.get(U32, addr - BASE);
    }

    long getU64(long addr) {
        return segment.get(U64, addr - BASE);
    }

    void put(long addr, byte[] bytes) {
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, addr - BASE, bytes.length);
    }

    byte[] get(long addr, int length) {
        byte[] out = new byte[length];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, addr - BASE, out, 0, length);
        return out;
    }

    @Override
    public void close() {
        arena.close();
    }

    // ------------------------------------------------------------------ specs

    static MapSpec spec(String name, MapType type, int keySize, int valueSize, int maxEntries, int flags) {
        return new MapSpec(name, MapSpec.Kind.BTF, type, keySize, valueSize, maxEntries, flags, 0, 0, 0, 0, 0, null,
                List.of(), null, false, List.of(), null, ".maps", 0, 0);
    }

    static MapSpec spec(MapType type, int keySize, int valueSize, int maxEntries, int flags) {
        return spec("m", type, keySize, valueSize, maxEntries, flags);
    }

    static MapSpec mapInMap(String name, MapType type, int keySize, int maxEntries, MapSpec inner) {
        return new MapSpec(name, MapSpec.Kind.BTF, type, keySize, 4, maxEntries, 0, 0, 0, 0, 0, 0, inner,
                List.of(), null, false, List.of(), null, ".maps", 0, 0);
    }

    static byte[] u32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    static byte[] u64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (v >>> (8 * i));
        return b;
    }

    static int u32(byte[] b) {
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    static long u64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | (b[off + i] & 0xff);
        return v;
    }
}
