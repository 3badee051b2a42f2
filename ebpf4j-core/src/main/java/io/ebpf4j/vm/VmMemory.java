package io.ebpf4j.vm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory arena of one VM: a single native {@link MemorySegment}. A BPF pointer is an address
 * inside it, {@code BASE + offset}: never 0 and below 4 GiB, so 32-bit context fields can hold one.
 * Every load and store of a program goes through the segment (little-endian, unaligned allowed),
 * so it is bounds-checked by the JVM: an access outside the arena is an
 * {@link IndexOutOfBoundsException} that the engine turns into a {@link BpfRuntimeException},
 * never a read or write of JVM memory.
 *
 * <p>Layout: {@code maxCallDepth} stack frames of {@code stackFrameSize} bytes, the deepest frame at
 * the lowest address (stacks grow down, so running off the bottom of the deepest frame leaves the
 * arena), then the input region. A region table names each part for error messages.
 * The stack is not cleared between runs.
 */
public final class VmMemory implements AutoCloseable {
    /** BPF address of the first byte of the arena. */
    public static final long BASE = 0x1000_0000L;
    /** Largest arena: it must stay below 4 GiB of address space. */
    public static final long MAX_SIZE = 0xC000_0000L;

    static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    private final int frameSize;
    private final int frames;
    private Arena arena;
    private MemorySegment segment;
    private int inputCapacity;
    private List<MemoryRegion> regions;

    VmMemory(int frameSize, int frames, int inputCapacity) {
        this.frameSize = frameSize;
        this.frames = frames;
        allocate(inputCapacity);
    }

    private void allocate(int capacity) {
        long size = (long) frameSize * frames + capacity;
        if (size > MAX_SIZE) {
            throw new BpfRuntimeException("memory arena of " + size + " bytes exceeds the limit of " + MAX_SIZE);
        }
        Arena next = Arena.ofShared();
        MemorySegment seg = next.allocate(Math.max(size, 8), 16); // zero-filled
        if (arena != null) arena.close();
        arena = next;
        segment = seg;
        inputCapacity = capacity;
        List<MemoryRegion> list = new ArrayList<>(frames + 1);
        for (int depth = frames - 1; depth >= 0; depth--) {
            list.add(new MemoryRegion("stack frame " + depth, stackTop(depth) - frameSize, frameSize));
        }
        list.add(new MemoryRegion("input", inputAddress(), capacity));
        regions = List.copyOf(list);
    }

    /** Makes the input region at least {@code length} bytes, reallocating the arena if needed. */
    void ensureInputCapacity(int length) {
        if (length > inputCapacity) {
            allocate(Math.max(length, (int) Math.min(Integer.MAX_VALUE - 8, 2L * inputCapacity)));
        }
    }

    /** The whole arena; segment offset 0 is BPF address {@link #BASE}. Replaced if the input region grows. */
    public MemorySegment segment() {
        return segment;
    }

    public long size() {
        return segment.byteSize();
    }

    /** r10 of the frame at call depth {@code depth} (0 = the entry function): the first address past the frame. */
    public long stackTop(int depth) {
        return BASE + (long) (frames - depth) * frameSize;
    }

    public int stackFrameSize() {
        return frameSize;
    }

    /** BPF address of the input region (the {@code mem} buffer of a run). */
    public long inputAddress() {
        return BASE + (long) frames * frameSize;
    }

    public int inputCapacity() {
        return inputCapacity;
    }

    /** The region table, lowest address first. */
    public List<MemoryRegion> regions() {
        return regions;
    }

    /** The region holding {@code address}, or null if it is outside the arena. */
    public MemoryRegion regionOf(long address) {
        for (MemoryRegion r : regions) {
            if (r.contains(address)) return r;
        }
        return null;
    }

    /** Whether {@code [address, address + length)} lies inside the arena. */
    public boolean inArena(long address, long length) {
        long off = address - BASE;
        return length >= 0 && off >= 0 && off <= segment.byteSize() - length;
    }

    /**
     * A view of {@code length} bytes at a BPF address, for helpers that take pointers.
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
        return slice(address, length).toArray(BYTE);
    }

    /** Copies {@code bytes} to a BPF address. */
    public void write(long address, byte[] bytes) {
        MemorySegment.copy(bytes, 0, slice(address, bytes.length), BYTE, 0, bytes.length);
    }

    /** Says where {@code address} is relative to the regions, e.g. {@code "(in input [0x..., 0x...))"}. */
    public String describe(long address) {
        MemoryRegion r = regionOf(address);
        if (r != null) return "(in " + r + ")";
        return String.format("[0x%x, 0x%x)", BASE, BASE + segment.byteSize());
    }

    /** Frees the arena. */
    @Override
    public void close() {
        if (arena != null) {
            arena.close();
            arena = null;
        }
    }

    boolean isClosed() {
        return arena == null;
    }
}
