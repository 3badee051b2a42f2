package io.ebpf4j.maps;

import io.ebpf4j.object.MapSpec;
import io.ebpf4j.object.MapType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.ebpf4j.maps.TestMemory.spec;
import static io.ebpf4j.maps.TestMemory.u32;
import static io.ebpf4j.maps.TestMemory.u64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HASH and PERCPU_HASH against kernel/bpf/hashtab.c and the corpus programs that use them. */
class HashMapTest {
    private static final HexFormat HEX = HexFormat.of();
    private final TestMemory mem = new TestMemory();
    private final MapRegistry registry = MapRegistry.create();
    private final long key = mem.scratch(64);
    private final long value = mem.scratch(64);

    @AfterEach
    void close() {
        mem.close();
    }

    private BpfMap hash(int keySize, int valueSize, int max, int flags) {
        return BpfMaps.create(spec(MapType.HASH, keySize, valueSize, max, flags), mem, 2, registry);
    }

    private long upd(BpfMap m, int k, long v, long flags) {
        mem.putU32(key, k);
        mem.putU64(value, v);
        return m.update(key, value, flags, 0);
    }

    private long del(BpfMap m, int k) {
        mem.putU32(key, k);
        return m.delete(key, 0);
    }

    private long find(BpfMap m, int k, int cpu) {
        mem.putU32(key, k);
        return m.lookup(key, cpu);
    }

