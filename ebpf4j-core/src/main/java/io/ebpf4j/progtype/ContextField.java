package io.ebpf4j.progtype;

/**
 * One field of a program type's context structure as the program addresses it (the UAPI layout,
 * include/uapi/linux/bpf.h), with what the kernel's {@code is_valid_access} allows and what
 * the verifier knows a load gives ({@code bpf_insn_access_aux.reg_type}).
 *
 * @param name     the C field name, e.g. {@code "data_end"} or {@code "cb[2]"}
 * @param offset   byte offset in the structure
 * @param size     the field's size in bytes
 * @param readable whether programs of the type may load it
 * @param writable whether programs of the type may store it
 * @param kind     what a load yields
 */
public record ContextField(String name, int offset, int size, boolean readable, boolean writable, Kind kind) {

    /** What a load of the field gives the verifier. */
    public enum Kind {
        /** A number. */
        SCALAR,
        /** {@code PTR_TO_PACKET}: the first byte of the packet. */
        PTR_TO_PACKET,
        /** {@code PTR_TO_PACKET_END}. */
        PTR_TO_PACKET_END,
        /** {@code PTR_TO_PACKET_META}. */
        PTR_TO_PACKET_META,
        /** {@code PTR_TO_SOCK_COMMON_OR_NULL} ({@code __sk_buff.sk}). */
        PTR_TO_SOCK_COMMON_OR_NULL,
        /** {@code PTR_TO_FLOW_KEYS}. */
        PTR_TO_FLOW_KEYS
    }

    public static ContextField scalar(String name, int offset, int size, boolean writable) {
        return new ContextField(name, offset, size, true, writable, Kind.SCALAR);
    }

    public int end() {
        return offset + size;
    }
}
