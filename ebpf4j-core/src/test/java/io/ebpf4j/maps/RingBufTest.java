package io.ebpf4j.maps;

import io.ebpf4j.object.MapType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static io.ebpf4j.maps.TestMemory.spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RINGBUF against kernel/bpf/ringbuf.c, libbpf's consumer and the corpus programs. */
class RingBufTest {
    private final TestMemory mem = new TestMemory();
    private final MapRegistry registry = MapRegistry.create();
    private final long buf = mem.scratch(8192);

    @AfterEach
    void close() {
        mem.close();
    }

    private RingBufMap ring(int size) {
        return (RingBufMap) BpfMaps.create(spec(MapType.RINGBUF, 0, 0, size, 0), mem, 2, registry);
    }

    private int headerLen(long sample) {
        return mem.getU32(sample - 8);
    }

    /** corpus/src/ringbuf_output.c with --repeat 40. */
    @Test
    void ringbufOutputCorpusProgram() {
        RingBufMap rb = ring(4096);
        int runs = 0, ok = 0, fail = 0;
        long[] res = new long[8];
        for (int run = 1; run <= 40; run++) {
            runs++;
            mem.putU32(buf, runs);
            for (int i = 4; i < 100; i++) mem.segment().set(ValueLayout.JAVA_BYTE, buf - TestMemory.BASE + i, (byte) (i - 4));
            long r = rb.output(buf, 100, 0);
            if (r == 0) ok++; else fail++;
            res[0] = r;
            res[1] = rb.output(buf, 8, 4);
            res[7] = rb.output(buf, 0, MapFlags.BPF_RB_NO_WAKEUP);
            res[2] = rb.query(MapFlags.BPF_RB_AVAIL_DATA);
            res[3] = rb.query(MapFlags.BPF_RB_RING_SIZE);
            res[4] = rb.query(MapFlags.BPF_RB_CONS_POS);
            res[5] = rb.query(MapFlags.BPF_RB_PROD_POS);
            res[6] = rb.query(99);
            if (run == 35) {
                assertEquals(-Errno.EAGAIN, r, "run 35: the 100-byte record no longer fits");
                assertEquals(0, res[7], "run 35: the header-only record still fits");
            }
        }
        assertEquals(40, runs);
        assertEquals(34, ok);
        assertEquals(6, fail);
        assertArrayEquals(new long[] {-Errno.EAGAIN, -Errno.EINVAL, 4088, 4096, 0, 4088, 0, -Errno.EAGAIN}, res);

        List<byte[]> records = rb.drain();
        assertEquals(34 + 35, records.size());
        for (int i = 0; i < 34; i++) {
            byte[] rec = records.get(2 * i);
            assertEquals(100, rec.length);
            assertEquals(i + 1, TestMemory.u32(rec), "record " + i + " starts with the run number");
            assertEquals(95, rec[99]);
            assertEquals(0, records.get(2 * i + 1).length);
        }
        assertEquals(0, records.get(68).length);
        assertEquals(4088, rb.consumerPosition());
        assertEquals(0, rb.availableData());
    }

    /** corpus/src/ringbuf_reserve.c with --repeat 10: 72 bytes of ring per run. */
    @Test
    void ringbufReserveCorpusProgram() {
        RingBufMap rb = ring(4096);
        long bothOk = 0;
        for (int run = 1; run <= 10; run++) {
            int good = 0;
            long a = rb.reserve(40, 0);
            assertNotEquals(0, a, "res[0]");
            for (int i = 0; i < 5; i++) mem.putU64(a + 8L * i, 0x0101010101010101L * (i + 1));
            assertEquals(0, rb.submit(a, MapFlags.BPF_RB_NO_WAKEUP));
            good++;
            long b = rb.reserve(16, 0);
            assertNotEquals(0, b, "res[1]");
            mem.putU32(b, 0xdead);
            assertEquals(0, rb.discard(b, 0));
            good++;
            assertEquals(0, rb.reserve(8000, 0), "res[2]: larger than the ring");
            assertEquals(0, rb.reserve(8, 1), "res[3]: flags must be 0");
            if (good == 2) bothOk++;
            assertEquals(72L * run, rb.query(MapFlags.BPF_RB_PROD_POS), "res[4]");
            assertEquals(72L * run, rb.query(MapFlags.BPF_RB_AVAIL_DATA), "res[5]");
        }
        assertEquals(10, bothOk);
        List<byte[]> records = rb.drain();
        assertEquals(10, records.size(), "discarded records are skipped");
        for (byte[] r : records) {
            assertEquals(40, r.length);
            assertEquals(0x0505050505050505L, TestMemory.u64(r, 32));
        }
    }

