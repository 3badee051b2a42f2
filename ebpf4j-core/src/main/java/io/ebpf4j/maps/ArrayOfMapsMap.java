package io.ebpf4j.maps;

import io.ebpf4j.object.MapSpec;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code BPF_MAP_TYPE_ARRAY_OF_MAPS} (kernel/bpf/arraymap.c, {@code array_of_maps_map_ops}): an array
 * whose slots hold maps. User space stores a map by writing its {@link BpfMap#id()} (the kernel
 * takes a map fd), which must match the inner map template of the spec
 * ({@code bpf_map_meta_equal}); a Java-side lookup returns the id. A program-side lookup returns
 * the inner map's {@link BpfMap#address()}, or 0 for an empty slot or an index past the end
 * ({@code array_of_map_lookup_elem}). Update takes {@code BPF_ANY} only; deleting an empty slot is
 * -ENOENT; iteration visits every index, as for arrays.
 */
final class ArrayOfMapsMap extends AbstractBpfMap {
    private final AtomicReferenceArray<BpfMap> maps;

    ArrayOfMapsMap(MapSpec spec, MapMemory memory, int cpus, MapRegistry registry, SpecialFields fields) {
        super(spec, memory, cpus, registry, fields);
        maps = new AtomicReferenceArray<>(maxEntries);
    }

    // ---------------------------------------------------------------- program side

    @Override
    public long lookup(long keyAddr, int cpu) {
        int index = getU32(memory.segment(), keyAddr - base);
        if (Integer.compareUnsigned(index, maxEntries) >= 0) return 0;
        BpfMap m = maps.get(index);
        return m == null ? 0 : m.address();
    }

    @Override
    public long update(long keyAddr, long valueAddr, long flags, int cpu) {
        return -Errno.EINVAL; // programs cannot store maps (the verifier rejects it)
    }

    @Override
    public long delete(long keyAddr, int cpu) {
        return -Errno.EINVAL;
    }

    // ---------------------------------------------------------------- Java side

    @Override
    public byte[] lookup(byte[] key) {
        checkKey(key);
        int index = u32(key);
        if (Integer.compareUnsigned(index, maxEntries) >= 0) return null;
        BpfMap m = maps.get(index);
        return m == null ? null : u32(m.id());
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        // bpf_fd_array_map_update_elem
        checkKey(key);
        int perm = javaWriteCheck();
        if (perm != 0) return perm;
        checkValue(value, 4);
        if (flags != MapFlags.BPF_ANY) return -Errno.EINVAL;
        int index = u32(key);
        if (Integer.compareUnsigned(index, maxEntries) >= 0) return -Errno.E2BIG;
        BpfMap innerMap = registry.map(u32(value));
        if (innerMap == null) return -Errno.EBADF;
        if (!BpfMaps.metaEqual(spec.innerMap(), innerMap)) return -Errno.EINVAL;
        maps.set(index, innerMap);
        return 0;
    }

    @Override
    public int delete(byte[] key) {
        checkKey(key);
        int perm = javaWriteCheck();
        if (perm != 0) return perm;
        int index = u32(key);
        if (Integer.compareUnsigned(index, maxEntries) >= 0) return -Errno.E2BIG;
        return maps.getAndSet(index, null) == null ? -Errno.ENOENT : 0;
    }

    @Override
    public byte[] nextKey(byte[] key) {
        return arrayNextKey(key);
    }
}
