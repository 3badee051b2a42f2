package io.ebpf4j.maps;

import io.ebpf4j.object.MapSpec;
import io.ebpf4j.object.MapType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.ebpf4j.maps.TestMemory.mapInMap;
import static io.ebpf4j.maps.TestMemory.spec;
import static io.ebpf4j.maps.TestMemory.u32;
import static io.ebpf4j.maps.TestMemory.u64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ARRAY_OF_MAPS, HASH_OF_MAPS and PROG_ARRAY: maps and programs stored by id. */
class MapInMapTest {
    private final TestMemory mem = new TestMemory();
    private final MapRegistry registry = MapRegistry.create();
    private final long key = mem.scratch(8);
    private final long value = mem.scratch(8);

    @AfterEach
    void close() {
        mem.close();
    }

    private BpfMap create(MapSpec s) {
        return BpfMaps.create(s, mem, 2, registry);
    }

    private long lookup(BpfMap m, int k) {
        mem.putU32(key, k);
        return m.lookup(key, 0);
    }

    /** The map a program-side outer lookup returned, as the runtime resolves a map pointer. */
    private BpfMap resolve(long address) {
        BpfMap m = registry.mapContaining(address);
        assertEquals(address, m.address(), "a map pointer is the map's header address");
        return m;
    }

    /** corpus/src/map_array_of_maps.c, filled as libbpf does from the initialiser: outer[0] = inner_a, outer[2] = inner_b. */
    @Test
    void mapArrayOfMapsCorpusProgram() {
        MapSpec innerSpec = spec("inner", MapType.ARRAY, 4, 8, 4, 0);
        BpfMap a = create(spec("inner_a", MapType.ARRAY, 4, 8, 4, 0));
        BpfMap b = create(spec("inner_b", MapType.ARRAY, 4, 8, 4, 0));
        BpfMap outer = create(mapInMap("outer", MapType.ARRAY_OF_MAPS, 4, 4, innerSpec));
        assertEquals(0, outer.update(u32(0), u32(a.id()), MapFlags.BPF_ANY));
        assertEquals(0, outer.update(u32(2), u32(b.id()), MapFlags.BPF_ANY));
        for (int run = 1; run <= 2; run++) {
            long pa = lookup(outer, 0);
            assertEquals(a.address(), pa, "res[0]");
            assertEquals(0, lookup(outer, 1), "res[1]: empty slot");
            assertEquals(0, lookup(outer, 9), "res[2]: past the end");
            BpfMap innerA = resolve(pa);
            long p = lookup(innerA, 1);
            mem.putU64(p, mem.getU64(p) + 5);
            assertEquals(5L * run, mem.getU64(p), "res[3]");
            BpfMap innerB = resolve(lookup(outer, 2));
            mem.putU32(key, 3);
            mem.putU64(value, 77);
            assertEquals(0, innerB.update(key, value, MapFlags.BPF_ANY, 0), "res[4]");
            mem.putU32(key, 4);
            assertEquals(-Errno.E2BIG, innerB.update(key, value, MapFlags.BPF_ANY, 0), "res[5]");
            assertEquals(77, mem.getU64(lookup(innerB, 3)), "res[6]");
        }
        assertArrayEquals(u64(10), a.lookup(u32(1)));
        assertArrayEquals(u64(77), b.lookup(u32(3)));
        assertArrayEquals(u32(a.id()), outer.lookup(u32(0)), "user space reads back the inner map's id");
        assertNull(outer.lookup(u32(1)));
    }

