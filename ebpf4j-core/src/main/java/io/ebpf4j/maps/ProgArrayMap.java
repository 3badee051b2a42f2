package io.ebpf4j.maps;

import io.ebpf4j.object.MapSpec;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * {@code BPF_MAP_TYPE_PROG_ARRAY} (kernel/bpf/arraymap.c, {@code prog_array_map_ops}): the jump
 * table of {@code bpf_tail_call}. User space stores programs in it — here a program index chosen
 * by the runtime, where the kernel takes a program fd; the runtime reads a slot with
 * {@link #programAt(int)} when a program tail-calls. Programs cannot look the map up, update or
 * delete from it (the verifier allows only {@code bpf_tail_call}); those calls answer 0 / -EINVAL.
 *
 * <p>Java side, as {@code bpf_fd_array_map_update_elem} and {@code fd_array_map_delete_elem}:
 * update takes {@code BPF_ANY} only (-EINVAL otherwise), an index past the end is -E2BIG, deleting
 * an empty slot is -ENOENT; a lookup returns the stored program index (where the kernel returns
 * the program's id).
 */
public final class ProgArrayMap extends AbstractBpfMap {
    private final AtomicIntegerArray programs;

    ProgArrayMap(MapSpec spec, MapMemory memory, int cpus, MapRegistry registry, SpecialFields fields) {
        super(spec, memory, cpus, registry, fields);
        programs = new AtomicIntegerArray(maxEntries);
        for (int i = 0; i < maxEntries; i++) programs.set(i, -1);
    }

    /** The program in slot {@code index} (a u32, as the tail call's index operand), or -1 when empty or out of range. */
    public int programAt(int index) {
        if (Integer.compareUnsigned(index, maxEntries) >= 0) return -1;
        return programs.get(index);
    }

    /**
     * Stores program {@code program} (≥ 0) in slot {@code index}: 0, -E2BIG for an index past the
     * end, -EBADF for a negative program, -EPERM on a frozen map.
     */
    public int set(int index, int program) {
        return update(u32(index), u32(program), MapFlags.BPF_ANY);
    }

    // ---------------------------------------------------------------- program side

    @Override
    public long lookup(long keyAddr, int cpu) {
        return 0; // fd_array_map_lookup_elem: -EOPNOTSUPP, never reached by verified programs
    }

    @Override
    public long update(long keyAddr, long valueAddr, long flags, int cpu) {
        return -Errno.EINVAL;
    }

    @Override
    public long delete(long keyAddr, int cpu) {
        return -Errno.EINVAL;
    }

    // ---------------------------------------------------------------- Java side

    @Override
    public byte[] lookup(byte[] key) {
        checkKey(key);
        int p = programAt(u32(key));
        return p < 0 ? null : u32(p);
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkKey(key);
        int perm = javaWriteCheck();
        if (perm != 0) return perm;
        checkValue(value, 4);
        if (flags != MapFlags.BPF_ANY) return -Errno.EINVAL;
        int index = u32(key);
        if (Integer.compareUnsigned(index, maxEntries) >= 0) return -Errno.E2BIG;
        int program = u32(value);
        if (program < 0) return -Errno.EBADF;
        programs.set(index, program);
        return 0;
    }

    @Override
    public int delete(byte[] key) {
        checkKey(key);
        int perm = javaWriteCheck();
        if (perm != 0) return perm;
        int index = u32(key);
        if (Integer.compareUnsigned(index, maxEntries) >= 0) return -Errno.E2BIG;
        return programs.getAndSet(index, -1) < 0 ? -Errno.ENOENT : 0;
    }

    @Override
    public byte[] nextKey(byte[] key) {
        return arrayNextKey(key);
    }
}
