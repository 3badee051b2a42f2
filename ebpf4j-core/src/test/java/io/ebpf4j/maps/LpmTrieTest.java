package io.ebpf4j.maps;

import io.ebpf4j.object.MapType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.ebpf4j.maps.TestMemory.spec;
import static io.ebpf4j.maps.TestMemory.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LPM_TRIE against kernel/bpf/lpm_trie.c, recorded kernel behaviour and a brute-force model. */
class LpmTrieTest {
    private final TestMemory mem = new TestMemory();
    private final MapRegistry registry = MapRegistry.create();
    private final long key = mem.scratch(32);
    private final long value = mem.scratch(8);

    @AfterEach
    void close() {
        mem.close();
    }

    private BpfMap trie(int dataBytes, int max) {
        return BpfMaps.create(spec(MapType.LPM_TRIE, 4 + dataBytes, 4, max, MapFlags.BPF_F_NO_PREALLOC), mem, 2,
                registry);
    }

    /** An IPv4 key: u32 prefixlen (host order) then the address bytes. */
    private static byte[] k4(int plen, int a, int b, int c, int d) {
        return new byte[] {(byte) plen, (byte) (plen >>> 8), 0, 0, (byte) a, (byte) b, (byte) c, (byte) d};
    }

    private static String show(byte[] k) {
        int plen = TestMemory.u32(k);
        StringBuilder sb = new StringBuilder();
        for (int i = 4; i < k.length; i++) sb.append(i > 4 ? "." : "").append(k[i] & 0xff);
        return sb + "/" + plen;
    }

    private static List<String> order(BpfMap m) {
        List<String> out = new ArrayList<>();
        for (byte[] k = m.nextKey(null); k != null; k = m.nextKey(k)) out.add(show(k));
        return out;
    }

    private long ins(BpfMap m, byte[] k, int v, long flags) {
        mem.put(key, k);
        mem.putU32(value, v);
        return m.update(key, value, flags, 0);
    }

    private long del(BpfMap m, byte[] k) {
        mem.put(key, k);
        return m.delete(key, 0);
    }

    private long find(BpfMap m, byte[] k) {
        mem.put(key, k);
        long p = m.lookup(key, 0);
        return p == 0 ? 0 : mem.getU32(p);
    }

    @Test
    void nextKeyFollowsTheKernelCommentsPostOrder() {
        // the 4-node example at the top of lpm_trie.c
        BpfMap t = trie(4, 16);
        ins(t, k4(16, 192, 168, 0, 0), 1, 0);
        ins(t, k4(24, 192, 168, 0, 0), 2, 0);
        ins(t, k4(24, 192, 168, 128, 0), 3, 0);
        ins(t, k4(24, 192, 168, 1, 0), 5, 0);
        assertEquals(List.of("192.168.0.0/24", "192.168.1.0/24", "192.168.128.0/24", "192.168.0.0/16"), order(t));
    }

