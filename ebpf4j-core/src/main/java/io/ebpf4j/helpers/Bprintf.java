package io.ebpf4j.helpers;

import io.ebpf4j.maps.Errno;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's printf for BPF programs: {@code bpf_bprintf_prepare} (kernel/bpf/helpers.c) checks
 * the format and copies the arguments, {@code bstr_printf} (lib/vsprintf.c) formats them. Used
 * by {@code bpf_trace_printk}, {@code bpf_trace_vprintk} and {@code bpf_snprintf}.
 *
 * <p>What the format may hold ({@code bpf_bprintf_prepare}): printable ASCII and white space;
 * {@code %%}; conversions with optional flags {@code 0 + - space} and a width (no precision, no
 * {@code #}, no {@code *}): {@code %d %i %u %x %X} with {@code l} or {@code ll}, {@code %c},
 * {@code %s}, {@code %p} (alone or {@code %pK %px %ps %pS %pB}), {@code %pks %pus}
 * and {@code %pI4 %pi4 %pI6 %pi6}. Anything else, more conversions than arguments, or a format
 * without its NUL is -EINVAL; arguments beyond the 512 bytes of the kernel's binary buffer are
 * -ENOSPC. {@code %s} (and {@code %pks}) read a string with {@code strncpy_from_kernel_nofault}
 * semantics (an unreadable pointer gives an empty string), {@code %pus} from user memory.
 *
 * <p>Formatting follows {@code vsprintf}'s {@code number()}, {@code string()} and the
 * {@code %c} case of {@code bstr_printf}. Pointers, which the kernel prints hashed ({@code %p}) or
 * as symbols ({@code %pS}), are printed as 16 hex digits (as {@code %px}) here: their text can
 * never equal the kernel's.
 */
public final class Bprintf {
    private Bprintf() {}

    /** {@code MAX_BPRINTF_BUF}: the output buffer of trace_printk. */
    public static final int MAX_BPRINTF_BUF = 1024;
    /** {@code MAX_BPRINTF_BIN_ARGS}. */
    static final int MAX_BIN_ARGS = 512;
    /** {@code MAX_BPRINTF_VARARGS}. */
    public static final int MAX_VARARGS = 12;

    /** A formatted result: the text (all of it, as vsnprintf counts) or a negative errno. */
    public record Result(int error, byte[] text) {
        boolean ok() {
            return error == 0;
        }
    }

    private sealed interface Arg {}

    private record Num(long value, int size) implements Arg {}

    private record Str(byte[] bytes) implements Arg {}

    private record Chr(byte c) implements Arg {}

    /**
     * Checks {@code fmt} (bytes up to, not including, its NUL) against {@code numArgs} raw u64
     * arguments and formats it.
     */
    public static Result format(HelperContext ctx, byte[] fmt, long[] raw, int numArgs) {
        List<Arg> args = new ArrayList<>();
        int used = 0; // bytes of the 512-byte bin_args buffer
        int numSpec = 0;
        int n = fmt.length;
        for (int i = 0; i < n; i++) {
            int c = at(fmt, i);
            if ((!isPrint(c) && !isSpace(c)) || c >= 0x80) return error(Errno.EINVAL);
            if (c != '%') continue;
            if (at(fmt, i + 1) == '%') {
                i++;
                continue;
            }
            if (numSpec >= numArgs) return error(Errno.EINVAL);
            i++;
            while (at(fmt, i) == '0' || at(fmt, i) == '+' || at(fmt, i) == '-' || at(fmt, i) == ' ') i++;
            if (at(fmt, i) >= '1' && at(fmt, i) <= '9') {
                i++;
                while (at(fmt, i) >= '0' && at(fmt, i) <= '9') i++;
            }
            long arg = raw[numSpec];
            if (at(fmt, i) == 'p') {
                int next = at(fmt, i + 1);
                if ((next == 'k' || next == 'u') && at(fmt, i + 2) == 's') {
                    i += 2;
                    if (!strEnd(at(fmt, i + 1))) return error(Errno.EINVAL);
                    if (used == MAX_BIN_ARGS) return error(Errno.ENOSPC);
                    byte[] s = copyString(ctx, arg, next == 'u', MAX_BIN_ARGS - used);
                    used += s.length + 1;
                    args.add(new Str(s));
                    numSpec++;
                    continue;
                }
                if (next == 0 || isSpace(next) || isPunct(next) || next == 'K' || next == 'x' || next == 's' || next == 'S') {
                    // just a kernel pointer
                    i++;
                    used = align4(used);
                    if (MAX_BIN_ARGS - used < 8) return error(Errno.ENOSPC);
                    used += 8;
                    args.add(new Num(arg, 8));
                    numSpec++;
                    continue;
                }
                if (next == 'B') {
                    byte[] s = ("0x" + Long.toHexString(arg)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    used += s.length + 1;
                    args.add(new Str(s));
                    i++;
                    numSpec++;
                    continue;
                }
                int family = at(fmt, i + 2);
                if ((next != 'i' && next != 'I') || (family != '4' && family != '6')) return error(Errno.EINVAL);
                i += 2;
                int ipSize = family == '4' ? 4 : 16;
                if (MAX_BIN_ARGS - used < ipSize) return error(Errno.ENOSPC);
                byte[] ip = ProbeHelpers.readKernelOrZeros(ctx, arg, ipSize);
                byte[] s = formatIp(ip, next == 'i').getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                used += s.length + 1;
                args.add(new Str(s));
                numSpec++;
                continue;
            } else if (at(fmt, i) == 's') {
                if (!strEnd(at(fmt, i + 1))) return error(Errno.EINVAL);
                if (used == MAX_BIN_ARGS) return error(Errno.ENOSPC);
                byte[] s = copyString(ctx, arg, false, MAX_BIN_ARGS - used);
                used += s.length + 1;
                args.add(new Str(s));
                numSpec++;
                continue;
            } else if (at(fmt, i) == 'c') {
                if (used == MAX_BIN_ARGS) return error(Errno.ENOSPC);
                used++;
                args.add(new Chr((byte) arg));
                numSpec++;
                continue;
            }
            int size = 4;
            if (at(fmt, i) == 'l') {
                size = 8;
                i++;
            }
            if (at(fmt, i) == 'l') {
                size = 8;
                i++;
            }
            int conv = at(fmt, i);
            if (conv != 'i' && conv != 'd' && conv != 'u' && conv != 'x' && conv != 'X') return error(Errno.EINVAL);
            used = align4(used);
            if (MAX_BIN_ARGS - used < size) return error(Errno.ENOSPC);
            used += size;
            args.add(new Num(size == 8 ? arg : arg & 0xffff_ffffL, size));
            numSpec++;
        }
        return new Result(0, render(fmt, args));
    }

    private static Result error(int errno) {
        return new Result(-errno, null);
    }

    private static int at(byte[] fmt, int i) {
        return i < fmt.length ? fmt[i] & 0xff : 0;
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }

    private static boolean strEnd(int c) {
        return c == 0 || isSpace(c) || isPunct(c);
    }

    /** Kernel ctype (lib/ctype.c) for ASCII. */
    static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
    }

    static boolean isPrint(int c) {
        return c >= 0x20 && c <= 0x7e;
    }

    static boolean isPunct(int c) {
        return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
    }

    /** {@code bpf_trace_copy_string}: at most {@code bufsz - 1} bytes and the NUL; an unreadable pointer gives "". */
    private static byte[] copyString(HelperContext ctx, long ptr, boolean user, int bufsz) {
        byte[] buf = new byte[bufsz];
        long n = user ? ProbeHelpers.strncpyFromUser(ctx, buf, ptr, bufsz) : ProbeHelpers.strncpyFromKernel(ctx, buf, ptr, bufsz);
        if (n <= 0) return new byte[0];
        return java.util.Arrays.copyOf(buf, (int) n - 1); // n counts the NUL
    }

    private static String formatIp(byte[] ip, boolean leadingZeros) {
        StringBuilder b = new StringBuilder();
        if (ip.length == 4) {
            for (int i = 0; i < 4; i++) {
                if (i > 0) b.append('.');
                b.append(leadingZeros ? String.format("%03d", ip[i] & 0xff) : Integer.toString(ip[i] & 0xff));
            }
        } else {
            for (int i = 0; i < 16; i += 2) {
                if (i > 0 && !leadingZeros) b.append(':');
                b.append(String.format("%02x%02x", ip[i] & 0xff, ip[i + 1] & 0xff));
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ bstr_printf

    private static final int LEFT = 1, PLUS = 2, SPACE = 4, ZEROPAD = 8;

    private static byte[] render(byte[] fmt, List<Arg> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int next = 0;
        int n = fmt.length;
        for (int i = 0; i < n; i++) {
            int c = fmt[i] & 0xff;
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (at(fmt, i + 1) == '%') {
                out.write('%');
                i++;
                continue;
            }
            i++;
            int flags = 0;
            for (;; i++) {
                int f = at(fmt, i);
                if (f == '-') flags |= LEFT;
                else if (f == '+') flags |= PLUS;
                else if (f == ' ') flags |= SPACE;
                else if (f == '0') flags |= ZEROPAD;
                else break;
            }
            int width = -1;
            if (at(fmt, i) >= '0' && at(fmt, i) <= '9') {
                width = 0;
                while (at(fmt, i) >= '0' && at(fmt, i) <= '9') width = Math.min(width * 10 + at(fmt, i++) - '0', 1 << 20);
            }
            if (next >= args.size()) break; // cannot happen after the checks above
            Arg arg = args.get(next++);
            int conv = at(fmt, i);
            if (conv == 'p') {
                int p1 = at(fmt, i + 1);
                if ((p1 == 'k' || p1 == 'u') && at(fmt, i + 2) == 's') i += 2;
                else if (p1 == 'K' || p1 == 'x' || p1 == 's' || p1 == 'S' || p1 == 'B') i += 1;
                else if (p1 == 'i' || p1 == 'I') i += 2;
                if (arg instanceof Num num) {
                    number(out, num.value, 16, false, false, ZEROPAD, 16);
                } else if (arg instanceof Str s) {
                    string(out, s.bytes, flags, width);
                }
                continue;
            }
            while (at(fmt, i) == 'l') i++;
            conv = at(fmt, i);
            switch (arg) {
                case Str s -> string(out, s.bytes, flags, width);
                case Chr ch -> {
                    if ((flags & LEFT) == 0) for (int w = width; --w > 0; ) out.write(' ');
                    out.write(ch.c);
                    if ((flags & LEFT) != 0) for (int w = width; --w > 0; ) out.write(' ');
                }
                case Num num -> {
                    boolean signed = conv == 'd' || conv == 'i';
                    long v = num.value;
                    if (signed && num.size == 4) v = (int) v;
                    number(out, v, conv == 'x' || conv == 'X' ? 16 : 10, signed, conv == 'X', flags, width);
                }
            }
        }
        return out.toByteArray();
    }

    /** vsprintf's {@code number()} without precision and without {@code SPECIAL}. */
    private static void number(ByteArrayOutputStream out, long num, int base, boolean signed, boolean upper, int flags,
                               int fieldWidth) {
        if ((flags & LEFT) != 0) flags &= ~ZEROPAD;
        char sign = 0;
        if (signed) {
            if (num < 0) {
                sign = '-';
                num = -num;
                fieldWidth--;
            } else if ((flags & PLUS) != 0) {
                sign = '+';
                fieldWidth--;
            } else if ((flags & SPACE) != 0) {
                sign = ' ';
                fieldWidth--;
            }
        }
        String digits = base == 16 ? Long.toHexString(num) : Long.toUnsignedString(num);
        if (upper) digits = digits.toUpperCase(java.util.Locale.ROOT);
        fieldWidth -= digits.length();
        if ((flags & (ZEROPAD | LEFT)) == 0) {
            while (--fieldWidth >= 0) out.write(' ');
        }
        if (sign != 0) out.write(sign);
        if ((flags & LEFT) == 0) {
            int pad = (flags & ZEROPAD) != 0 ? '0' : ' ';
            while (--fieldWidth >= 0) out.write(pad);
        }
        out.writeBytes(digits.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        while (--fieldWidth >= 0) out.write(' ');
    }

    /** vsprintf's {@code string()} / {@code widen_string()}: space padding only. */
    private static void string(ByteArrayOutputStream out, byte[] s, int flags, int width) {
        int pad = Math.max(0, width - s.length);
        if ((flags & LEFT) == 0) for (int k = 0; k < pad; k++) out.write(' ');
        out.writeBytes(s);
        if ((flags & LEFT) != 0) for (int k = 0; k < pad; k++) out.write(' ');
    }
}