    @Test
    void recordHeaderLayoutAndPositions() {
        RingBufMap rb = ring(4096);
        long s = rb.reserve(13, 0);
        assertEquals(0, s % 8);
        assertEquals(13 | MapFlags.BPF_RINGBUF_BUSY_BIT, headerLen(s), "len with the busy bit");
        assertEquals(3, mem.getU32(s - 4), "pg_off: the data starts 3 pages into struct bpf_ringbuf");
        assertEquals(24, rb.producerPosition(), "round_up(8 + 13, 8)");
        assertEquals(24, rb.availableData());
        assertEquals(4096, rb.query(MapFlags.BPF_RB_RING_SIZE));
        long t = rb.reserve(5, 0);
        assertEquals(s + 24, t);
        assertEquals(0, rb.submit(s, 0));
        assertEquals(13, headerLen(s), "busy bit cleared");
        assertEquals(0, rb.discard(t, 0));
        assertEquals(5 | MapFlags.BPF_RINGBUF_DISCARD_BIT, headerLen(t));
        assertEquals(-Errno.EINVAL, rb.submit(s, 0), "already committed");
        assertEquals(-Errno.EINVAL, rb.submit(s + 3, 0), "not a record");
        assertEquals(1, rb.consume(sample -> 0));
        assertEquals(40, rb.consumerPosition());
        assertSame(rb, registry.mapContaining(s), "helpers find the ring from a sample pointer");

        RingBufMap two = ring(8192);
        long first = two.reserve(4100, 0);
        long second = two.reserve(1, 0);
        assertEquals(first + 4112, second);
        assertEquals(4, mem.getU32(second - 4), "pg_off of a header on the second data page");
    }

    @Test
    void aRecordWrappingPastTheEndIsContiguousForTheProgramAndIntactForTheConsumer() {
        RingBufMap rb = ring(4096);
        long big = rb.reserve(4000, 0);
        rb.submit(big, 0);
        assertEquals(1, rb.consume(sample -> 0));
        assertEquals(4008, rb.consumerPosition());
        long s = rb.reserve(200, 0); // header at 4008, sample 4016..4216: wraps by 120 bytes
        assertEquals(big + 4008, s);
        for (int i = 0; i < 200; i++) mem.segment().set(ValueLayout.JAVA_BYTE, s - TestMemory.BASE + i, (byte) i);
        assertEquals(0, rb.submit(s, 0));
        // the part past the end now also sits at the start of the ring, where the kernel's second mapping has it
        long ringStart = big - 8;
        for (int i = 0; i < 120; i++) {
            assertEquals((byte) (80 + i), mem.segment().get(ValueLayout.JAVA_BYTE, ringStart - TestMemory.BASE + i));
        }
        List<byte[]> got = rb.drain();
        assertEquals(1, got.size());
        for (int i = 0; i < 200; i++) assertEquals((byte) i, got.get(0)[i]);
        long next = rb.reserve(8, 0);
        assertEquals(ringStart + 120 + 8, next, "the next record follows the wrapped one");
    }

    @Test
    void aReservationNeverSubmittedBlocksEveryLaterRecord() {
        RingBufMap rb = ring(4096);
        long a = rb.reserve(16, 0);
        mem.putU64(buf, 0xbbL);
        assertEquals(0, rb.output(buf, 8, 0));
        mem.putU64(buf, 0xccL);
        assertEquals(0, rb.output(buf, 8, 0));
        assertEquals(0, rb.consume(sample -> 0), "the busy record stops the consumer");
        assertEquals(0, rb.consumerPosition());
        mem.putU64(a, 0xaaL);
        rb.submit(a, 0);
        List<Long> firsts = new ArrayList<>();
        assertEquals(3, rb.consume(sample -> {
            firsts.add(sample.get(ValueLayout.JAVA_LONG_UNALIGNED, 0));
            return 0;
        }));
        assertEquals(List.of(0xaaL, 0xbbL, 0xccL), firsts, "in reservation order");
    }

    @Test
    void theProducerNeverRunsAFullRingAheadOfThePendingRecord() {
        // CVE-2024-41009: user space can move consumer_pos past a busy record; pending_pos still guards it
        RingBufMap rb = ring(4096);
        long a = rb.reserve(40, 0);
        rb.setConsumerPosition(rb.producerPosition());
        assertEquals(0, rb.reserve(4040, 0), "48 + 4048 bytes past the pending record do not fit");
        assertNotEquals(0, rb.reserve(4000, 0));
        rb.submit(a, 0);
    }

    @Test
    void consumeStopsOnANegativeHandlerResultAndHonoursItsLimit() {
        RingBufMap rb = ring(4096);
        for (int i = 0; i < 5; i++) {
            mem.putU32(buf, i);
            rb.output(buf, 4, 0);
        }
        assertEquals(2, rb.consume(sample -> 0, 2));
        assertEquals(-7, rb.consume(sample -> -7), "the error, after advancing past that record");
        assertEquals(2, rb.consume(sample -> 0));
    }

    @Test
    void elementOperationsAreNotSupported() {
        RingBufMap rb = ring(4096);
        assertEquals(0, rb.lookup(buf, 0));
        assertEquals(-Errno.ENOTSUPP, rb.update(buf, buf, 0, 0));
        assertEquals(-Errno.ENOTSUPP, rb.delete(buf, 0));
        assertNull(rb.lookup(new byte[0]));
        assertNull(rb.nextKey(null));
        assertEquals(-Errno.ENOTSUPP, rb.update(new byte[0], new byte[0], 0));
    }

    @Test
    void creationRequiresAPowerOfTwoNumberOfPages() {
        ring(8192);
        for (int size : new int[] {4095, 4096 * 3, 2048, 0}) {
            MapException e = assertThrows(MapException.class, () -> ring(size));
            assertTrue(e.getMessage().contains("ringbuf.c"), e.getMessage());
        }
        assertThrows(MapException.class, () -> BpfMaps.create(spec(MapType.RINGBUF, 4, 0, 4096, 0), mem, 1, registry));
    }
}