    /**
     * Recorded on Linux 6.18 with bpftool: an LPM trie (key 8, value 4, max 32, BPF_F_NO_PREALLOC),
     * eleven updates whose value is their index, then dump, getnext, lookup and delete.
     */
    @Test
    void behavesAsTheKernelRecorded() {
        BpfMap t = trie(4, 32);
        byte[][] inserts = {k4(16, 192, 168, 0, 0), k4(24, 192, 168, 0, 0), k4(24, 192, 168, 128, 0),
                k4(24, 192, 168, 1, 0), k4(8, 10, 0, 0, 0), k4(32, 10, 1, 2, 3), k4(0, 0, 0, 0, 0),
                k4(16, 10, 1, 0, 0), k4(24, 10, 1, 2, 0), k4(12, 172, 16, 0, 0), k4(16, 10, 1, 7, 9)};
        for (int i = 0; i < inserts.length; i++) assertEquals(0, t.update(inserts[i], u32(i), MapFlags.BPF_ANY));
        // the 16-bit 10.1 prefix was replaced by the last update, data bits past the prefix included
        assertEquals(List.of("10.1.2.3/32", "10.1.2.0/24", "10.1.7.9/16", "10.0.0.0/8", "172.16.0.0/12",
                "192.168.0.0/24", "192.168.1.0/24", "192.168.128.0/24", "192.168.0.0/16", "0.0.0.0/0"), order(t));
        List<Integer> values = new ArrayList<>();
        for (byte[] k = t.nextKey(null); k != null; k = t.nextKey(k)) values.add(TestMemory.u32(t.lookup(k)));
        assertEquals(List.of(5, 8, 10, 4, 9, 1, 3, 2, 0, 6), values);

        assertEquals("192.168.1.0/24", show(t.nextKey(k4(24, 192, 168, 0, 0))));
        assertEquals("10.0.0.0/8", show(t.nextKey(k4(16, 10, 1, 0, 0))), "matches 10.1.7.9/16 on its 16 bits");
        assertEquals("10.1.2.3/32", show(t.nextKey(k4(17, 10, 1, 0, 0))), "absent: the first key");
        assertEquals("10.1.2.3/32", show(t.nextKey(k4(33, 0, 0, 0, 0))), "invalid: the first key");
        assertNull(t.nextKey(k4(0, 0, 0, 0, 0)), "the default route is last");

        assertEquals(5, TestMemory.u32(t.lookup(k4(32, 10, 1, 2, 3))));
        assertEquals(8, TestMemory.u32(t.lookup(k4(32, 10, 1, 2, 4))));
        assertEquals(4, TestMemory.u32(t.lookup(k4(32, 10, 9, 9, 9))));
        assertEquals(10, TestMemory.u32(t.lookup(k4(20, 10, 1, 2, 3))));
        assertEquals(3, TestMemory.u32(t.lookup(k4(32, 192, 168, 1, 77))));
        assertEquals(6, TestMemory.u32(t.lookup(k4(32, 8, 8, 8, 8))));
        assertNull(t.lookup(k4(33, 10, 1, 2, 3)));

        assertEquals(0, t.delete(k4(16, 10, 1, 0, 0)));
        assertEquals(-Errno.ENOENT, t.delete(k4(17, 10, 1, 0, 0)));
        assertEquals(-Errno.ENOENT, t.delete(k4(16, 10, 1, 0, 0)));
        assertEquals(-Errno.EINVAL, t.delete(k4(33, 0, 0, 0, 0)));
        assertEquals(List.of("10.1.2.3/32", "10.1.2.0/24", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/24",
                "192.168.1.0/24", "192.168.128.0/24", "192.168.0.0/16", "0.0.0.0/0"), order(t));
    }

    /** corpus/src/map_lpm_trie.c, two runs and the packet lookups its header lists. */
    @Test
    void mapLpmTrieCorpusProgram() {
        BpfMap lpm = trie(4, 16);
        BpfMap small = trie(4, 2);
        for (int run = 0; run < 2; run++) {
            ins(lpm, k4(8, 10, 0, 0, 0), 1, 0);
            ins(lpm, k4(16, 10, 1, 0, 0), 2, 0);
            ins(lpm, k4(24, 10, 1, 2, 0), 3, 0);
            ins(lpm, k4(16, 192, 168, 0, 0), 4, 0);
            ins(lpm, k4(32, 10, 1, 2, 3), 5, 0);
            assertEquals(-Errno.EEXIST, ins(lpm, k4(16, 10, 1, 0, 0), 2, MapFlags.BPF_NOEXIST), "res[0]");
            assertEquals(-Errno.ENOENT, ins(lpm, k4(12, 172, 16, 0, 0), 9, MapFlags.BPF_EXIST), "res[1]");
            assertEquals(-Errno.ENOENT, del(lpm, k4(12, 172, 16, 0, 0)), "res[2]");
            assertEquals(-Errno.ENOENT, del(lpm, k4(17, 10, 1, 0, 0)), "res[3]");
            assertEquals(-Errno.EINVAL, ins(lpm, k4(33, 10, 1, 2, 3), 9, 0), "res[4]");
            assertEquals(5, find(lpm, k4(32, 10, 1, 2, 3)), "res[5]");
            assertEquals(0, del(lpm, k4(32, 10, 1, 2, 3)), "res[6]");
            assertEquals(2, find(lpm, k4(20, 10, 1, 2, 3)), "res[8]");
            ins(small, k4(8, 1, 0, 0, 0), 1, 0);
            ins(small, k4(8, 2, 0, 0, 0), 2, 0);
            assertEquals(-Errno.ENOSPC, ins(small, k4(8, 3, 0, 0, 0), 3, 0), "res[7]");
        }
        assertEquals(3, find(lpm, k4(32, 10, 1, 2, 3)));
        assertEquals(2, find(lpm, k4(32, 10, 1, 9, 9)));
        assertEquals(1, find(lpm, k4(32, 10, 200, 0, 1)));
        assertEquals(4, find(lpm, k4(32, 192, 168, 5, 5)));
        assertEquals(0, find(lpm, k4(32, 8, 8, 8, 8)));
        // the dump corpus/kernel-results/map_lpm_trie_*.json recorded, in this order
        assertEquals(List.of("10.1.2.0/24", "10.1.0.0/16", "10.0.0.0/8", "192.168.0.0/16"), order(lpm));
        assertEquals(List.of("1.0.0.0/8", "2.0.0.0/8"), order(small));
    }

