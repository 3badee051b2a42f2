package io.ebpf4j.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.maps.Errno;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code __bpf_strtoull} (kernel/bpf/helpers.c with lib/kstrtox.c). */
class StrtolTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        // text, flags (base), consumed or -errno, value, negative
        "'123'        | 10 | 3   | 123 | 0",
        "'  -42x'     | 10 | 5   | 42  | 1",
        "'0x1F'       | 0  | 4   | 31  | 0",
        "'0x1F'       | 16 | 4   | 31  | 0",
        "'017'        | 0  | 3   | 15  | 0",
        "'0x'         | 0  | 1   | 0   | 0",
        "'+5'         | 10 | -22 | 0   | 0",
        "'-'          | 10 | -22 | 0   | 0",
        "'12'         | 7  | -22 | 0   | 0",
        "'18446744073709551616' | 10 | -34 | 0 | 0",
        "'9'          | 32 | -22 | 0   | 0",
    })
    void parsesAsTheKernel(String text, long flags, int consumed, long value, long negative) {
        long[] out = new long[2];
        int r = MiscHelpers.strtoull(text.getBytes(StandardCharsets.US_ASCII), flags, out);
        assertEquals(consumed, r, text);
        if (r > 0) {
            assertEquals(value, out[0]);
            assertEquals(negative, out[1]);
        }
        assertEquals(-Errno.EINVAL, MiscHelpers.strtoull(new byte[0], 10, out));
    }
}
