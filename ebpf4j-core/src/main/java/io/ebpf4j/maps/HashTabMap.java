package io.ebpf4j.maps;

import io.ebpf4j.object.MapSpec;
import io.ebpf4j.object.MapType;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;

/**
 * The hash table family of kernel/bpf/hashtab.c: {@code HASH}, {@code PERCPU_HASH},
 * {@code LRU_HASH}, {@code LRU_PERCPU_HASH} and {@code HASH_OF_MAPS}.
 *
 * <h2>Storage</h2>
 * All elements are preallocated in the arena at creation ({@code prealloc_init}): slot {@code s}
 * holds the key ({@code round_up(key_size, 8)} bytes) then the value ({@code round_up(value_size, 8)},
 * per-CPU maps one such value per CPU), so a value address stays valid for the map's lifetime and
 * values are 8-byte aligned for atomics. Free slots sit on a lock-free LIFO ({@link FreeList}, the
 * kernel's {@code pcpu_freelist}): a deleted slot is the next one reused. {@code BPF_F_NO_PREALLOC}
 * is accepted and treated as preallocated: both give the same results to programs and user space.
 *
 * <h2>Index</h2>
 * As in the kernel: {@code n_buckets = roundup_pow_of_two(max_entries)} buckets, bucket
 * {@code jhash(key) & (n_buckets - 1)} ({@link Jhash}, seed 0), each a singly linked list of slots
 * with new elements at its head ({@code hlist_nulls_add_head_rcu}). The lists live in Java
 * {@code int[]} arrays. Writers take a striped {@link StampedLock} (the kernel's per-bucket lock);
 * readers walk a bucket without locking and validate the stripe's stamp afterwards (the kernel's RCU
 * walk with the {@code nulls} restart), so a program-side lookup allocates nothing and takes no lock.
 * Keys of at most 8 bytes are also kept as a {@code long} per slot, so comparing them is one load.
 *
 * <h2>Updates</h2>
 * {@code HASH} and {@code LRU_HASH} replace an existing element by a fresh one put at the head of
 * its bucket ({@code htab_map_update_elem}: the old value address then holds stale data, as in the
 * kernel), using one of {@code cpus} extra slots (the kernel's per-CPU {@code extra_elems}) so
 * replacing works on a full map. Per-CPU maps and hash-of-maps update in place
 * ({@code htab_map_update_elem_in_place}).
 *
 * <h2>LRU</h2>
 * Exact least-recently-used order over the whole map: an insert or update makes the element the
 * most recent, and so does a program-side lookup ({@code bpf_lru_node_set_ref}; Java-side lookups
 * do not, as {@code htab_lru_map_lookup_elem_sys}). When no slot is free, an insert evicts the
 * least recent element. Mutations of an LRU map are serialised by one lock (the kernel's LRU list
 * lock); a program-side lookup moves its element only if that lock is free at the moment
 * ({@code tryLock}), so lookups never wait. Single-threaded use is therefore exactly LRU and
 * deterministic. Where the kernel differs (kernel/bpf/bpf_lru_list.c): its LRU is approximate —
 * per-CPU local free lists filled in batches, inactive/active lists rotated by reference bits,
 * eviction in batches of up to {@code LOCAL_FREE_TARGET} elements — so it may evict before the map is
 * full and evict an element that was used more recently than a survivor; with
 * {@code BPF_F_NO_COMMON_LRU} each CPU evicts only from its own list. A kernel LRU update also
 * takes a free node (possibly evicting) before it checks the flags, so a failing
 * {@code BPF_NOEXIST} update can evict; here a failing update changes nothing.
 *
 * <h2>Iteration</h2>
 * {@code nextKey} and {@code forEachElement} go bucket by bucket, each bucket head first, as
 * {@code htab_map_get_next_key} and {@code bpf_for_each_hash_elem}; with the kernel's random seed
 * its order is arbitrary, with {@code BPF_F_ZERO_SEED} it equals ours.
 */
final class HashTabMap extends AbstractBpfMap {
    private static final int NONE = -1;

    private final boolean percpu;
    private final boolean lru;
    private final boolean ofMaps;
    /** HASH and LRU_HASH: updating an existing key links a fresh slot (see class comment). */
    private final boolean replace;
    private final int keyStride;
    private final int valueStride;
    private final long slotSize;
    /** Segment offset of slot 0. */
    private final long slots;
    private final int slotCount;
    private final int bucketMask;
    private final boolean wordKey;
    private final boolean keyIsWords;

