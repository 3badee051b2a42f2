package io.ebpf4j.maps;

import io.ebpf4j.object.MapType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.ebpf4j.maps.TestMemory.BASE;
import static io.ebpf4j.maps.TestMemory.spec;
import static io.ebpf4j.maps.TestMemory.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Maps under concurrent programs: each thread is a CPU slot with its own stack area in the arena,
 * calling the program-side methods as helpers do. After the threads join, totals must be exact
 * and iteration must show every key exactly once.
 *
 * <p>The atomic-add test does 8 threads x {@value #DEFAULT_OPS} operations (about 1 to 8 s on 2
 * cores, depending on load); {@code -Debpf4j.concurrencyOps=N} changes the count per thread.
 */
class MapConcurrencyTest {
    static final int THREADS = 8;
    static final int DEFAULT_OPS = 1_000_000;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final TestMemory mem = new TestMemory(128L << 20);
    private final MapRegistry registry = MapRegistry.create();

    @AfterEach
    void close() {
        mem.close();
    }

    /** Runs {@code body(thread)} on {@link #THREADS} threads started together; rethrows the first failure. */
    private static void parallel(int threads, ThreadBody body) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> list = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            list.add(Thread.ofPlatform().name("cpu" + t).start(() -> {
                try {
                    start.await();
                    body.run(id);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : list) t.join();
        if (failure.get() instanceof Exception e) throw e;
        if (failure.get() instanceof Error e) throw e;
    }

    @FunctionalInterface
    interface ThreadBody {
        void run(int thread) throws Exception;
    }

    // ------------------------------------------------------------------ atomic adds

    @Test
    void atomicAddsFromEightThreadsGiveExactTotals() throws Exception {
        atomicAdds(Integer.getInteger("ebpf4j.concurrencyOps", DEFAULT_OPS));
    }

    /**
     * Each operation, as a program would: look the key up in a hash map, insert it with
     * BPF_NOEXIST if missing (another CPU may win: -EEXIST) and look it up again, then
     * {@code lock xadd} 1 into the value; the same into an array slot; and a plain add into this
     * CPU's copy of a per-CPU array slot.
     */
    private void atomicAdds(int ops) throws Exception {
        int keys = 16, slots = 64;
        BpfMap hash = BpfMaps.create(spec("hash", MapType.HASH, 4, 8, 1024, 0), mem, THREADS, registry);
        BpfMap array = BpfMaps.create(spec("array", MapType.ARRAY, 4, 8, slots, 0), mem, THREADS, registry);
        BpfMap percpu = BpfMaps.create(spec("pc", MapType.PERCPU_ARRAY, 4, 8, slots, 0), mem, THREADS, registry);
        long[] stacks = new long[THREADS];
        for (int t = 0; t < THREADS; t++) stacks[t] = mem.scratch(64);
        MemorySegment seg = mem.segment();
        long started = System.nanoTime();
        parallel(THREADS, t -> {
            long key = stacks[t], zero = stacks[t] + 8;
            seg.set(TestMemory.U64, zero - BASE, 0);
            for (int i = 0; i < ops; i++) {
                seg.set(TestMemory.U32, key - BASE, (i + t) % keys);
                long v = hash.lookup(key, t);
                if (v == 0) {
                    long r = hash.update(key, zero, MapFlags.BPF_NOEXIST, t);
                    if (r != 0 && r != -Errno.EEXIST) throw new AssertionError("insert: " + r);
                    v = hash.lookup(key, t);
                }
                LONG.getAndAdd(seg, v - BASE, 1L);
                seg.set(TestMemory.U32, key - BASE, (i * 7 + t) % slots);
                LONG.getAndAdd(seg, array.lookup(key, t) - BASE, 1L);
                long p = percpu.lookup(key, t);
                seg.set(TestMemory.U64, p - BASE, seg.get(TestMemory.U64, p - BASE) + 1);
            }
        });
        long ms = (System.nanoTime() - started) / 1_000_000;
        long total = (long) THREADS * ops;
        long hashSum = 0;
        int hashKeys = 0;
        for (byte[] k = hash.nextKey(null); k != null; k = hash.nextKey(k)) {
            hashKeys++;
            hashSum += TestMemory.u64(hash.lookup(k), 0);
        }
        assertEquals(keys, hashKeys);
        assertEquals(total, hashSum, "hash map total");
        long arraySum = 0, percpuSum = 0;
        for (int i = 0; i < slots; i++) {
            arraySum += TestMemory.u64(array.lookup(u32(i)), 0);
            byte[] all = percpu.lookup(u32(i));
            for (int c = 0; c < THREADS; c++) percpuSum += TestMemory.u64(all, 8 * c);
        }
        assertEquals(total, arraySum, "array map total");
        assertEquals(total, percpuSum, "per-CPU array total");
        System.out.printf("maps: %d threads x %,d ops (hash lookup+insert-if-missing+xadd, array lookup+xadd,"
                + " per-CPU add): hash %,d, array %,d, per-CPU %,d in %,d ms%n", THREADS, ops, hashSum, arraySum,
                percpuSum, ms);
    }

    // ------------------------------------------------------------------ insert / delete

    @Test
    void concurrentInsertDeleteOfDisjointKeysLosesNothing() throws Exception {
        BpfMap h = BpfMaps.create(spec("h", MapType.HASH, 4, 8, THREADS * 1000, 0), mem, THREADS, registry);
        long[] stacks = new long[THREADS];
        for (int t = 0; t < THREADS; t++) stacks[t] = mem.scratch(16);
        MemorySegment seg = mem.segment();
        parallel(THREADS, t -> {
            long key = stacks[t], val = stacks[t] + 8;
            for (int round = 0; round < 30; round++) {
                for (int k = t * 1000; k < t * 1000 + 1000; k++) {
                    seg.set(TestMemory.U32, key - BASE, k);
                    seg.set(TestMemory.U64, val - BASE, k * 10L + round);
                    long r = h.update(key, val, round == 0 ? MapFlags.BPF_NOEXIST : MapFlags.BPF_ANY, t);
                    if (r != 0) throw new AssertionError("insert " + k + ": " + r);
                }
                for (int k = t * 1000; k < t * 1000 + 1000; k++) {
                    seg.set(TestMemory.U32, key - BASE, k);
                    long v = h.lookup(key, t);
                    if (v == 0 || seg.get(TestMemory.U64, v - BASE) != k * 10L + round) {
                        throw new AssertionError("lost " + k + " in round " + round);
                    }
                    if (round < 29 || k % 3 == 0) {
                        long r = h.delete(key, t);
                        if (r != 0) throw new AssertionError("delete " + k + ": " + r);
                    }
                }
            }
        });
        Set<Integer> expected = new HashSet<>();
        for (int k = 0; k < THREADS * 1000; k++) if (k % 3 != 0) expected.add(k);
        checkIteration(h, expected);
        for (int k : expected) assertEquals(k * 10L + 29, TestMemory.u64(h.lookup(u32(k)), 0));
    }

    @Test
    void concurrentInsertDeleteOfOverlappingKeysLosesAndDuplicatesNoKey() throws Exception {
        for (MapType type : List.of(MapType.HASH, MapType.PERCPU_HASH)) {
            overlapping(type);
        }
    }

    /**
     * Threads race to insert (BPF_NOEXIST) and delete the same keys on a map too small for all of
     * them. A thread counts +1 for each insert that returned 0 and -1 for each delete that returned
     * 0; summed over threads, a key's count must be 1 if it is in the map at the end and 0 if not.
     */
    private void overlapping(MapType type) throws Exception {
        int max = 512, range = 768, ops = 60_000;
        BpfMap h = BpfMaps.create(spec("o", type, 4, 8, max, 0), mem, THREADS, registry);
        long[] stacks = new long[THREADS];
        for (int t = 0; t < THREADS; t++) stacks[t] = mem.scratch(16);
        int[][] counts = new int[THREADS][range];
        java.util.concurrent.atomic.AtomicLong reused = new java.util.concurrent.atomic.AtomicLong();
        MemorySegment seg = mem.segment();
        parallel(THREADS, t -> {
            Random rnd = new Random(t);
            long key = stacks[t], val = stacks[t] + 8;
            for (int i = 0; i < ops; i++) {
                int k = rnd.nextInt(range);
                seg.set(TestMemory.U32, key - BASE, k);
                seg.set(TestMemory.U64, val - BASE, k);
                switch (rnd.nextInt(4)) {
                    case 0 -> {
                        long r = h.update(key, val, MapFlags.BPF_NOEXIST, t);
                        if (r == 0) counts[t][k]++;
                        else if (r != -Errno.EEXIST && r != -Errno.E2BIG) throw new AssertionError("insert " + r);
                    }
                    case 1 -> {
                        long r = h.delete(key, t);
                        if (r == 0) counts[t][k]--;
                        else if (r != -Errno.ENOENT) throw new AssertionError("delete " + r);
                    }
                    case 2 -> {
                        long r = h.update(key, val, MapFlags.BPF_EXIST, t);
                        if (r != 0 && r != -Errno.ENOENT) throw new AssertionError("replace " + r);
                    }
                    default -> {
                        // a preallocated element can be deleted and reused by another key between the
                        // lookup and the read, as in the kernel: the value is then some other key's
                        long v = h.lookup(key, t);
                        if (v != 0) {
                            long got = seg.get(TestMemory.U64, v - BASE);
                            if (got < 0 || got >= range) throw new AssertionError("key " + k + ": garbage " + got);
                            if (got != k && !(type == MapType.PERCPU_HASH && got == 0)) reused.incrementAndGet();
                        }
                    }
                }
            }
        });
        Set<Integer> present = new HashSet<>();
        for (int k = 0; k < range; k++) {
            int sum = 0;
            for (int t = 0; t < THREADS; t++) sum += counts[t][k];
            boolean found = h.lookup(u32(k)) != null;
            assertEquals(found ? 1 : 0, sum, type + ": inserts minus deletes of key " + k);
            if (found) present.add(k);
        }
        assertTrue(present.size() <= max);
        checkIteration(h, present);
        System.out.printf("maps: %s overlapping insert/delete, %d threads x %,d ops: %d keys left, %d lookups raced"
                + " with a delete and reuse%n", type, THREADS, ops, present.size(), reused.get());
    }

    private static void checkIteration(BpfMap h, Set<Integer> expected) {
        List<Integer> iterated = new ArrayList<>();
        for (byte[] k = h.nextKey(null); k != null; k = h.nextKey(k)) iterated.add(TestMemory.u32(k));
        assertEquals(iterated.size(), new HashSet<>(iterated).size(), "no key visited twice");
        assertEquals(expected, new HashSet<>(iterated), "nextKey visits exactly the keys present");
        HashTabMap impl = (HashTabMap) h;
        assertEquals(expected.size(), impl.size());
        assertEquals(impl.slotCount(), impl.accountedSlots(), "every slot is free or in use, none lost");
        long[] visited = {0};
        h.forEachElement(0, (k, v) -> {
            visited[0]++;
            return 0;
        });
        assertEquals(expected.size(), visited[0]);
    }

    @Test
    void lruMapStaysConsistentUnderConcurrentChurn() throws Exception {
        int max = 256;
        BpfMap lru = BpfMaps.create(spec("lru", MapType.LRU_HASH, 4, 8, max, 0), mem, THREADS, registry);
        long[] stacks = new long[THREADS];
        for (int t = 0; t < THREADS; t++) stacks[t] = mem.scratch(16);
        MemorySegment seg = mem.segment();
        parallel(THREADS, t -> {
            Random rnd = new Random(100 + t);
            long key = stacks[t], val = stacks[t] + 8;
            for (int i = 0; i < 50_000; i++) {
                int k = rnd.nextInt(1000);
                seg.set(TestMemory.U32, key - BASE, k);
                seg.set(TestMemory.U64, val - BASE, k);
                int op = rnd.nextInt(10);
                if (op < 4) {
                    long r = lru.update(key, val, MapFlags.BPF_ANY, t);
                    if (r != 0) throw new AssertionError("an LRU update never fails: " + r);
                } else if (op < 5) {
                    lru.delete(key, t);
                } else {
                    long v = lru.lookup(key, t);
                    long got = v == 0 ? 0 : seg.get(TestMemory.U64, v - BASE);
                    if (got < 0 || got >= 1000) throw new AssertionError("garbage " + got); // reuse: see overlapping()
                }
            }
        });
        HashTabMap impl = (HashTabMap) lru;
        Set<Integer> iterated = new HashSet<>();
        int n = 0;
        for (byte[] k = lru.nextKey(null); k != null; k = lru.nextKey(k)) {
            iterated.add(TestMemory.u32(k));
            n++;
            assertNotNull(lru.lookup(k));
        }
        assertEquals(n, iterated.size());
        assertTrue(n <= max && n > max / 2, "size " + n);
        Set<Integer> inLruOrder = new HashSet<>();
        for (byte[] k : impl.lruOrder()) inLruOrder.add(TestMemory.u32(k));
        assertEquals(iterated, inLruOrder, "the LRU list holds exactly the elements");
        assertEquals(impl.slotCount(), impl.accountedSlots());
    }

    // ------------------------------------------------------------------ LPM trie, queue, ring buffer

    @Test
    void lpmLookupsDuringUpdatesAlwaysFindAMatchingPrefix() throws Exception {
        BpfMap t = BpfMaps.create(spec("lpm", MapType.LPM_TRIE, 8, 4, 4096, MapFlags.BPF_F_NO_PREALLOC), mem,
                THREADS, registry);
        assertEquals(0, t.update(new byte[] {8, 0, 0, 0, 10, 0, 0, 0}, u32(8), MapFlags.BPF_ANY));
        AtomicBoolean stop = new AtomicBoolean();
        long[] stacks = new long[THREADS];
        for (int i = 0; i < THREADS; i++) stacks[i] = mem.scratch(16);
        MemorySegment seg = mem.segment();
        parallel(THREADS, th -> {
            Random rnd = new Random(th);
            long key = stacks[th], val = stacks[th] + 8;
            if (th < 2) { // writers: churn longer prefixes inside 10.0.0.0/8
                for (int i = 0; i < 15_000; i++) {
                    int plen = 9 + rnd.nextInt(24);
                    seg.set(TestMemory.U32, key - BASE, plen);
                    seg.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), key + 4 - BASE,
                            0x0a000000 | rnd.nextInt(1 << 10) << 14);
                    seg.set(TestMemory.U32, val - BASE, plen);
                    if (rnd.nextBoolean()) t.update(key, val, MapFlags.BPF_ANY, th);
                    else t.delete(key, th);
                }
                stop.set(true);
            } else {
                while (!stop.get()) {
                    seg.set(TestMemory.U32, key - BASE, 32);
                    seg.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), key + 4 - BASE,
                            0x0a000000 | rnd.nextInt(1 << 24));
                    long v = t.lookup(key, th);
                    if (v == 0) throw new AssertionError("10.0.0.0/8 always matches");
                    int plen = seg.get(TestMemory.U32, v - BASE);
                    if (plen < 8 || plen > 32) throw new AssertionError("value " + plen);
                }
            }
        });
        int n = 0;
        for (byte[] k = t.nextKey(null); k != null; k = t.nextKey(k)) {
            n++;
            assertEquals(TestMemory.u32(k), TestMemory.u32(t.lookup(k)), "each prefix maps to its own length");
        }
        assertTrue(n >= 1);
    }

    @Test
    void queueWithManyProducersAndConsumersDeliversEachValueOnce() throws Exception {
        BpfMap q = BpfMaps.create(spec("q", MapType.QUEUE, 0, 8, 64, 0), mem, THREADS, registry);
        int perProducer = 10_000, producers = THREADS / 2;
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean[] done = {new AtomicBoolean()};
        java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
        long[] stacks = new long[THREADS];
        for (int i = 0; i < THREADS; i++) stacks[i] = mem.scratch(8);
        MemorySegment seg = mem.segment();
        parallel(THREADS, t -> {
            long slot = stacks[t];
            if (t < producers) {
                for (int i = 0; i < perProducer; i++) {
                    seg.set(TestMemory.U64, slot - BASE, (long) t << 32 | i);
                    while (q.push(slot, MapFlags.BPF_ANY, t) == -Errno.E2BIG) Thread.yield();
                }
                if (finished.incrementAndGet() == producers) done[0].set(true);
            } else {
                while (true) {
                    if (q.pop(slot, t) == 0) {
                        if (!seen.add(seg.get(TestMemory.U64, slot - BASE))) throw new AssertionError("popped twice");
                    } else if (done[0].get()) {
                        if (q.pop(slot, t) != 0) break; // empty after every producer finished
                        if (!seen.add(seg.get(TestMemory.U64, slot - BASE))) throw new AssertionError("popped twice");
                    } else {
                        Thread.yield();
                    }
                }
            }
        });
        assertEquals(producers * perProducer, seen.size());
    }

    @Test
    void ringBufferWithManyProducersDeliversEveryRecordOnceInProducerOrder() throws Exception {
        RingBufMap rb = (RingBufMap) BpfMaps.create(spec("rb", MapType.RINGBUF, 0, 0, 1 << 16, 0), mem, THREADS,
                registry);
        int producers = THREADS - 1, perProducer = 10_000;
        long[] stacks = new long[THREADS];
        for (int i = 0; i < THREADS; i++) stacks[i] = mem.scratch(32);
        MemorySegment seg = mem.segment();
        java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
        int[] next = new int[producers];
        int[] received = {0, 0};
        parallel(THREADS, t -> {
            if (t < producers) {
                long buf = stacks[t];
                for (int i = 0; i < perProducer; i++) {
                    if (i % 3 == 0) { // reserve, fill, submit (and some reservations discarded)
                        long s;
                        while ((s = rb.reserve(16, 0)) == 0) Thread.yield();
                        seg.set(TestMemory.U32, s - BASE, t);
                        seg.set(TestMemory.U32, s + 4 - BASE, i);
                        seg.set(TestMemory.U64, s + 8 - BASE, (long) t * i);
                        rb.submit(s, 0);
                        while ((s = rb.reserve(4, 0)) == 0) Thread.yield();
                        rb.discard(s, 0);
                    } else {
                        seg.set(TestMemory.U32, buf - BASE, t);
                        seg.set(TestMemory.U32, buf + 4 - BASE, i);
                        seg.set(TestMemory.U64, buf + 8 - BASE, (long) t * i);
                        int size = 16 + (i % 5) * 8;
                        while (rb.output(buf, size, 0) == -Errno.EAGAIN) Thread.yield();
                    }
                }
                finished.incrementAndGet();
            } else {
                RingBufMap.RecordHandler h = sample -> {
                    int p = sample.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
                    int i = sample.get(ValueLayout.JAVA_INT_UNALIGNED, 4);
                    if (i != next[p]) throw new AssertionError("producer " + p + ": record " + i + ", expected " + next[p]);
                    if (sample.get(ValueLayout.JAVA_LONG_UNALIGNED, 8) != (long) p * i) throw new AssertionError("torn");
                    next[p]++;
                    received[0]++;
                    return 0;
                };
                while (finished.get() < producers) {
                    if (rb.consume(h) == 0) Thread.yield();
                }
                rb.consume(h);
            }
        });
        assertEquals(producers * perProducer, received[0]);
        assertEquals(0, rb.availableData());
        assertNotEquals(0, rb.consumerPosition());
    }

    @Test
    void javaSideDumpWhileProgramsUpdate() throws Exception {
        BpfMap h = BpfMaps.create(spec("h", MapType.HASH, 4, 8, 1024, 0), mem, THREADS, registry);
        for (int k = 0; k < 100; k++) h.update(u32(k), TestMemory.u64(k), MapFlags.BPF_ANY);
        AtomicBoolean stop = new AtomicBoolean();
        long[] stacks = new long[THREADS];
        for (int i = 0; i < THREADS; i++) stacks[i] = mem.scratch(16);
        MemorySegment seg = mem.segment();
        Map<Integer, Integer> dumps = new HashMap<>();
        parallel(4, t -> {
            if (t == 0) {
                for (int d = 0; d < 50; d++) {
                    Set<Integer> keys = new HashSet<>();
                    for (byte[] k = h.nextKey(null); k != null; k = h.nextKey(k)) keys.add(TestMemory.u32(k));
                    for (int k = 0; k < 100; k++) {
                        if (!keys.contains(k)) throw new AssertionError("stable key " + k + " missing from a dump");
                    }
                    dumps.merge(keys.size(), 1, Integer::sum);
                }
                stop.set(true);
            } else {
                Random rnd = new Random(t);
                long key = stacks[t], val = stacks[t] + 8;
                while (!stop.get()) {
                    int k = 100 + rnd.nextInt(500);
                    seg.set(TestMemory.U32, key - BASE, k);
                    seg.set(TestMemory.U64, val - BASE, k);
                    if (rnd.nextBoolean()) h.update(key, val, MapFlags.BPF_ANY, t);
                    else h.delete(key, t);
                }
            }
        });
        assertTrue(!dumps.isEmpty());
    }
}
