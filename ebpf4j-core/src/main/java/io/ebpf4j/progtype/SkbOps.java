package io.ebpf4j.progtype;

import io.ebpf4j.helpers.SkBuff;
import io.ebpf4j.object.ProgramType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Socket filters ({@code BPF_PROG_TYPE_SOCKET_FILTER}) and tc classifiers/actions
 * ({@code SCHED_CLS}, {@code SCHED_ACT}): context {@code struct __sk_buff} (192 bytes, the UAPI
 * layout), run as the kernel's {@code bpf_prog_test_run_skb} (net/bpf/test_run.c) does:
 * <ul>
 * <li>the packet must have 14 to 3712 bytes ({@code bpf_test_init} with {@code NET_SKB_PAD} 64
 *     bytes of headroom and 320 of {@code skb_shared_info});</li>
 * <li>{@code eth_type_trans} against the loopback device (MAC and broadcast address all zero):
 *     {@code protocol} is the Ethernet type (as stored, network order, in the low 16 bits; types
 *     below 0x600 are 802.3 lengths: {@code ETH_P_802_3} 0x0001 if the payload starts ff ff, else
 *     {@code ETH_P_802_2} 0x0004), {@code pkt_type} is {@code PACKET_HOST} (0) for destination
 *     00:00:00:00:00:00, {@code PACKET_MULTICAST} (2) for a multicast destination (ff:ff:ff:ff:ff:ff
 *     included, since the device's "broadcast" is all zero), else {@code PACKET_OTHERHOST} (3); the
 *     MAC header is pulled off, so <b>a socket filter sees the packet from the network header</b>
 *     ({@code len} = size - 14, {@code bpf_skb_load_bytes} offset 0 is the IP header), while tc
 *     pushes it back and sees the whole frame, with {@code data}/{@code data_end} for direct access;</li>
 * <li>for IPv4 and IPv6 packets the dummy socket gets the family and addresses
 *     ({@code family}, {@code local_ip4} = source, {@code remote_ip4} = destination...);</li>
 * <li>an optional {@code ctx_in} may set only {@code mark}, {@code priority},
 *     {@code ingress_ifindex}, {@code ifindex} (0 or 1: only the loopback device exists),
 *     {@code cb[]}, {@code tstamp}, {@code wire_len} (0, or between {@code len} and 65536),
 *     {@code gso_segs} (at most 65535), {@code gso_size} and {@code hwtstamp}; any other non-zero
 *     byte is -EINVAL ({@code convert___skb_to_skb});</li>
 * <li>after the run a socket filter's MAC header is pushed back as 14 <b>zero</b> bytes, so
 *     {@code data_out} always starts with 14 zeros; tc's {@code data_out} is the frame as the
 *     program left it;</li>
 * <li>{@code ctx_out} (when a {@code ctx_in} was given) is that context with {@code mark},
 *     {@code priority}, {@code ingress_ifindex}, {@code ifindex}, {@code tstamp}, {@code cb[]},
 *     {@code wire_len}, {@code gso_segs} and {@code hwtstamp} written back
 *     ({@code convert_skb_to___skb}): a program's writes to other fields ({@code tc_index},
 *     {@code queue_mapping}...) do not show;</li>
 * <li>{@code retval} is the low 32 bits of r0 (the return value does not truncate
 *     {@code data_out} in a test run).</li>
 * </ul>
 */
final class SkbOps implements ProgTypeOps {
    static final int CTX_SIZE = 192;
    /** {@code NET_SKB_PAD} on x86-64 (max(32, L1_CACHE_BYTES)) plus {@code NET_IP_ALIGN} (0 on x86). */
    static final int HEADROOM = 64;
    static final int TAILROOM = 320;
    static final int PAGE_SIZE = 4096;
    static final int ETH_HLEN = 14;
    static final int LOOPBACK_IFINDEX = 1;

    // struct __sk_buff offsets (include/uapi/linux/bpf.h)
    static final int LEN = 0, PKT_TYPE = 4, MARK = 8, QUEUE_MAPPING = 12, PROTOCOL = 16, VLAN_PRESENT = 20,
            VLAN_TCI = 24, VLAN_PROTO = 28, PRIORITY = 32, INGRESS_IFINDEX = 36, IFINDEX = 40, TC_INDEX = 44, CB = 48,
            HASH = 68, TC_CLASSID = 72, DATA = 76, DATA_END = 80, NAPI_ID = 84, FAMILY = 88, REMOTE_IP4 = 92,
            LOCAL_IP4 = 96, REMOTE_IP6 = 100, LOCAL_IP6 = 116, REMOTE_PORT = 132, LOCAL_PORT = 136, DATA_META = 140,
            FLOW_KEYS = 144, TSTAMP = 152, WIRE_LEN = 160, GSO_SEGS = 164, SK = 168, GSO_SIZE = 176,
            TSTAMP_TYPE = 180, HWTSTAMP = 184;

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final ProgramType type;
    private final boolean l2;
    private final List<ContextField> fields;

