package io.ebpf4j.maps;

import java.lang.foreign.MemorySegment;

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
}
