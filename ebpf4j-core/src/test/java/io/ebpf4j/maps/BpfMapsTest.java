package io.ebpf4j.maps;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.MapSpec;
import io.ebpf4j.object.MapType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.ebpf4j.maps.TestMemory.spec;
import static io.ebpf4j.maps.TestMemory.u32;
import static io.ebpf4j.maps.TestMemory.u64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The factory, the registry, map headers and regions. */
class BpfMapsTest {
    private final TestMemory mem = new TestMemory();
    private final MapRegistry registry = MapRegistry.create();

    @AfterEach
    void close() {
        mem.close();
    }

    @Test
    void unsupportedTypesAreRefusedNamingTheMapAndType() {
        Set<MapType> supported = EnumSet.of(MapType.ARRAY, MapType.PERCPU_ARRAY, MapType.HASH, MapType.PERCPU_HASH,
                MapType.LRU_HASH, MapType.LRU_PERCPU_HASH, MapType.LPM_TRIE, MapType.QUEUE, MapType.STACK,
                MapType.RINGBUF, MapType.PROG_ARRAY, MapType.ARRAY_OF_MAPS, MapType.HASH_OF_MAPS);
        for (MapType t : MapType.values()) {
            if (supported.contains(t)) continue;
            MapException e = assertThrows(MapException.class,
                    () -> BpfMaps.create(spec("events", t, 4, 4, 4, 0), mem, 1, registry), t.name());
            assertEquals("map events: map type " + t.libbpfName() + " (" + t.number() + ") is not supported by ebpf4j",
                    e.getMessage());
        }
    }

    @Test
    void everyMapGetsAnIdAHeaderAndRegions() {
        BpfMap a = BpfMaps.create(spec("a", MapType.ARRAY, 4, 8, 4, 0), mem, 2, registry);
        BpfMap h = BpfMaps.create(spec("h", MapType.HASH, 8, 16, 10, MapFlags.BPF_F_NO_PREALLOC), mem, 2, registry);
        assertEquals(1, a.id());
        assertEquals(2, h.id());
        assertSame(a, registry.map(1));
        assertSame(h, registry.map(2));
        assertNull(registry.map(3));
        long hdr = h.address();
        assertEquals(0, hdr % 8);
        assertEquals(MapType.HASH.number(), mem.getU32(hdr));
        assertEquals(8, mem.getU32(hdr + 4));
        assertEquals(16, mem.getU32(hdr + 8));
        assertEquals(10, mem.getU32(hdr + 12));
        assertEquals(MapFlags.BPF_F_NO_PREALLOC, mem.getU32(hdr + 16));
        assertEquals(2, mem.getU32(hdr + 20));
        assertTrue(h.regions().size() >= 2);
        assertTrue(h.regions().get(1).name().startsWith("map h: "), h.regions().toString());
        assertSame(h, registry.mapContaining(hdr));
        h.update(new byte[8], new byte[16], MapFlags.BPF_ANY);
        long key = mem.scratch(8);
        long v = h.lookup(key, 0);
        assertSame(h, registry.mapContaining(v), "values lie in the map's regions");
        assertNull(registry.mapContaining(key));
        assertEquals(1, h.cpus());
        assertEquals("h", h.name());
        assertEquals(MapType.HASH, h.type());
    }

    @Test
    void aClosedMapLeavesTheRegistryAndRefusesJavaCalls() {
        BpfMap a = BpfMaps.create(spec("a", MapType.ARRAY, 4, 8, 4, 0), mem, 1, registry);
        a.close();
        assertNull(registry.map(a.id()));
        assertThrows(MapException.class, () -> a.lookup(u32(0)));
        assertThrows(MapException.class, () -> a.update(u32(0), u64(0), 0));
        assertThrows(MapException.class, () -> a.nextKey(null));
        a.close(); // idempotent
    }

    @Test
    void anArenaTooSmallIsAMapException() {
        try (TestMemory small = new TestMemory(1 << 16)) {
            MapException e = assertThrows(MapException.class,
                    () -> BpfMaps.create(spec("huge", MapType.HASH, 4, 1024, 1000, 0), small, 1, registry));
            assertTrue(e.getMessage().contains("map huge"), e.getMessage());
        }
    }

    @Test
    void spinLockOnlyWhereTheKernelAllowsIt() {
        SpecialFields lock = SpecialFields.spinLockAt(0);
        assertThrows(MapException.class,
                () -> BpfMaps.create(spec(MapType.PERCPU_ARRAY, 4, 8, 1, 0), mem, 1, registry, lock));
        assertThrows(MapException.class,
                () -> BpfMaps.create(spec(MapType.LRU_HASH, 4, 8, 1, 0), mem, 1, registry, lock));
        assertThrows(MapException.class,
                () -> BpfMaps.create(spec(MapType.ARRAY, 4, 2, 1, 0), mem, 1, registry, lock), "does not fit");
        assertThrows(IllegalArgumentException.class, () -> SpecialFields.spinLockAt(2));
        assertFalse(SpecialFields.NONE.hasSpinLock());
    }

    @Test
    void specialFieldsComeFromTheValuesBtf() throws Exception {
        // corpus/obj/helper_spin_lock.o: struct val { struct bpf_spin_lock lock; u32 pad; u64 cnt, sum, last; }
        Path obj = Path.of(System.getProperty("user.dir")).resolveSibling("corpus/obj/helper_spin_lock.o");
        assumeTrue(Files.exists(obj), "corpus object " + obj + " not built");
        BpfObject o = BpfObject.open(obj);
        Btf btf = o.btf().orElseThrow();
        MapSpec locked = o.maps().stream().filter(m -> m.name().equals("locked")).findFirst().orElseThrow();
        SpecialFields f = SpecialFields.of(btf, locked.valueTypeId());
        assertEquals(0, f.spinLockOffset());
        MapSpec res = o.maps().stream().filter(m -> m.name().equals("res")).findFirst().orElseThrow();
        assertEquals(SpecialFields.NONE, SpecialFields.of(btf, res.valueTypeId()));
        BpfMap m = BpfMaps.create(locked, mem, 1, registry, f);
        assertEquals(32, m.lookup(u32(0)).length);
        for (MapSpec s : o.maps()) {
            if (s.type() == MapType.ARRAY) BpfMaps.create(s, mem, 1, registry, SpecialFields.of(btf, s.valueTypeId()));
        }
    }

    @Test
    void registryIdsAreUniqueUnderConcurrentCreation() throws Exception {
        Set<Integer> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 50; i++) {
                    ids.add(BpfMaps.create(spec(MapType.ARRAY, 4, 8, 1, 0), mem, 1, registry).id());
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertEquals(200, ids.size());
        assertEquals(new HashSet<>(ids).stream().mapToInt(i -> i).max().orElseThrow(), 200);
    }
}
