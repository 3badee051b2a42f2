package io.ebpf4j.runtime;

import static io.ebpf4j.runtime.Fixtures.u32s;
import static io.ebpf4j.runtime.Fixtures.u64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ebpf4j.maps.BpfMap;
import io.ebpf4j.maps.Errno;
import io.ebpf4j.vm.BpfProgram;
import io.ebpf4j.vm.Runtime;
import io.ebpf4j.vm.RuntimeOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * Programs on several threads share maps as programs on several CPUs of a kernel do: atomic adds
 * (real atomics on the shared arena) give exact totals, and concurrent inserts and deletes lose
 * and duplicate no key.
 */
class ConcurrencyTest {
    static final int THREADS = 8;
    static final int RUNS = 1_000_000;
    static final int KEYS = 64;

    @Test
    void eightThreadsTimesAMillionAtomicAddsGiveExactTotals() throws Exception {
        try (Runtime rt = Runtime.load(Fixtures.object("counters.o"), RuntimeOptions.defaults().withCpus(THREADS))) {
            BpfProgram count = rt.program("count");
            List<Future<?>> done = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        byte[][] ctx = new byte[KEYS][];
                        for (int k = 0; k < KEYS; k++) ctx[k] = u32s(k, 0);
                        for (int i = 0; i < RUNS; i++) {
                            // every key is hit by every thread, so inserts race
                            long r = count.runWithContext(ctx[(i + thread) % KEYS]).retval();
                            if (r != 0) throw new AssertionError("run " + i + " of thread " + thread + " returned " + r);
                        }
                    }));
                }
                for (Future<?> f : done) f.get();
            }
            BpfMap arr = rt.map("arr").orElseThrow(), hash = rt.map("hash").orElseThrow();
            assertEquals((long) THREADS * RUNS, u64(arr.lookup(u32s(0))));
            long total = 0;
            int keys = 0;
            for (byte[] k = hash.nextKey(null); k != null; k = hash.nextKey(k)) {
                total += u64(hash.lookup(k));
                keys++;
            }
            assertEquals(KEYS, keys);
            assertEquals((long) THREADS * RUNS, total);
            for (int k = 0; k < KEYS; k++) assertEquals((long) THREADS * RUNS / KEYS, u64(hash.lookup(u32s(k))), "key " + k);
        }
    }

    @Test
    void concurrentInsertsAndDeletesLoseAndDuplicateNoKey() throws Exception {
        int rounds = 20_000;
        int shared = 32;
        try (Runtime rt = Runtime.load(Fixtures.object("counters.o"), RuntimeOptions.defaults().withCpus(THREADS))) {
            BpfProgram churn = rt.program("churn");
            // per round and shared key: how many threads' BPF_NOEXIST insert and delete succeeded
            AtomicLongArray inserted = new AtomicLongArray(shared), deleted = new AtomicLongArray(shared);
            List<Future<?>> done = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < rounds; i++) {
                            // a key of this thread's own: insert, read back, delete must all succeed
                            int own = 1000 + thread * 100 + i % 100;
                            check(churn.runWithContext(u32s(own, 0)).retval(), 0, "insert", own);
                            check(churn.runWithContext(u32s(own, 2)).retval(), own, "lookup", own);
                            check(churn.runWithContext(u32s(own, 1)).retval(), 0, "delete", own);
                            // a shared key: inserts and deletes race with the other threads
                            int k = (i * 7 + thread) % shared;
                            long ins = churn.runWithContext(u32s(k, 0)).retval();
                            if (ins == 0) inserted.incrementAndGet(k);
                            else check(ins, -Errno.EEXIST & 0xffff_ffffL, "shared insert", k);
                            long del = churn.runWithContext(u32s(k, 1)).retval();
                            if (del == 0) deleted.incrementAndGet(k);
                            else check(del, -Errno.ENOENT & 0xffff_ffffL, "shared delete", k);
                        }
                    }));
                }
                for (Future<?> f : done) f.get();
            }
            BpfMap hash = rt.map("hash").orElseThrow();
            for (int k = 0; k < shared; k++) {
                // every successful insert is matched by exactly one successful delete: no key duplicated or lost
                assertEquals(inserted.get(k), deleted.get(k), "key " + k);
                assertNull(hash.lookup(u32s(k)), "key " + k);
            }
            assertNull(hash.nextKey(null), "the map is empty");
        }
    }

    private static void check(long got, long expected, String what, int key) {
        if (got != expected) throw new AssertionError(what + " of key " + key + " returned " + got + ", expected " + expected);
    }
}
