package io.ebpf4j.progtype;

import io.ebpf4j.helpers.XdpBuff;
import io.ebpf4j.object.ProgramType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * {@code BPF_PROG_TYPE_XDP}: context {@code struct xdp_md} (include/uapi/linux/bpf.h: u32
 * {@code data}, {@code data_end}, {@code data_meta}, {@code ingress_ifindex},
 * {@code rx_queue_index}, {@code egress_ifindex}), run as the kernel's
 * {@code bpf_prog_test_run_xdp} (net/bpf/test_run.c) does without live frames:
 * <ul>
 * <li>the frame is one page ({@code frame_sz} 4096): {@code XDP_PACKET_HEADROOM} (256) bytes of
 *     headroom, the packet, and {@code SKB_DATA_ALIGN(sizeof(struct skb_shared_info))} (320) bytes
 *     reserved at the end, so a packet may have at most 3520 bytes (larger ones would go to frags,
 *     which ebpf4j does not model);</li>
 * <li>a packet shorter than {@code ETH_HLEN} (14) is -EINVAL ({@code bpf_test_init});</li>
 * <li>an optional {@code ctx_in} ({@code bpf_ctx_init}: at most 24 bytes unless the rest is zero)
 *     must have {@code data_meta} 0, {@code data_end} equal to the packet size, {@code data} at most
 *     {@code data_end} and a valid metadata length (a multiple of 4, at most 255:
 *     {@code xdp_metalen_invalid}); {@code data} bytes of the input are then metadata, taken from
 *     the headroom ({@code headroom -= ctx->data}); {@code egress_ifindex} must be 0,
 *     {@code ingress_ifindex} 0 or 1 (the loopback device, the only one here) and
 *     {@code rx_queue_index} 0 ({@code xdp_convert_md_to_buff});</li>
 * <li>the program sees {@code ingress_ifindex} 1 and {@code rx_queue_index} 0 (the loopback
 *     device's queue 0, which the test run uses when no context names one);</li>
 * <li>{@code data_out} is the frame from {@code data_meta} to {@code data_end} after the run
 *     (so metadata and {@code xdp_adjust_head/_tail} changes show); {@code ctx_out}, only when a
 *     {@code ctx_in} was given, is that context with {@code data} and {@code data_end} rewritten
 *     relative to {@code data_meta} ({@code xdp_convert_buff_to_md});</li>
 * <li>{@code retval} is the low 32 bits of r0.</li>
 * </ul>
 */
final class XdpOps implements ProgTypeOps {
    static final int CTX_SIZE = 24;
    static final int FRAME_SIZE = 4096;
    static final int LOOPBACK_IFINDEX = 1;

    private static final List<ContextField> FIELDS = List.of(
            new ContextField("data", 0, 4, true, false, ContextField.Kind.PTR_TO_PACKET),
            new ContextField("data_end", 4, 4, true, false, ContextField.Kind.PTR_TO_PACKET_END),
            new ContextField("data_meta", 8, 4, true, false, ContextField.Kind.PTR_TO_PACKET_META),
            ContextField.scalar("ingress_ifindex", 12, 4, false),
            ContextField.scalar("rx_queue_index", 16, 4, false),
            ContextField.scalar("egress_ifindex", 20, 4, false));

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Override
    public ProgramType type() {
        return ProgramType.XDP;
    }

    @Override
    public String name() {
        return "xdp";
    }

    @Override
    public int contextSize() {
        return CTX_SIZE;
    }

    @Override
    public List<ContextField> contextFields() {
        return FIELDS;
    }

    @Override
    public boolean allowsHelper(int helperId) {
        return HelperSets.XDP.get(helperId);
    }

    @Override
    public PreparedRun prepare(SlotMemory mem, TestRunInput input) {
        byte[] data = input.data() == null ? new byte[0] : input.data();
        int size = data.length;
        int headroom = XdpBuff.XDP_PACKET_HEADROOM;
        byte[] ctxIn = null;
        int metaLen = 0;
        if (input.ctx() != null) {
            ctxIn = Contexts.init(input.ctx(), CTX_SIZE);
            ByteBuffer c = ByteBuffer.wrap(ctxIn).order(mem.byteOrder());
            long cData = Integer.toUnsignedLong(c.getInt(0)), cEnd = Integer.toUnsignedLong(c.getInt(4));
            long cMeta = Integer.toUnsignedLong(c.getInt(8));
            // "There can't be user provided data before the meta data"
            if (cMeta != 0 || cEnd != size || cData > cEnd || (cData & 3) != 0 || cData > 255) {
                throw new TestRunException(22, "bpf_prog_test_run_xdp: xdp_md needs data_meta 0, data_end = the packet size ("
                        + size + "), data <= data_end and a metadata length (data) that is a multiple of 4 up to 255;"
                        + " got data " + cData + ", data_end " + cEnd + ", data_meta " + cMeta);
            }
            metaLen = (int) cData;
            headroom -= metaLen; // "Meta data is allocated from the headroom"
            int egress = c.getInt(20), ingress = c.getInt(12), queue = c.getInt(16);
            if (egress != 0) throw new TestRunException(22, "xdp_convert_md_to_buff: egress_ifindex must be 0");
            if (ingress == 0 && queue != 0) {
                throw new TestRunException(22, "xdp_convert_md_to_buff: rx_queue_index needs an ingress_ifindex");
            }
            if (ingress != 0 && ingress != LOOPBACK_IFINDEX) {
                throw new TestRunException(19, "xdp_convert_md_to_buff: no device with ifindex " + Integer.toUnsignedString(ingress)
                        + " (the runtime has only the loopback device, ifindex 1)");
            }
            if (ingress != 0 && queue != 0) {
                throw new TestRunException(22, "xdp_convert_md_to_buff: the loopback device has one rx queue");
            }
        }
        int maxData = FRAME_SIZE - headroom - XdpBuff.SHARED_INFO_SIZE;
        if (size > maxData) {
            throw new TestRunException(95, "bpf_prog_test_run_xdp: a " + size + "-byte packet does not fit the " + maxData
                    + " bytes of one XDP frame; the kernel would put the rest in frags, which ebpf4j does not model");
        }
        if (size < XdpBuff.ETH_HLEN) {
            throw new TestRunException(22, "bpf_test_init: the packet (" + size + " bytes) is shorter than an Ethernet header (14)");
        }
        TestRunLayout.requireRoom(mem, FRAME_SIZE, CTX_SIZE, "an XDP frame");
        MemorySegment seg = mem.segment();
        long base = mem.baseAddress();
        long hardStart = mem.packetAddress();
        // bpf_test_init: kzalloc, copy data_in after the headroom. Only the headroom needs the zeros:
        // the packet is overwritten and bpf_xdp_adjust_tail clears what it grows into
        TestRunLayout.zero(mem, hardStart, headroom);
        TestRunLayout.copyIn(mem, hardStart + headroom, data);
        long ctx = mem.ctxAddress();
        TestRunLayout.zero(mem, ctx, CTX_SIZE);
        ByteOrder order = mem.byteOrder();
        seg.set(U32.withOrder(order), ctx + 12 - base, LOOPBACK_IFINDEX);
        long metaStart = hardStart + headroom;
        XdpBuff xdp = new XdpBuff(seg, base, ctx, hardStart, FRAME_SIZE, metaStart, metaStart + metaLen, metaStart + size, order);
        final byte[] ctxTemplate = ctxIn;
        // the input bounds are the frame's at the start; legacy packet loads of an XDP run read the
        // live frame through the XdpBuff (Interpreter.legacyLoadAddress) instead
        return new TestRunLayout.Run(ctx, 0, xdp, xdp.data(), (int) (xdp.dataEnd() - xdp.data()), r0 -> {
            // bpf_test_finish(xdp.data_meta, size = data_end - data_meta)
            byte[] out = TestRunLayout.copyOut(mem, xdp.dataMeta(), xdp.dataEnd() - xdp.dataMeta());
            byte[] ctxOut = null;
            if (ctxTemplate != null) {
                ctxOut = ctxTemplate.clone();
                ByteBuffer c = ByteBuffer.wrap(ctxOut).order(order);
                c.putInt(0, (int) (xdp.data() - xdp.dataMeta()));
                c.putInt(4, (int) (xdp.dataEnd() - xdp.dataMeta()));
            }
            return new TestRunOutput(r0 & 0xffff_ffffL, out, ctxOut);
        });
    }
}