    private final int[] heads;
    private final int[] next;
    private final int[] hashes;
    private final long[] keyWords;
    private final boolean[] linked;
    private final StampedLock[] stripes;
    private final int stripeMask;
    private final FreeList free;
    private final FreeList extra;

    // LRU state, guarded by lruLock
    private final ReentrantLock lruLock;
    private final int[] lruPrev;
    private final int[] lruNext;
    private int lruHead = NONE; // most recently used
    private int lruTail = NONE; // least recently used

    // HASH_OF_MAPS: the inner map of each slot (its id is the slot's value in the arena)
    private final BpfMap[] inner;
    private final MapSpec innerMeta;

    HashTabMap(MapSpec spec, MapMemory memory, int cpus, MapRegistry registry, SpecialFields fields) {
        super(spec, memory, cpus, registry, fields);
        MapType type = spec.type();
        percpu = type == MapType.PERCPU_HASH || type == MapType.LRU_PERCPU_HASH;
        lru = type == MapType.LRU_HASH || type == MapType.LRU_PERCPU_HASH;
        ofMaps = type == MapType.HASH_OF_MAPS;
        replace = type == MapType.HASH || type == MapType.LRU_HASH;
        keyStride = roundUp8(keySize);
        valueStride = roundUp8(valueSize);
        slotSize = keyStride + (long) valueStride * (percpu ? cpus : 1);
        slotCount = maxEntries + (replace ? cpus : 0);
        int nBuckets = Integer.highestOneBit(maxEntries - 1) << 1;
        if (maxEntries == 1) nBuckets = 1;
        bucketMask = nBuckets - 1;
        wordKey = keySize <= 8;
        keyIsWords = keySize % 4 == 0;

        slots = allocate(slotSize * slotCount, 8, "elements") - base;
        heads = new int[nBuckets];
        Arrays.fill(heads, NONE);
        next = new int[slotCount];
        hashes = new int[slotCount];
        keyWords = wordKey ? new long[slotCount] : null;
        linked = new boolean[slotCount];
        int nStripes = Math.min(nBuckets, Math.min(1024, Integer.highestOneBit(Math.max(16, cpus * 16))));
        stripes = new StampedLock[nStripes];
        for (int i = 0; i < nStripes; i++) stripes[i] = new StampedLock();
        stripeMask = nStripes - 1;
        free = new FreeList(slotCount);
        free.fill(0, maxEntries);
        extra = replace ? new FreeList(slotCount) : null;
        if (replace) extra.fill(maxEntries, slotCount);
        if (lru) {
            lruLock = new ReentrantLock();
            lruPrev = new int[slotCount];
            lruNext = new int[slotCount];
        } else {
            lruLock = null;
            lruPrev = lruNext = null;
        }
        inner = ofMaps ? new BpfMap[slotCount] : null;
        innerMeta = spec.innerMap();
    }

    @Override
    public int cpus() {
        return percpu ? runtimeCpus : 1;
    }

    // ---------------------------------------------------------------- keys and slots

    private long keyOff(int slot) {
        return slots + slot * slotSize;
    }

    private long valueOff(int slot, int cpu) {
        return slots + slot * slotSize + keyStride + (long) cpu * valueStride;
    }

    private int hash(MemorySegment seg, long off) {
        return switch (keySize) {
            case 4 -> Jhash.word(getU32(seg, off), 0);
            case 8 -> Jhash.twoWords(bigEndian ? (getU32(seg, off) & 0xffff_ffffL) | (long) getU32(seg, off + 4) << 32
                    : seg.get(U64, off), 0);
            default -> keyIsWords ? Jhash.words(seg, off, keySize >>> 2, 0, bigEndian) : Jhash.bytes(seg, off, keySize, 0, bigEndian);
        };
    }

    /** The key as a little-endian number (keys of at most 8 bytes). */
    private long keyWord(MemorySegment seg, long off) {
        return switch (keySize) {
            case 1 -> seg.get(U8, off) & 0xffL;
            case 2 -> seg.get(U16, off) & 0xffffL;
            case 4 -> seg.get(U32, off) & 0xffff_ffffL;
            case 8 -> seg.get(U64, off);
            default -> {
                long w = 0;
                for (int i = keySize - 1; i >= 0; i--) w = w << 8 | (seg.get(U8, off + i) & 0xffL);
                yield w;
            }
        };
    }

