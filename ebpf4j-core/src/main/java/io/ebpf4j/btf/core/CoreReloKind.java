package io.ebpf4j.btf.core;

/**
 * The CO-RE relocation kinds of {@code enum bpf_core_relo_kind} (kernel {@code include/uapi/linux/bpf.h}),
 * with the short names libbpf prints in its debug log ({@code core_relo_kind_str} in libbpf's
 * {@code relo_core.c}).
 */
public enum CoreReloKind {
    /** Byte offset of a field from the start of the root type. */
    FIELD_BYTE_OFFSET(0, "byte_off"),
    /** Size in bytes of a field (for a bitfield: of the smallest load that holds it). */
    FIELD_BYTE_SIZE(1, "byte_sz"),
    /** 1 if the field exists in the target, else 0. */
    FIELD_EXISTS(2, "field_exists"),
    /** 1 if the field is a signed integer or a signed enum. */
    FIELD_SIGNED(3, "signed"),
    /** Left shift that moves a bitfield to the top of a u64 after its {@code byte_sz} load. */
    FIELD_LSHIFT_U64(4, "lshift_u64"),
    /** Right shift that then moves the bitfield to the bottom. */
    FIELD_RSHIFT_U64(5, "rshift_u64"),
    /** The type's id in the local (program's) BTF. */
    TYPE_ID_LOCAL(6, "local_type_id"),
    /** The id of the matching type in the target BTF, 0 if none. */
    TYPE_ID_TARGET(7, "target_type_id"),
    /** 1 if a compatible type exists in the target. */
    TYPE_EXISTS(8, "type_exists"),
    /** Size in bytes of the matching target type. */
    TYPE_SIZE(9, "type_size"),
    /** 1 if the enumerator exists in the target enum. */
    ENUMVAL_EXISTS(10, "enumval_exists"),
    /** The enumerator's value in the target. */
    ENUMVAL_VALUE(11, "enumval_value"),
    /** 1 if a target type matches structurally (libbpf {@code bpf_core_types_match}). */
    TYPE_MATCHES(12, "type_matches");

    private static final CoreReloKind[] BY_NUMBER = values();

    private final int number;
    private final String libbpfName;

    CoreReloKind(int number, String libbpfName) {
        this.number = number;
        this.libbpfName = libbpfName;
    }

    /** The kind's number in {@code bpf_core_relo.kind}. */
    public int number() {
        return number;
    }

    /** The name libbpf prints, e.g. {@code byte_off}. */
    public String libbpfName() {
        return libbpfName;
    }

    /** The kind with this number, or null if there is none. */
    public static CoreReloKind of(int number) {
        return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }

    /** Field-based kinds (libbpf {@code core_relo_is_field_based}): the access string walks fields and array elements. */
    public boolean isFieldBased() {
        return number <= FIELD_RSHIFT_U64.number;
    }

    /** Type-based kinds (libbpf {@code core_relo_is_type_based}): the access string must be {@code "0"}. */
    public boolean isTypeBased() {
        return switch (this) {
            case TYPE_ID_LOCAL, TYPE_ID_TARGET, TYPE_EXISTS, TYPE_MATCHES, TYPE_SIZE -> true;
            default -> false;
        };
    }

    /** Enumerator-based kinds (libbpf {@code core_relo_is_enumval_based}): the access string is the enumerator's index. */
    public boolean isEnumValueBased() {
        return this == ENUMVAL_EXISTS || this == ENUMVAL_VALUE;
    }
}
