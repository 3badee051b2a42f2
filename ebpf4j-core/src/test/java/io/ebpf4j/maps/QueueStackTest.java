package io.ebpf4j.maps;

import io.ebpf4j.object.MapType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.ebpf4j.maps.TestMemory.spec;
import static io.ebpf4j.maps.TestMemory.u32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** QUEUE and STACK against kernel/bpf/queue_stack_maps.c and the corpus programs. */
class QueueStackTest {
    private final TestMemory mem = new TestMemory();
    private final MapRegistry registry = MapRegistry.create();
    private final long value = mem.scratch(8);

    @AfterEach
    void close() {
        mem.close();
    }

    private BpfMap map(MapType type, int max) {
        return BpfMaps.create(spec(type, 0, 4, max, 0), mem, 2, registry);
    }

    private long push(BpfMap m, int v, long flags) {
        mem.putU32(value, v);
        return m.push(value, flags, 0);
    }

    /** The C program's run: returns the result slots res[0..10]. */
    private long[] run(BpfMap q) {
        long[] res = new long[11];
        long n = 0, digits = 0;
        for (int i = 0; i < 5; i++) {
            if (q.pop(value, 0) != 0) break;
            n++;
            digits = digits * 10 + mem.getU32(value);
        }
        res[0] = n;
        res[10] = digits;
        res[1] = push(q, 1, 0) + push(q, 2, 0) + push(q, 3, 0) + push(q, 4, 0);
        res[2] = push(q, 5, MapFlags.BPF_ANY);
        res[3] = push(q, 6, MapFlags.BPF_EXIST);
        mem.putU32(value, 9);
        res[4] = q.push(value, q.type() == MapType.QUEUE ? MapFlags.BPF_NOEXIST : 3, 0);
        mem.putU32(value, 0);
        res[6] = q.peek(value, 0);
        res[5] = mem.getU32(value);
        digits = 0;
        for (int i = 0; i < 4; i++) {
            mem.putU32(value, 0);
            q.pop(value, 0);
            digits = digits * 10 + mem.getU32(value);
        }
        res[7] = digits;
        mem.putU32(value, 0x77);
        res[8] = q.pop(value, 0);
        assertEquals(0, mem.getU32(value), "an empty pop zeroes the destination");
        res[9] = q.peek(value, 0);
        push(q, 7, 0);
        push(q, 8, 0);
        return res;
    }

    @Test
    void mapQueueCorpusProgram() {
        BpfMap q = map(MapType.QUEUE, 4);
        long[] first = run(q);
        assertArrayEquals(new long[] {0, 0, -Errno.E2BIG, 0, -Errno.EINVAL, 2, 0, 2346, -Errno.ENOENT, -Errno.ENOENT, 0},
                first);
        long[] second = run(q);
        assertEquals(2, second[0]);
        assertEquals(78, second[10], "FIFO");
    }

    @Test
    void mapStackCorpusProgram() {
        BpfMap s = map(MapType.STACK, 4);
        long[] first = run(s);
        // BPF_EXIST on a full stack drops the oldest (bottom) element too: 2,3,4,6 bottom to top
        assertArrayEquals(new long[] {0, 0, -Errno.E2BIG, 0, -Errno.EINVAL, 6, 0, 6432, -Errno.ENOENT, -Errno.ENOENT, 0},
                first);
        long[] second = run(s);
        assertEquals(2, second[0]);
        assertEquals(87, second[10], "LIFO");
    }

    @Test
    void javaSidePushesPeeksAndPops() {
        BpfMap q = map(MapType.QUEUE, 2);
        assertNull(q.lookup((byte[]) null));
        assertNull(q.pop());
        assertEquals(0, q.update(null, u32(1), MapFlags.BPF_ANY));
        assertEquals(0, q.update(new byte[0], u32(2), MapFlags.BPF_ANY));
        assertEquals(-Errno.E2BIG, q.update(null, u32(3), MapFlags.BPF_ANY));
        assertEquals(0, q.update(null, u32(3), MapFlags.BPF_EXIST));
        assertArrayEquals(u32(2), q.lookup((byte[]) null), "peek does not remove");
        assertArrayEquals(u32(2), q.pop());
        assertArrayEquals(u32(3), q.pop());
        assertNull(q.pop());
        assertEquals(-Errno.EINVAL, q.delete(null));
        assertNull(q.nextKey(null));
        assertThrows(MapException.class, () -> q.lookup(new byte[4]));
        q.freeze();
        assertEquals(-Errno.EPERM, q.update(null, u32(1), MapFlags.BPF_ANY));
        assertThrows(MapException.class, q::pop);
    }

    @Test
    void keyedOperationsAreInvalid() {
        BpfMap q = map(MapType.STACK, 2);
        assertEquals(0, q.lookup(value, 0));
        assertEquals(-Errno.EINVAL, q.update(value, value, 0, 0));
        assertEquals(-Errno.EINVAL, q.delete(value, 0));
    }

    @Test
    void wrapsAroundManyTimes() {
        BpfMap q = map(MapType.QUEUE, 3);
        int next = 0, expect = 0;
        for (int round = 0; round < 100; round++) {
            while (push(q, next, 0) == 0) next++;
            assertEquals(0, q.pop(value, 0));
            assertEquals(expect++, mem.getU32(value));
            assertEquals(0, q.pop(value, 0));
            assertEquals(expect++, mem.getU32(value));
        }
    }

    @Test
    void creationRules() {
        assertThrows(MapException.class, () -> BpfMaps.create(spec(MapType.QUEUE, 4, 4, 4, 0), mem, 1, registry));
        assertThrows(MapException.class, () -> BpfMaps.create(spec(MapType.STACK, 0, 0, 4, 0), mem, 1, registry));
        assertThrows(MapException.class, () -> BpfMaps.create(spec(MapType.STACK, 0, 4, 0, 0), mem, 1, registry));
    }
}
