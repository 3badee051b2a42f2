package io.ebpf4j.maps;

import io.ebpf4j.object.MapSpec;
import io.ebpf4j.object.MapType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.ebpf4j.maps.TestMemory.spec;
import static io.ebpf4j.maps.TestMemory.u32;
import static io.ebpf4j.maps.TestMemory.u64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ARRAY and PERCPU_ARRAY against kernel/bpf/arraymap.c. */
class ArrayMapTest {
    private final TestMemory mem = new TestMemory();
    private final MapRegistry registry = MapRegistry.create();
    private final long key = mem.scratch(8);
    private final long value = mem.scratch(64);

    @AfterEach
    void close() {
        mem.close();
    }

    private BpfMap array(int valueSize, int max) {
        return BpfMaps.create(spec(MapType.ARRAY, 4, valueSize, max, 0), mem, 2, registry);
    }

    private long lookup(BpfMap m, int index, int cpu) {
        mem.putU32(key, index);
        return m.lookup(key, cpu);
    }

    private long update(BpfMap m, int index, long v, long flags, int cpu) {
        mem.putU32(key, index);
        mem.putU64(value, v);
        return m.update(key, value, flags, cpu);
    }

    /** corpus/src/map_array.c, ten runs; the result slots and the dump corpus/kernel-results/map_array.json holds. */
    @Test
    void mapArrayCorpusProgram() {
        BpfMap arr = array(8, 8);
        long[] res = new long[10];
        for (int run = 0; run < 10; run++) {
            long p = lookup(arr, 0, 0);
            mem.putU64(p, mem.getU64(p) + 1);
            long v = 0x1122334455667788L;
            res[0] = update(arr, 3, v, MapFlags.BPF_ANY, 0);
            v++;
            res[1] = update(arr, 3, v, MapFlags.BPF_EXIST, 0);
            res[2] = update(arr, 3, v, MapFlags.BPF_NOEXIST, 0);
            res[3] = update(arr, 8, v, MapFlags.BPF_ANY, 0);
            res[4] = lookup(arr, 8, 0) == 0 ? 1 : 0;
            mem.putU32(key, 3);
            res[5] = arr.delete(key, 0);
            res[6] = update(arr, 3, v, 8, 0);
            res[7] = update(arr, 3, v, MapFlags.BPF_F_LOCK, 0);
            res[8] = mem.getU64(lookup(arr, 3, 0));
            res[9] = mem.getU64(lookup(arr, 7, 0));
        }
        assertArrayEquals(new long[] {0, 0, -17, -7, 1, -22, -22, -22, 1234605616436508553L, 0}, res);
        long[] dump = new long[8];
        for (int i = 0; i < 8; i++) dump[i] = TestMemory.u64(arr.lookup(u32(i)), 0);
        assertArrayEquals(new long[] {10, 0, 0, 1234605616436508553L, 0, 0, 0, 0}, dump);
    }

    /** corpus/src/map_percpu_array.c, ten runs on CPU 0 of 2 with 64-byte packets (map_percpu_array.json). */
    @Test
    void mapPercpuArrayCorpusProgram() {
        BpfMap pc = BpfMaps.create(spec(MapType.PERCPU_ARRAY, 4, 8, 4, 0), mem, 2, registry);
        long[] res = new long[6];
        for (int run = 0; run < 10; run++) {
            long p = lookup(pc, 0, 0);
            mem.putU64(p, mem.getU64(p) + 1);
            res[4] = mem.getU64(p);
            p = lookup(pc, 1, 0);
            mem.putU64(p, mem.getU64(p) + 64);
            res[0] = update(pc, 2, 0xabcdef, MapFlags.BPF_ANY, 0);
            res[1] = update(pc, 2, 0xabcdef, MapFlags.BPF_NOEXIST, 0);
            res[2] = update(pc, 4, 0xabcdef, MapFlags.BPF_ANY, 0);
            mem.putU32(key, 2);
            res[3] = pc.delete(key, 0);
            res[5] = lookup(pc, 9, 0) == 0 ? 1 : 0;
        }
        assertArrayEquals(new long[] {0, -17, -7, -22, 10, 1}, res);
        long[][] dump = {{10, 0}, {640, 0}, {11259375, 0}, {0, 0}};
        for (int i = 0; i < 4; i++) {
            byte[] all = pc.lookup(u32(i));
            assertArrayEquals(dump[i], new long[] {TestMemory.u64(all, 0), TestMemory.u64(all, 8)}, "pc[" + i + "]");
        }
    }

