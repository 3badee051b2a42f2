package io.ebpf4j.maps;

import io.ebpf4j.object.MapType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;

import static io.ebpf4j.maps.TestMemory.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Program-side lookups, and updates of existing keys, allocate nothing on the Java heap (LPM trie
 * updates do allocate a node, as the kernel's {@code trie_update_elem} does).
 */
class LookupAllocationTest {
    private final TestMemory mem = new TestMemory();
    private final MapRegistry registry = MapRegistry.create();

    @AfterEach
    void close() {
        mem.close();
    }

    @ParameterizedTest
    @CsvSource({"HASH, 4", "HASH, 8", "HASH, 6", "HASH, 16", "HASH, 40", "PERCPU_HASH, 4", "LRU_HASH, 4",
            "LRU_PERCPU_HASH, 8", "ARRAY, 4", "PERCPU_ARRAY, 4", "LPM_TRIE, 8", "LPM_TRIE, 20"})
    void programSideLookupsDoNotAllocate(MapType type, int keySize) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean b && b.isThreadAllocatedMemorySupported(),
                "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) bean;
        int flags = type == MapType.LPM_TRIE ? MapFlags.BPF_F_NO_PREALLOC : 0;
        BpfMap m = BpfMaps.create(spec(type, keySize, 8, 256, flags), mem, 2, registry);
        long key = mem.scratch(keySize), value = mem.scratch(8);
        for (int i = 0; i < 200; i++) {
            setKey(type, key, keySize, i);
            assertEquals(0, m.update(key, value, MapFlags.BPF_ANY, 0));
        }
        long found = 0;
        for (int round = 0; round < 3; round++) { // the last round runs compiled code
            long before = tmx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                setKey(type, key, keySize, i % 200);
                if (m.lookup(key, 1) != 0) found++;
                if (i % 16 == 0 && type != MapType.LPM_TRIE) m.update(key, value, MapFlags.BPF_EXIST, 1);
            }
            long allocated = tmx.getCurrentThreadAllocatedBytes() - before;
            if (round == 2) assertTrue(allocated < 1024, type + ": " + allocated + " bytes for 20,000 lookups");
        }
        assertEquals(60_000, found);
    }

    private void setKey(MapType type, long key, int keySize, int i) {
        if (type == MapType.LPM_TRIE) {
            mem.putU32(key, (keySize - 4) * 8);
            for (int b = 4; b < keySize; b++) mem.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, key - TestMemory.BASE + b, (byte) (b == keySize - 1 ? i : 0));
        } else if (keySize >= 4) {
            mem.putU32(key, i);
        } else {
            mem.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, key - TestMemory.BASE, (byte) i);
        }
    }
}