    SkbOps(ProgramType type) {
        this.type = type;
        this.l2 = type == ProgramType.SCHED_CLS || type == ProgramType.SCHED_ACT;
        this.fields = fields(l2);
    }

    @Override
    public ProgramType type() {
        return type;
    }

    @Override
    public String name() {
        return switch (type) {
            case SOCKET_FILTER -> "socket";
            case SCHED_CLS -> "tc";
            default -> type.libbpfName();
        };
    }

    @Override
    public int contextSize() {
        return CTX_SIZE;
    }

    @Override
    public List<ContextField> contextFields() {
        return fields;
    }

    @Override
    public boolean allowsHelper(int helperId) {
        return (l2 ? HelperSets.TC : HelperSets.SOCKET_FILTER).get(helperId);
    }

    /** {@code sk_filter_is_valid_access} / {@code tc_cls_act_is_valid_access}, roughly. */
    private static List<ContextField> fields(boolean tc) {
        List<ContextField> f = new ArrayList<>();
        f.add(ContextField.scalar("len", LEN, 4, false));
        f.add(ContextField.scalar("pkt_type", PKT_TYPE, 4, false));
        f.add(ContextField.scalar("mark", MARK, 4, tc));
        f.add(ContextField.scalar("queue_mapping", QUEUE_MAPPING, 4, tc));
        f.add(ContextField.scalar("protocol", PROTOCOL, 4, false));
        f.add(ContextField.scalar("vlan_present", VLAN_PRESENT, 4, false));
        f.add(ContextField.scalar("vlan_tci", VLAN_TCI, 4, false));
        f.add(ContextField.scalar("vlan_proto", VLAN_PROTO, 4, false));
        f.add(ContextField.scalar("priority", PRIORITY, 4, tc));
        f.add(ContextField.scalar("ingress_ifindex", INGRESS_IFINDEX, 4, false));
        f.add(ContextField.scalar("ifindex", IFINDEX, 4, false));
        f.add(ContextField.scalar("tc_index", TC_INDEX, 4, tc));
        for (int i = 0; i < 5; i++) f.add(ContextField.scalar("cb[" + i + "]", CB + 4 * i, 4, true));
        f.add(ContextField.scalar("hash", HASH, 4, false));
        f.add(new ContextField("tc_classid", TC_CLASSID, 4, tc, tc, ContextField.Kind.SCALAR));
        f.add(new ContextField("data", DATA, 4, tc, false, ContextField.Kind.PTR_TO_PACKET));
        f.add(new ContextField("data_end", DATA_END, 4, tc, false, ContextField.Kind.PTR_TO_PACKET_END));
        f.add(ContextField.scalar("napi_id", NAPI_ID, 4, false));
        f.add(new ContextField("data_meta", DATA_META, 4, tc, false, ContextField.Kind.PTR_TO_PACKET_META));
        f.add(new ContextField("tstamp", TSTAMP, 8, tc, tc, ContextField.Kind.SCALAR));
        f.add(new ContextField("wire_len", WIRE_LEN, 4, tc, false, ContextField.Kind.SCALAR));
        f.add(ContextField.scalar("gso_segs", GSO_SEGS, 4, false));
        f.add(new ContextField("sk", SK, 8, true, false, ContextField.Kind.PTR_TO_SOCK_COMMON_OR_NULL));
        f.add(ContextField.scalar("gso_size", GSO_SIZE, 4, false));
        f.add(new ContextField("hwtstamp", HWTSTAMP, 8, tc, false, ContextField.Kind.SCALAR));
        return List.copyOf(f);
    }

