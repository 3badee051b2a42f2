package io.ebpf4j.helpers;

import io.ebpf4j.maps.Errno;
import io.ebpf4j.object.ProgramType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Packet helpers of net/core/filter.c over the run's {@link XdpBuff} or {@link SkBuff}: each
 * follows its kernel function's checks in the kernel's order and returns its errno.
 */
final class PacketHelpers {
    private PacketHelpers() {}

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final int ETH_HLEN = 14;
    static final int ENOTSUPP = 524, EACCES = 13;

    static XdpBuff xdp(HelperContext ctx) {
        if (ctx.packet() instanceof XdpBuff x) return x;
        throw new HelperException("the program has no XDP frame (not an XDP program run)");
    }

    static SkBuff skb(HelperContext ctx) {
        if (ctx.packet() instanceof SkBuff s) return s;
        throw new HelperException("the program has no socket buffer (not a socket filter or tc run)");
    }

    /** {@code xdp_metalen_invalid}: not a multiple of 4, or more than {@code skb_shared_info.meta_len} (u8) can hold. */
    static boolean metalenInvalid(long metalen) {
        return (metalen & 3) != 0 || metalen > 255;
    }

    /** {@code bpf_xdp_adjust_head}. */
    static long xdpAdjustHead(HelperContext ctx, long offsetArg) {
        XdpBuff x = xdp(ctx);
        int offset = (int) offsetArg;
        long frameEnd = x.hardStart() + XdpBuff.XDP_FRAME_SIZE;
        long metalen = x.metaLength();
        long dataStart = frameEnd + metalen;
        long data = x.data() + offset;
        if (data < dataStart || data > x.dataEnd() - ETH_HLEN) return -Errno.EINVAL;
        if (metalen != 0) {
            MemorySegment m = x.segment();
            long b = x.baseAddress();
            MemorySegment.copy(m, x.dataMeta() - b, m, x.dataMeta() + offset - b, metalen);
        }
        x.set(x.dataMeta() + offset, data, x.dataEnd());
        return 0;
    }

    /** {@code bpf_xdp_adjust_meta}. */
    static long xdpAdjustMeta(HelperContext ctx, long offsetArg) {
        XdpBuff x = xdp(ctx);
        int offset = (int) offsetArg;
        long frameEnd = x.hardStart() + XdpBuff.XDP_FRAME_SIZE;
        long meta = x.dataMeta() + offset;
        long metalen = x.data() - meta;
        if (x.metaUnsupported()) return -ENOTSUPP;
        if (meta < frameEnd || meta > x.data()) return -Errno.EINVAL;
        if (metalenInvalid(metalen)) return -EACCES;
        x.set(meta, x.data(), x.dataEnd());
        return 0;
    }

    /** {@code bpf_xdp_adjust_tail} of a linear frame: grown bytes are zeroed. */
    static long xdpAdjustTail(HelperContext ctx, long offsetArg) {
        XdpBuff x = xdp(ctx);
        int offset = (int) offsetArg;
        long dataEnd = x.dataEnd() + offset;
        if (dataEnd > x.dataHardEnd()) return -Errno.EINVAL;
        if (dataEnd < x.data() + ETH_HLEN) return -Errno.EINVAL;
        if (offset > 0) x.segment().asSlice(x.dataEnd() - x.baseAddress(), offset).fill((byte) 0);
        x.set(x.dataMeta(), x.data(), dataEnd);
        return 0;
    }

    /** {@code bpf_xdp_get_buff_len}: linear length (no frags). */
    static long xdpGetBuffLen(HelperContext ctx) {
        XdpBuff x = xdp(ctx);
        return x.dataEnd() - x.data();
    }

    /** {@code bpf_xdp_load_bytes}/{@code bpf_xdp_store_bytes} via {@code bpf_xdp_pointer}. */
    static long xdpCopy(HelperContext ctx, long offsetArg, long buf, long lenArg, boolean store) {
        XdpBuff x = xdp(ctx);
        long offset = offsetArg & 0xffff_ffffL, len = lenArg & 0xffff_ffffL;
        if (offset > 0xffff || len > 0xffff) return -Errno.EFAULT;
        if (offset + len > x.dataEnd() - x.data()) return -Errno.EINVAL;
        MemorySegment pkt = x.segment().asSlice(x.data() + offset - x.baseAddress(), len);
        if (store) pkt.copyFrom(ctx.slice(buf, len));
        else ctx.writableSlice(buf, len).copyFrom(pkt);
        return 0;
    }

