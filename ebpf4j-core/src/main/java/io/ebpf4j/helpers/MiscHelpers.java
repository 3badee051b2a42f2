package io.ebpf4j.helpers;

import io.ebpf4j.maps.Errno;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Task, string and printf helpers (kernel/bpf/helpers.c, kernel/trace/bpf_trace.c). */
final class MiscHelpers {
    private MiscHelpers() {}

    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The u64 layout of the program's memory (the result slots of strtol and the argument arrays of snprintf are CPU-order u64). */
    private static ValueLayout.OfLong u64(HelperContext ctx) {
        return ctx.byteOrder() == ByteOrder.BIG_ENDIAN ? U64.withOrder(ByteOrder.BIG_ENDIAN) : U64;
    }
    /** {@code MAX_TRACE_PRINTK_VARARGS}. */
    static final int MAX_TRACE_PRINTK_VARARGS = 3;

    /** {@code bpf_get_current_comm}: {@code strscpy_pad(buf, task->comm, size)}. */
    static long currentComm(HelperContext ctx, long buf, long sizeArg) {
        long size = sizeArg & 0xffff_ffffL;
        MemorySegment out = ctx.writableSlice(buf, size);
        byte[] comm = ctx.environment().task().commBytes();
        out.fill((byte) 0);
        int n = (int) Math.min(size - 1, strlen(comm));
        MemorySegment.copy(comm, 0, out, ValueLayout.JAVA_BYTE, 0, Math.max(n, 0));
        return 0;
    }

    private static int strlen(byte[] b) {
        int i = 0;
        while (i < b.length && b[i] != 0) i++;
        return i;
    }

