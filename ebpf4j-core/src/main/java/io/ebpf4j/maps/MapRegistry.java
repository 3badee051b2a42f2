package io.ebpf4j.maps;

/**
 * The maps of one runtime by id: the part of the kernel's map idr and fd table that map-in-map
 * needs. User space puts an inner map into an {@code ARRAY_OF_MAPS}/{@code HASH_OF_MAPS} by
 * writing the inner map's id as the value (where the kernel takes a map fd), and the outer map
 * resolves it here; {@link #mapContaining} lets helpers that get only a pointer (such as
 * {@code bpf_ringbuf_submit}) find the map that owns it.
 *
 * <p>{@link BpfMaps#create} registers every map it creates; {@link BpfMap#close()} unregisters it.
 * Implementations must be safe for concurrent use.
 */
public interface MapRegistry {

    /** A new empty registry: ids from 1 upward, thread-safe. */
    static MapRegistry create() {
        return new DefaultMapRegistry();
    }

    /** Adds {@code map} and returns the id given to it: unique in this registry and greater than 0. */
    int register(BpfMap map);

    /** Removes {@code map}; unknown maps are ignored. */
    void unregister(BpfMap map);

    /** The registered map with this id, or null. */
    BpfMap map(int id);

    /** The registered map one of whose {@link BpfMap#regions()} holds {@code address}, or null. */
    BpfMap mapContaining(long address);
}
