package io.ebpf4j.maps;

import io.ebpf4j.object.MapSpec;
import io.ebpf4j.object.MapType;

import java.util.List;

/**
 * A live map of a runtime, with the kernel's semantics (kernel/bpf/{arraymap,hashtab,lpm_trie,
 * queue_stack_maps,ringbuf}.c and Documentation/bpf/map_*.rst). Two faces:
 * <ul>
 * <li><b>program side</b> — what helpers call: keys and values are BPF addresses in the arena;
 *     results are a value address (0 for none) or 0 / a negative errno ({@link Errno}), exactly
 *     what the kernel helper returns to the program. {@code cpu} is the caller's CPU slot
 *     (per-CPU maps use that CPU's copy).</li>
 * <li><b>Java side</b> — what {@code bpf(2)} map commands do for user space: keys and values
 *     are byte arrays; per-CPU values are all CPUs' values, each rounded up to 8 bytes, as the
 *     kernel's syscall interface lays them out.</li>
 * </ul>
 * Implementations are safe for concurrent use by programs on several threads and by Java code.
 *
 * <p>Create maps with {@link BpfMaps#create}. Two types have more to offer and are returned as
 * their own classes: {@link RingBufMap} (the {@code bpf_ringbuf_*} helpers and a consumer) and
 * {@link ProgArrayMap} ({@link ProgArrayMap#programAt} for {@code bpf_tail_call}).
 * Java-side methods throw {@link MapException} for
 * arguments the kernel's syscall layer would refuse before reaching the map (a key or value of the
 * wrong size, a closed map); everything the map itself decides is a negative errno, as in the kernel.
 */
public interface BpfMap extends AutoCloseable {

    /** The map's description from the object (type, key and value sizes, flags, BTF types). */
    MapSpec spec();

    /** The byte order of the integers in this map's keys and values ({@link MapMemory#byteOrder()}). */
    default java.nio.ByteOrder byteOrder() {
        return java.nio.ByteOrder.LITTLE_ENDIAN;
    }

    /** The map's name, as libbpf names it ({@code counts}, {@code prog.bss}). */
    default String name() {
        return spec().name();
    }

    /** The map's type. */
    default MapType type() {
        return spec().type();
    }

    /**
     * The value programs see as this map's pointer ({@code ld_imm64 src=BPF_PSEUDO_MAP_FD/IDX}) and
     * what a map-in-map lookup returns: the arena address of a small header unique to this map.
     * The header holds, as little-endian u32s: map type, key size, value size, max_entries,
     * map_flags and {@link #id()} at offsets 0, 4, 8, 12, 16, 20 (not the kernel's
     * {@code struct bpf_map} layout; programs cannot read it anyway).
     */
    long address();

    /**
     * The map's id, unique within its {@link MapRegistry}, greater than 0: what user space stores in a
     * map-in-map (where the kernel takes a map fd) and what a Java-side lookup of a map-in-map returns
     * (the kernel returns the inner map's id there too: {@code bpf_map_fd_sys_lookup_elem}).
     */
    int id();

    /** The arena blocks this map allocated, lowest address first. */
    List<MapRegion> regions();

    /** Whether {@code address} lies in one of this map's {@link #regions()}. */
    default boolean contains(long address) {
        for (MapRegion r : regions()) {
            if (r.contains(address)) return true;
        }
        return false;
    }

    /**
     * {@code BPF_MAP_FREEZE}: from now on Java-side writes (update, delete, push, pop) fail with
     * -EPERM, as the kernel's syscall layer does for a frozen map; programs are unaffected.
     */
    void freeze();

    /** Whether {@link #freeze()} was called (or the spec asked for it, as libbpf does for {@code .rodata}). */
    boolean isFrozen();

    // ---------------------------------------------------------------- program side

    /** {@code bpf_map_lookup_elem}: address of the value for the key at {@code keyAddr}, or 0. */
    long lookup(long keyAddr, int cpu);

    /** {@code bpf_map_update_elem} with {@code BPF_ANY/BPF_NOEXIST/BPF_EXIST} (and BPF_F_LOCK): 0 or -errno. */
    long update(long keyAddr, long valueAddr, long flags, int cpu);

