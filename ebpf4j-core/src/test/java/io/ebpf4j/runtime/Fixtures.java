package io.ebpf4j.runtime;

import io.ebpf4j.object.BpfObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** Objects of src/test/resources/runtime and the shared folder. */
final class Fixtures {
    private Fixtures() {}

    static BpfObject object(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/runtime/" + name)) {
            if (in == null) throw new IllegalStateException("no test resource runtime/" + name);
            return BpfObject.open(in.readAllBytes(), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared folder (system property {@code ebpf4j.shared}), or null when it is not set. */
    static Path shared() {
        String s = System.getProperty("ebpf4j.shared");
        return s == null || s.isBlank() ? null : Path.of(s);
    }

    static byte[] u32s(int... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) b.putInt(x);
        return b.array();
    }

    static long u64(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }
}
