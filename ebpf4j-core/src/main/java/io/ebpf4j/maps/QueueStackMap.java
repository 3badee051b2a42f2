package io.ebpf4j.maps;

import io.ebpf4j.object.MapSpec;
import io.ebpf4j.object.MapType;

import java.lang.foreign.MemorySegment;

/**
 * {@code BPF_MAP_TYPE_QUEUE} (FIFO) and {@code BPF_MAP_TYPE_STACK} (LIFO), kernel/bpf/queue_stack_maps.c:
 * a ring of {@code max_entries + 1} values in the arena with head and tail indexes under one lock.
 * No keys. Push with {@code BPF_EXIST} on a full map drops the oldest element — for a stack too, the
 * bottom one ({@code queue_stack_map_push_elem}); otherwise a full map answers -E2BIG. Pop and peek
 * on an empty map answer -ENOENT and zero the destination. User space pushes with
 * {@code BPF_MAP_UPDATE_ELEM}, peeks with {@code BPF_MAP_LOOKUP_ELEM} and pops with
 * {@code BPF_MAP_LOOKUP_AND_DELETE_ELEM}, all with a null key.
 */
final class QueueStackMap extends AbstractBpfMap {
    private final boolean stack;
    private final int size;
    private final long elements;
    private final Object lock = new Object();
    private int head;
    private int tail;

    QueueStackMap(MapSpec spec, MapMemory memory, int cpus, MapRegistry registry, SpecialFields fields) {
        super(spec, memory, cpus, registry, fields);
        stack = spec.type() == MapType.STACK;
        size = maxEntries + 1;
        elements = allocate((long) size * valueSize, 8, "elements") - base;
    }

    private long pushImpl(MemorySegment src, long srcOff, long flags) {
        if ((flags & MapFlags.BPF_NOEXIST) != 0 || above(flags, MapFlags.BPF_EXIST)) return -Errno.EINVAL;
        boolean replace = (flags & MapFlags.BPF_EXIST) != 0;
        MemorySegment arena = memory.segment();
        synchronized (lock) {
            int nextHead = head + 1 == size ? 0 : head + 1;
            if (nextHead == tail) { // full
                if (!replace) return -Errno.E2BIG;
                tail = tail + 1 == size ? 0 : tail + 1; // overwrite the oldest
            }
            MemorySegment.copy(src, srcOff, arena, elements + (long) head * valueSize, valueSize);
            head = nextHead;
        }
        return 0;
    }

    /** {@code __queue_map_get} / {@code __stack_map_get}. */
    private long getImpl(MemorySegment dst, long dstOff, boolean delete) {
        MemorySegment arena = memory.segment();
        synchronized (lock) {
            if (head == tail) {
                dst.asSlice(dstOff, valueSize).fill((byte) 0);
                return -Errno.ENOENT;
            }
            int index;
            if (stack) {
                index = head == 0 ? size - 1 : head - 1;
                if (delete) head = index;
            } else {
                index = tail;
                if (delete) tail = tail + 1 == size ? 0 : tail + 1;
            }
            MemorySegment.copy(arena, elements + (long) index * valueSize, dst, dstOff, valueSize);
        }
        return 0;
    }

    // ---------------------------------------------------------------- program side

    @Override
    public long lookup(long keyAddr, int cpu) {
        return 0;
    }

    @Override
    public long update(long keyAddr, long valueAddr, long flags, int cpu) {
        return -Errno.EINVAL;
    }

    @Override
    public long delete(long keyAddr, int cpu) {
        return -Errno.EINVAL;
    }

    @Override
    public long push(long valueAddr, long flags, int cpu) {
        if (readOnlyForPrograms()) return -Errno.EPERM;
        return pushImpl(memory.segment(), valueAddr - base, flags);
    }

    @Override
    public long pop(long valueAddr, int cpu) {
        if (readOnlyForPrograms()) return -Errno.EPERM;
        return getImpl(memory.segment(), valueAddr - base, true);
    }

    @Override
    public long peek(long valueAddr, int cpu) {
        return getImpl(memory.segment(), valueAddr - base, false);
    }

    // ---------------------------------------------------------------- Java side

    private void checkNoKey(byte[] key) {
        checkOpen();
        if (key != null && key.length != 0) {
            throw new MapException("map " + spec.name() + ": " + spec.type().libbpfName() + " maps have no key");
        }
    }

    /** BPF_MAP_LOOKUP_ELEM: peek. */
    @Override
    public byte[] lookup(byte[] key) {
        checkNoKey(key);
        byte[] out = new byte[valueSize];
        return getImpl(MemorySegment.ofArray(out), 0, false) == 0 ? out : null;
    }

    /** BPF_MAP_UPDATE_ELEM: push. */
    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkNoKey(key);
        int perm = javaWriteCheck();
        if (perm != 0) return perm;
        checkValue(value, valueSize);
        return (int) pushImpl(MemorySegment.ofArray(value), 0, flags);
    }

    @Override
    public int delete(byte[] key) {
        checkNoKey(key);
        return -Errno.EINVAL; // queue_stack_map_delete_elem
    }

    @Override
    public byte[] nextKey(byte[] key) {
        checkOpen();
        return null; // queue_stack_map_get_next_key: -EINVAL
    }

    /** BPF_MAP_LOOKUP_AND_DELETE_ELEM. */
    @Override
    public byte[] pop() {
        checkOpen();
        if (javaWriteCheck() != 0) throw new MapException("map " + spec.name() + " is frozen or read-only: cannot pop");
        byte[] out = new byte[valueSize];
        return getImpl(MemorySegment.ofArray(out), 0, true) == 0 ? out : null;
    }

    /** Number of values held; for tests and dumps. */
    int size() {
        synchronized (lock) {
            return (head - tail + size) % size;
        }
    }
}
