package io.ebpf4j.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The kernel's checksum arithmetic against RFC 1071 computed the textbook way. */
class ChecksumsTest {

    /** RFC 1071: the one's complement of the one's complement sum of 16-bit words (little-endian words, as the kernel reads memory). */
    static int rfc1071(byte[] b) {
        long sum = 0;
        for (int i = 0; i < b.length; i += 2) {
            int lo = b[i] & 0xff, hi = i + 1 < b.length ? b[i + 1] & 0xff : 0;
            sum += lo | hi << 8;
        }
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) (~sum & 0xffff);
    }

    @Test
    void csumPartialFoldsToTheInternetChecksumForEveryLength() {
        SplittableRandom r = new SplittableRandom(1);
        for (int len = 0; len < 300; len++) {
            byte[] b = new byte[len];
            r.nextBytes(b);
            assertEquals(rfc1071(b), Checksums.csumFold(Checksums.csumPartial(b, 0)), "length " + len);
        }
    }

    @Test
    void incrementalUpdatesAgreeWithRecomputing() {
        SplittableRandom r = new SplittableRandom(2);
        for (int n = 0; n < 1000; n++) {
            byte[] b = new byte[20];
            r.nextBytes(b);
            int sum = Checksums.csumFold(Checksums.csumPartial(b, 0));
            int off = 2 * r.nextInt(8);
            int from = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(off);
            int to = r.nextInt();
            java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(off, to);
            int fresh = Checksums.csumFold(Checksums.csumPartial(b, 0));
            // RFC 1624 results may differ only in the representation of zero (0x0000 vs 0xffff)
            assertEquals(fresh % 0xffff, Checksums.csumReplace4(sum, from, to) % 0xffff);
            assertEquals(fresh % 0xffff, Checksums.inetProtoCsumReplace4(sum, from, to) % 0xffff);
        }
    }

    @Test
    void csumFrom32to16FoldsWithTheCarry() {
        assertEquals(0x0001, Checksums.csumFrom32to16(0xffff_0001) & 0xffff); // 0xffff + 0x0001 + carry... = 0x0001
        assertEquals(0x3412 + 0x7856 & 0xffff, Checksums.csumFrom32to16(0x7856_3412));
    }
}
