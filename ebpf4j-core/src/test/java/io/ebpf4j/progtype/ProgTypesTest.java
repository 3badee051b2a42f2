package io.ebpf4j.progtype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.helpers.HelperIds;
import io.ebpf4j.object.ProgramType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Context layouts (include/uapi/linux/bpf.h), helper lists and test-run input rules. */
class ProgTypesTest {

    static final class Slot implements SlotMemory {
        final Arena arena = Arena.ofConfined();
        final MemorySegment seg = arena.allocate(16384, 4096);

        public MemorySegment segment() { return seg; }
        public long baseAddress() { return 0x1000_0000L; }
        public long ctxAddress() { return 0x1000_0000L; }
        public int ctxCapacity() { return 4096; }
        public long packetAddress() { return 0x1000_1000L; }
        public int packetCapacity() { return 8192; }
    }

    @Test
    void skBuffFieldsSitAtTheUapiOffsets() {
        ProgTypeOps tc = ProgTypes.byName("tc").orElseThrow();
        assertEquals(192, tc.contextSize());
        var f = tc.contextFields().stream().collect(java.util.stream.Collectors.toMap(ContextField::name, ContextField::offset));
        assertEquals(0, f.get("len"));
        assertEquals(16, f.get("protocol"));
        assertEquals(48, f.get("cb[0]"));
        assertEquals(76, f.get("data"));
        assertEquals(80, f.get("data_end"));
        assertEquals(140, f.get("data_meta"));
        assertEquals(152, f.get("tstamp"));
        assertEquals(160, f.get("wire_len"));
        assertEquals(184, f.get("hwtstamp"));
        assertEquals(24, ProgTypes.of(ProgramType.XDP).orElseThrow().contextSize());
    }

    @Test
    void helperListsFollowTheKernelsFuncProtos() {
        ProgTypeOps xdp = ProgTypes.of(ProgramType.XDP).orElseThrow();
        ProgTypeOps socket = ProgTypes.byName("socket").orElseThrow();
        ProgTypeOps tc = ProgTypes.byName("sched_cls").orElseThrow();
        ProgTypeOps syscall = ProgTypes.byName("syscall").orElseThrow();
        assertTrue(xdp.allowsHelper(HelperIds.XDP_ADJUST_HEAD));
        assertFalse(tc.allowsHelper(HelperIds.XDP_ADJUST_HEAD));
        assertTrue(tc.allowsHelper(HelperIds.SKB_STORE_BYTES));
        assertFalse(socket.allowsHelper(HelperIds.SKB_STORE_BYTES));
        assertTrue(socket.allowsHelper(HelperIds.SKB_LOAD_BYTES));
        assertFalse(xdp.allowsHelper(HelperIds.GET_CURRENT_PID_TGID));
        assertTrue(syscall.allowsHelper(HelperIds.GET_CURRENT_PID_TGID));
        for (ProgTypeOps t : ProgTypes.all()) assertTrue(t.allowsHelper(HelperIds.MAP_LOOKUP_ELEM), t.name());
    }

    @Test
    void ethTypeTransAgainstTheLoopbackDevice() {
        byte[] f = new byte[60];
        f[12] = 0x08;
        assertEquals(0x0008, SkbOps.ethTypeTrans(f));
        f[12] = 0x00;
        f[13] = 0x40; // an 802.3 length
        assertEquals(0x0400, SkbOps.ethTypeTrans(f));
        assertEquals(0, SkbOps.pktType(f)); // 00:00:00:00:00:00 is the device's own address
        f[0] = (byte) 0xff;
        assertEquals(2, SkbOps.pktType(f)); // multicast, even ff:ff:ff:ff:ff:ff
        f[0] = 0x02;
        assertEquals(3, SkbOps.pktType(f));
    }

    @Test
    void xdpTestRunsRefuseWhatTheKernelRefuses() {
        ProgTypeOps xdp = ProgTypes.of(ProgramType.XDP).orElseThrow();
        Slot s = new Slot();
        assertEquals(22, assertThrows(TestRunException.class, () -> xdp.prepare(s, new TestRunInput(new byte[13], null, 1))).errno());
        assertEquals(95, assertThrows(TestRunException.class, () -> xdp.prepare(s, new TestRunInput(new byte[3521], null, 1))).errno());
        PreparedRun r = xdp.prepare(s, new TestRunInput(new byte[3520], null, 1));
        // data at XDP_PACKET_HEADROOM, data_end after the packet, data_meta == data
        var ctx = s.seg.asSlice(0, 24);
        var u32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x1000_1000 + 256, ctx.get(u32, 0));
        assertEquals(0x1000_1000 + 256 + 3520, ctx.get(u32, 4));
        assertEquals(0x1000_1000 + 256, ctx.get(u32, 8));
        assertEquals(1, ctx.get(u32, 12)); // ingress_ifindex: loopback
        assertEquals(3520, r.finish(0).dataOut().length);
        // ctx_in: data_end must equal the packet size, egress_ifindex must be 0
        byte[] md = new byte[24];
        assertEquals(22, assertThrows(TestRunException.class, () -> xdp.prepare(s, new TestRunInput(new byte[64], md, 1))).errno());
    }

    @Test
    void skbContextInAcceptsOnlyTheTestRunsFields() {
        ProgTypeOps tc = ProgTypes.byName("tc").orElseThrow();
        Slot s = new Slot();
        byte[] ctx = new byte[192];
        ctx[4] = 1; // pkt_type may not be set
        assertEquals(22, assertThrows(TestRunException.class, () -> tc.prepare(s, new TestRunInput(new byte[64], ctx, 1))).errno());
        byte[] ok = new byte[192];
        ok[8] = 0x34; // mark
        ok[48] = 1;   // cb[0]
        PreparedRun r = tc.prepare(s, new TestRunInput(new byte[64], ok, 1));
        byte[] out = r.finish(0).ctxOut();
        assertEquals(0x34, out[8]);
        assertEquals(1, out[40]); // ifindex written back: loopback
        assertEquals(64, out[160]); // wire_len defaults to len
    }
}