    /** The bytes at {@code fmt} up to its NUL within {@code size} bytes, or null without one ({@code strnchr}). */
    private static byte[] cString(HelperContext ctx, long fmt, long size) {
        byte[] b = ctx.read(fmt, (int) size);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) return java.util.Arrays.copyOf(b, i);
        }
        return null;
    }

    /** A NUL-terminated string at {@code addr} ({@code ARG_PTR_TO_CONST_STR}). */
    private static byte[] constString(HelperContext ctx, long addr) {
        MemorySegment m = ctx.segment();
        long b = ctx.baseAddress();
        for (long i = 0; ; i++) {
            if (!ctx.inArena(addr + i, 1)) throw new HelperException(String.format("the string at 0x%x has no NUL in the arena", addr));
            if (m.get(ValueLayout.JAVA_BYTE, addr + i - b) == 0) return ctx.read(addr, (int) i);
        }
    }

    /** {@code bpf_trace_printk}: three arguments; returns the formatted length (without the NUL). */
    static long tracePrintk(HelperContext ctx, long fmt, long fmtSize, long a1, long a2, long a3) {
        byte[] f = cString(ctx, fmt, fmtSize & 0xffff_ffffL);
        if (f == null) return -Errno.EINVAL;
        Bprintf.Result r = Bprintf.format(ctx, f, new long[] {a1, a2, a3}, MAX_TRACE_PRINTK_VARARGS);
        return emitTrace(ctx, r);
    }

    /** {@code bpf_trace_vprintk}: arguments as an array of u64, {@code data_len} a multiple of 8 up to 96. */
    static long traceVprintk(HelperContext ctx, long fmt, long fmtSize, long args, long dataLenArg) {
        long dataLen = dataLenArg & 0xffff_ffffL;
        if ((dataLen & 7) != 0 || dataLen > Bprintf.MAX_VARARGS * 8L || (dataLen != 0 && args == 0)) return -Errno.EINVAL;
        byte[] f = cString(ctx, fmt, fmtSize & 0xffff_ffffL);
        if (f == null) return -Errno.EINVAL;
        Bprintf.Result r = Bprintf.format(ctx, f, u64s(ctx, args, (int) (dataLen / 8)), (int) (dataLen / 8));
        return emitTrace(ctx, r);
    }

    private static long emitTrace(HelperContext ctx, Bprintf.Result r) {
        if (r.error() != 0) return r.error();
        byte[] text = r.text();
        // bstr_printf into the MAX_BPRINTF_BUF buffer: the text is cut there, the count is not
        int shown = Math.min(text.length, Bprintf.MAX_BPRINTF_BUF - 1);
        int nul = 0;
        while (nul < shown && text[nul] != 0) nul++;
        ctx.trace(new String(text, 0, nul, StandardCharsets.ISO_8859_1));
        return text.length;
    }

    private static long[] u64s(HelperContext ctx, long addr, int n) {
        long[] out = new long[Bprintf.MAX_VARARGS];
        if (n == 0) return out;
        MemorySegment s = ctx.slice(addr, n * 8L);
        ValueLayout.OfLong u64 = u64(ctx);
        for (int i = 0; i < n; i++) out[i] = s.get(u64, 8L * i);
        return out;
    }

    /** {@code bpf_snprintf}: writes at most {@code str_size - 1} bytes and a NUL; returns the full length plus 1. */
    static long snprintf(HelperContext ctx, long str, long strSizeArg, long fmt, long args, long dataLenArg) {
        long dataLen = dataLenArg & 0xffff_ffffL, strSize = strSizeArg & 0xffff_ffffL;
        if ((dataLen & 7) != 0 || dataLen > Bprintf.MAX_VARARGS * 8L || (dataLen != 0 && args == 0)) return -Errno.EINVAL;
        byte[] f = constString(ctx, fmt);
        Bprintf.Result r = Bprintf.format(ctx, f, u64s(ctx, args, (int) (dataLen / 8)), (int) (dataLen / 8));
        if (r.error() != 0) return r.error();
        byte[] text = r.text();
        if (strSize > 0) {
            MemorySegment out = ctx.writableSlice(str, strSize);
            int n = (int) Math.min(text.length, strSize - 1);
            MemorySegment.copy(text, 0, out, ValueLayout.JAVA_BYTE, 0, n);
            out.set(ValueLayout.JAVA_BYTE, n, (byte) 0);
        }
        return text.length + 1;
    }

    // ------------------------------------------------------------------ strtol, strtoul, strncmp

    static final int KSTRTOX_OVERFLOW = 1 << 31;
    static final long BPF_STRTOX_BASE_MASK = 0x1f;

    /** {@code __bpf_strtoull}: consumed characters or -errno; {@code out[0]} the value, {@code out[1]} 1 if negative. */
    static int strtoull(byte[] buf, long flags, long[] out) {
        int base = (int) (flags & BPF_STRTOX_BASE_MASK);
        if (buf.length == 0) return -Errno.EINVAL;
        if (base != 0 && base != 8 && base != 10 && base != 16) return -Errno.EINVAL;
        if ((flags & ~BPF_STRTOX_BASE_MASK) != 0) return -Errno.EINVAL;
        int cur = 0;
        while (cur < buf.length && Bprintf.isSpace(buf[cur] & 0xff)) cur++;
        boolean negative = cur < buf.length && buf[cur] == '-';
        if (negative) cur++;
        int consumed = cur;
        int curLen = buf.length - consumed;
        if (curLen == 0) return -Errno.EINVAL;
        curLen = Math.min(curLen, 63);
        byte[] str = new byte[curLen + 1];
        System.arraycopy(buf, consumed, str, 0, curLen);
        // _parse_integer_fixup_radix
        int s = 0;
        if (base == 0) {
            if (str[0] == '0') base = (lower(str[1]) == 'x' && isXdigit(str[2])) ? 16 : 8;
            else base = 10;
        }
        if (base == 16 && str[0] == '0' && lower(str[1]) == 'x') s += 2;
        // _parse_integer
        long res = 0;
        int rv = 0;
        for (int i = s; ; i++) {
            int c = str[i] & 0xff;
            int lc = lower(str[i]);
            int val;
            if (c >= '0' && c <= '9') val = c - '0';
            else if (lc >= 'a' && lc <= 'f') val = lc - 'a' + 10;
            else break;
            if (val >= base) break;
            if ((res & (~0L << 60)) != 0) {
                if (Long.compareUnsigned(res, Long.divideUnsigned(-1L - val, base)) > 0) rv |= KSTRTOX_OVERFLOW;
            }
            res = res * base + val;
            rv++;
        }
        if ((rv & KSTRTOX_OVERFLOW) != 0) return -Errno.ERANGE;
        if (rv == 0) return -Errno.EINVAL;
        out[0] = res;
        out[1] = negative ? 1 : 0;
        return consumed + s + rv;
    }

    private static int lower(byte b) {
        int c = b & 0xff;
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private static boolean isXdigit(byte b) {
        int c = lower(b);
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    /** {@code bpf_strtol}: {@code *res} is 0 on failure. */
    static long strtol(HelperContext ctx, long buf, long bufLen, long flags, long res) {
        MemorySegment out = resultSlot(ctx, res);
        out.set(u64(ctx), 0, 0L);
        long[] v = new long[2];
        int err = strtoull(ctx.read(buf, (int) (bufLen & 0xffff_ffffL)), flags, v);
        if (err < 0) return err;
        long r;
        if (v[1] != 0) {
            if (-v[0] > 0) return -Errno.ERANGE;
            r = -v[0];
        } else {
            if (v[0] < 0) return -Errno.ERANGE;
            r = v[0];
        }
        out.set(u64(ctx), 0, r);
        return err;
    }

    /** {@code bpf_strtoul}: a negative number is -EINVAL. */
    static long strtoul(HelperContext ctx, long buf, long bufLen, long flags, long res) {
        MemorySegment out = resultSlot(ctx, res);
        out.set(u64(ctx), 0, 0L);
        long[] v = new long[2];
        int err = strtoull(ctx.read(buf, (int) (bufLen & 0xffff_ffffL)), flags, v);
        if (err < 0) return err;
        if (v[1] != 0) return -Errno.EINVAL;
        out.set(u64(ctx), 0, v[0]);
        return err;
    }

    private static MemorySegment resultSlot(HelperContext ctx, long res) {
        if ((res & 7) != 0) throw new HelperException(String.format("the result pointer 0x%x is not 8-byte aligned (MEM_ALIGNED)", res));
        return ctx.writableSlice(res, 8);
    }

    /** {@code bpf_strncmp}: {@code strncmp(s1, s2, s1_sz)}: -1, 0 or 1 as the kernel's lib/string.c returns. */
    static long strncmp(HelperContext ctx, long s1, long s1Size, long s2) {
        long n = s1Size & 0xffff_ffffL;
        byte[] a = ctx.read(s1, (int) n);
        byte[] b = constString(ctx, s2);
        for (int i = 0; i < n; i++) {
            int c1 = a[i] & 0xff, c2 = i < b.length ? b[i] & 0xff : 0;
            if (c1 != c2) return c1 < c2 ? -1 : 1;
            if (c1 == 0) break;
        }
        return 0;
    }
}
