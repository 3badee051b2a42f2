package io.ebpf4j.helpers;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The kernel's Internet checksum arithmetic, bit for bit as x86-64 computes it, so that helpers
 * returning unfolded sums ({@code bpf_csum_diff}) give the kernel's exact values:
 * {@code csum_partial} (arch/x86/lib/csum-partial_64.c: 64-bit little-endian words added with
 * carry in the same {@code add/adc} chains, the tail zero-padded, then
 * {@code csum_finalize_sum}), {@code csum_fold}, {@code csum_add}/{@code csum_sub}
 * (include/net/checksum.h), {@code csum16_add}/{@code csum16_sub}, and {@code csum_from32to16}.
 * 32-bit values are carried in the low half of an {@code int} (as u32).
 */
public final class Checksums {
    private Checksums() {}

    private static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Carry of the last {@link #adc}. */
    private static final class Acc {
        long sum;
        int carry;

        Acc(long sum) {
            this.sum = sum;
        }

        /** {@code addq v, sum}: starts a carry chain. */
        void add(long v) {
            long s = sum + v;
            carry = Long.compareUnsigned(s, sum) < 0 ? 1 : 0;
            sum = s;
        }

        /** {@code adcq v, sum}. */
        void adc(long v) {
            long s1 = sum + v;
            int c1 = Long.compareUnsigned(s1, sum) < 0 ? 1 : 0;
            long s2 = s1 + carry;
            int c2 = carry == 1 && s2 == 0 ? 1 : 0;
            sum = s2;
            carry = c1 | c2;
        }
    }

    /** {@code update_csum_40b}: five words in one add/adc chain, then {@code adcq $0}. */
    private static long update40(long sum, MemorySegment m, long off) {
        Acc a = new Acc(sum);
        a.add(m.get(LE64, off));
        a.adc(m.get(LE64, off + 8));
        a.adc(m.get(LE64, off + 16));
        a.adc(m.get(LE64, off + 24));
        a.adc(m.get(LE64, off + 32));
        a.adc(0);
        return a.sum;
    }

    /** {@code csum_finalize_sum}: {@code (temp64 + ror64(temp64, 32)) >> 32}. */
    private static int finalizeSum(long t) {
        return (int) ((t + Long.rotateRight(t, 32)) >>> 32);
    }

    /**
     * {@code csum_partial(buff, len, sum)} of x86-64 over {@code len} bytes at segment offset
     * {@code off}: the 32-bit partial sum ({@code __wsum}).
     */
    public static int csumPartial(MemorySegment m, long off, int len, int seed) {
        long t = Integer.toUnsignedLong(seed);
        if (len >= 80) {
            long t2 = 0;
            do {
                t = update40(t, m, off);
                t2 = update40(t2, m, off + 40);
                off += 80;
                len -= 80;
            } while (len >= 80);
            Acc a = new Acc(t);
            a.add(t2);
            a.adc(0);
            t = a.sum;
        }
        if (len >= 40) {
            t = update40(t, m, off);
            len -= 40;
            if (len == 0) return finalizeSum(t);
            off += 40;
        }
        if ((len & 32) != 0) {
            Acc a = new Acc(t);
            a.add(m.get(LE64, off));
            a.adc(m.get(LE64, off + 8));
            a.adc(m.get(LE64, off + 16));
            a.adc(m.get(LE64, off + 24));
            a.adc(0);
            t = a.sum;
            off += 32;
        }
        if ((len & 16) != 0) {
            Acc a = new Acc(t);
            a.add(m.get(LE64, off));
            a.adc(m.get(LE64, off + 8));
            a.adc(0);
            t = a.sum;
            off += 16;
        }
        if ((len & 8) != 0) {
            Acc a = new Acc(t);
            a.add(m.get(LE64, off));
            a.adc(0);
            t = a.sum;
            off += 8;
        }
        if ((len & 7) != 0) {
            // load_unaligned_zeropad, then keep the low (len & 7) bytes
            long trail = 0;
            for (int i = 0; i < (len & 7); i++) trail |= (m.get(ValueLayout.JAVA_BYTE, off + i) & 0xffL) << (8 * i);
            Acc a = new Acc(t);
            a.add(trail);
            a.adc(0);
            t = a.sum;
        }
        return finalizeSum(t);
    }

    /** {@link #csumPartial} over a byte array. */
    public static int csumPartial(byte[] b, int seed) {
        MemorySegment m = MemorySegment.ofArray(padded(b));
        return csumPartial(m, 0, b.length, seed);
    }

    private static byte[] padded(byte[] b) {
        return java.util.Arrays.copyOf(b, b.length + 8);
    }

    /** {@code csum_add}: {@code res = a + b; res += (res < b)}. */
    public static int csumAdd(int a, int b) {
        int res = a + b;
        return res + (Integer.compareUnsigned(res, b) < 0 ? 1 : 0);
    }

    /** {@code csum_sub}: {@code csum_add(a, ~b)}. */
    public static int csumSub(int a, int b) {
        return csumAdd(a, ~b);
    }

    /** {@code csum_fold}: the 16-bit one's complement of the folded sum (x86's addl/adcl form, equal to the generic one). */
    public static int csumFold(int sum) {
        int s = sum;
        s = (s & 0xffff) + (s >>> 16);
        s = (s & 0xffff) + (s >>> 16);
        return ~s & 0xffff;
    }

    /** {@code csum_unfold}: a 16-bit checksum as a 32-bit partial sum. */
    public static int csumUnfold(int sum16) {
        return sum16 & 0xffff;
    }

    /** {@code csum16_add}. */
    public static int csum16Add(int csum, int addend) {
        int res = (csum + addend) & 0xffff;
        return (res + (res < (addend & 0xffff) ? 1 : 0)) & 0xffff;
    }

    /** {@code csum16_sub}: {@code csum16_add(csum, ~addend)}. */
    public static int csum16Sub(int csum, int addend) {
        return csum16Add(csum, ~addend & 0xffff);
    }

    /** {@code csum_from32to16} (include/net/checksum.h): {@code sum += (sum >> 16) | (sum << 16); return sum >> 16}. */
    public static int csumFrom32to16(int sum) {
        int s = sum + ((sum >>> 16) | (sum << 16));
        return (s >>> 16) & 0xffff;
    }

    /** {@code csum_replace4}: the new checksum when a 32-bit field changes from {@code from} to {@code to}. */
    public static int csumReplace4(int sum16, int from, int to) {
        int tmp = csumSub(~csumUnfold(sum16), from);
        return csumFold(csumAdd(tmp, to));
    }

    /** {@code csum_replace2} (RFC 1624: {@code HC' = ~(~HC + ~m + m')}). */
    public static int csumReplace2(int sum16, int from, int to) {
        return ~csum16Add(csum16Sub(~sum16 & 0xffff, from & 0xffff), to & 0xffff) & 0xffff;
    }

    /** {@code csum_replace_by_diff}: {@code csum_fold(csum_add(diff, ~csum_unfold(*sum)))}. */
    public static int csumReplaceByDiff(int sum16, int diff) {
        return csumFold(csumAdd(diff, ~csumUnfold(sum16)));
    }

    /**
     * {@code inet_proto_csum_replace4} for an skb that is not {@code CHECKSUM_PARTIAL} (the test
     * run's skbs are {@code CHECKSUM_NONE}): {@code csum_fold(csum_partial({~from, to}, 8,
     * ~csum_unfold(*sum)))}.
     */
    public static int inetProtoCsumReplace4(int sum16, int from, int to) {
        byte[] diff = new byte[8];
        java.nio.ByteBuffer.wrap(diff).order(ByteOrder.LITTLE_ENDIAN).putInt(0, ~from).putInt(4, to);
        return csumFold(csumPartial(diff, ~csumUnfold(sum16)));
    }
}
