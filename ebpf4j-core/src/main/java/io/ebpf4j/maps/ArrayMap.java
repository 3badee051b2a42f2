package io.ebpf4j.maps;

import io.ebpf4j.object.MapSpec;
import io.ebpf4j.object.MapType;

import java.lang.foreign.MemorySegment;

/**
 * {@code BPF_MAP_TYPE_ARRAY} and {@code BPF_MAP_TYPE_PERCPU_ARRAY} (kernel/bpf/arraymap.c): every
 * element exists from creation, zero-initialised, values {@code round_up(value_size, 8)} apart.
 * Per-CPU values are laid out CPU by CPU (all of CPU 0's elements, then CPU 1's...), so two CPUs
 * never share a cache line of the same element.
 */
final class ArrayMap extends AbstractBpfMap {
    private final boolean percpu;
    private final int stride;
    /** Segment offset of element 0 of CPU 0. */
    private final long values;

    ArrayMap(MapSpec spec, MapMemory memory, int cpus, MapRegistry registry, SpecialFields fields) {
        super(spec, memory, cpus, registry, fields);
        percpu = spec.type() == MapType.PERCPU_ARRAY;
        stride = roundUp8(valueSize);
        long total = (long) stride * maxEntries * (percpu ? cpus : 1);
        long align = (mapFlags & MapFlags.BPF_F_MMAPABLE) != 0 ? 4096 : 8;
        values = allocate(total, align, "values") - base;
    }

    @Override
    void initialize() {
        // global data (.data, .rodata, .bss, .kconfig): libbpf's bpf_object__populate_internal_map
        byte[] contents = spec.contents();
        if (contents.length > 0) {
            MemorySegment.copy(contents, 0, memory.segment(), U8, values, Math.min(contents.length, valueSize));
        }
    }

    @Override
    public int cpus() {
        return percpu ? runtimeCpus : 1;
    }

    /** An array's lookup is an index check and an address ({@link #lookup}, {@link #valueOff}); a per-CPU array's adds the CPU's offset. */
    @Override
    public InlineLookup inlineLookup() {
        return new InlineLookup(base + values, stride, maxEntries, percpu ? (long) maxEntries * stride : 0, byteOrder());
    }

    private long valueOff(int index, int cpu) {
        return values + (percpu ? (long) cpu * maxEntries + index : index) * (long) stride;
    }

    /** {@code array_map_update_elem}: flag and index checks, in the kernel's order. */
    private long updateCheck(int index, long flags) {
        if (above(flags & ~MapFlags.BPF_F_LOCK, MapFlags.BPF_EXIST)) return -Errno.EINVAL;
        if (Integer.compareUnsigned(index, maxEntries) >= 0) return -Errno.E2BIG;
        if ((flags & MapFlags.BPF_NOEXIST) != 0) return -Errno.EEXIST;
        if ((flags & MapFlags.BPF_F_LOCK) != 0 && !fields.hasSpinLock()) return -Errno.EINVAL;
        return 0;
    }

    // ---------------------------------------------------------------- program side

    @Override
    public long lookup(long keyAddr, int cpu) {
        int index = getU32(memory.segment(), keyAddr - base);
        if (Integer.compareUnsigned(index, maxEntries) >= 0) return 0;
        if (percpu) {
            checkCpu(cpu);
            return base + valueOff(index, cpu);
        }
        return base + values + (long) index * stride;
    }

    @Override
    public long update(long keyAddr, long valueAddr, long flags, int cpu) {
        if (readOnlyForPrograms()) return -Errno.EPERM;
        MemorySegment seg = memory.segment();
        int index = getU32(seg, keyAddr - base);
        long err = updateCheck(index, flags);
        if (err != 0) return err;
        if (percpu) checkCpu(cpu);
        long dst = valueOff(index, percpu ? cpu : 0);
        if ((flags & MapFlags.BPF_F_LOCK) != 0) {
            copyValueLocked(seg, dst, seg, valueAddr - base);
        } else {
            copyValue(seg, dst, seg, valueAddr - base);
        }
        return 0;
    }

    @Override
    public long delete(long keyAddr, int cpu) {
        return -Errno.EINVAL; // array_map_delete_elem
    }

    @Override
    public long forEachElement(int cpu, ElementVisitor visitor) {
        // bpf_for_each_array_elem: every index, this CPU's copy of a per-CPU value
        checkCpu(cpu);
        MemorySegment seg = memory.segment();
        long key = scratch(cpu);
        long n = 0;
        for (int i = 0; i < maxEntries; i++) {
            setU32(seg, key - base, i);
            n++;
            if (visitor.visit(key, base + valueOff(i, percpu ? cpu : 0)) != 0) break;
        }
        return n;
    }

    @Override
    public long directValueAddress() {
        return percpu || maxEntries != 1 ? 0 : base + values;
    }

    // ---------------------------------------------------------------- Java side

    @Override
    public byte[] lookup(byte[] key) {
        checkKey(key);
        int index = u32(key);
        if (Integer.compareUnsigned(index, maxEntries) >= 0) return null; // -ENOENT
        MemorySegment seg = memory.segment();
        if (!percpu) return readValue(seg, valueOff(index, 0), valueSize);
        // bpf_percpu_array_copy: round_up(value_size, 8) bytes per CPU
        byte[] out = new byte[stride * runtimeCpus];
        for (int cpu = 0; cpu < runtimeCpus; cpu++) {
            MemorySegment.copy(seg, U8, valueOff(index, cpu), out, cpu * stride, stride);
        }
        return out;
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkKey(key);
        int perm = javaWriteCheck();
        if (perm != 0) return perm;
        int index = u32(key);
        MemorySegment seg = memory.segment();
        if (percpu) {
            // bpf_percpu_array_update
            if (above(flags, MapFlags.BPF_EXIST)) return -Errno.EINVAL;
            if (Integer.compareUnsigned(index, maxEntries) >= 0) return -Errno.E2BIG;
            if (flags == MapFlags.BPF_NOEXIST) return -Errno.EEXIST;
            checkValue(value, stride * runtimeCpus);
            for (int cpu = 0; cpu < runtimeCpus; cpu++) {
                MemorySegment.copy(value, cpu * stride, seg, U8, valueOff(index, cpu), stride);
            }
            return 0;
        }
        long err = updateCheck(index, flags);
        if (err != 0) return (int) err;
        checkValue(value, valueSize);
        MemorySegment src = MemorySegment.ofArray(value);
        if ((flags & MapFlags.BPF_F_LOCK) != 0) {
            copyValueLocked(seg, valueOff(index, 0), src, 0);
        } else {
            copyValue(seg, valueOff(index, 0), src, 0);
        }
        return 0;
    }

    @Override
    public int delete(byte[] key) {
        checkKey(key);
        int perm = javaWriteCheck();
        return perm != 0 ? perm : -Errno.EINVAL;
    }

    @Override
    public byte[] nextKey(byte[] key) {
        return arrayNextKey(key);
    }
}
