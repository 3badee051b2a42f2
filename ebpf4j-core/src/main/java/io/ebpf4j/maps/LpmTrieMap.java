package io.ebpf4j.maps;

import io.ebpf4j.object.MapSpec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.locks.StampedLock;

/**
 * {@code BPF_MAP_TYPE_LPM_TRIE} (kernel/bpf/lpm_trie.c). A key is {@code struct bpf_lpm_trie_key_u8}:
 * a host-order u32 {@code prefixlen} then {@code key_size - 4} data bytes read most significant bit
 * first. Lookups return the value of the longest stored prefix that matches; updates and deletes
 * work on exact (prefixlen, data) pairs, comparing only the first {@code prefixlen} bits.
 *
 * <p>The trie has the kernel's shape — a binary tree of nodes, each with a prefix, where
 * intermediate nodes (no value) split two subtrees and are removed again when no longer needed —
 * so {@code nextKey} visits keys in the kernel's post order ({@code trie_get_next_key}: more specific
 * prefixes before less specific ones, child 0 before child 1) and returns each node's data as
 * stored (bits past the prefix included). Nodes are Java objects; values live in the arena in
 * {@code max_entries + 1} preallocated slots (one spare, because replacing a value allocates the
 * new node before the old one is freed, as {@code trie_update_elem} does). Writers hold a lock
 * (the kernel's {@code trie->lock}); lookups walk optimistically and validate, like the kernel's
 * RCU readers. A full trie refuses new prefixes with -ENOSPC ({@code trie_check_add_elem}).
 */
final class LpmTrieMap extends AbstractBpfMap {

    private static final class Node {
        final int prefixlen;
        final byte[] data;
        /** {@code data} as big-endian 64-bit words, the last one zero-padded: matching compares 64 bits at a time. */
        final long[] words;
        Node child0;
        Node child1;
        /** The value slot; -1 for an intermediate node ({@code LPM_TREE_NODE_FLAG_IM}). */
        int slot;

        Node(int prefixlen, byte[] data, int slot) {
            this.prefixlen = prefixlen;
            this.data = data;
            this.slot = slot;
            this.words = new long[(data.length + 7) / 8];
            for (int i = 0; i < data.length; i++) words[i >>> 3] |= (data[i] & 0xffL) << (56 - 8 * (i & 7));
        }

        boolean intermediate() {
            return slot < 0;
        }

        Node child(int bit) {
            return bit == 0 ? child0 : child1;
        }
    }

    /** Where a node hangs: the root, or a child pointer of {@code parent}. */
    private record Hook(Node parent, int bit) {}

    private final int dataSize;
    private final int maxPrefixlen;
    private final int stride;
    private final long values;
    private final StampedLock lock = new StampedLock();
    private Node root;
    private int entries;
    private final int[] freeSlots;
    private int freeTop;

    LpmTrieMap(MapSpec spec, MapMemory memory, int cpus, MapRegistry registry, SpecialFields fields) {
        super(spec, memory, cpus, registry, fields);
        dataSize = keySize - 4;
        maxPrefixlen = dataSize * 8;
        stride = roundUp8(valueSize);
        int slots = maxEntries + 1;
        values = allocate((long) stride * slots, 8, "values") - base;
        freeSlots = new int[slots];
        for (int i = 0; i < slots; i++) freeSlots[i] = slots - 1 - i;
        freeTop = slots;
    }

    // ---------------------------------------------------------------- bit helpers

    private static int bit(byte[] data, int index) {
        return (data[index >>> 3] >>> (7 - (index & 7))) & 1;
    }

    private static int bit(MemorySegment seg, long dataOff, int index) {
        return (seg.get(U8, dataOff + (index >>> 3)) >>> (7 - (index & 7))) & 1;
    }

    private static final ValueLayout.OfLong BE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** Word {@code w} of the key's data, big-endian, zero-padded like {@link Node#words}. */
    private long keyWord(MemorySegment seg, long dataOff, int w) {
        int rest = dataSize - 8 * w;
        long off = dataOff + 8L * w;
        if (rest >= 8) return seg.get(BE64, off);
        long v = 0;
        int i = 0;
        if (rest >= 4) {
            v = (seg.get(BE32, off) & 0xffff_ffffL) << 32;
            i = 4;
        }
        for (; i < rest; i++) v |= (seg.get(U8, off + i) & 0xffL) << (56 - 8 * i);
        return v;
    }

    /**
     * {@code longest_prefix_match}: the number of equal leading bits of node and key, at most
     * min(node prefixlen, key prefixlen); like the kernel, 64 bits at a time.
     */
    private int match(Node node, MemorySegment seg, long dataOff, int keyPrefixlen) {
        int limit = Math.min(node.prefixlen, keyPrefixlen);
        long[] words = node.words;
        for (int w = 0; w < words.length && w * 64 < limit; w++) {
            long x = words[w] ^ keyWord(seg, dataOff, w);
            if (x != 0) return Math.min(limit, w * 64 + Long.numberOfLeadingZeros(x));
        }
        return limit;
    }