    @Override
    public PreparedRun prepare(SlotMemory mem, TestRunInput input) {
        byte[] data = input.data() == null ? new byte[0] : input.data();
        int size = data.length;
        if (size < ETH_HLEN || size > PAGE_SIZE - HEADROOM - TAILROOM) {
            throw new TestRunException(22, "bpf_test_init: the packet (" + size + " bytes) must have from 14 to "
                    + (PAGE_SIZE - HEADROOM - TAILROOM) + " bytes");
        }
        long bufferSize = align64(size) + HEADROOM + TAILROOM;
        TestRunLayout.requireRoom(mem, bufferSize, CTX_SIZE, "a socket buffer");
        byte[] ctxIn = input.ctx() == null ? null : Contexts.init(input.ctx(), CTX_SIZE);
        MemorySegment seg = mem.segment();
        long base = mem.baseAddress();
        long head = mem.packetAddress();
        TestRunLayout.zero(mem, head, bufferSize);
        TestRunLayout.copyIn(mem, head + HEADROOM, data);
        long mac = head + HEADROOM;

        // eth_type_trans (net/ethernet/eth.c) against the loopback device
        int protocol = ethTypeTrans(data);
        int pktType = pktType(data);
        long network = mac + ETH_HLEN;
        long skbData = l2 ? mac : network; // tc: __skb_push(skb, hh_len)
        int len = l2 ? size : size - ETH_HLEN;

        long ctx = mem.ctxAddress();
        TestRunLayout.zero(mem, ctx, CTX_SIZE);
        ByteBuffer c = ctxIn == null ? null : ByteBuffer.wrap(ctxIn).order(ByteOrder.LITTLE_ENDIAN);
        long wireLen = len;
        if (c != null) {
            checkZero(ctxIn, 0, MARK);
            checkZero(ctxIn, MARK + 4, PRIORITY);
            checkZero(ctxIn, IFINDEX + 4, CB);
            checkZero(ctxIn, CB + 20, TSTAMP);
            checkZero(ctxIn, GSO_SEGS + 4, GSO_SIZE);
            checkZero(ctxIn, GSO_SIZE + 4, HWTSTAMP);
            int ifindex = c.getInt(IFINDEX);
            if (Integer.compareUnsigned(ifindex, 1) > 0) {
                throw new TestRunException(19, "bpf_prog_test_run_skb: no device with ifindex " + Integer.toUnsignedString(ifindex)
                        + " (the runtime has only the loopback device, ifindex 1)");
            }
            long wl = Integer.toUnsignedLong(c.getInt(WIRE_LEN));
            if (wl != 0) {
                if (wl < len || wl > 65536) {
                    throw new TestRunException(22, "convert___skb_to_skb: wire_len " + wl + " must be 0 or from len ("
                            + len + ") to GSO_LEGACY_MAX_SIZE (65536)");
                }
                wireLen = wl;
            }
            if (Integer.toUnsignedLong(c.getInt(GSO_SEGS)) > 65535) {
                throw new TestRunException(22, "convert___skb_to_skb: gso_segs exceeds GSO_MAX_SEGS (65535)");
            }
            seg.set(U32, ctx + MARK - base, c.getInt(MARK));
            seg.set(U32, ctx + PRIORITY - base, c.getInt(PRIORITY));
            seg.set(U32, ctx + INGRESS_IFINDEX - base, c.getInt(INGRESS_IFINDEX));
            for (int i = 0; i < 5; i++) seg.set(U32, ctx + CB + 4L * i - base, c.getInt(CB + 4 * i));
            seg.set(U64, ctx + TSTAMP - base, c.getLong(TSTAMP));
            seg.set(U32, ctx + GSO_SEGS - base, c.getInt(GSO_SEGS));
            seg.set(U32, ctx + GSO_SIZE - base, c.getInt(GSO_SIZE));
            seg.set(U64, ctx + HWTSTAMP - base, c.getLong(HWTSTAMP));
        }
        seg.set(U32, ctx + PKT_TYPE - base, pktType);
        seg.set(U32, ctx + PROTOCOL - base, protocol);
        seg.set(U32, ctx + IFINDEX - base, LOOPBACK_IFINDEX);
        seg.set(U32, ctx + WIRE_LEN - base, (int) wireLen);
        socketFields(seg, ctx - base, data, protocol);
        SkBuff skb = new SkBuff(seg, base, ctx, head, head + align64(size) + HEADROOM, skbData, len, mac, network, l2);
        final ByteBuffer ctxTemplate = c;
        // the input bounds are the skb's at the start; legacy packet loads read the live skb (SkBuff)
        return new TestRunLayout.Run(ctx, 0, skb, skb.data(), skb.len(), r0 -> {
            long outStart = skb.data();
            int outLen = skb.len();
            if (!l2) {
                // memset(__skb_push(skb, hh_len), 0, hh_len): the MAC header comes back as zeros
                outStart -= ETH_HLEN;
                outLen += ETH_HLEN;
                if (outStart < skb.head()) {
                    throw new TestRunException(12, "bpf_prog_test_run_skb: no headroom left for the MAC header");
                }
                TestRunLayout.zero(mem, outStart, ETH_HLEN);
            }
            byte[] out = TestRunLayout.copyOut(mem, outStart, outLen);
            byte[] ctxOut = null;
            if (ctxTemplate != null) {
                // convert_skb_to___skb
                ByteBuffer o = ByteBuffer.wrap(ctxTemplate.array().clone()).order(ByteOrder.LITTLE_ENDIAN);
                o.putInt(MARK, seg.get(U32, ctx + MARK - base));
                o.putInt(PRIORITY, seg.get(U32, ctx + PRIORITY - base));
                o.putInt(INGRESS_IFINDEX, seg.get(U32, ctx + INGRESS_IFINDEX - base));
                o.putInt(IFINDEX, LOOPBACK_IFINDEX);
                o.putLong(TSTAMP, seg.get(U64, ctx + TSTAMP - base));
                for (int i = 0; i < 5; i++) o.putInt(CB + 4 * i, seg.get(U32, ctx + CB + 4L * i - base));
                o.putInt(WIRE_LEN, seg.get(U32, ctx + WIRE_LEN - base));
                o.putInt(GSO_SEGS, seg.get(U32, ctx + GSO_SEGS - base));
                o.putLong(HWTSTAMP, seg.get(U64, ctx + HWTSTAMP - base));
                ctxOut = o.array();
            }
            return new TestRunOutput(r0 & 0xffff_ffffL, out, ctxOut);
        });
    }

