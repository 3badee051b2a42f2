package io.ebpf4j.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.maps.Errno;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The format subset of bpf_bprintf_prepare and vsprintf's rendering (integer conversions need no memory). */
class BprintfTest {

    static String format(String fmt, long... args) {
        Bprintf.Result r = Bprintf.format(null, fmt.getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(args, 12), args.length);
        return r.error() != 0 ? "error " + r.error() : new String(r.text(), StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "d=%d           | -5                    | d=-5",
        "%i             | 42                    | 42",
        "%u             | 4000000000            | 4000000000",
        "%u             | -1                    | 4294967295",
        "%x             | 255                   | ff",
        "%X             | 255                   | FF",
        "%d             | 4294967295            | -1",
        "%ld            | -9223372036854775808  | -9223372036854775808",
        "%lld           | 1099511627776         | 1099511627776",
        "%lu            | -1                    | 18446744073709551615",
        "%llx           | -1                    | ffffffffffffffff",
        "'%5d|'         | 42                    | '   42|'",
        "'%-5d|'        | 42                    | '42   |'",
        "'%05d|'        | -42                   | '-0042|'",
        "'%+d|'         | 7                     | '+7|'",
        "'% d|'         | 7                     | ' 7|'",
        "'%-03u|'       | 7                     | '7  |'",
        "'%c%c'         | 65                    | error -22",
        "100%%          | 0                     | 100%",
        "'%3c|'         | 90                    | '  Z|'",
        "%p             | 4096                  | 0000000000001000",
    })
    void formatsLikeTheKernel(String fmt, long arg, String expected) {
        assertEquals(expected, format(fmt, arg));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "bad %n",        // %n is not a conversion the kernel accepts
        "%.2d",          // no precision
        "%#x",           // no '#'
        "%*d",           // no '*'
        "%hd",           // no 'h'
        "%o",            // no octal
        "%lz",
        "%d %d %d %d",   // more conversions than the 3 arguments of trace_printk
        "end %",
    })
    void rejectsWhatBpfBprintfPrepareRejects(String fmt) {
        Bprintf.Result r = Bprintf.format(null, fmt.getBytes(StandardCharsets.ISO_8859_1), new long[12], 3);
        assertEquals(-Errno.EINVAL, r.error(), fmt);
    }

    @org.junit.jupiter.api.Test
    void rejectsNonPrintableAndNonAsciiBytes() {
        assertEquals(-Errno.EINVAL, Bprintf.format(null, new byte[] {'a', 1}, new long[12], 3).error());
        assertEquals(-Errno.EINVAL, Bprintf.format(null, new byte[] {'a', (byte) 0xe9}, new long[12], 3).error());
        assertEquals(0, Bprintf.format(null, new byte[] {'a', '\t', '\n'}, new long[12], 3).error());
    }
}
