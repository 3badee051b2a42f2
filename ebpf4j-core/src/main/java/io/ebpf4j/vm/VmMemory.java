package io.ebpf4j.vm;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * What one {@link Vm} (one CPU slot) sees of memory: the shared arena ({@link MemoryArena}) and
 * its own slot ({@link CpuSlot}: stack, context, packet or input region). A standalone
 * {@link Vm#load Vm} owns a small arena of its own (8 stack frames, then the input region); a Vm
 * of a {@link Runtime} shares the runtime's arena with the other slots and the maps.
 *
 * <p>Every load and store of a program goes through the arena segment (little-endian, unaligned
 * allowed), so it is bounds-checked by the JVM: an access outside the arena is an
 * {@link IndexOutOfBoundsException} that the engine turns into a {@link BpfRuntimeException},
 * never a read or write of JVM memory. The stack is not cleared between runs.
 */
public final class VmMemory implements AutoCloseable {
    /** BPF address of the first byte of the arena ({@link MemoryArena#BASE}). */
    public static final long BASE = MemoryArena.BASE;
    /** Largest arena: it must stay below 4 GiB of address space. */
    public static final long MAX_SIZE = MemoryArena.MAX_SIZE;

    private final MemoryArena arena;
    private final CpuSlot slot;
    private final boolean ownsArena;

    VmMemory(MemoryArena arena, CpuSlot slot, boolean ownsArena) {
        this.arena = arena;
        this.slot = slot;
        this.ownsArena = ownsArena;
    }

    /**
     * A standalone arena: {@code frames} stack frames at the bottom (the deepest at {@link #BASE}), then the input
     * region; integers in memory are in {@code byteOrder}; {@code guard} bytes in no region below and above the
     * stack (checked mode, else 0).
     */
    static VmMemory standalone(int frameSize, int frames, int inputCapacity, java.nio.ByteOrder byteOrder, long guard) {
        long size = (long) frameSize * frames + inputCapacity + 2 * guard;
        if (size > MAX_SIZE) {
            throw new BpfRuntimeException("memory arena of " + size + " bytes exceeds the limit of " + MAX_SIZE);
        }
        MemoryArena arena = new MemoryArena(size, 0, byteOrder);
        if (guard > 0) arena.allocate(guard, 1, null);
        long stack = arena.allocate((long) frameSize * frames, 8, null);
        if (guard > 0) arena.allocate(guard, 1, null);
        for (int depth = frames - 1; depth >= 0; depth--) {
            arena.nameRegion("stack frame " + depth, stack + (long) (frames - 1 - depth) * frameSize, frameSize);
        }
        long input = arena.allocate(inputCapacity, 1, "input");
        return new VmMemory(arena, new CpuSlot(0, stack, frameSize, frames, 0, 0, input, inputCapacity), true);
    }

    /** The arena this memory belongs to. */
    public MemoryArena arena() {
        return arena;
    }

    /** This Vm's CPU slot. */
    public CpuSlot slot() {
        return slot;
    }

    /** The whole arena; segment offset 0 is BPF address {@link #BASE}. */
    public MemorySegment segment() {
        return arena.segment();
    }

    /** The part of the arena programs may write. */
    public MemorySegment writableSegment() {
        return arena.writableSegment();
    }

    public long size() {
        return arena.size();
    }

    /** r10 of the frame at call depth {@code depth} (0 = the entry function): the first address past the frame. */
    public long stackTop(int depth) {
        return slot.stackTop(depth);
    }

    public int stackFrameSize() {
        return slot.frameSize();
    }

    /** BPF address of the input region (the {@code mem} buffer of a run; a runtime slot's packet region). */
    public long inputAddress() {
        return slot.packetAddress();
    }

    public int inputCapacity() {
        return slot.packetCapacity();
    }

    /** The region table, lowest address first. */
    public List<MemoryRegion> regions() {
        return arena.regions();
    }

    /** The region holding {@code address}, or null. */
    public MemoryRegion regionOf(long address) {
        return arena.regionOf(address);
    }

    /** Whether {@code [address, address + length)} lies inside the arena. */
    public boolean inArena(long address, long length) {
        return arena.inArena(address, length);
    }

    /**
     * A view of {@code length} bytes at a BPF address, for helpers that take pointers.
     *
     * @throws BpfRuntimeException if the range is not inside the arena
     */
    public MemorySegment slice(long address, long length) {
        return arena.slice(address, length);
    }

    /** Copies {@code length} bytes at a BPF address into a new array. */
    public byte[] read(long address, int length) {
        return arena.read(address, length);
    }

    /** Copies {@code bytes} to a BPF address. */
    public void write(long address, byte[] bytes) {
        arena.write(address, bytes);
    }

    /** Says where {@code address} is relative to the regions. */
    public String describe(long address) {
        return arena.describe(address);
    }

    /** Frees the arena if this Vm owns it (a standalone Vm); a runtime's arena is freed by the runtime. */
    @Override
    public void close() {
        if (ownsArena) arena.close();
    }

    boolean isClosed() {
        return arena.isClosed();
    }
}