    @Test
    void replacingAnIntermediateNodeCountsAsANewElement() {
        BpfMap t = trie(4, 2);
        ins(t, k4(24, 10, 0, 0, 0), 1, 0);
        ins(t, k4(24, 10, 0, 1, 0), 2, 0); // creates an intermediate 10.0.0.0/23
        assertEquals(-Errno.ENOSPC, ins(t, k4(23, 10, 0, 0, 0), 3, 0), "the /23 node is intermediate: a new element");
        assertEquals(-Errno.ENOENT, ins(t, k4(23, 10, 0, 0, 0), 3, MapFlags.BPF_EXIST));
        assertEquals(0, del(t, k4(24, 10, 0, 1, 0)));
        assertEquals(0, ins(t, k4(23, 10, 0, 0, 0), 3, 0));
        assertEquals(List.of("10.0.0.0/24", "10.0.0.0/23"), order(t));
        assertEquals(0, ins(t, k4(23, 10, 0, 0, 0), 4, MapFlags.BPF_EXIST), "replacing works on a full trie");
        assertEquals(4, find(t, k4(32, 10, 0, 1, 1)));
    }

    @Test
    void deletingANodeWithTwoChildrenKeepsItAsIntermediate() {
        BpfMap t = trie(4, 8);
        ins(t, k4(16, 10, 1, 0, 0), 1, 0);
        ins(t, k4(24, 10, 1, 0, 0), 2, 0);
        ins(t, k4(24, 10, 1, 128, 0), 3, 0);
        assertEquals(0, del(t, k4(16, 10, 1, 0, 0)));
        assertEquals(0, find(t, k4(32, 10, 1, 64, 0)));
        assertEquals(2, find(t, k4(32, 10, 1, 0, 9)));
        assertEquals(List.of("10.1.0.0/24", "10.1.128.0/24"), order(t));
        assertEquals(-Errno.ENOENT, del(t, k4(16, 10, 1, 0, 0)), "an intermediate node is not an element");
        assertEquals(0, del(t, k4(24, 10, 1, 0, 0)));
        assertEquals(0, del(t, k4(24, 10, 1, 128, 0)));
        assertNull(t.nextKey(null));
    }

    @Test
    void flagsAndCreationRules() {
        BpfMap t = trie(4, 4);
        assertEquals(-Errno.EINVAL, ins(t, k4(8, 10, 0, 0, 0), 1, MapFlags.BPF_F_LOCK));
        assertEquals(-Errno.EINVAL, ins(t, k4(8, 10, 0, 0, 0), 1, 3));
        assertEquals(-Errno.ENOENT, ins(t, k4(8, 10, 0, 0, 0), 1, MapFlags.BPF_EXIST));
        assertEquals(0, ins(t, k4(8, 10, 0, 0, 0), 1, MapFlags.BPF_NOEXIST));
        MapException e = assertThrows(MapException.class,
                () -> BpfMaps.create(spec("lpm", MapType.LPM_TRIE, 8, 4, 16, 0), mem, 1, registry));
        assertTrue(e.getMessage().contains("BPF_F_NO_PREALLOC") && e.getMessage().contains("-EINVAL"), e.getMessage());
        assertThrows(MapException.class, () -> BpfMaps.create(
                spec("lpm", MapType.LPM_TRIE, 4, 4, 16, MapFlags.BPF_F_NO_PREALLOC), mem, 1, registry));
        assertThrows(MapException.class, () -> BpfMaps.create(
                spec("lpm", MapType.LPM_TRIE, 261, 4, 16, MapFlags.BPF_F_NO_PREALLOC), mem, 1, registry));
    }

