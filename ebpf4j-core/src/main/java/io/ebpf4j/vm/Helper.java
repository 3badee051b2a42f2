package io.ebpf4j.vm;

import java.util.Objects;

/**
 * A helper function a program calls with {@code call id} (RFC 9669 §4.3.1, src 0), or through
 * {@code callx} with the id in a register.
 *
 * @param id       the helper id (non-negative)
 * @param name     a name for messages, e.g. {@code "bpf_ktime_get_ns"}
 * @param function the implementation
 */
public record Helper(int id, String name, HelperFunction function) {
    public Helper {
        if (id < 0) throw new IllegalArgumentException("helper id must not be negative: " + id);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
    }
}
