package io.ebpf4j.link;

import io.ebpf4j.object.ExternSpec;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a Kconfig value into the {@code .kconfig} map, as libbpf's
 * {@code bpf_object__process_kconfig_line} with {@code set_kcfg_value_tri},
 * {@code set_kcfg_value_str} and {@code set_kcfg_value_num} does.
 */
final class Kconfig {
    private Kconfig() {}

    /** @return null on success, else why the value does not fit the extern */
    static String write(ExternSpec ext, String value, byte[] data, ByteOrder order) {
        int off = ext.kconfigOffset();
        int sz = ext.kconfigSize();
        ExternSpec.KconfigType type = ext.kconfigType();
        char first = value.isEmpty() ? 0 : value.charAt(0);
        switch (first) {
            case 'y', 'n', 'm' -> {
                switch (type) {
                    case BOOL -> {
                        if (first == 'm') return "value '" + value + "' implies tristate or char type";
                        data[off] = (byte) (first == 'y' ? 1 : 0);
                    }
                    case TRISTATE -> putInt(data, off, sz, first == 'y' ? 1 : first == 'm' ? 2 : 0, order); // TRI_YES, TRI_MODULE, TRI_NO
                    case CHAR -> data[off] = (byte) first;
                    default -> {
                        return "value '" + value + "' implies bool, tristate, or char type";
                    }
                }
                return null;
            }
            case '"' -> {
                if (type != ExternSpec.KconfigType.CHAR_ARRAY) return "value '" + value + "' implies char array type";
                if (value.length() < 2 || value.charAt(value.length() - 1) != '"') return "invalid string config '" + value + "'";
                byte[] s = value.substring(1, value.length() - 1).getBytes(StandardCharsets.UTF_8);
                int len = Math.min(s.length, sz - 1); // libbpf truncates to sz - 1 bytes
                System.arraycopy(s, 0, data, off, len);
                data[off + len] = 0;
                return null;
            }
            default -> {
                if (type != ExternSpec.KconfigType.INT && type != ExternSpec.KconfigType.CHAR) {
                    return "value '" + value + "' implies integer type";
                }
                BigInteger v;
                try {
                    v = parseU64(value);
                } catch (NumberFormatException e) {
                    return "value '" + value + "' isn't a valid integer";
                }
                long bits = v.longValue();
                if (!inRange(bits, sz, ext.kconfigSigned())) return "value '" + value + "' doesn't fit in " + sz + " bytes";
                putInt(data, off, sz, bits, order);
                return null;
            }
        }
    }

    /** C strtoull with base 0: 0x hex, leading 0 octal, else decimal; a leading '-' negates modulo 2^64. */
    private static BigInteger parseU64(String s) {
        boolean neg = s.startsWith("-");
        String t = neg || s.startsWith("+") ? s.substring(1) : s;
        BigInteger v;
        if (t.startsWith("0x") || t.startsWith("0X")) v = new BigInteger(t.substring(2), 16);
        else if (t.length() > 1 && t.startsWith("0")) v = new BigInteger(t.substring(1), 8);
        else v = new BigInteger(t, 10);
        if (v.bitLength() > 64) throw new NumberFormatException("out of range");
        return neg ? v.negate() : v;
    }

    /** libbpf is_kcfg_value_in_range. */
    private static boolean inRange(long v, int sz, boolean signed) {
        if (sz == 8) return true;
        int bits = sz * 8;
        if (signed) return Long.compareUnsigned(v + (1L << (bits - 1)), 1L << bits) < 0;
        return (v >>> bits) == 0;
    }

    private static void putInt(byte[] data, int off, int sz, long v, ByteOrder order) {
        for (int i = 0; i < sz; i++) {
            int shift = order == ByteOrder.LITTLE_ENDIAN ? 8 * i : 8 * (sz - 1 - i);
            data[off + i] = (byte) (v >>> shift);
        }
    }
}