    @Test
    void arrayOfMapsUpdateRules() {
        MapSpec innerSpec = spec("inner", MapType.ARRAY, 4, 8, 4, 0);
        BpfMap outer = create(mapInMap("outer", MapType.ARRAY_OF_MAPS, 4, 2, innerSpec));
        BpfMap ok = create(spec("ok", MapType.ARRAY, 4, 8, 4, 0));
        BpfMap otherSize = create(spec("big", MapType.ARRAY, 4, 8, 8, 0));
        BpfMap otherType = create(spec("hash", MapType.HASH, 4, 8, 4, 0));
        assertEquals(-Errno.EINVAL, outer.update(u32(0), u32(ok.id()), MapFlags.BPF_NOEXIST), "BPF_ANY only");
        assertEquals(-Errno.E2BIG, outer.update(u32(2), u32(ok.id()), MapFlags.BPF_ANY));
        assertEquals(-Errno.EBADF, outer.update(u32(0), u32(999), MapFlags.BPF_ANY), "no such map");
        assertEquals(-Errno.EINVAL, outer.update(u32(0), u32(otherSize.id()), MapFlags.BPF_ANY),
                "array inner maps must match max_entries");
        assertEquals(-Errno.EINVAL, outer.update(u32(0), u32(otherType.id()), MapFlags.BPF_ANY));
        assertEquals(-Errno.ENOENT, outer.delete(u32(0)));
        assertEquals(0, outer.update(u32(0), u32(ok.id()), MapFlags.BPF_ANY));
        assertEquals(0, outer.delete(u32(0)));
        assertEquals(0, lookup(outer, 0));
        assertEquals(-Errno.EINVAL, outer.update(key, value, MapFlags.BPF_ANY, 0), "programs cannot store maps");
        assertEquals(List.of(0, 1), keys(outer));

        MapSpec anySize = spec("inner", MapType.ARRAY, 4, 8, 4, MapFlags.BPF_F_INNER_MAP);
        BpfMap loose = create(mapInMap("loose", MapType.ARRAY_OF_MAPS, 4, 2, anySize));
        BpfMap flagged = create(spec("f", MapType.ARRAY, 4, 8, 100, MapFlags.BPF_F_INNER_MAP));
        assertEquals(0, loose.update(u32(1), u32(flagged.id()), MapFlags.BPF_ANY), "BPF_F_INNER_MAP: any max_entries");
    }

    private static List<Integer> keys(BpfMap m) {
        List<Integer> out = new ArrayList<>();
        for (byte[] k = m.nextKey(null); k != null; k = m.nextKey(k)) out.add(TestMemory.u32(k));
        return out;
    }

    /** corpus/src/map_hash_of_maps.c: outer{1} = inner_x (TCP packets), outer{5} = inner_y (UDP). */
    @Test
    void mapHashOfMapsCorpusProgram() {
        MapSpec innerSpec = spec("inner", MapType.HASH, 4, 8, 4, 0);
        BpfMap x = create(spec("inner_x", MapType.HASH, 4, 8, 4, 0));
        BpfMap y = create(spec("inner_y", MapType.HASH, 4, 8, 4, 0));
        BpfMap outer = create(mapInMap("outer", MapType.HASH_OF_MAPS, 4, 8, innerSpec));
        assertEquals(0, outer.update(u32(1), u32(x.id()), MapFlags.BPF_ANY));
        assertEquals(0, outer.update(u32(5), u32(y.id()), MapFlags.BPF_ANY));
        for (int run = 1; run <= 2; run++) {
            for (int outerKey : new int[] {1, 5}) {
                long pi = lookup(outer, outerKey);
                assertTrue(pi != 0, "res[0]");
                assertEquals(0, lookup(outer, 3), "res[1]");
                BpfMap inner = resolve(pi);
                assertSame(outerKey == 1 ? x : y, inner);
                mem.putU32(key, 7);
                mem.putU64(value, 0);
                assertEquals(run == 1 ? 0 : -Errno.EEXIST, inner.update(key, value, MapFlags.BPF_NOEXIST, 0), "res[2]");
                long p = inner.lookup(key, 0);
                mem.putU64(p, mem.getU64(p) + 1);
                assertEquals(run, mem.getU64(p), "res[3]");
                long okc = 0, r = 0;
                for (int i = 0; i < 4; i++) {
                    mem.putU32(key, 100 + i);
                    mem.putU64(value, i);
                    r = inner.update(key, value, MapFlags.BPF_ANY, 0);
                    okc += r == 0 ? 1 : 0;
                }
                assertEquals(3, okc, "res[4]");
                assertEquals(-Errno.E2BIG, r, "res[5]");
            }
        }
        assertArrayEquals(u32(x.id()), outer.lookup(u32(1)));
    }

