package io.ebpf4j.helpers;

import java.util.Objects;

/**
 * A helper function a program calls with {@code call id} (RFC 9669 §4.3.1, src 0): its id (the
 * kernel's numbering, {@code enum bpf_func_id} in include/uapi/linux/bpf.h, for the standard
 * ones), its name, its prototype (for the verifier) and its implementation (for the engines).
 *
 * @param id       the helper id, non-negative
 * @param name     e.g. {@code "bpf_map_lookup_elem"}
 * @param proto    the prototype
 * @param function the implementation
 */
public record Helper(int id, String name, HelperProto proto, HelperFunction function) {

    /** Checks the id and that nothing is null. */
    public Helper {
        if (id < 0) throw new IllegalArgumentException("helper id must not be negative: " + id);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(proto, "proto");
        Objects.requireNonNull(function, "function");
    }

    /** A helper taking five plain values ({@code ARG_ANYTHING}) and returning an integer. */
    public static Helper of(int id, String name, HelperFunction function) {
        return new Helper(id, name, HelperProto.scalars(5), function);
    }

    @Override
    public String toString() {
        return name + "#" + id;
    }
}