    private long valueOff(int slot) {
        return values + (long) slot * stride;
    }

    // ---------------------------------------------------------------- operations

    /** {@code trie_lookup_elem}: value offset of the longest matching prefix, or -1. Lock-free, validated. */
    private long find(MemorySegment seg, long keyOff) {
        int plen = getU32(seg, keyOff);
        if (Integer.compareUnsigned(plen, maxPrefixlen) > 0) return -1;
        for (int attempt = 0; attempt < 32; attempt++) {
            long stamp = lock.tryOptimisticRead();
            if (stamp != 0) {
                long found = walkLongest(seg, keyOff, plen);
                if (lock.validate(stamp)) return found;
            }
            Thread.onSpinWait();
        }
        long stamp = lock.readLock();
        try {
            return walkLongest(seg, keyOff, plen);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private long walkLongest(MemorySegment seg, long keyOff, int plen) {
        long dataOff = keyOff + 4;
        int found = -1;
        Node node = root;
        for (int steps = 0; node != null && steps <= maxPrefixlen + 1; steps++) {
            int m = match(node, seg, dataOff, plen);
            if (m == maxPrefixlen) {
                found = node.slot;
                break;
            }
            if (m < node.prefixlen) break;
            if (!node.intermediate()) found = node.slot;
            node = node.child(bit(seg, dataOff, node.prefixlen));
        }
        return found < 0 ? -1 : valueOff(found);
    }

    private void set(Hook hook, Node node) {
        if (hook.parent == null) {
            root = node;
        } else if (hook.bit == 0) {
            hook.parent.child0 = node;
        } else {
            hook.parent.child1 = node;
        }
    }

    /** {@code trie_check_add_elem}. */
    private long checkAdd(long flags) {
        if (flags == MapFlags.BPF_EXIST) return -Errno.ENOENT;
        if (entries == maxEntries) return -Errno.ENOSPC;
        entries++;
        return 0;
    }

    private Node newNode(int plen, MemorySegment kseg, long dataOff, MemorySegment vseg, long voff) {
        byte[] data = new byte[dataSize];
        MemorySegment.copy(kseg, U8, dataOff, data, 0, dataSize);
        int slot = freeSlots[--freeTop];
        MemorySegment arena = memory.segment();
        arena.asSlice(valueOff(slot), stride).fill((byte) 0);
        MemorySegment.copy(vseg, voff, arena, valueOff(slot), valueSize);
        return new Node(plen, data, slot);
    }

    private void freeSlot(int slot) {
        freeSlots[freeTop++] = slot;
    }

    /** {@code trie_update_elem}. */
    private long doUpdate(MemorySegment kseg, long koff, MemorySegment vseg, long voff, long flags) {
        if (above(flags, MapFlags.BPF_EXIST)) return -Errno.EINVAL;
        int plen = getU32(kseg, koff);
        if (Integer.compareUnsigned(plen, maxPrefixlen) > 0) return -Errno.EINVAL;
        long dataOff = koff + 4;
        long stamp = lock.writeLock();
        try {
            Hook hook = new Hook(null, 0);
            Node node = root;
            int m = 0;
            while (node != null) {
                m = match(node, kseg, dataOff, plen);
                if (node.prefixlen != m || node.prefixlen == plen) break;
                int b = bit(kseg, dataOff, node.prefixlen);
                hook = new Hook(node, b);
                node = node.child(b);
            }
            if (node == null) { // an empty child pointer (or empty trie): hang the new node there
                long err = checkAdd(flags);
                if (err != 0) return err;
                set(hook, newNode(plen, kseg, dataOff, vseg, voff));
                return 0;
            }
            if (node.prefixlen == m) { // the exact prefix exists: replace the node
                if (!node.intermediate()) {
                    if (flags == MapFlags.BPF_NOEXIST) return -Errno.EEXIST;
                } else {
                    long err = checkAdd(flags);
                    if (err != 0) return err;
                }
                Node n = newNode(plen, kseg, dataOff, vseg, voff);
                n.child0 = node.child0;
                n.child1 = node.child1;
                set(hook, n);
                if (!node.intermediate()) freeSlot(node.slot);
                return 0;
            }
            long err = checkAdd(flags);
            if (err != 0) return err;
            Node n = newNode(plen, kseg, dataOff, vseg, voff);
            if (m == plen) { // the new prefix covers node: it becomes node's parent
                if (bit(node.data, m) == 0) n.child0 = node; else n.child1 = node;
                set(hook, n);
                return 0;
            }
            // they diverge at bit m: an intermediate node with both as children
            Node im = new Node(m, node.data.clone(), -1);
            if (bit(kseg, dataOff, m) == 1) {
                im.child0 = node;
                im.child1 = n;
            } else {
                im.child0 = n;
                im.child1 = node;
            }
            set(hook, im);
            return 0;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** {@code trie_delete_elem}. */
    private long doDelete(MemorySegment kseg, long koff) {
        int plen = getU32(kseg, koff);
        if (Integer.compareUnsigned(plen, maxPrefixlen) > 0) return -Errno.EINVAL;
        long dataOff = koff + 4;
        long stamp = lock.writeLock();
        try {
            Hook trim = new Hook(null, 0), trim2 = trim;
            Node parent = null, node = root;
            int m = 0;
            while (node != null) {
                m = match(node, kseg, dataOff, plen);
                if (node.prefixlen != m || node.prefixlen == plen) break;
                parent = node;
                trim2 = trim;
                int b = bit(kseg, dataOff, node.prefixlen);
                trim = new Hook(node, b);
                node = node.child(b);
            }
            if (node == null || node.prefixlen != plen || node.prefixlen != m || node.intermediate()) {
                return -Errno.ENOENT;
            }
            entries--;
            freeSlot(node.slot);
            if (node.child0 != null && node.child1 != null) { // keep it as an intermediate node
                node.slot = -1;
                return 0;
            }
            if (parent != null && parent.intermediate() && node.child0 == null && node.child1 == null) {
                // drop the intermediate parent too, its other child takes its place
                set(trim2, node == parent.child0 ? parent.child1 : parent.child0);
                return 0;
            }
            set(trim, node.child0 != null ? node.child0 : node.child1);
            return 0;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    // ---------------------------------------------------------------- program side

    @Override
    public long lookup(long keyAddr, int cpu) {
        long off = find(memory.segment(), keyAddr - base);
        return off < 0 ? 0 : base + off;
    }

    @Override
    public long update(long keyAddr, long valueAddr, long flags, int cpu) {
        if (readOnlyForPrograms()) return -Errno.EPERM;
        MemorySegment arena = memory.segment();
        return doUpdate(arena, keyAddr - base, arena, valueAddr - base, flags);
    }

    @Override
    public long delete(long keyAddr, int cpu) {
        if (readOnlyForPrograms()) return -Errno.EPERM;
        return doDelete(memory.segment(), keyAddr - base);
    }

    // ---------------------------------------------------------------- Java side

    @Override
    public byte[] lookup(byte[] key) {
        checkKey(key);
        MemorySegment k = MemorySegment.ofArray(key);
        int plen = getU32(k, 0);
        if (Integer.compareUnsigned(plen, maxPrefixlen) > 0) return null;
        long stamp = lock.readLock();
        try {
            long off = walkLongest(k, 0, plen);
            return off < 0 ? null : readValue(memory.segment(), off, valueSize);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkKey(key);
        int perm = javaWriteCheck();
        if (perm != 0) return perm;
        checkValue(value, valueSize);
        return (int) doUpdate(MemorySegment.ofArray(key), 0, MemorySegment.ofArray(value), 0, flags);
    }

    @Override
    public int delete(byte[] key) {
        checkKey(key);
        int perm = javaWriteCheck();
        return perm != 0 ? perm : (int) doDelete(MemorySegment.ofArray(key), 0);
    }

    /** {@code trie_get_next_key}: post order, the leftmost key first; an absent key restarts from the first. */
    @Override
    public byte[] nextKey(byte[] key) {
        checkOpen();
        if (key != null) checkKey(key);
        long stamp = lock.readLock();
        try {
            Node searchRoot = root;
            if (searchRoot == null) return null;
            MemorySegment kseg = key == null ? null : MemorySegment.ofArray(key);
            int plen = key == null ? 0 : getU32(kseg, 0);
            if (key == null || Integer.compareUnsigned(plen, maxPrefixlen) > 0) return keyOf(leftmost(searchRoot));
            Node[] stack = new Node[maxPrefixlen + 1];
            int top = -1;
            Node node = searchRoot;
            int m = 0;
            while (node != null) {
                stack[++top] = node;
                m = match(node, kseg, 4, plen);
                if (node.prefixlen != m || node.prefixlen == plen) break;
                node = node.child(bit(kseg, 4, node.prefixlen));
            }
            if (node == null || node.prefixlen != m || node.intermediate()) return keyOf(leftmost(searchRoot));
            // the exact node: its post-order successor
            node = stack[top];
            while (top > 0) {
                Node parent = stack[top - 1];
                if (parent.child0 == node && parent.child1 != null) return keyOf(leftmost(parent.child1));
                if (!parent.intermediate()) return keyOf(parent);
                node = parent;
                top--;
            }
            return null;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** The first node in post order under {@code from} that is not intermediate (intermediate nodes have two children). */
    private static Node leftmost(Node from) {
        Node next = null;
        for (Node node = from; node != null; ) {
            if (node.intermediate()) {
                node = node.child0;
            } else {
                next = node;
                node = node.child0 != null ? node.child0 : next.child1;
            }
        }
        return next;
    }

    private byte[] keyOf(Node node) {
        byte[] out = new byte[keySize];
        out[0] = (byte) node.prefixlen;
        out[1] = (byte) (node.prefixlen >>> 8);
        out[2] = (byte) (node.prefixlen >>> 16);
        out[3] = (byte) (node.prefixlen >>> 24);
        System.arraycopy(node.data, 0, out, 4, dataSize);
        return out;
    }
}