    /** {@code bpf_skb_load_bytes}: on failure the destination is zeroed and -EFAULT returned. */
    static long skbLoadBytes(HelperContext ctx, long offsetArg, long to, long lenArg) {
        SkBuff s = skb(ctx);
        long offset = offsetArg & 0xffff_ffffL, len = lenArg & 0xffff_ffffL;
        MemorySegment out = ctx.writableSlice(to, len);
        // offset > INT_MAX, then skb_header_pointer: the bytes must lie within skb->len
        if (offset > Integer.MAX_VALUE || offset + len > s.len()) {
            out.fill((byte) 0);
            return -Errno.EFAULT;
        }
        out.copyFrom(s.segment().asSlice(s.data() + offset - s.baseAddress(), len));
        return 0;
    }

    /** {@code bpf_skb_load_bytes_relative}: relative to the MAC (0) or network (1) header, within the tail. */
    static long skbLoadBytesRelative(HelperContext ctx, long offsetArg, long to, long lenArg, long startHeader) {
        SkBuff s = skb(ctx);
        long offset = offsetArg & 0xffff_ffffL, len = lenArg & 0xffff_ffffL;
        MemorySegment out = ctx.writableSlice(to, len);
        long start = switch ((int) startHeader) {
            case 0 -> s.macHeader();
            case 1 -> s.networkHeader();
            default -> -1;
        };
        if (offset > 0xffff || start < 0 || start + offset + len > s.tail() || startHeader >>> 32 != 0) {
            out.fill((byte) 0);
            return -Errno.EFAULT;
        }
        out.copyFrom(s.segment().asSlice(start + offset - s.baseAddress(), len));
        return 0;
    }

    /** {@code BPF_F_RECOMPUTE_CSUM}, {@code BPF_F_INVALIDATE_HASH}. */
    static final long BPF_F_RECOMPUTE_CSUM = 1, BPF_F_INVALIDATE_HASH = 2;

    /**
     * {@code bpf_skb_store_bytes}: the write must lie within {@code skb->len}
     * ({@code bpf_try_make_writable}, -EFAULT); the skb is {@code CHECKSUM_NONE} in a test run, so
     * {@code BPF_F_RECOMPUTE_CSUM} has nothing to update.
     */
    static long skbStoreBytes(HelperContext ctx, long offsetArg, long from, long lenArg, long flags) {
        SkBuff s = skb(ctx);
        long offset = offsetArg & 0xffff_ffffL, len = lenArg & 0xffff_ffffL;
        if ((flags & ~(BPF_F_RECOMPUTE_CSUM | BPF_F_INVALIDATE_HASH)) != 0) return -Errno.EINVAL;
        if (offset > Integer.MAX_VALUE) return -Errno.EFAULT;
        if (((offset + len) & 0xffff_ffffL) > s.len()) return -Errno.EFAULT;
        MemorySegment src = ctx.slice(from, len);
        s.segment().asSlice(s.data() + offset - s.baseAddress(), len).copyFrom(src);
        return 0;
    }

    static final long BPF_F_HDR_FIELD_MASK = 0xf, BPF_F_PSEUDO_HDR = 1 << 4, BPF_F_MARK_MANGLED_0 = 1 << 5,
            BPF_F_MARK_ENFORCE = 1 << 6, BPF_F_IPV6 = 1 << 7;

    /** The 16-bit checksum field at {@code offset} of an skb ({@code offset > 0xffff || offset & 1} is -EFAULT). */
    private static long checksumAt(SkBuff s, long offset) {
        if (offset > 0xffff || (offset & 1) != 0) return -1;
        if (offset + 2 > s.len()) return -1; // bpf_try_make_writable
        return s.data() + offset - s.baseAddress();
    }

    /** {@code bpf_l3_csum_replace}. */
    static long l3CsumReplace(HelperContext ctx, long offsetArg, long from, long to, long flags) {
        SkBuff s = skb(ctx);
        if ((flags & ~BPF_F_HDR_FIELD_MASK) != 0) return -Errno.EINVAL;
        long at = checksumAt(s, offsetArg & 0xffff_ffffL);
        if (at < 0) return -Errno.EFAULT;
        MemorySegment m = s.segment();
        int sum = m.get(U16, at) & 0xffff;
        int result;
        switch ((int) (flags & BPF_F_HDR_FIELD_MASK)) {
            case 0 -> {
                if (from != 0) return -Errno.EINVAL;
                result = Checksums.csumReplaceByDiff(sum, (int) to);
            }
            case 2 -> result = Checksums.csumReplace2(sum, (int) from & 0xffff, (int) to & 0xffff);
            case 4 -> result = Checksums.csumReplace4(sum, (int) from, (int) to);
            default -> {
                return -Errno.EINVAL;
            }
        }
        m.set(U16, at, (short) result);
        return 0;
    }