    @Test
    void valuesStartZeroedAndAreEightByteAligned() {
        BpfMap m = array(12, 5);
        long first = lookup(m, 0, 0);
        for (int i = 0; i < 5; i++) {
            long addr = lookup(m, i, 0);
            assertEquals(0, addr % 8, "8-byte aligned");
            assertEquals(first + 16L * i, addr, "round_up(12, 8) = 16 bytes apart");
            assertArrayEquals(new byte[12], m.lookup(u32(i)));
        }
    }

    @Test
    void indexPastTheEndIsNullOnLookupAndE2bigOnUpdate() {
        BpfMap m = array(8, 5);
        assertEquals(0, lookup(m, 5, 0));
        assertEquals(0, lookup(m, -1, 0));
        assertNull(m.lookup(u32(5)));
        assertEquals(-Errno.E2BIG, update(m, 5, 1, MapFlags.BPF_ANY, 0));
        assertEquals(-Errno.E2BIG, m.update(u32(7), u64(1), MapFlags.BPF_ANY));
    }

    @Test
    void updateFlagsFollowArrayMapUpdateElem() {
        BpfMap m = array(8, 4);
        assertEquals(0, update(m, 1, 11, MapFlags.BPF_ANY, 0));
        assertEquals(0, update(m, 1, 12, MapFlags.BPF_EXIST, 0), "every element exists");
        assertEquals(-Errno.EEXIST, update(m, 1, 13, MapFlags.BPF_NOEXIST, 0));
        assertEquals(-Errno.EINVAL, update(m, 1, 14, 8, 0), "unknown flag");
        assertEquals(-Errno.EINVAL, update(m, 1, 15, MapFlags.BPF_F_LOCK, 0), "no bpf_spin_lock in the value");
        // the kernel's order: unknown flags, then the index, then NOEXIST
        assertEquals(-Errno.EINVAL, update(m, 9, 1, 8, 0));
        assertEquals(-Errno.E2BIG, update(m, 9, 1, MapFlags.BPF_NOEXIST, 0));
        assertEquals(12, mem.getU64(lookup(m, 1, 0)));
    }

    @Test
    void deleteIsInvalid() {
        BpfMap m = array(8, 4);
        mem.putU32(key, 0);
        assertEquals(-Errno.EINVAL, m.delete(key, 0));
        assertEquals(-Errno.EINVAL, m.delete(u32(0)));
        assertEquals(-Errno.EINVAL, m.delete(u32(9)));
    }

    @Test
    void programAndJavaShareValues() {
        BpfMap m = array(8, 4);
        assertEquals(0, m.update(u32(2), u64(0x1122334455667788L), MapFlags.BPF_ANY));
        assertEquals(0x1122334455667788L, mem.getU64(lookup(m, 2, 0)));
        mem.putU64(lookup(m, 3, 0), 77);
        assertArrayEquals(u64(77), m.lookup(u32(3)));
    }

    @Test
    void nextKeyGoesByIndex() {
        BpfMap m = array(8, 3);
        assertArrayEquals(u32(0), m.nextKey(null));
        assertArrayEquals(u32(1), m.nextKey(u32(0)));
        assertArrayEquals(u32(2), m.nextKey(u32(1)));
        assertNull(m.nextKey(u32(2)));
        assertArrayEquals(u32(0), m.nextKey(u32(3)), "a key past the end restarts");
        assertArrayEquals(u32(0), m.nextKey(u32(-1)));
    }

    @Test
    void forEachVisitsEveryIndexUntilTheCallbackStops() {
        // corpus/src/helper_for_each.c: arr[i] = i * 10; sum of key * value = 1400; stop at key 3 -> 4 visited
        BpfMap m = array(8, 8);
        for (int i = 0; i < 8; i++) update(m, i, i * 10L, MapFlags.BPF_ANY, 0);
        long[] sum = {0};
        assertEquals(8, m.forEachElement(0, (k, v) -> {
            sum[0] += mem.getU32(k) * mem.getU64(v);
            return 0;
        }));
        assertEquals(1400, sum[0]);
        assertEquals(4, m.forEachElement(1, (k, v) -> mem.getU32(k) == 3 ? 1 : 0));
        m.forEachElement(0, (k, v) -> {
            mem.putU64(v, mem.getU64(v) + 1);
            return 0;
        });
        sum[0] = 0;
        m.forEachElement(0, (k, v) -> {
            sum[0] += mem.getU64(v);
            return 0;
        });
        assertEquals(288, sum[0], "the callback can modify values");
    }