    private boolean keyEquals(int slot, MemorySegment seg, long off, long word, MemorySegment arena) {
        if (wordKey) return keyWords[slot] == word;
        long k = keyOff(slot);
        return MemorySegment.mismatch(arena, k, k + keySize, seg, off, off + keySize) == -1;
    }

    private StampedLock stripe(int bucket) {
        return stripes[bucket & stripeMask];
    }

    /**
     * The slot holding the key in {@code bucket}, or -1. Safe without a lock: it may then see a
     * bucket being changed (and give up after {@code slotCount} steps), which the caller's
     * validation detects.
     */
    private int walk(int bucket, int h, MemorySegment seg, long off, long word, MemorySegment arena) {
        int s = heads[bucket];
        for (int steps = 0; s >= 0 && steps <= slotCount; steps++) {
            if (hashes[s] == h && keyEquals(s, seg, off, word, arena)) return s;
            s = next[s];
        }
        return NONE;
    }

    /** Lock-free lookup: optimistic walk validated against the stripe's stamp; a read lock after repeated conflicts. */
    private int find(int h, MemorySegment seg, long off, long word, MemorySegment arena) {
        int bucket = h & bucketMask;
        StampedLock lock = stripe(bucket);
        for (int attempt = 0; attempt < 32; attempt++) {
            long stamp = lock.tryOptimisticRead();
            if (stamp != 0) {
                int s = walk(bucket, h, seg, off, word, arena);
                if (lock.validate(stamp)) return s;
            }
            Thread.onSpinWait();
        }
        long stamp = lock.readLock();
        try {
            return walk(bucket, h, seg, off, word, arena);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private void link(int bucket, int slot) {
        next[slot] = heads[bucket];
        heads[bucket] = slot;
        linked[slot] = true;
    }

    private void unlink(int bucket, int slot) {
        int s = heads[bucket];
        if (s == slot) {
            heads[bucket] = next[slot];
        } else {
            while (next[s] != slot) s = next[s];
            next[s] = next[slot];
        }
        linked[slot] = false;
    }

    // ---------------------------------------------------------------- LRU list (under lruLock)

    private void lruAddFirst(int s) {
        lruPrev[s] = NONE;
        lruNext[s] = lruHead;
        if (lruHead != NONE) lruPrev[lruHead] = s;
        lruHead = s;
        if (lruTail == NONE) lruTail = s;
    }

    private void lruRemove(int s) {
        int p = lruPrev[s], n = lruNext[s];
        if (p != NONE) lruNext[p] = n; else lruHead = n;
        if (n != NONE) lruPrev[n] = p; else lruTail = p;
    }

    /** Makes {@code s} the most recently used element if the LRU lock is free right now. */
    private void touch(int s) {
        if (lruHead == s || !lruLock.tryLock()) return;
        try {
            if (linked[s] && lruHead != s) {
                lruRemove(s);
                lruAddFirst(s);
            }
        } finally {
            lruLock.unlock();
        }
    }

    /**
     * Removes the least recently used element to reuse its slot. Called with the LRU lock and the
     * write lock of {@code heldStripe} held; only one LRU writer runs at a time, so taking a second
     * stripe cannot deadlock.
     */
    private int evict(StampedLock heldStripe) {
        int victim = lruTail;
        int bucket = hashes[victim] & bucketMask;
        StampedLock lock = stripe(bucket);
        if (lock == heldStripe) {
            unlink(bucket, victim);
        } else {
            long stamp = lock.writeLock();
            try {
                unlink(bucket, victim);
            } finally {
                lock.unlockWrite(stamp);
            }
        }
        lruRemove(victim);
        return victim;
    }

    // ---------------------------------------------------------------- core operations

    /**
     * Inserts or updates. {@code cpu} is the program's CPU, or -1 for a Java-side update whose value
     * holds every CPU's copy ({@code onallcpus}). {@code innerMap} is the resolved inner map of a
     * hash-of-maps update.
     */
    private long doUpdate(MemorySegment kseg, long koff, MemorySegment vseg, long voff, long flags, int cpu,
                          BpfMap innerMap) {
        // flag checks: htab_map_update_elem (BPF_F_LOCK allowed), htab_lru_map_update_elem,
        // htab_map_check_update_flags (per-CPU and fd maps)
        if (replace && !lru) {
            if (above(flags & ~MapFlags.BPF_F_LOCK, MapFlags.BPF_EXIST)) return -Errno.EINVAL;
            if ((flags & MapFlags.BPF_F_LOCK) != 0 && !fields.hasSpinLock()) return -Errno.EINVAL;
        } else if (above(flags, MapFlags.BPF_EXIST)) {
            return -Errno.EINVAL;
        }
        long cmp = flags & ~MapFlags.BPF_F_LOCK;
        boolean locked = (flags & MapFlags.BPF_F_LOCK) != 0;
        MemorySegment arena = memory.segment();
        int h = hash(kseg, koff);
        long word = wordKey ? keyWord(kseg, koff) : 0;
        int bucket = h & bucketMask;

        if (locked) {
            // update an existing value in place under its spin lock, without the bucket lock
            int s = find(h, kseg, koff, word, arena);
            if (s >= 0) {
                if (cmp == MapFlags.BPF_NOEXIST) return -Errno.EEXIST;
                copyValueLocked(arena, valueOff(s, 0), vseg, voff);
                return 0;
            }
        }
        if (lru) lruLock.lock();
        try {
            StampedLock lock = stripe(bucket);
            long stamp = lock.writeLock();
            int old;
            try {
                old = walk(bucket, h, kseg, koff, word, arena);
                if (old >= 0 && cmp == MapFlags.BPF_NOEXIST) return -Errno.EEXIST;
                if (old < 0 && cmp == MapFlags.BPF_EXIST) return -Errno.ENOENT;
                if (old >= 0 && (locked || !replace)) {
                    writeInPlace(arena, old, vseg, voff, cpu, innerMap, locked);
                    if (lru) {
                        lruRemove(old);
                        lruAddFirst(old);
                    }
                    return 0;
                }
                int s;
                if (old >= 0) {
                    s = extra.pop();
                    if (s < 0) { // more concurrent replacements than extra slots: copy in place
                        writeInPlace(arena, old, vseg, voff, cpu, innerMap, false);
                        if (lru) {
                            lruRemove(old);
                            lruAddFirst(old);
                        }
                        return 0;
                    }
                } else {
                    s = free.pop();
                    if (s < 0) {
                        if (!lru) return -Errno.E2BIG;
                        s = evict(lock);
                    }
                }
                fill(arena, s, h, word, kseg, koff, vseg, voff, cpu, innerMap);
                link(bucket, s);
                if (old >= 0) unlink(bucket, old);
                if (lru) {
                    lruAddFirst(s);
                    if (old >= 0) lruRemove(old);
                }
            } finally {
                lock.unlockWrite(stamp);
            }
            if (old >= 0) {
                if (ofMaps) inner[old] = null;
                extra.push(old);
            }
            return 0;
        } finally {
            if (lru) lruLock.unlock();
        }
    }

    /** Fills a slot taken from a free list with the key and the initial value. */
    private void fill(MemorySegment arena, int s, int h, long word, MemorySegment kseg, long koff,
                      MemorySegment vseg, long voff, int cpu, BpfMap innerMap) {
        MemorySegment.copy(kseg, koff, arena, keyOff(s), keySize);
        hashes[s] = h;
        if (wordKey) keyWords[s] = word;
        long v = valueOff(s, 0);
        if (ofMaps) {
            inner[s] = innerMap;
            setU64(arena, v, innerMap.id() & 0xffff_ffffL);
        } else if (percpu) {
            if (cpu < 0) {
                // Java side: every CPU's value, round_up(value_size, 8) bytes each
                MemorySegment.copy(vseg, voff, arena, v, (long) valueStride * runtimeCpus);
            } else {
                // pcpu_init_value: this CPU's value, zeroes for the others
                arena.asSlice(v, (long) valueStride * runtimeCpus).fill((byte) 0);
                MemorySegment.copy(vseg, voff, arena, valueOff(s, cpu), valueSize);
            }
        } else {
            copyValue(arena, v, vseg, voff);
            // a recycled slot: clear the padding and the bpf_spin_lock word copyValue leaves alone
            if (valueStride > valueSize) arena.asSlice(v + valueSize, valueStride - valueSize).fill((byte) 0);
            if (fields.hasSpinLock()) arena.set(U32, v + fields.spinLockOffset(), 0);
        }
    }

    private void writeInPlace(MemorySegment arena, int s, MemorySegment vseg, long voff, int cpu, BpfMap innerMap,
                              boolean locked) {
        if (ofMaps) {
            inner[s] = innerMap;
            setU64(arena, valueOff(s, 0), innerMap.id() & 0xffff_ffffL);
        } else if (percpu) {
            // pcpu_copy_value
            if (cpu < 0) {
                MemorySegment.copy(vseg, voff, arena, valueOff(s, 0), (long) valueStride * runtimeCpus);
            } else {
                MemorySegment.copy(vseg, voff, arena, valueOff(s, cpu), valueSize);
            }
        } else if (locked) {
            copyValueLocked(arena, valueOff(s, 0), vseg, voff);
        } else {
            copyValue(arena, valueOff(s, 0), vseg, voff);
        }
    }

    private long doDelete(MemorySegment kseg, long koff) {
        MemorySegment arena = memory.segment();
        int h = hash(kseg, koff);
        long word = wordKey ? keyWord(kseg, koff) : 0;
        int bucket = h & bucketMask;
        if (lru) lruLock.lock();
        try {
            StampedLock lock = stripe(bucket);
            long stamp = lock.writeLock();
            int s;
            try {
                s = walk(bucket, h, kseg, koff, word, arena);
                if (s < 0) return -Errno.ENOENT;
                unlink(bucket, s);
                if (lru) lruRemove(s);
            } finally {
                lock.unlockWrite(stamp);
            }
            if (ofMaps) inner[s] = null;
            free.push(s);
            return 0;
        } finally {
            if (lru) lruLock.unlock();
        }
    }

    /** The slots of a bucket, head first, read consistently. */
    private int snapshot(int bucket, int[] into) {
        StampedLock lock = stripe(bucket);
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            int n = copyChain(bucket, into);
            if (lock.validate(stamp)) return n;
        }
        stamp = lock.readLock();
        try {
            return copyChain(bucket, into);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private int copyChain(int bucket, int[] into) {
        int n = 0;
        for (int s = heads[bucket]; s >= 0 && n < into.length; s = next[s]) into[n++] = s;
        return n;
    }

    // ---------------------------------------------------------------- program side

    @Override
    public long lookup(long keyAddr, int cpu) {
        MemorySegment arena = memory.segment();
        long off = keyAddr - base;
        int h = hash(arena, off);
        int s = find(h, arena, off, wordKey ? keyWord(arena, off) : 0, arena);
        if (s < 0) return 0;
        if (lru) touch(s);
        if (ofMaps) {
            BpfMap m = inner[s];
            return m == null ? 0 : m.address();
        }
        if (percpu) {
            checkCpu(cpu);
            return base + valueOff(s, cpu);
        }
        return base + valueOff(s, 0);
    }

    @Override
    public long update(long keyAddr, long valueAddr, long flags, int cpu) {
        if (ofMaps) return -Errno.EINVAL; // programs cannot store maps (the verifier rejects it)
        if (readOnlyForPrograms()) return -Errno.EPERM;
        if (percpu) checkCpu(cpu);
        MemorySegment arena = memory.segment();
        return doUpdate(arena, keyAddr - base, arena, valueAddr - base, flags, percpu ? cpu : 0, null);
    }

    @Override
    public long delete(long keyAddr, int cpu) {
        if (ofMaps) return -Errno.EINVAL;
        if (readOnlyForPrograms()) return -Errno.EPERM;
        return doDelete(memory.segment(), keyAddr - base);
    }

    @Override
    public long forEachElement(int cpu, ElementVisitor visitor) {
        // bpf_for_each_hash_elem: bucket by bucket; no lock is held while the callback runs, so it
        // may update or delete elements of this map; an element deleted before its turn is skipped
        if (ofMaps) return -Errno.EINVAL;
        if (percpu) checkCpu(cpu);
        int[] chain = new int[8];
        long n = 0;
        for (int b = 0; b <= bucketMask; b++) {
            if (heads[b] < 0) continue;
            int count;
            while ((count = snapshot(b, chain)) == chain.length) chain = new int[chain.length * 2];
            for (int i = 0; i < count; i++) {
                int s = chain[i];
                if (!linked[s] || (hashes[s] & bucketMask) != b) continue;
                n++;
                if (visitor.visit(base + keyOff(s), base + valueOff(s, percpu ? cpu : 0)) != 0) return n;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- Java side

    @Override
    public byte[] lookup(byte[] key) {
        checkKey(key);
        MemorySegment arena = memory.segment();
        MemorySegment k = MemorySegment.ofArray(key);
        int h = hash(k, 0);
        int bucket = h & bucketMask;
        StampedLock lock = stripe(bucket);
        long stamp = lock.readLock();
        try {
            int s = walk(bucket, h, k, 0, wordKey ? keyWord(k, 0) : 0, arena);
            if (s < 0) return null;
            if (ofMaps) return u32(inner[s].id());
            if (percpu) {
                byte[] out = new byte[valueStride * runtimeCpus];
                MemorySegment.copy(arena, U8, valueOff(s, 0), out, 0, out.length);
                return out;
            }
            return readValue(arena, valueOff(s, 0), valueSize);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkKey(key);
        int perm = javaWriteCheck();
        if (perm != 0) return perm;
        BpfMap innerMap = null;
        if (ofMaps) {
            checkValue(value, 4);
            innerMap = registry.map(u32(value));
            if (innerMap == null) return -Errno.EBADF;
            if (!BpfMaps.metaEqual(innerMeta, innerMap)) return -Errno.EINVAL; // bpf_map_fd_get_ptr
        } else {
            checkValue(value, percpu ? valueStride * runtimeCpus : valueSize);
        }
        return (int) doUpdate(MemorySegment.ofArray(key), 0, MemorySegment.ofArray(value), 0, flags,
                percpu ? -1 : 0, innerMap);
    }

    @Override
    public int delete(byte[] key) {
        checkKey(key);
        int perm = javaWriteCheck();
        return perm != 0 ? perm : (int) doDelete(MemorySegment.ofArray(key), 0);
    }

    @Override
    public byte[] nextKey(byte[] key) {
        // htab_map_get_next_key
        checkOpen();
        MemorySegment arena = memory.segment();
        int start = 0;
        if (key != null) {
            checkKey(key);
            MemorySegment k = MemorySegment.ofArray(key);
            int h = hash(k, 0);
            int bucket = h & bucketMask;
            StampedLock lock = stripe(bucket);
            long stamp = lock.readLock();
            try {
                int s = walk(bucket, h, k, 0, wordKey ? keyWord(k, 0) : 0, arena);
                if (s >= 0) {
                    if (next[s] >= 0) return keyBytes(arena, next[s]);
                    start = bucket + 1;
                }
            } finally {
                lock.unlockRead(stamp);
            }
        }
        for (int b = start; b <= bucketMask; b++) {
            if (heads[b] < 0) continue;
            StampedLock lock = stripe(b);
            long stamp = lock.readLock();
            try {
                int s = heads[b];
                if (s >= 0) return keyBytes(arena, s);
            } finally {
                lock.unlockRead(stamp);
            }
        }
        return null;
    }

    private byte[] keyBytes(MemorySegment arena, int slot) {
        byte[] out = new byte[keySize];
        MemorySegment.copy(arena, U8, keyOff(slot), out, 0, keySize);
        return out;
    }

    /** Number of elements (exact when no update runs concurrently); for tests and dumps. */
    int size() {
        int n = 0;
        for (int b = 0; b <= bucketMask; b++) {
            StampedLock lock = stripe(b);
            long stamp = lock.readLock();
            try {
                for (int s = heads[b]; s >= 0; s = next[s]) n++;
            } finally {
                lock.unlockRead(stamp);
            }
        }
        return n;
    }

    /** Free slots plus linked slots (plus extra slots): equals the slot count when nothing leaked. For tests. */
    int accountedSlots() {
        return size() + free.size() + (extra != null ? extra.size() : 0);
    }

    int slotCount() {
        return slotCount;
    }

    /** The keys from least to most recently used (LRU maps); for tests. */
    List<byte[]> lruOrder() {
        lruLock.lock();
        try {
            List<byte[]> out = new ArrayList<>();
            for (int s = lruTail; s != NONE; s = lruPrev[s]) out.add(keyBytes(memory.segment(), s));
            return out;
        } finally {
            lruLock.unlock();
        }
    }
}
