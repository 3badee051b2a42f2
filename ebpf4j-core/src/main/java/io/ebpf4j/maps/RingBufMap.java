package io.ebpf4j.maps;

import io.ebpf4j.object.MapSpec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code BPF_MAP_TYPE_RINGBUF} (kernel/bpf/ringbuf.c): a multi-producer, single-consumer ring of
 * variable-length records. {@code max_entries} is the size of the data area, a power of 2 and a
 * multiple of the 4096-byte page.
 *
 * <h2>Layout in the arena</h2>
 * A consumer page (u64 {@code consumer_pos} at offset 0), a producer page (u64
 * {@code producer_pos} at 0, u64 {@code pending_pos} at 8), then the data area. Each record is an
 * 8-byte header — u32 {@code len} with {@link MapFlags#BPF_RINGBUF_BUSY_BIT} while reserved and
 * {@link MapFlags#BPF_RINGBUF_DISCARD_BIT} once discarded, u32 {@code pg_off} (the header's page
 * offset from the start of the kernel's {@code struct bpf_ringbuf}: 3 + data offset / 4096) — then
 * the sample, the whole rounded up to 8 bytes. Positions only grow; a record's header is at
 * {@code data + (pos & (size - 1))}. The kernel maps the data pages twice in a row so a record
 * that wraps past the end is contiguous in memory; an arena cannot alias pages, so the data area
 * is allocated twice as large: a program writes a wrapping record straight past the end, and the
 * commit copies the part beyond the end to the start of the ring before it clears the busy bit.
 *
 * <h2>Producer (program side)</h2>
 * {@link #reserve} ({@code __bpf_ringbuf_reserve}) refuses a record when the producer position
 * would run more than {@code size - 1} bytes ahead of the consumer position, or of the oldest
 * record still reserved ({@code pending_pos}); {@link #submit}/{@link #discard} clear the busy bit
 * ({@code bpf_ringbuf_commit}); {@link #output} is reserve + copy + submit; {@link #query} answers
 * {@code BPF_RB_AVAIL_DATA}, {@code RING_SIZE}, {@code CONS_POS}, {@code PROD_POS} and 0 otherwise.
 * Wake-up flags are accepted and have no effect (nobody sleeps on this ring).
 *
 * <h2>Consumer (Java side)</h2>
 * {@link #consume} reads committed records in order, skipping discarded ones, and advances the
 * consumer position, as libbpf's {@code ring_buffer__consume} ({@code ringbuf_process_ring}): a
 * record still reserved stops it, so one reservation never submitted blocks every later record,
 * as in the kernel. One consumer at a time (calls are serialised).
 */
public final class RingBufMap extends AbstractBpfMap {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final long PAGE = 4096;
    /** {@code RINGBUF_MAX_RECORD_SZ}: the top two bits of {@code len} are flags. */
    private static final long MAX_RECORD = 0xffff_ffffL / 4;
    /** Pages of {@code struct bpf_ringbuf} before the data: one not mmap-able, the consumer and the producer page. */
    private static final int DATA_PG_OFF = 3;

    private final long size;
    private final long mask;
    private final long consPos;
    private final long prodPos;
    private final long pendPos;
    private final long data;
    private final Object producerLock = new Object();
    private final Object consumerLock = new Object();

    /** Called by {@link #consume} for each committed record that was not discarded. */
    @FunctionalInterface
    public interface RecordHandler {
        /**
         * @param sample a read-only view of the record's bytes in the arena, valid only during the call
         * @return 0 (or any non-negative value) to go on; a negative value stops consuming and is returned
         */
        int onRecord(MemorySegment sample);
    }

    RingBufMap(MapSpec spec, MapMemory memory, int cpus, MapRegistry registry, SpecialFields fields) {
        super(spec, memory, cpus, registry, fields);
        size = Integer.toUnsignedLong(maxEntries);
        mask = size - 1;
        long block = allocate(2 * PAGE + 2 * size, PAGE, "ring") - base;
        consPos = block;
        prodPos = block + PAGE;
        pendPos = block + PAGE + 8;
        data = block + 2 * PAGE;
    }

    // ---------------------------------------------------------------- producer (program side)

    /**
     * {@code bpf_ringbuf_reserve}: the BPF address of {@code sampleSize} bytes for a new record, or 0
     * when {@code flags} is not 0, the record is too large, or the ring has no room.
     */
    public long reserve(long sampleSize, long flags) {
        if (flags != 0) return 0;
        long off = reserveImpl(sampleSize);
        return off < 0 ? 0 : base + off;
    }

    /** {@code __bpf_ringbuf_reserve}: the segment offset of the sample, or -1. */
    private long reserveImpl(long sampleSize) {
        if (Long.compareUnsigned(sampleSize, MAX_RECORD) > 0) return -1;
        long len = roundUp8(sampleSize + MapFlags.BPF_RINGBUF_HDR_SZ);
        if (len > size) return -1;
        MemorySegment arena = memory.segment();
        long cons = (long) LONG.getAcquire(arena, consPos);
        synchronized (producerLock) {
            long pend = (long) LONG.get(arena, pendPos);
            long prod = (long) LONG.get(arena, prodPos);
            long newProd = prod + len;
            // move pending_pos past records already committed or discarded
            while (pend < prod) {
                int hdrLen = (int) INT.getAcquire(arena, data + (pend & mask));
                if ((hdrLen & MapFlags.BPF_RINGBUF_BUSY_BIT) != 0) break;
                pend += roundUp8((hdrLen & ~MapFlags.BPF_RINGBUF_DISCARD_BIT) + (long) MapFlags.BPF_RINGBUF_HDR_SZ);
            }
            LONG.set(arena, pendPos, pend);
            if (newProd - cons > mask || newProd - pend > mask) return -1;
            long hdr = data + (prod & mask);
            INT.set(arena, hdr, (int) sampleSize | MapFlags.BPF_RINGBUF_BUSY_BIT);
            INT.set(arena, hdr + 4, DATA_PG_OFF + (int) ((prod & mask) / PAGE));
            LONG.setRelease(arena, prodPos, newProd);
            return hdr + MapFlags.BPF_RINGBUF_HDR_SZ;
        }
    }

    /** {@code bpf_ringbuf_submit}: commits the record whose sample starts at {@code sampleAddr}. Returns 0, or -EINVAL for an address that is not a reserved record. */
    public long submit(long sampleAddr, long flags) {
        return commit(sampleAddr, false);
    }

    /** {@code bpf_ringbuf_discard}: commits the record as discarded; consumers skip it. Returns 0 or -EINVAL as {@link #submit}. */
    public long discard(long sampleAddr, long flags) {
        return commit(sampleAddr, true);
    }

    /** {@code bpf_ringbuf_commit}. */
    private long commit(long sampleAddr, boolean discard) {
        MemorySegment arena = memory.segment();
        long hdr = sampleAddr - base - MapFlags.BPF_RINGBUF_HDR_SZ;
        long rel = hdr - data;
        if (rel < 0 || rel >= size || (rel & 7) != 0) return -Errno.EINVAL;
        int len = (int) INT.getAcquire(arena, hdr);
        if ((len & MapFlags.BPF_RINGBUF_BUSY_BIT) == 0) return -Errno.EINVAL;
        long total = roundUp8((len & ~(MapFlags.BPF_RINGBUF_BUSY_BIT | MapFlags.BPF_RINGBUF_DISCARD_BIT))
                + (long) MapFlags.BPF_RINGBUF_HDR_SZ);
        if (rel + total > size) {
            // the record wraps: bring the part written past the end to the start of the ring
            MemorySegment.copy(arena, data + size, arena, data, rel + total - size);
        }
        int newLen = len ^ MapFlags.BPF_RINGBUF_BUSY_BIT;
        if (discard) newLen |= MapFlags.BPF_RINGBUF_DISCARD_BIT;
        INT.getAndSet(arena, hdr, newLen);
        return 0;
    }

    /**
     * {@code bpf_ringbuf_output}: copies {@code length} bytes at {@code dataAddr} into a new record.
     * Returns 0, -EINVAL for flags other than the wake-up flags, -EAGAIN when it does not fit.
     */
    public long output(long dataAddr, long length, long flags) {
        if ((flags & ~(MapFlags.BPF_RB_NO_WAKEUP | MapFlags.BPF_RB_FORCE_WAKEUP)) != 0) return -Errno.EINVAL;
        long sample = reserveImpl(length);
        if (sample < 0) return -Errno.EAGAIN;
        MemorySegment arena = memory.segment();
        MemorySegment.copy(arena, dataAddr - base, arena, sample, length);
        commit(base + sample, false);
        return 0;
    }

    /** {@code bpf_ringbuf_query}. */
    public long query(long flags) {
        MemorySegment arena = memory.segment();
        if (flags == MapFlags.BPF_RB_AVAIL_DATA) {
            long cons = (long) LONG.getAcquire(arena, consPos);
            return (long) LONG.getAcquire(arena, prodPos) - cons;
        }
        if (flags == MapFlags.BPF_RB_RING_SIZE) return size;
        if (flags == MapFlags.BPF_RB_CONS_POS) return (long) LONG.getAcquire(arena, consPos);
        if (flags == MapFlags.BPF_RB_PROD_POS) return (long) LONG.getAcquire(arena, prodPos);
        return 0;
    }

    /** The data area's size ({@code max_entries}). */
    public long ringSize() {
        return size;
    }

    /** The consumer position: bytes consumed so far (the ring's {@code consumer_pos}). */
    public long consumerPosition() {
        return query(MapFlags.BPF_RB_CONS_POS);
    }

    /** The producer position: bytes reserved so far (the ring's {@code producer_pos}). */
    public long producerPosition() {
        return query(MapFlags.BPF_RB_PROD_POS);
    }

    /** Bytes produced (records with headers, reserved ones included) and not yet consumed. */
    public long availableData() {
        return query(MapFlags.BPF_RB_AVAIL_DATA);
    }

    // ---------------------------------------------------------------- consumer (Java side)

    /** Writes the consumer position as user space may through its writable mapping of the consumer page; for tests. */
    void setConsumerPosition(long pos) {
        LONG.setRelease(memory.segment(), consPos, pos);
    }

    /** Consumes every committed record available: the number of records handled, or the handler's negative result. */
    public int consume(RecordHandler handler) {
        return consume(handler, Integer.MAX_VALUE);
    }

    /** As {@link #consume(RecordHandler)}, handling at most {@code max} records ({@code ring_buffer__consume_n}). */
    public int consume(RecordHandler handler, int max) {
        checkOpen();
        MemorySegment arena = memory.segment();
        synchronized (consumerLock) {
            int count = 0;
            long cons = (long) LONG.getAcquire(arena, consPos);
            while (true) {
                boolean progress = false;
                long prod = (long) LONG.getAcquire(arena, prodPos);
                while (cons < prod) {
                    long hdr = data + (cons & mask);
                    int len = (int) INT.getAcquire(arena, hdr);
                    if ((len & MapFlags.BPF_RINGBUF_BUSY_BIT) != 0) return count; // not committed yet
                    progress = true;
                    int sampleLen = len & ~MapFlags.BPF_RINGBUF_DISCARD_BIT;
                    cons += roundUp8(sampleLen + (long) MapFlags.BPF_RINGBUF_HDR_SZ);
                    if ((len & MapFlags.BPF_RINGBUF_DISCARD_BIT) == 0) {
                        int r = handler.onRecord(arena.asSlice(hdr + MapFlags.BPF_RINGBUF_HDR_SZ, sampleLen).asReadOnly());
                        if (r < 0) {
                            LONG.setRelease(arena, consPos, cons);
                            return r;
                        }
                        count++;
                    }
                    LONG.setRelease(arena, consPos, cons);
                    if (count >= max) return count;
                }
                if (!progress) return count;
            }
        }
    }

    /** Consumes every committed record available and returns copies of their bytes, oldest first. */
    public List<byte[]> drain() {
        List<byte[]> out = new ArrayList<>();
        consume(sample -> {
            out.add(sample.toArray(ValueLayout.JAVA_BYTE));
            return 0;
        });
        return out;
    }

    // ---------------------------------------------------------------- BpfMap: no elements

    /** Ring buffers have no elements: programs cannot look them up (the kernel answers -ENOTSUPP). */
    @Override
    public long lookup(long keyAddr, int cpu) {
        return 0;
    }

    @Override
    public long update(long keyAddr, long valueAddr, long flags, int cpu) {
        return -Errno.ENOTSUPP;
    }

    @Override
    public long delete(long keyAddr, int cpu) {
        return -Errno.ENOTSUPP;
    }

    @Override
    public byte[] lookup(byte[] key) {
        checkOpen();
        return null;
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkOpen();
        return -Errno.ENOTSUPP;
    }

    @Override
    public int delete(byte[] key) {
        checkOpen();
        return -Errno.ENOTSUPP;
    }

    @Override
    public byte[] nextKey(byte[] key) {
        checkOpen();
        return null;
    }
}
