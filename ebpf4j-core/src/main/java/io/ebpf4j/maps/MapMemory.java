package io.ebpf4j.maps;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * The memory that maps keep their keys and values in: a region of the runtime's arena, which
 * every program of the runtime (on every thread) can address. A BPF address {@code a} is the
 * byte at offset {@code a - baseAddress()} of {@link #segment()}. Provided by the runtime; maps
 * allocate all their storage up front (as the kernel preallocates hash maps), so a program's
 * pointer to a map value stays valid for the map's lifetime.
 */
public interface MapMemory {

    /** The whole arena. Accesses must go through it (the JVM bounds-checks them). */
    MemorySegment segment();

    /** The BPF address of offset 0 of {@link #segment()}. Never 0, below 4 GiB. */
    long baseAddress();

    /**
     * Allocates {@code size} zeroed bytes aligned to {@code align} (a power of two, at most 4096)
     * and returns their BPF address. {@code region} names the allocation in error messages
     * (e.g. "map counts: values").
     *
     * @throws MapException if the arena cannot hold it (the message names the region and sizes)
     */
    long allocate(long size, long align, String region);

    /**
     * The byte order of the machine the programs were compiled for ({@code ELFDATA2LSB/MSB} of
     * their object): how maps read the integers inside keys and values (an array's u32 index, an
     * LPM key's prefix length, the words the hash function mixes) and write their header. A
     * big-endian object runs as on a big-endian kernel.
     */
    default ByteOrder byteOrder() {
        return ByteOrder.LITTLE_ENDIAN;
    }
}