    /**
     * {@code bpf_l4_csum_replace}: the test run's skb is {@code CHECKSUM_NONE}, so
     * {@code inet_proto_csum_replace*} update the field itself whatever {@code BPF_F_PSEUDO_HDR} says.
     */
    static long l4CsumReplace(HelperContext ctx, long offsetArg, long from, long to, long flags) {
        SkBuff s = skb(ctx);
        boolean mmzero = (flags & BPF_F_MARK_MANGLED_0) != 0, mforce = (flags & BPF_F_MARK_ENFORCE) != 0;
        if ((flags & ~(BPF_F_MARK_MANGLED_0 | BPF_F_MARK_ENFORCE | BPF_F_PSEUDO_HDR | BPF_F_HDR_FIELD_MASK | BPF_F_IPV6)) != 0) {
            return -Errno.EINVAL;
        }
        long at = checksumAt(s, offsetArg & 0xffff_ffffL);
        if (at < 0) return -Errno.EFAULT;
        MemorySegment m = s.segment();
        int sum = m.get(U16, at) & 0xffff;
        if (mmzero && !mforce && sum == 0) return 0;
        int result;
        switch ((int) (flags & BPF_F_HDR_FIELD_MASK)) {
            case 0 -> {
                if (from != 0) return -Errno.EINVAL;
                result = Checksums.csumFold(Checksums.csumAdd((int) to, ~Checksums.csumUnfold(sum)));
            }
            case 2 -> result = Checksums.inetProtoCsumReplace4(sum, (int) from & 0xffff, (int) to & 0xffff);
            case 4 -> result = Checksums.inetProtoCsumReplace4(sum, (int) from, (int) to);
            default -> {
                return -Errno.EINVAL;
            }
        }
        if (mmzero && result == 0) result = 0xffff; // CSUM_MANGLED_0
        m.set(U16, at, (short) result);
        return 0;
    }

    /**
     * {@code bpf_csum_diff} as since Linux 6.13 ("optimize and homogenize for all archs"): the
     * folded-to-16-bit difference {@code csum_partial(to, seed) - csum_partial(from, 0)}, or for one
     * side only {@code csum_partial(to, to_size, seed)} / {@code ~csum_partial(from, from_size, ~seed)};
     * the seed itself when both sizes are 0.
     */
    static long csumDiff(HelperContext ctx, long from, long fromSizeArg, long to, long toSizeArg, long seedArg) {
        int fromSize = (int) fromSizeArg, toSize = (int) toSizeArg, seed = (int) seedArg;
        MemorySegment m = ctx.segment();
        long b = ctx.baseAddress();
        if (fromSize != 0) ctx.slice(from, Integer.toUnsignedLong(fromSize));
        if (toSize != 0) ctx.slice(to, Integer.toUnsignedLong(toSize));
        if (fromSize != 0 && toSize != 0) {
            return Checksums.csumFrom32to16(Checksums.csumSub(Checksums.csumPartial(m, to - b, toSize, seed),
                    Checksums.csumPartial(m, from - b, fromSize, 0)));
        }
        if (toSize != 0) return Checksums.csumFrom32to16(Checksums.csumPartial(m, to - b, toSize, seed));
        if (fromSize != 0) return Checksums.csumFrom32to16(~Checksums.csumPartial(m, from - b, fromSize, ~seed));
        return seedArg & 0xffff_ffffL;
    }

    static final int XDP_ABORTED = 0, XDP_REDIRECT = 4, TC_ACT_SHOT = 2, TC_ACT_REDIRECT = 7;
    static final long BPF_F_INGRESS = 1;

    /** {@code bpf_redirect} (tc) and {@code bpf_xdp_redirect} (XDP): recorded, as there are no devices. */
    static long redirect(HelperContext ctx, long ifindex, long flags) {
        long target = ifindex & 0xffff_ffffL;
        if (ctx.programType() == ProgramType.XDP) {
            if (flags != 0) return XDP_ABORTED;
            ctx.redirect(new Redirect("bpf_redirect", target, flags, null));
            return XDP_REDIRECT;
        }
        if ((flags & ~BPF_F_INGRESS) != 0) return TC_ACT_SHOT;
        ctx.redirect(new Redirect("bpf_redirect", target, flags, null));
        return TC_ACT_REDIRECT;
    }
}