    static List<byte[]> keys(BpfMap m) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] k = m.nextKey(null); k != null; k = m.nextKey(k)) out.add(k);
        return out;
    }

    static List<Integer> intKeys(BpfMap m) {
        return keys(m).stream().map(TestMemory::u32).toList();
    }

    private static List<String> hexKeys(BpfMap m) {
        return keys(m).stream().map(HEX::formatHex).toList();
    }

    // ------------------------------------------------------------------ the corpus programs

    /** corpus/src/map_hash.c, three runs: the result slots and the map contents the file documents. */
    @Test
    void mapHashCorpusProgram() {
        BpfMap h = hash(4, 8, 4, 0);
        for (int run = 1; run <= 3; run++) {
            long n = 0;
            for (int k = 10; k < 14; k++) n += del(h, k) == 0 ? 1 : 0;
            assertEquals(run == 1 ? 0 : 3, n, "res[0]");
            assertEquals(run == 1 ? 0 : -Errno.EEXIST, upd(h, 1, 0, MapFlags.BPF_NOEXIST), "res[1]");
            assertEquals(-Errno.EEXIST, upd(h, 1, 0, MapFlags.BPF_NOEXIST), "res[2]");
            assertEquals(-Errno.ENOENT, upd(h, 2, 2, MapFlags.BPF_EXIST), "res[3]");
            assertEquals(-Errno.ENOENT, del(h, 2), "res[4]");
            assertEquals(0, find(h, 2, 0), "res[5]");
            assertEquals(0, upd(h, 10, 110, MapFlags.BPF_NOEXIST) + upd(h, 11, 111, MapFlags.BPF_NOEXIST)
                    + upd(h, 12, 112, MapFlags.BPF_NOEXIST), "res[6]");
            assertEquals(-Errno.E2BIG, upd(h, 13, 113, MapFlags.BPF_ANY), "res[7]");
            assertEquals(0, upd(h, 10, 1010, MapFlags.BPF_ANY), "res[8] replacing works on a full map");
            assertEquals(0, del(h, 12), "res[9]");
            assertEquals(0, upd(h, 13, 113, MapFlags.BPF_NOEXIST), "res[10]");
            assertEquals(-Errno.EINVAL, upd(h, 13, 113, MapFlags.BPF_F_LOCK), "res[11]");
            long p = find(h, 1, 0);
            mem.putU64(p, mem.getU64(p) + 1);
            assertEquals(run, mem.getU64(p), "res[12]");
            assertEquals(1010, mem.getU64(find(h, 10, 0)), "res[13]");
        }
        Map<Integer, Long> contents = new HashMap<>();
        for (byte[] k : keys(h)) contents.put(TestMemory.u32(k), TestMemory.u64(h.lookup(k), 0));
        assertEquals(Map.of(1, 3L, 10, 1010L, 11, 111L, 13, 113L), contents);
    }

    /** corpus/src/map_hash_noprealloc.c: BPF_F_NO_PREALLOC behaves as preallocated. */
    @Test
    void mapHashNoPreallocCorpusProgram() {
        BpfMap hn = hash(8, 16, 3, MapFlags.BPF_F_NO_PREALLOC);
        for (int run = 1; run <= 2; run++) {
            long r0 = upd2(hn, 1, 1, 11, MapFlags.BPF_NOEXIST) + upd2(hn, 1, 2, 12, MapFlags.BPF_NOEXIST)
                    + upd2(hn, 2, 1, 21, MapFlags.BPF_NOEXIST);
            assertEquals(run == 1 ? 0 : -51, r0, "res[0]");
            assertEquals(-Errno.E2BIG, upd2(hn, 3, 3, 33, MapFlags.BPF_ANY), "res[1]");
            assertEquals(0, upd2(hn, 1, 2, 122, MapFlags.BPF_EXIST), "res[2]");
            assertEquals(0, del2(hn, 2, 1), "res[3]");
            assertEquals(-Errno.ENOENT, del2(hn, 2, 1), "res[4]");
            assertEquals(0, upd2(hn, 3, 3, 33, MapFlags.BPF_NOEXIST), "res[5]");
            assertEquals(0, get2(hn, 2, 1), "res[6]");
            long v = get2(hn, 1, 1);
            long sum = mem.getU64(v);
            mem.putU64(v + 8, mem.getU64(v + 8) + 1);
            sum += mem.getU64(get2(hn, 1, 2)) + mem.getU64(get2(hn, 3, 3));
            assertEquals(166, sum, "res[7]");
            assertEquals(0, del2(hn, 3, 3), "res[8]");
            assertEquals(0, upd2(hn, 2, 1, 21, MapFlags.BPF_ANY), "res[9]");
        }
        assertEquals(3, keys(hn).size());
        byte[] k11 = new byte[8];
        k11[0] = 1;
        k11[4] = 1;
        byte[] v11 = hn.lookup(k11);
        assertEquals(11, TestMemory.u64(v11, 0));
        assertEquals(2, TestMemory.u64(v11, 8), ".b of {1,1} counts runs");
    }

    private long upd2(BpfMap m, int x, int y, long a, long flags) {
        mem.putU32(key, x);
        mem.putU32(key + 4, y);
        mem.putU64(value, a);
        mem.putU64(value + 8, 0);
        return m.update(key, value, flags, 0);
    }

    private long del2(BpfMap m, int x, int y) {
        mem.putU32(key, x);
        mem.putU32(key + 4, y);
        return m.delete(key, 0);
    }

    private long get2(BpfMap m, int x, int y) {
        mem.putU32(key, x);
        mem.putU32(key + 4, y);
        return m.lookup(key, 0);
    }

    /** corpus/src/syscall_maps.c with a = 1000, b = -7. */
    @Test
    void syscallMapsCorpusProgram() {
        BpfMap kv = hash(4, 8, 16, 0);
        long r = 0;
        for (int i = 0; i < 10; i++) r += upd(kv, i, (long) i * -7, MapFlags.BPF_ANY);
        assertEquals(0, r);
        r = 0;
        for (int i = 1; i < 10; i += 2) r += del(kv, i);
        assertEquals(0, r);
        long[] acc = new long[2];
        kv.forEachElement(0, (k, v) -> {
            acc[0]++;
            acc[1] += mem.getU64(v);
            return 0;
        });
        assertEquals(5, acc[0]);
        assertEquals(-140, acc[1]);
        assertEquals(-Errno.EEXIST, upd(kv, 0, 0, MapFlags.BPF_NOEXIST));
        assertEquals(Set.of(0, 2, 4, 6, 8), new HashSet<>(intKeys(kv)));
    }

    /** corpus/src/helper_for_each.c, the hash part: 5 elements, sum 19000, stop at the first -> 1. */
    @Test
    void forEachOverAHash() {
        BpfMap h = hash(4, 8, 16, 0);
        for (int k : new int[] {1, 2, 3, 5, 8}) upd(h, k, k * 1000L, MapFlags.BPF_ANY);
        long[] sum = {0};
        assertEquals(5, h.forEachElement(0, (k, v) -> {
            sum[0] += mem.getU64(v);
            return 0;
        }));
        assertEquals(19000, sum[0]);
        assertEquals(1, h.forEachElement(0, (k, v) -> 1));
    }

    @Test
    void forEachCallbackMayDeleteElements() {
        BpfMap h = hash(4, 8, 64, 0);
        for (int k = 0; k < 40; k++) upd(h, k, k, MapFlags.BPF_ANY);
        long visited = h.forEachElement(0, (k, v) -> {
            int kk = mem.getU32(k);
            if (kk % 2 == 0) {
                mem.putU32(key, kk);
                assertEquals(0, h.delete(key, 0));
            }
            return 0;
        });
        assertEquals(40, visited);
        assertEquals(20, keys(h).size());
    }

    // ------------------------------------------------------------------ kernel-recorded iteration order

    /*
     * Orders recorded on Linux 6.18 with bpftool (maps created with BPF_F_ZERO_SEED, so the kernel's
     * jhash seed is 0, as ours always is; inserted with `bpftool map update` in the order given,
     * then `bpftool map dump`, which walks BPF_MAP_GET_NEXT_KEY from NULL).
     */

    @Test
    void iterationOrderEqualsTheKernelsForZeroSeedU32Keys() {
        BpfMap m = hash(4, 8, 16, MapFlags.BPF_F_ZERO_SEED);
        for (int k = 1; k <= 10; k++) m.update(u32(k), u64(k), MapFlags.BPF_ANY);
        assertEquals(List.of(10, 4, 5, 7, 2, 1, 8, 9, 6, 3), intKeys(m));
        m.update(u32(5), u64(55), MapFlags.BPF_ANY);
        m.delete(u32(4));
        m.update(u32(42), u64(42), MapFlags.BPF_ANY);
        assertEquals(List.of(10, 42, 5, 7, 2, 1, 8, 9, 6, 3), intKeys(m));
    }

    @Test
    void iterationOrderEqualsTheKernelsForZeroSeedU64Keys() {
        BpfMap m = hash(8, 8, 8, MapFlags.BPF_F_ZERO_SEED);
        for (long k : new long[] {100, 7, 1L << 40, 3, 99999}) m.update(u64(k), u64(k), MapFlags.BPF_ANY);
        assertEquals(List.of(99999L, 7L, 3L, 100L, 1L << 40), keys(m).stream().map(k -> TestMemory.u64(k, 0)).toList());
    }

    @Test
    void iterationOrderEqualsTheKernelsForOddKeySizes() {
        // 6-byte keys: jhash over bytes
        BpfMap m6 = hash(6, 4, 32, MapFlags.BPF_F_ZERO_SEED);
        for (int i = 1; i <= 12; i++) m6.update(new byte[] {(byte) i, (byte) (i * 3), 7, 0, (byte) i, 1}, u32(1), 0);
        assertEquals(List.of("091b07000901", "081807000801", "040c07000401", "030907000301", "0c2407000c01",
                "071507000701", "061207000601", "0b2107000b01", "010307000101", "0a1e07000a01", "050f07000501",
                "020607000201"), hexKeys(m6));
        // 16-byte keys: jhash2 over four words (and the mix loop)
        BpfMap m16 = hash(16, 4, 64, MapFlags.BPF_F_ZERO_SEED);
        for (int i = 0; i < 20; i++) m16.update(pattern(16, i * 7, 1), u32(1), 0);
        assertEquals(List.of("15161718191a1b1c1d1e1f2021222324", "3132333435363738393a3b3c3d3e3f40",
                "464748494a4b4c4d4e4f505152535455", "7778797a7b7c7d7e7f80818283848586",
                "5b5c5d5e5f606162636465666768696a", "2a2b2c2d2e2f30313233343536373839",
                "0708090a0b0c0d0e0f10111213141516", "4d4e4f505152535455565758595a5b5c",
                "5455565758595a5b5c5d5e5f60616263", "7e7f808182838485868788898a8b8c8d",
                "696a6b6c6d6e6f707172737475767778", "85868788898a8b8c8d8e8f9091929394",
                "62636465666768696a6b6c6d6e6f7071", "3f404142434445464748494a4b4c4d4e",
                "232425262728292a2b2c2d2e2f303132", "1c1d1e1f202122232425262728292a2b",
                "707172737475767778797a7b7c7d7e7f", "38393a3b3c3d3e3f4041424344454647",
                "0e0f101112131415161718191a1b1c1d", "000102030405060708090a0b0c0d0e0f"), hexKeys(m16));
        // 13-byte keys: jhash over bytes, the 12-byte loop and a 1-byte tail
        BpfMap m13 = hash(13, 4, 64, MapFlags.BPF_F_ZERO_SEED);
        for (int i = 0; i < 20; i++) m13.update(pattern(13, i * 11, 3), u32(1), 0);
        assertEquals(List.of("c6c9cccfd2d5d8dbdee1e4e7ea", "373a3d404346494c4f5255585b", "2c2f3235383b3e4144474a4d50",
                "585b5e6164676a6d707376797c", "9a9da0a3a6a9acafb2b5b8bbbe", "a5a8abaeb1b4b7babdc0c3c6c9",
                "8f9295989b9ea1a4a7aaadb0b3", "16191c1f2225282b2e3134373a", "bbbec1c4c7cacdd0d3d6d9dcdf",
                "4245484b4e5154575a5d606366", "84878a8d909396999c9fa2a5a8", "797c7f8285888b8e9194979a9d",
                "b0b3b6b9bcbfc2c5c8cbced1d4", "6366696c6f7275787b7e818487", "d1d4d7dadde0e3e6e9eceff2f5",
                "000306090c0f1215181b1e2124", "4d505356595c5f6265686b6e71", "0b0e1114171a1d202326292c2f",
                "6e7174777a7d808386898c8f92", "2124272a2d303336393c3f4245"), hexKeys(m13));
        // 1-, 2- and 3-byte keys
        Map<Integer, List<String>> expected = Map.of(
                1, List.of("94", "4a", "6f", "b9", "03", "25", "28", "de"),
                2, List.of("4a4b", "2829", "dedf", "0304", "9495", "2526", "b9ba", "6f70"),
                3, List.of("dedfe0", "252627", "28292a", "b9babb", "6f7071", "4a4b4c", "030405", "949596"));
        for (int n = 1; n <= 3; n++) {
            BpfMap m = hash(n, 4, 8, MapFlags.BPF_F_ZERO_SEED);
            for (int i = 1; i <= 8; i++) m.update(pattern(n, i * 37, 1), u32(1), 0);
            assertEquals(expected.get(n), hexKeys(m), n + "-byte keys");
        }
    }

    private static byte[] pattern(int n, int start, int step) {
        byte[] b = new byte[n];
        for (int j = 0; j < n; j++) b[j] = (byte) (start + j * step);
        return b;
    }

    /**
     * corpus/src/helper_for_each_order.c, whose kernel results (corpus/kernel-results/
     * helper_for_each_order.json, Linux 6.18) record the visit order of a BPF_F_ZERO_SEED hash:
     * nd[0] = fold of the order (acc * 31 + key) 257501506613220858, nd[1] = first key 10,
     * nd[2] = 4 elements visited until key 7, and the dump order of map zs.
     */
    @Test
    void forEachOrderEqualsTheKernelsForZeroSeed() {
        BpfMap zs = BpfMaps.create(spec(MapType.HASH, 4, 4, 16, MapFlags.BPF_F_ZERO_SEED), mem, 2, registry);
        for (int run = 0; run < 2; run++) {
            for (int i = 1; i <= 12; i++) {
                mem.putU32(key, i);
                mem.putU32(value, i * i);
                assertEquals(0, zs.update(key, value, MapFlags.BPF_ANY, 0));
            }
        }
        long[] acc = new long[5]; // n, sum, vsum, order, first
        zs.forEachElement(0, (k, v) -> {
            int kk = mem.getU32(k);
            if (acc[4] == 0) acc[4] = kk;
            acc[0]++;
            acc[1] += kk;
            acc[2] += mem.getU32(v);
            acc[3] = acc[3] * 31 + kk;
            return 0;
        });
        assertEquals(12, acc[0]);
        assertEquals(78, acc[1]);
        assertEquals(650, acc[2]);
        assertEquals(257501506613220858L, acc[3], "nd[0]: the kernel's visit order");
        assertEquals(10, acc[4], "nd[1]");
        assertEquals(4, zs.forEachElement(0, (k, v) -> mem.getU32(k) == 7 ? 1 : 0), "nd[2]");
        assertEquals(List.of(10, 4, 5, 7, 2, 1, 8, 12, 11, 9, 6, 3), intKeys(zs), "the dump of zs");
    }

    @Test
    void updatingAKeyMovesItToTheHeadOfItsBucketAsInTheKernel() {
        // Linux 6.18, max_entries 4, BPF_F_ZERO_SEED, keys 1..4 then update(1): keys 1 and 3 share a bucket
        BpfMap h = hash(4, 8, 4, MapFlags.BPF_F_ZERO_SEED);
        for (int k = 1; k <= 4; k++) h.update(u32(k), u64(k), MapFlags.BPF_ANY);
        assertEquals(List.of(4, 2, 3, 1), intKeys(h));
        h.update(u32(1), u64(100), MapFlags.BPF_ANY);
        assertEquals(List.of(4, 2, 1, 3), intKeys(h), "htab_map_update_elem links a new element at the head");

        BpfMap pc = BpfMaps.create(spec(MapType.PERCPU_HASH, 4, 8, 4, MapFlags.BPF_F_ZERO_SEED), mem, 2, registry);
        for (int k = 1; k <= 4; k++) pc.update(u32(k), new byte[16], MapFlags.BPF_ANY);
        pc.update(u32(1), new byte[16], MapFlags.BPF_ANY);
        assertEquals(List.of(4, 2, 3, 1), intKeys(pc), "per-CPU maps update in place");
    }

    @Test
    void nextKeyOfAnAbsentKeyStartsOverAndTheLastKeyEnds() {
        BpfMap h = hash(4, 8, 8, 0);
        assertNull(h.nextKey(null), "empty");
        for (int k = 1; k <= 5; k++) h.update(u32(k), u64(k), MapFlags.BPF_ANY);
        List<Integer> order = intKeys(h);
        assertEquals(order.get(0), TestMemory.u32(h.nextKey(u32(99))));
        assertNull(h.nextKey(u32(order.get(4))));
        assertEquals(Set.of(1, 2, 3, 4, 5), new HashSet<>(order));
    }

    // ------------------------------------------------------------------ element storage

    @Test
    void replacingAValueLinksAFreshElementAndTheOldAddressKeepsTheOldValue() {
        BpfMap h = hash(4, 8, 2, 0);
        upd(h, 1, 10, MapFlags.BPF_ANY);
        upd(h, 2, 20, MapFlags.BPF_ANY);
        long before = find(h, 1, 0);
        assertEquals(0, upd(h, 1, 11, MapFlags.BPF_EXIST), "replacing works on a full map (extra elements)");
        long after = find(h, 1, 0);
        assertNotEquals(before, after);
        assertEquals(11, mem.getU64(after));
        assertEquals(10, mem.getU64(before), "a program's old pointer sees the old value, as after RCU replacement");
    }

    @Test
    void deletedSlotIsReusedFirst() {
        BpfMap h = hash(4, 8, 8, 0);
        for (int k = 0; k < 4; k++) upd(h, k, k, MapFlags.BPF_ANY);
        long slot = find(h, 2, 0);
        assertEquals(0, del(h, 2));
        assertEquals(0, upd(h, 77, 7, MapFlags.BPF_NOEXIST));
        assertEquals(slot, find(h, 77, 0), "the freelist is LIFO");
        assertEquals(0, find(h, 2, 0));
    }

    @Test
    void valuesAreEightByteAlignedForEveryKeySize() {
        for (int ks = 1; ks <= 20; ks++) {
            BpfMap h = BpfMaps.create(spec(MapType.HASH, ks, 3, 4, 0), mem, 1, registry);
            byte[] k = new byte[ks];
            k[0] = 1;
            mem.put(key, k);
            mem.put(value, new byte[] {1, 2, 3});
            assertEquals(0, h.update(key, value, MapFlags.BPF_ANY, 0));
            long v = h.lookup(key, 0);
            assertEquals(0, v % 8, "key size " + ks);
            assertArrayEquals(new byte[] {1, 2, 3}, mem.get(v, 3));
        }
    }

    @Test
    void updateFlagsAreChecked() {
        BpfMap h = hash(4, 8, 4, 0);
        assertEquals(-Errno.EINVAL, upd(h, 1, 1, 3));
        assertEquals(-Errno.EINVAL, upd(h, 1, 1, 8));
        assertEquals(-Errno.ENOENT, upd(h, 1, 1, MapFlags.BPF_EXIST));
        assertEquals(0, upd(h, 1, 1, MapFlags.BPF_NOEXIST));
        assertEquals(-Errno.EEXIST, upd(h, 1, 2, MapFlags.BPF_NOEXIST));
        assertEquals(0, upd(h, 1, 3, MapFlags.BPF_EXIST));
        assertEquals(-Errno.EEXIST, h.update(u32(1), u64(4), MapFlags.BPF_NOEXIST));
        assertEquals(-Errno.ENOENT, h.delete(u32(9)));
        assertEquals(0, h.delete(u32(1)));
        assertNull(h.lookup(u32(1)));
    }

    @Test
    void lockedUpdatesCopyAroundTheSpinLock() {
        BpfMap h = BpfMaps.create(spec(MapType.HASH, 4, 16, 4, 0), mem, 1, registry, SpecialFields.spinLockAt(0));
        byte[] v = new byte[16];
        v[0] = 9;
        v[8] = 1;
        assertEquals(0, h.update(u32(1), v, MapFlags.BPF_F_LOCK), "inserts under BPF_F_LOCK too");
        long addr = find(h, 1, 0);
        assertEquals(0, mem.getU32(addr), "the lock word is not copied");
        v[8] = 2;
        assertEquals(0, h.update(u32(1), v, MapFlags.BPF_F_LOCK));
        assertEquals(addr, find(h, 1, 0), "BPF_F_LOCK updates in place");
        assertEquals(2, mem.getU64(addr + 8));
        assertEquals(-Errno.EEXIST, h.update(u32(1), v, MapFlags.BPF_F_LOCK | MapFlags.BPF_NOEXIST));
        assertEquals(-Errno.ENOENT, h.update(u32(2), v, MapFlags.BPF_F_LOCK | MapFlags.BPF_EXIST));
    }

    /** Random operations on maps of every key size from 1 to 24 bytes agree with java.util.HashMap. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 16, 20, 24})
    void randomOperationsAgreeWithAModel(int keySize) {
        int max = 64;
        BpfMap h = BpfMaps.create(spec(MapType.HASH, keySize, 8, max, 0), mem, 2, registry);
        Map<String, Long> model = new HashMap<>();
        Random rnd = new Random(keySize);
        int range = keySize == 1 ? 200 : 150;
        for (int op = 0; op < 4000; op++) {
            byte[] k = new byte[keySize];
            int id = rnd.nextInt(range);
            k[0] = (byte) id;
            if (keySize > 1) k[keySize - 1] = (byte) (id * 7);
            String ks = HEX.formatHex(k);
            long v = rnd.nextLong();
            mem.put(key, k);
            mem.putU64(value, v);
            switch (rnd.nextInt(4)) {
                case 0, 1 -> {
                    long flags = rnd.nextInt(3);
                    long expected;
                    boolean present = model.containsKey(ks);
                    if (flags == MapFlags.BPF_NOEXIST && present) expected = -Errno.EEXIST;
                    else if (flags == MapFlags.BPF_EXIST && !present) expected = -Errno.ENOENT;
                    else if (!present && model.size() == max) expected = -Errno.E2BIG;
                    else expected = 0;
                    assertEquals(expected, h.update(key, value, flags, 0), "update " + ks + " flags " + flags);
                    if (expected == 0) model.put(ks, v);
                }
                case 2 -> {
                    long expected = model.remove(ks) != null ? 0 : -Errno.ENOENT;
                    assertEquals(expected, h.delete(key, 0));
                }
                default -> {
                    long addr = h.lookup(key, 0);
                    Long want = model.get(ks);
                    if (want == null) assertEquals(0, addr);
                    else assertEquals(want.longValue(), mem.getU64(addr));
                }
            }
        }
        Set<String> iterated = new HashSet<>();
        for (byte[] k : keys(h)) assertTrue(iterated.add(HEX.formatHex(k)), "no key twice");
        assertEquals(model.keySet(), iterated);
        assertEquals(model.size(), ((HashTabMap) h).size());
        assertEquals(((HashTabMap) h).slotCount(), ((HashTabMap) h).accountedSlots(), "no slot leaked");
    }

    // ------------------------------------------------------------------ per-CPU hash

    /** corpus/src/map_percpu_hash.c on CPU 0: per-CPU counters, zeroes in other CPUs' slots. */
    @Test
    void mapPercpuHashCorpusProgram() {
        BpfMap stats = BpfMaps.create(spec(MapType.PERCPU_HASH, 4, 16, 16, 0), mem, 2, registry);
        int k = 0x0800 | 6 << 16; // {ETH_P_IP, IPPROTO_TCP}
        for (int run = 1; run <= 3; run++) {
            mem.putU32(key, k);
            assertEquals(run == 1 ? 1 : 0, stats.lookup(key, 0) == 0 ? 1 : 0, "res[0]: a miss on the first run only");
            mem.put(value, new byte[16]);
            assertEquals(run == 1 ? 0 : -Errno.EEXIST, stats.update(key, value, MapFlags.BPF_NOEXIST, 0), "res[1]");
            mem.putU32(key, 0xffff | 0xff << 16);
            assertEquals(-Errno.ENOENT, stats.update(key, value, MapFlags.BPF_EXIST, 0), "res[2]");
            assertEquals(-Errno.ENOENT, stats.delete(key, 0), "res[3]");
            mem.putU32(key, k);
            long v = stats.lookup(key, 0);
            mem.putU64(v, mem.getU64(v) + 1);
            mem.putU64(v + 8, mem.getU64(v + 8) + 64);
            assertEquals(run, mem.getU64(v), "res[4]");
        }
        byte[] all = stats.lookup(u32(k));
        assertEquals(32, all.length, "2 CPUs x 16 bytes");
        assertEquals(3, TestMemory.u64(all, 0));
        assertEquals(192, TestMemory.u64(all, 8));
        assertEquals(0, TestMemory.u64(all, 16), "CPU 1's slot is zero");
    }

    @Test
    void perCpuHashInsertFromAProgramZeroesOtherCpusAndUpdatesOnlyItsOwn() {
        BpfMap pc = BpfMaps.create(spec(MapType.PERCPU_HASH, 4, 4, 4, 0), mem, 3, registry);
        assertEquals(3, pc.cpus());
        mem.putU32(key, 5);
        mem.putU32(value, 0x55);
        assertEquals(0, pc.update(key, value, MapFlags.BPF_ANY, 1));
        byte[] all = pc.lookup(u32(5));
        assertEquals(24, all.length, "3 CPUs x round_up(4, 8)");
        assertEquals(0, TestMemory.u32(Arrays.copyOfRange(all, 0, 4)));
        assertEquals(0x55, TestMemory.u32(Arrays.copyOfRange(all, 8, 12)));
        mem.putU32(value, 0x66);
        assertEquals(0, pc.update(key, value, MapFlags.BPF_EXIST, 2));
        all = pc.lookup(u32(5));
        assertEquals(0x55, TestMemory.u32(Arrays.copyOfRange(all, 8, 12)));
        assertEquals(0x66, TestMemory.u32(Arrays.copyOfRange(all, 16, 20)));
        assertEquals(0x66, mem.getU32(pc.lookup(key, 2)));
        assertEquals(0x55, mem.getU32(pc.lookup(key, 1)));
        // Java side writes every CPU
        byte[] v = new byte[24];
        v[0] = 1;
        v[8] = 2;
        v[16] = 3;
        assertEquals(0, pc.update(u32(5), v, MapFlags.BPF_ANY));
        for (int cpu = 0; cpu < 3; cpu++) assertEquals(cpu + 1, mem.getU32(pc.lookup(key, cpu)));
        assertEquals(-Errno.EINVAL, pc.update(u32(5), v, MapFlags.BPF_F_LOCK));
        assertThrows(MapException.class, () -> pc.update(u32(5), new byte[4], MapFlags.BPF_ANY));
        assertThrows(MapException.class, () -> pc.lookup(key, 3), "cpu out of range");
        assertEquals(1, pc.forEachElement(2, (k, val) -> {
            assertEquals(3, mem.getU32(val));
            return 0;
        }));
    }

    @Test
    void creationFollowsHtabMapAllocCheck() {
        for (MapSpec s : List.of(spec("k0", MapType.HASH, 0, 8, 4, 0), spec("v0", MapType.HASH, 4, 0, 4, 0),
                spec("max0", MapType.HASH, 4, 8, 0, 0), spec("lru", MapType.HASH, 4, 8, 4, MapFlags.BPF_F_NO_COMMON_LRU),
                spec("mmap", MapType.HASH, 4, 8, 4, MapFlags.BPF_F_MMAPABLE),
                spec("nopre", MapType.LRU_HASH, 4, 8, 4, MapFlags.BPF_F_NO_PREALLOC))) {
            MapException e = assertThrows(MapException.class, () -> BpfMaps.create(s, mem, 1, registry), s.name());
            assertTrue(e.getMessage().contains("hashtab.c"), e.getMessage());
        }
        MapException e = assertThrows(MapException.class, () -> BpfMaps.create(
                spec("nopre", MapType.LRU_HASH, 4, 8, 4, MapFlags.BPF_F_NO_PREALLOC), mem, 1, registry));
        assertTrue(e.getMessage().contains("-ENOTSUPP"), e.getMessage());
    }
}