    @Test
    void perCpuArrayGivesEachCpuItsOwnCopy() {
        BpfMap m = BpfMaps.create(spec(MapType.PERCPU_ARRAY, 4, 12, 3, 0), mem, 3, registry);
        assertEquals(3, m.cpus());
        assertEquals(0, update(m, 1, 7, MapFlags.BPF_ANY, 1));
        assertEquals(7, mem.getU64(lookup(m, 1, 1)));
        assertEquals(0, mem.getU64(lookup(m, 1, 0)));
        assertNotEquals(lookup(m, 1, 0), lookup(m, 1, 2));
        for (int cpu = 0; cpu < 3; cpu++) assertEquals(0, lookup(m, 1, cpu) % 8);
        // Java side: every CPU's value, each round_up(12, 8) = 16 bytes
        byte[] all = m.lookup(u32(1));
        assertEquals(48, all.length);
        assertEquals(7, TestMemory.u64(all, 16));
        assertEquals(0, TestMemory.u64(all, 0));
        byte[] next = new byte[48];
        for (int cpu = 0; cpu < 3; cpu++) next[cpu * 16] = (byte) (cpu + 1);
        assertEquals(0, m.update(u32(2), next, MapFlags.BPF_ANY));
        for (int cpu = 0; cpu < 3; cpu++) assertEquals(cpu + 1, mem.getU64(lookup(m, 2, cpu)));
        assertEquals(-Errno.EEXIST, m.update(u32(2), next, MapFlags.BPF_NOEXIST));
        assertEquals(-Errno.EINVAL, m.update(u32(2), next, MapFlags.BPF_F_LOCK));
        assertEquals(-Errno.E2BIG, m.update(u32(3), next, MapFlags.BPF_ANY));
        assertThrows(MapException.class, () -> m.update(u32(2), new byte[12], MapFlags.BPF_ANY));
        assertEquals(3, m.forEachElement(2, (k, v) -> 0));
        long[] seen = new long[3];
        m.forEachElement(2, (k, v) -> {
            seen[mem.getU32(k)] = mem.getU64(v);
            return 0;
        });
        assertArrayEquals(new long[] {0, 0, 3}, seen, "for_each passes this CPU's values");
    }

    @Test
    void globalDataStartsWithItsContentsAndRodataIsFrozen() {
        byte[] contents = {1, 2, 3, 4, 5};
        MapSpec rodata = new MapSpec("obj.rodata", MapSpec.Kind.RODATA, MapType.ARRAY, 4, 5, 1,
                MapFlags.BPF_F_RDONLY_PROG | MapFlags.BPF_F_MMAPABLE, 0, 0, 0, 0, 0, null, List.of(), contents, true,
                List.of(), null, ".rodata", 3, 0);
        BpfMap m = BpfMaps.create(rodata, mem, 1, registry);
        assertArrayEquals(contents, m.lookup(u32(0)));
        assertTrue(m.isFrozen());
        assertEquals(-Errno.EPERM, m.update(u32(0), new byte[5], MapFlags.BPF_ANY), "frozen: bpf_map_freeze");
        assertEquals(-Errno.EPERM, update(m, 0, 0, MapFlags.BPF_ANY, 0), "BPF_F_RDONLY_PROG");
        assertEquals(0, lookup(m, 0, 0) % 4096, "BPF_F_MMAPABLE values are page aligned");
        assertEquals(lookup(m, 0, 0), m.directValueAddress(), "ld_imm64 BPF_PSEUDO_MAP_VALUE");
        assertEquals(0, array(8, 2).directValueAddress(), "only for max_entries 1");

        BpfMap data = BpfMaps.create(new MapSpec("obj.data", MapSpec.Kind.DATA, MapType.ARRAY, 4, 5, 1, 0, 0, 0, 0, 0,
                0, null, List.of(), contents, false, List.of(), null, ".data", 4, 0), mem, 1, registry);
        assertFalse(data.isFrozen());
        assertEquals(0, data.update(u32(0), new byte[5], MapFlags.BPF_ANY));
        data.freeze();
        assertEquals(-Errno.EPERM, data.update(u32(0), new byte[5], MapFlags.BPF_ANY));
        assertEquals(-Errno.EPERM, data.delete(u32(0)));
    }

    @Test
    void readOnlyForUserSpaceRefusesJavaWrites() {
        BpfMap m = BpfMaps.create(spec(MapType.ARRAY, 4, 8, 2, MapFlags.BPF_F_RDONLY), mem, 1, registry);
        assertEquals(-Errno.EPERM, m.update(u32(0), u64(1), MapFlags.BPF_ANY));
        assertEquals(0, update(m, 0, 5, MapFlags.BPF_ANY, 0));
        assertArrayEquals(u64(5), m.lookup(u32(0)));
    }