    @Test
    void ipv6KeysMatchTheLongestPrefix() {
        BpfMap t = trie(16, 8);
        byte[] net = HexFormat.of().parseHex("20010db8000000000000000000000000");
        byte[] k48 = new byte[20];
        k48[0] = 48;
        System.arraycopy(net, 0, k48, 4, 16);
        byte[] k64 = k48.clone();
        k64[0] = 64;
        k64[4 + 7] = 1; // 2001:db8:0:1::/64
        assertEquals(0, t.update(k48, u32(48), 0));
        assertEquals(0, t.update(k64, u32(64), 0));
        byte[] host = k64.clone();
        host[0] = (byte) 128;
        host[19] = 5;
        assertEquals(64, TestMemory.u32(t.lookup(host)));
        host[4 + 7] = 2;
        assertEquals(48, TestMemory.u32(t.lookup(host)));
        host[4 + 3] = 0;
        assertNull(t.lookup(host));
    }

    /** Random prefixes over 16 bits: lookups agree with a brute-force longest match, iteration is post-order. */
    @Test
    void randomOperationsAgreeWithABruteForceModel() {
        int max = 40;
        BpfMap t = trie(2, max);
        Map<Long, Integer> model = new HashMap<>(); // (plen << 16 | masked bits) -> value
        Random rnd = new Random(7);
        for (int op = 0; op < 6000; op++) {
            int plen = rnd.nextInt(17);
            int bits = rnd.nextInt(1 << 16);
            int masked = plen == 0 ? 0 : bits & (0xffff << (16 - plen)) & 0xffff;
            byte[] k = {(byte) plen, 0, 0, 0, (byte) (bits >>> 8), (byte) bits};
            long id = (long) plen << 16 | masked;
            switch (rnd.nextInt(4)) {
                case 0, 1 -> {
                    int r = t.update(k, u32(op), MapFlags.BPF_ANY);
                    if (!model.containsKey(id) && model.size() == max) {
                        assertEquals(-Errno.ENOSPC, r);
                    } else {
                        assertEquals(0, r);
                        model.put(id, op);
                    }
                }
                case 2 -> assertEquals(model.remove(id) != null ? 0 : -Errno.ENOENT, t.delete(k));
                default -> {
                    Integer best = null;
                    int bestLen = -1;
                    for (Map.Entry<Long, Integer> e : model.entrySet()) {
                        int p = (int) (e.getKey() >>> 16);
                        int m = (int) (e.getKey() & 0xffff);
                        int mask = p == 0 ? 0 : (0xffff << (16 - p)) & 0xffff;
                        if (p <= plen && (bits & mask) == m && p > bestLen) {
                            best = e.getValue();
                            bestLen = p;
                        }
                    }
                    byte[] got = t.lookup(k);
                    if (best == null) assertNull(got, "lookup " + show(k));
                    else assertEquals(best.intValue(), TestMemory.u32(got), "lookup " + show(k));
                }
            }
        }
        List<Long> seen = new ArrayList<>();
        for (byte[] k = t.nextKey(null); k != null; k = t.nextKey(k)) {
            int plen = TestMemory.u32(k);
            int bits = (k[4] & 0xff) << 8 | (k[5] & 0xff);
            int mask = plen == 0 ? 0 : (0xffff << (16 - plen)) & 0xffff;
            seen.add((long) plen << 16 | (bits & mask));
        }
        assertEquals(model.keySet(), new HashSet<>(seen));
        assertEquals(model.size(), seen.size(), "each key once");
        // post order: a prefix comes after every longer prefix it covers
        for (int i = 0; i < seen.size(); i++) {
            for (int j = i + 1; j < seen.size(); j++) {
                long a = seen.get(i), b = seen.get(j);
                int pa = (int) (a >>> 16), pb = (int) (b >>> 16);
                int ma = pa == 0 ? 0 : (0xffff << (16 - pa)) & 0xffff;
                boolean aCoversB = pa < pb && ((b & 0xffff) & ma) == (a & 0xffff);
                assertTrue(!aCoversB, "a covering prefix came before a longer one it covers");
            }
        }
    }
}