    /** {@code bpf_map_delete_elem}: 0 or -errno. */
    long delete(long keyAddr, int cpu);

    /** {@code bpf_map_push_elem} (queue, stack; flags may be BPF_EXIST to overwrite the oldest): 0 or -errno. */
    default long push(long valueAddr, long flags, int cpu) {
        return -Errno.EINVAL;
    }

    /** {@code bpf_map_pop_elem}: copies the value to {@code valueAddr} and removes it; 0 or -errno. */
    default long pop(long valueAddr, int cpu) {
        return -Errno.EINVAL;
    }

    /** {@code bpf_map_peek_elem}: copies the value to {@code valueAddr}; 0 or -errno. */
    default long peek(long valueAddr, int cpu) {
        return -Errno.EINVAL;
    }

    /**
     * The value address of an array with {@code max_entries} 1 — global data ({@code .data},
     * {@code .rodata}, {@code .bss}), which programs address directly through
     * {@code ld_imm64 src=BPF_PSEUDO_MAP_VALUE} ({@code array_map_direct_value_addr}); 0 for other maps.
     */
    default long directValueAddress() {
        return 0;
    }

    /**
     * What {@code bpf_map_lookup_elem} computes on this map where a compiler may write it out in place of the call,
     * as the kernel's verifier does for arrays ({@code map_gen_lookup}, {@code array_map_gen_lookup} in
     * kernel/bpf/arraymap.c): the u32 key {@code i} (in the map's byte order) gives element {@code i}'s value at
     * {@code firstValue + i * stride + cpu * cpuStride} for {@code i < maxEntries}, and NULL beyond; {@code cpuStride}
     * is 0 but for a per-CPU array, whose CPUs' values lie {@code cpuStride} bytes apart (the kernel writes those
     * out too: {@code percpu_array_map_gen_lookup}). Null for maps whose lookup is more than that (hashes, maps of
     * maps).
     */
    record InlineLookup(long firstValue, long stride, int maxEntries, long cpuStride, java.nio.ByteOrder keyOrder) {}

    /** This map's {@link InlineLookup}, or null. */
    default InlineLookup inlineLookup() {
        return null;
    }

    /** Visitor of {@link #forEachElement}: returns 0 to continue, 1 to stop (bpf_for_each_map_elem's callback contract). */
    @FunctionalInterface
    interface ElementVisitor {
        /** Visits one element: arena addresses of its key and value; returns 0 to go on, 1 to stop. */
        long visit(long keyAddr, long valueAddr);
    }

    /**
     * {@code bpf_for_each_map_elem}: calls {@code visitor} for each element in the map's iteration
     * order with arena addresses of its key and (this CPU's) value; returns the number of
     * elements visited, or -errno (-EINVAL for maps that do not support it).
     */
    default long forEachElement(int cpu, ElementVisitor visitor) {
        return -Errno.EINVAL;
    }

    // ---------------------------------------------------------------- Java side (bpf(2) commands)

    /** BPF_MAP_LOOKUP_ELEM: the value (per-CPU maps: every CPU's), or null when absent. */
    byte[] lookup(byte[] key);

    /** BPF_MAP_UPDATE_ELEM: 0 or -errno. */
    int update(byte[] key, byte[] value, long flags);

    /** BPF_MAP_DELETE_ELEM: 0 or -errno. */
    int delete(byte[] key);

    /**
     * BPF_MAP_GET_NEXT_KEY: the key after {@code key} (the first key for null, or when key is absent, as
     * the kernel does), or null at the end. Maps without keys (queue, stack, ring buffer, where the
     * kernel answers -EINVAL or -ENOTSUPP) return null.
     */
    byte[] nextKey(byte[] key);

    /** BPF_MAP_LOOKUP_AND_DELETE_ELEM on queue/stack (key null): the popped value or null when empty. */
    default byte[] pop() {
        throw new MapException(name() + ": " + type() + " has no pop");
    }

    /** Number of CPU slots this map keeps per-CPU values for (1 for maps that are not per-CPU). */
    int cpus();

    /**
     * Removes the map from its registry; Java-side calls then throw {@link MapException}. The arena
     * memory stays allocated (the arena is freed as a whole by the runtime), so a program still
     * holding a value pointer cannot fault.
     */
    @Override
    void close();
}