    @Test
    void spinLockWordIsNeverCopiedAndReadsAsZero() {
        // corpus/src/helper_spin_lock.c: struct val { struct bpf_spin_lock lock; u32 pad; u64 cnt, sum, last; }
        BpfMap m = BpfMaps.create(spec(MapType.ARRAY, 4, 32, 2, 0), mem, 1, registry, SpecialFields.spinLockAt(0));
        long v = lookup(m, 1, 0);
        byte[] nv = new byte[32];
        nv[0] = 0x5a; // a lock word in the source is ignored
        nv[8] = 100;
        nv[16] = 5;
        nv[24] = 9;
        mem.put(value, nv);
        mem.putU32(key, 1);
        assertEquals(0, m.update(key, value, MapFlags.BPF_F_LOCK, 0));
        assertEquals(0, mem.getU32(v), "the lock word stays as it was");
        assertEquals(100, mem.getU64(v + 8));
        assertEquals(-Errno.EEXIST, m.update(key, value, MapFlags.BPF_F_LOCK | MapFlags.BPF_NOEXIST, 0));
        mem.putU32(v, 1); // held
        byte[] seen = m.lookup(u32(1));
        assertEquals(0, TestMemory.u32(seen), "user space sees the lock word as 0");
        assertEquals(100, seen[8]);
        mem.putU32(v, 0);
        assertEquals(0, m.update(u32(1), nv, MapFlags.BPF_ANY));
        assertEquals(0, mem.getU32(v));
    }

    @Test
    void lockedUpdateWaitsForTheSpinLock() throws Exception {
        BpfMap m = BpfMaps.create(spec(MapType.ARRAY, 4, 16, 1, 0), mem, 2, registry, SpecialFields.spinLockAt(0));
        long v = lookup(m, 0, 0);
        BpfSpinLock.lock(mem.segment(), v - TestMemory.BASE);
        CountDownLatch done = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            byte[] nv = new byte[16];
            nv[8] = 42;
            m.update(u32(0), nv, MapFlags.BPF_F_LOCK);
            done.countDown();
        });
        assertFalse(done.await(200, TimeUnit.MILLISECONDS), "blocked while the program holds the lock");
        assertEquals(0, mem.getU64(v + 8));
        BpfSpinLock.unlock(mem.segment(), v - TestMemory.BASE);
        assertTrue(done.await(10, TimeUnit.SECONDS));
        t.join();
        assertEquals(42, mem.getU64(v + 8));
        assertEquals(0, mem.getU32(v), "released");
    }

    @Test
    void creationFollowsArrayMapAllocCheck() {
        List<MapSpec> bad = new ArrayList<>();
        bad.add(spec("k8", MapType.ARRAY, 8, 8, 4, 0));
        bad.add(spec("max0", MapType.ARRAY, 4, 8, 0, 0));
        bad.add(spec("v0", MapType.ARRAY, 4, 0, 4, 0));
        bad.add(spec("flags", MapType.ARRAY, 4, 8, 4, MapFlags.BPF_F_NO_PREALLOC));
        bad.add(spec("pcmmap", MapType.PERCPU_ARRAY, 4, 8, 4, MapFlags.BPF_F_MMAPABLE));
        bad.add(spec("big", MapType.PERCPU_ARRAY, 4, 40000, 4, 0));
        for (MapSpec s : bad) {
            MapException e = assertThrows(MapException.class, () -> BpfMaps.create(s, mem, 1, registry), s.name());
            assertTrue(e.getMessage().startsWith("map " + s.name() + ": cannot create"), e.getMessage());
            assertTrue(e.getMessage().contains("arraymap.c"), e.getMessage());
        }
        MapException e = assertThrows(MapException.class,
                () -> BpfMaps.create(spec("k8", MapType.ARRAY, 8, 8, 4, 0), mem, 1, registry));
        assertTrue(e.getMessage().contains("key_size 8 must be 4 (-EINVAL"), e.getMessage());
    }

    @Test
    void javaSideRejectsWrongSizes() {
        BpfMap m = array(8, 2);
        assertThrows(MapException.class, () -> m.lookup(new byte[8]));
        assertThrows(MapException.class, () -> m.update(u32(0), new byte[4], MapFlags.BPF_ANY));
        assertThrows(NullPointerException.class, () -> m.lookup((byte[]) null));
    }
}
