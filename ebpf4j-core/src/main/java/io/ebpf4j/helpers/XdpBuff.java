package io.ebpf4j.helpers;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * An XDP frame in the arena, as the kernel's {@code struct xdp_buff} (include/net/xdp.h):
 * {@code data_hard_start}, {@code data_meta}, {@code data}, {@code data_end} and
 * {@code frame_sz}. The program sees {@code data}, {@code data_end} and {@code data_meta} through
 * its {@code struct xdp_md} context; every change made here is written back to those 32-bit
 * context fields (offsets 0, 4, 8), as the kernel's context rewrite would read them afresh.
 */
public final class XdpBuff implements PacketBuffer {
    /** include/uapi/linux/bpf.h {@code XDP_PACKET_HEADROOM}. */
    public static final int XDP_PACKET_HEADROOM = 256;
    /** {@code SKB_DATA_ALIGN(sizeof(struct skb_shared_info))} on x86-64: the tailroom XDP reserves. */
    public static final int SHARED_INFO_SIZE = 320;
    /** {@code sizeof(struct xdp_frame)} on 64-bit kernels: the bottom of the headroom adjust_head/meta may not cross. */
    public static final int XDP_FRAME_SIZE = 40;
    /** include/linux/if_ether.h {@code ETH_HLEN}. */
    public static final int ETH_HLEN = 14;

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment segment;
    private final long base;
    private final long ctxAddress;
    private final long hardStart;
    private final int frameSize;
    private long data;
    private long dataEnd;
    private long dataMeta;
    private final boolean bigEndian;

    /**
     * @param segment    the arena
     * @param base       BPF address of segment offset 0
     * @param ctxAddress address of the program's {@code struct xdp_md}
     * @param hardStart  {@code data_hard_start}
     * @param frameSize  {@code frame_sz}
     * @param dataMeta   {@code data_meta}
     * @param data       {@code data}
     * @param dataEnd    {@code data_end}
     */
    public XdpBuff(MemorySegment segment, long base, long ctxAddress, long hardStart, int frameSize,
                   long dataMeta, long data, long dataEnd) {
        this(segment, base, ctxAddress, hardStart, frameSize, dataMeta, data, dataEnd, ByteOrder.LITTLE_ENDIAN);
    }

    /** As above, with the context's u32 fields in {@code ctxOrder} (big-endian for a big-endian object). */
    public XdpBuff(MemorySegment segment, long base, long ctxAddress, long hardStart, int frameSize,
                   long dataMeta, long data, long dataEnd, ByteOrder ctxOrder) {
        this.bigEndian = ctxOrder == ByteOrder.BIG_ENDIAN;
        this.segment = segment;
        this.base = base;
        this.ctxAddress = ctxAddress;
        this.hardStart = hardStart;
        this.frameSize = frameSize;
        set(dataMeta, data, dataEnd);
    }

    public long hardStart() {
        return hardStart;
    }

    public int frameSize() {
        return frameSize;
    }

    /** {@code xdp_data_hard_end}: {@code data_hard_start + frame_sz - SKB_DATA_ALIGN(sizeof(struct skb_shared_info))}. */
    public long dataHardEnd() {
        return hardStart + frameSize - SHARED_INFO_SIZE;
    }

    public long data() {
        return data;
    }

    public long dataEnd() {
        return dataEnd;
    }

    public long dataMeta() {
        return dataMeta;
    }

    /** {@code xdp_data_meta_unsupported}: metadata is unsupported when {@code data_meta > data}. */
    public boolean metaUnsupported() {
        return dataMeta > data;
    }

    /** {@code xdp_get_metalen}. */
    public long metaLength() {
        return metaUnsupported() ? 0 : data - dataMeta;
    }

    public long ctxAddress() {
        return ctxAddress;
    }

    /** Moves the frame's bounds and updates the context fields. */
    public void set(long newMeta, long newData, long newEnd) {
        this.dataMeta = newMeta;
        this.data = newData;
        this.dataEnd = newEnd;
        segment.set(U32, ctxAddress - base, ctxWord(newData));
        segment.set(U32, ctxAddress + 4 - base, ctxWord(newEnd));
        segment.set(U32, ctxAddress + 8 - base, ctxWord(newMeta));
    }

    private int ctxWord(long v) {
        return bigEndian ? Integer.reverseBytes((int) v) : (int) v;
    }

    /** The arena segment the frame lives in. */
    public MemorySegment segment() {
        return segment;
    }

    /** BPF address of segment offset 0. */
    public long baseAddress() {
        return base;
    }
}
