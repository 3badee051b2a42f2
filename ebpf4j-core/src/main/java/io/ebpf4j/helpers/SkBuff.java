package io.ebpf4j.helpers;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A linear socket buffer in the arena: the parts of the kernel's {@code struct sk_buff}
 * that {@code BPF_PROG_TEST_RUN} sets up ({@code bpf_prog_test_run_skb}, net/bpf/test_run.c) and
 * the packet helpers use — the buffer ({@code head} .. {@code end}), {@code data} and {@code len},
 * the MAC and network header offsets. The program reads {@code len}, {@code data},
 * {@code data_end} and {@code data_meta} through its {@code struct __sk_buff} context; every change
 * made here is written back to those fields, as the kernel's context rewrite reads them from the skb.
 */
public final class SkBuff implements PacketBuffer {
    /** include/uapi/linux/bpf.h offsets in {@code struct __sk_buff}. */
    public static final int OFF_LEN = 0, OFF_DATA = 76, OFF_DATA_END = 80, OFF_DATA_META = 140;

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment segment;
    private final long base;
    private final long ctxAddress;
    private final long head;
    private final long end;
    private final boolean l2;
    private long data;
    private int len;
    private long macHeader;
    private long networkHeader;

    /**
     * @param segment       the arena
     * @param base          BPF address of segment offset 0
     * @param ctxAddress    address of the program's {@code struct __sk_buff}
     * @param head          {@code skb->head}: the start of the buffer
     * @param end           {@code skb_end_pointer}: the end of the usable buffer
     * @param data          {@code skb->data}
     * @param len           {@code skb->len}
     * @param macHeader     address of the MAC header
     * @param networkHeader address of the network header
     * @param l2            whether the program sees the packet from the MAC header (tc) or the network header (socket filter)
     */
    public SkBuff(MemorySegment segment, long base, long ctxAddress, long head, long end, long data, int len,
                  long macHeader, long networkHeader, boolean l2) {
        this.segment = segment;
        this.base = base;
        this.ctxAddress = ctxAddress;
        this.head = head;
        this.end = end;
        this.l2 = l2;
        this.macHeader = macHeader;
        this.networkHeader = networkHeader;
        set(data, len);
    }

    public long head() {
        return head;
    }

    public long end() {
        return end;
    }

    public long data() {
        return data;
    }

    public int len() {
        return len;
    }

    /** {@code skb_headroom}. */
    public long headroom() {
        return data - head;
    }

    /** {@code skb_tail_pointer} of a linear skb: {@code data + len}. */
    public long tail() {
        return data + len;
    }

    public long macHeader() {
        return macHeader;
    }

    public long networkHeader() {
        return networkHeader;
    }

    /** Whether the program sees the packet from its MAC header (tc), as opposed to the network header (socket filter). */
    public boolean l2() {
        return l2;
    }

    public long ctxAddress() {
        return ctxAddress;
    }

    /**
     * Sets {@code data} and {@code len} and writes {@code len}, {@code data}, {@code data_end} and
     * {@code data_meta} into the context ({@code bpf_compute_data_pointers}: {@code data_end} is
     * {@code data} plus the linear length; no metadata, so {@code data_meta == data}).
     */
    public void set(long newData, int newLen) {
        this.data = newData;
        this.len = newLen;
        segment.set(U32, ctxAddress + OFF_LEN - base, newLen);
        segment.set(U32, ctxAddress + OFF_DATA - base, (int) newData);
        segment.set(U32, ctxAddress + OFF_DATA_END - base, (int) (newData + newLen));
        segment.set(U32, ctxAddress + OFF_DATA_META - base, (int) newData);
    }

    public void setHeaders(long mac, long network) {
        this.macHeader = mac;
        this.networkHeader = network;
    }

    public MemorySegment segment() {
        return segment;
    }

    public long baseAddress() {
        return base;
    }
}