    @Test
    void hashOfMapsUpdateRules() {
        MapSpec innerSpec = spec("inner", MapType.HASH, 4, 8, 4, 0);
        BpfMap outer = create(mapInMap("outer", MapType.HASH_OF_MAPS, 4, 2, innerSpec));
        BpfMap h1 = create(spec("h1", MapType.HASH, 4, 8, 4, 0));
        BpfMap h2 = create(spec("h2", MapType.HASH, 4, 8, 64, 0));
        BpfMap wrongValue = create(spec("h3", MapType.HASH, 4, 4, 4, 0));
        assertEquals(0, outer.update(u32(7), u32(h1.id()), MapFlags.BPF_NOEXIST));
        assertEquals(-Errno.EEXIST, outer.update(u32(7), u32(h2.id()), MapFlags.BPF_NOEXIST));
        assertEquals(0, outer.update(u32(7), u32(h2.id()), MapFlags.BPF_EXIST), "hash inner maps may differ in size");
        assertEquals(h2.address(), lookup(outer, 7));
        assertEquals(-Errno.ENOENT, outer.update(u32(8), u32(h1.id()), MapFlags.BPF_EXIST));
        assertEquals(-Errno.EINVAL, outer.update(u32(8), u32(wrongValue.id()), MapFlags.BPF_ANY));
        assertEquals(-Errno.EBADF, outer.update(u32(8), u32(12345), MapFlags.BPF_ANY));
        assertEquals(0, outer.update(u32(8), u32(h1.id()), MapFlags.BPF_ANY));
        assertEquals(-Errno.E2BIG, outer.update(u32(9), u32(h1.id()), MapFlags.BPF_ANY));
        assertEquals(0, outer.delete(u32(8)));
        assertEquals(0, lookup(outer, 8));
        assertEquals(-Errno.EINVAL, outer.forEachElement(0, (k, v) -> 0));
        mem.putU32(key, 7);
        assertEquals(-Errno.EINVAL, outer.delete(key, 0), "programs cannot delete from a map-in-map");
    }

    @Test
    void mapInMapCreationNeedsAUsableInnerMap() {
        assertThrows(MapException.class,
                () -> create(mapInMap("o", MapType.ARRAY_OF_MAPS, 4, 2, null)));
        MapSpec nested = mapInMap("n", MapType.ARRAY_OF_MAPS, 4, 2, spec(MapType.ARRAY, 4, 4, 1, 0));
        assertThrows(MapException.class, () -> create(mapInMap("o", MapType.HASH_OF_MAPS, 4, 2, nested)));
        assertThrows(MapException.class,
                () -> create(mapInMap("o", MapType.ARRAY_OF_MAPS, 4, 2, spec(MapType.PROG_ARRAY, 4, 4, 1, 0))));
        assertThrows(MapException.class, () -> create(spec("o", MapType.ARRAY_OF_MAPS, 4, 8, 2, 0)), "value_size 4");
    }

    @Test
    void progArrayHoldsProgramIndexesForTailCalls() {
        ProgArrayMap jmp = (ProgArrayMap) create(spec("jmp", MapType.PROG_ARRAY, 4, 4, 4, 0));
        assertEquals(-1, jmp.programAt(0));
        assertEquals(0, jmp.update(u32(1), u32(7), MapFlags.BPF_ANY));
        assertEquals(0, jmp.set(2, 0));
        assertEquals(7, jmp.programAt(1));
        assertEquals(0, jmp.programAt(2));
        assertEquals(-1, jmp.programAt(4));
        assertEquals(-1, jmp.programAt(-1));
        assertEquals(-Errno.EINVAL, jmp.update(u32(0), u32(1), MapFlags.BPF_NOEXIST), "BPF_ANY only");
        assertEquals(-Errno.E2BIG, jmp.update(u32(4), u32(1), MapFlags.BPF_ANY));
        assertEquals(-Errno.EBADF, jmp.update(u32(0), u32(-1), MapFlags.BPF_ANY));
        assertArrayEquals(u32(7), jmp.lookup(u32(1)));
        assertNull(jmp.lookup(u32(0)));
        assertEquals(0, jmp.delete(u32(1)));
        assertEquals(-Errno.ENOENT, jmp.delete(u32(1)));
        assertEquals(-Errno.E2BIG, jmp.delete(u32(4)));
        assertEquals(-1, jmp.programAt(1));
        assertEquals(List.of(0, 1, 2, 3), keys(jmp), "iteration covers every index");
        mem.putU32(key, 2);
        assertEquals(0, jmp.lookup(key, 0), "programs cannot look it up");
        assertEquals(-Errno.EINVAL, jmp.update(key, value, 0, 0));
        assertEquals(-Errno.EINVAL, jmp.delete(key, 0));
        assertThrows(MapException.class, () -> create(spec("j", MapType.PROG_ARRAY, 4, 8, 4, 0)));
    }
}
