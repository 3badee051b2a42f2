package io.ebpf4j.maps;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Bob Jenkins' lookup3 hash as the kernel uses it for hash maps (include/linux/jhash.h,
 * {@code htab_map_hash} in kernel/bpf/hashtab.c): {@code jhash2} over 32-bit words when the key
 * size is a multiple of 4, {@code jhash} over bytes otherwise. Words are read in the CPU's order
 * ({@code __get_unaligned_cpu32}): little-endian, or big-endian for the maps of a big-endian object. With seed 0 — the kernel's
 * {@code BPF_F_ZERO_SEED} — bucket numbers, and so iteration order, equal the kernel's.
 */
final class Jhash {
    private Jhash() {}

    static final int INITVAL = 0xdeadbeef;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The u32 at {@code p} in CPU order. */
    private static int cpu32(MemorySegment seg, long p, boolean bigEndian) {
        int v = seg.get(U32, p);
        return bigEndian ? Integer.reverseBytes(v) : v;
    }

    /** {@code jhash2(key, words, seed)} over {@code words} u32 at {@code off} (big-endian ones if {@code bigEndian}). */
    static int words(MemorySegment seg, long off, int words, int seed, boolean bigEndian) {
        int a = INITVAL + (words << 2) + seed, b = a, c = a;
        int n = words;
        long p = off;
        while (n > 3) {
            a += cpu32(seg, p, bigEndian);
            b += cpu32(seg, p + 4, bigEndian);
            c += cpu32(seg, p + 8, bigEndian);
            // __jhash_mix
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            n -= 3;
            p += 12;
        }
        if (n == 0) return c;
        if (n == 3) c += cpu32(seg, p + 8, bigEndian);
        if (n >= 2) b += cpu32(seg, p + 4, bigEndian);
        a += cpu32(seg, p, bigEndian);
        return fin(a, b, c);
    }

    /** {@code jhash2} of one word (4-byte keys), without reading memory. */
    static int word(int k, int seed) {
        int a = INITVAL + 4 + seed;
        return fin(a + k, a, a);
    }

    /** {@code jhash2} of two words (8-byte keys): low word first, as they lie in memory. */
    static int twoWords(long k, int seed) {
        int a = INITVAL + 8 + seed;
        return fin(a + (int) k, a + (int) (k >>> 32), a);
    }

    /** {@code jhash(key, length, seed)} over {@code length} bytes at {@code off}. */
    static int bytes(MemorySegment seg, long off, int length, int seed, boolean bigEndian) {
        int a = INITVAL + length + seed, b = a, c = a;
        int n = length;
        long p = off;
        while (n > 12) {
            a += cpu32(seg, p, bigEndian);
            b += cpu32(seg, p + 4, bigEndian);
            c += cpu32(seg, p + 8, bigEndian);
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            n -= 12;
            p += 12;
        }
        if (n == 0) return c;
        // the last 1..12 bytes, little-endian into a, b, c (the kernel's switch with fall-through)
        for (int i = 0; i < n; i++) {
            int v = (seg.get(ValueLayout.JAVA_BYTE, p + i) & 0xff) << ((i & 3) << 3);
            switch (i >> 2) {
                case 0 -> a += v;
                case 1 -> b += v;
                default -> c += v;
            }
        }
        return fin(a, b, c);
    }

    /** {@code __jhash_final}: returns c. */
    private static int fin(int a, int b, int c) {
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }
}