    private static long align64(long n) {
        return (n + 63) & -64L; // SKB_DATA_ALIGN on a 64-byte cache line
    }

    private static void checkZero(byte[] ctx, int from, int to) {
        for (int i = from; i < to; i++) {
            if (ctx[i] != 0) {
                throw new TestRunException(22, "convert___skb_to_skb: __sk_buff byte " + i + " is not zero; a test run"
                        + " accepts only mark, priority, ingress_ifindex, ifindex, cb, tstamp, wire_len, gso_segs,"
                        + " gso_size and hwtstamp");
            }
        }
    }

    /** {@code eth_type_trans}'s protocol, as the kernel stores it (network order) in the low 16 bits. */
    static int ethTypeTrans(byte[] frame) {
        int proto = (frame[12] & 0xff) << 8 | (frame[13] & 0xff);
        if (proto >= 0x0600) return Short.reverseBytes((short) proto) & 0xffff; // eth_proto_is_802_3
        // raw 802.3: a payload starting ff ff is IPX without 802.2 (ETH_P_802_3), else ETH_P_802_2
        boolean raw = frame.length >= 16 && (frame[14] & 0xff) == 0xff && (frame[15] & 0xff) == 0xff;
        return Short.reverseBytes((short) (raw ? 0x0001 : 0x0004)) & 0xffff;
    }

    /** {@code eth_skb_pkt_type} against the loopback device, whose address and "broadcast" are all zero. */
    static int pktType(byte[] frame) {
        boolean zero = true;
        for (int i = 0; i < 6; i++) zero &= frame[i] == 0;
        if (zero) return 0; // PACKET_HOST
        return (frame[0] & 1) != 0 ? 2 : 3; // PACKET_MULTICAST (the device's broadcast is 00:..:00) : PACKET_OTHERHOST
    }

    /** The dummy socket of the test run: family and addresses from an IPv4 or IPv6 header. */
    private static void socketFields(MemorySegment seg, long ctxOff, byte[] frame, int protocol) {
        int headlen = frame.length - ETH_HLEN;
        if (protocol == 0x0008) { // htons(ETH_P_IP)
            seg.set(U32, ctxOff + FAMILY, 2); // AF_INET
            if (headlen >= 20) {
                seg.set(ValueLayout.JAVA_INT_UNALIGNED, ctxOff + LOCAL_IP4, readNative(frame, ETH_HLEN + 12));
                seg.set(ValueLayout.JAVA_INT_UNALIGNED, ctxOff + REMOTE_IP4, readNative(frame, ETH_HLEN + 16));
            }
        } else if (protocol == 0xdd86) { // htons(ETH_P_IPV6)
            seg.set(U32, ctxOff + FAMILY, 10); // AF_INET6
            if (headlen >= 40) {
                for (int i = 0; i < 4; i++) {
                    seg.set(ValueLayout.JAVA_INT_UNALIGNED, ctxOff + LOCAL_IP6 + 4L * i, readNative(frame, ETH_HLEN + 8 + 4 * i));
                    seg.set(ValueLayout.JAVA_INT_UNALIGNED, ctxOff + REMOTE_IP6 + 4L * i, readNative(frame, ETH_HLEN + 24 + 4 * i));
                }
            }
        }
    }

    /** Four bytes as the kernel copies them: memory order kept (network order stays network order). */
    private static int readNative(byte[] b, int off) {
        return ByteBuffer.wrap(b, off, 4).order(ByteOrder.nativeOrder()).getInt();
    }
}
