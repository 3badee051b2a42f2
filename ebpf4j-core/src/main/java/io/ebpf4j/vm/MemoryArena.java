package io.ebpf4j.vm;

import io.ebpf4j.maps.MapException;
import io.ebpf4j.maps.MapMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one memory arena of a runtime: a single native {@link MemorySegment} from
 * {@link Arena#ofShared()}, shared by every CPU slot and every map. A BPF pointer is an address
 * inside it, {@code BASE + offset}: never 0 and below 4 GiB, so 32-bit context fields
 * ({@code xdp_md.data}, {@code __sk_buff.data}) can hold one. Every load and store goes through the
 * segment, so it is bounds-checked by the JVM: no program can reach JVM memory outside the arena.
 *
 * <p>Two zones, each filled by a bump allocator: the <b>writable</b> zone from the bottom (stacks,
 * contexts, packets, map storage, {@code .data}/{@code .bss}) and the <b>read-only</b> zone at
 * the top (maps programs may only read: {@code .rodata}, {@code .kconfig}, maps with
 * {@code BPF_F_RDONLY_PROG}). Programs store through {@link #writableSegment()}, a view that ends
 * where the read-only zone begins, so a store into {@code .rodata} is refused by the same JVM
 * bounds check as a store outside the arena, at no cost to the stores that are allowed — the
 * run-time stand-in for the verifier's "write into map forbidden" until the verifier exists.
 * Java code (map updates, the loader) writes everywhere through {@link #segment()}.
 *
 * <p>A region table names every allocation for error messages and for helpers that check the
 * memory they are given.
 */
public final class MemoryArena implements MapMemory, AutoCloseable {
    /** BPF address of the first byte of every arena. */
    public static final long BASE = 0x1000_0000L;
    /** Largest arena: BASE + MAX_SIZE stays below 4 GiB. */
    public static final long MAX_SIZE = 0xC000_0000L;
    /** Alignment of the segment itself (so segment offsets and BPF addresses have the same alignment). */
    static final long SEGMENT_ALIGN = 4096;

    private final Arena arena;
    private final MemorySegment segment;
    private final MemorySegment writable;
    private final long readOnlyStart;
    private final ByteOrder byteOrder;
    private long next;
    private long readOnlyNext;
    private final List<MemoryRegion> regions = new ArrayList<>();
    private volatile boolean closed;

    /**
     * Allocates a zeroed arena of {@code writableSize + readOnlySize} bytes.
     *
     * @throws BpfRuntimeException if it would exceed {@link #MAX_SIZE}
     */
    public MemoryArena(long writableSize, long readOnlySize) {
        this(writableSize, readOnlySize, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Allocates a zeroed arena whose maps hold integers in {@code byteOrder} (the object's: see
     * {@link MapMemory#byteOrder()}).
     *
     * @throws BpfRuntimeException if it would exceed {@link #MAX_SIZE}
     */
    public MemoryArena(long writableSize, long readOnlySize, ByteOrder byteOrder) {
        this.byteOrder = java.util.Objects.requireNonNull(byteOrder, "byteOrder");
        if (writableSize < 0 || readOnlySize < 0) throw new IllegalArgumentException("negative arena size");
        // the read-only zone starts on a page boundary; without one the arena is exactly writableSize bytes
        if (readOnlySize > 0) writableSize = alignUp(writableSize, SEGMENT_ALIGN);
        long size = writableSize + readOnlySize;
        if (size > MAX_SIZE) {
            throw new BpfRuntimeException(String.format("memory arena of %,d bytes (%,d writable + %,d read-only) exceeds"
                    + " the limit of %,d bytes: BPF addresses must stay below 4 GiB", size, writableSize, readOnlySize, MAX_SIZE));
        }
        this.arena = Arena.ofShared();
        this.segment = arena.allocate(size, SEGMENT_ALIGN); // zero-filled
        this.readOnlyStart = writableSize;
        this.writable = segment.asSlice(0, writableSize);
        this.readOnlyNext = writableSize;
    }

    static long alignUp(long v, long align) {
        return (v + align - 1) & -align;
    }

    /** The whole arena; segment offset 0 is BPF address {@link #BASE}. */
    @Override
    public MemorySegment segment() {
        return segment;
    }

    /** The part of the arena programs may write: everything below the read-only zone. */
    public MemorySegment writableSegment() {
        return writable;
    }

    @Override
    public long baseAddress() {
        return BASE;
    }

    @Override
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    public long size() {
        return segment.byteSize();
    }

    /** Bytes of the writable zone not yet allocated. */
    public synchronized long writableFree() {
        return readOnlyStart - next;
    }

    /** Bytes of the read-only zone not yet allocated. */
    public synchronized long readOnlyFree() {
        return segment.byteSize() - readOnlyNext;
    }

    /** BPF address of the first byte of the read-only zone. */
    public long readOnlyAddress() {
        return BASE + readOnlyStart;
    }

    /**
     * Allocates zeroed, program-writable memory.
     *
     * @throws MapException if the writable zone cannot hold it (names the region and the sizes)
     */
    @Override
    public synchronized long allocate(long size, long align, String region) {
        checkAlign(align);
        long at = alignUp(next, align);
        if (size < 0 || at + size > readOnlyStart) {
            throw new MapException(String.format("%s: cannot allocate %,d bytes: the memory arena has %,d of %,d writable"
                    + " bytes left", region, size, Math.max(0, readOnlyStart - at), readOnlyStart));
        }
        next = at + size;
        if (region != null) addRegion(new MemoryRegion(region, BASE + at, size, false));
        return BASE + at;
    }

    /**
     * Allocates zeroed memory that programs may only read (Java code may write it).
     *
     * @throws MapException if the read-only zone cannot hold it
     */
    public synchronized long allocateReadOnly(long size, long align, String region) {
        checkAlign(align);
        long at = alignUp(readOnlyNext, align);
        if (size < 0 || at + size > segment.byteSize()) {
            throw new MapException(String.format("%s: cannot allocate %,d read-only bytes: the memory arena has %,d of %,d"
                    + " read-only bytes left", region, size, Math.max(0, segment.byteSize() - at), segment.byteSize() - readOnlyStart));
        }
        readOnlyNext = at + size;
        addRegion(new MemoryRegion(region, BASE + at, size, true));
        return BASE + at;
    }

    /** A {@link MapMemory} whose allocations come from the read-only zone: given to maps programs may not write. */
    public MapMemory readOnlyMemory() {
        return new MapMemory() {
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
                return allocateReadOnly(size, align, region);
            }

            @Override
            public ByteOrder byteOrder() {
                return byteOrder;
            }
        };
    }

    private static void checkAlign(long align) {
        if (align <= 0 || Long.bitCount(align) != 1 || align > SEGMENT_ALIGN) {
            throw new IllegalArgumentException("alignment must be a power of two up to 4096: " + align);
        }
    }

    private void addRegion(MemoryRegion r) {
        int i = Collections.binarySearch(regions, r, (a, b) -> Long.compare(a.address(), b.address()));
        regions.add(i < 0 ? -i - 1 : i, r);
    }

    /** Names {@code [address, address + size)} in the region table without allocating (for regions laid out by hand). */
    synchronized void nameRegion(String name, long address, long size) {
        addRegion(new MemoryRegion(name, address, size, address - BASE >= readOnlyStart));
    }

    /** The region table, lowest address first. */
    public synchronized List<MemoryRegion> regions() {
        return List.copyOf(regions);
    }

    /** The region holding {@code address}, or null if no allocation covers it. */
    public synchronized MemoryRegion regionOf(long address) {
        int lo = 0, hi = regions.size() - 1;
        MemoryRegion best = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            MemoryRegion r = regions.get(mid);
            if (r.address() <= address) {
                best = r;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (best != null && best.contains(address)) return best;
        // a region nested in an earlier, larger one (e.g. a frame inside a CPU slot)
        for (int i = regions.size() - 1; i >= 0; i--) {
            MemoryRegion r = regions.get(i);
            if (r.contains(address)) return r;
        }
        return null;
    }

    /** The region nearest to {@code address} (the one holding it, else the closest by distance), or null if there are none. */
    public synchronized MemoryRegion nearestRegion(long address) {
        MemoryRegion best = null;
        long bestDistance = Long.MAX_VALUE;
        for (MemoryRegion r : regions) {
            long d = address < r.address() ? r.address() - address : address >= r.end() ? address - r.end() + 1 : 0;
            if (d < bestDistance) {
                best = r;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Whether {@code [address, address + length)} lies inside the arena. */
    public boolean inArena(long address, long length) {
        long off = address - BASE;
        return length >= 0 && off >= 0 && off <= segment.byteSize() - length;
    }

    /** Whether programs may write {@code [address, address + length)}. */
    public boolean isWritable(long address, long length) {
        long off = address - BASE;
        return length >= 0 && off >= 0 && off <= readOnlyStart - length;
    }

    /**
     * A view of {@code length} bytes at a BPF address.
     *
     * @throws BpfRuntimeException if the range is not inside the arena
     */
    public MemorySegment slice(long address, long length) {
        if (!inArena(address, length)) {
            throw new BpfRuntimeException(String.format("%d bytes at 0x%x are outside the memory arena %s",
                    length, address, describe(address)));
        }
        return segment.asSlice(address - BASE, length);
    }

    /** Copies {@code length} bytes at a BPF address into a new array. */
    public byte[] read(long address, int length) {
        return slice(address, length).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Copies {@code bytes} to a BPF address (anywhere in the arena: this is the Java side). */
    public void write(long address, byte[] bytes) {
        MemorySegment.copy(bytes, 0, slice(address, bytes.length), ValueLayout.JAVA_BYTE, 0, bytes.length);
    }

    /** Says where {@code address} is: {@code "(in map counts: values [0x..., 0x...))"} or the arena's bounds. */
    public String describe(long address) {
        MemoryRegion r = regionOf(address);
        if (r != null) return "(in " + r + ")";
        return String.format("[0x%x, 0x%x)", BASE, BASE + segment.byteSize());
    }

    /** Frees the arena; no program may run on it afterwards. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            arena.close();
        }
    }

    public boolean isClosed() {
        return closed;
    }
}
