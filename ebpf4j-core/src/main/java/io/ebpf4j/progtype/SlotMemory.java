package io.ebpf4j.progtype;

import java.lang.foreign.MemorySegment;

/**
 * The memory a test run may lay its context and packet out in: the running CPU slot's context and
 * packet regions inside the runtime's arena. Provided by the runtime.
 */
public interface SlotMemory {

    /** The whole arena; segment offset 0 is BPF address {@link #baseAddress()}. */
    MemorySegment segment();

    /** BPF address of segment offset 0. */
    long baseAddress();

    /** BPF address of the slot's context region. */
    long ctxAddress();

    /** Size of the context region in bytes. */
    int ctxCapacity();

    /** BPF address of the slot's packet region. */
    long packetAddress();

    /** Size of the packet region in bytes. */
    int packetCapacity();

    /**
     * The byte order of the program's memory, in which the context's fields are laid out (a
     * big-endian object runs as on a big-endian kernel). The packet itself is network data and
     * is never swapped.
     */
    default java.nio.ByteOrder byteOrder() {
        return java.nio.ByteOrder.LITTLE_ENDIAN;
    }
}
