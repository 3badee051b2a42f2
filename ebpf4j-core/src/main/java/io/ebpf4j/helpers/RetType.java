package io.ebpf4j.helpers;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A helper's return type: the kernel's {@code enum bpf_return_type}, a base kind with flag bits
 * (e.g. {@code RET_PTR_TO_MAP_VALUE_OR_NULL = RET_PTR_TO_MAP_VALUE | PTR_MAYBE_NULL}).
 *
 * @param kind  the base kind
 * @param flags the flag bits
 */
public record RetType(RetKind kind, Set<TypeFlag> flags) {

    public RetType {
        Objects.requireNonNull(kind, "kind");
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }

    public static RetType of(RetKind kind, TypeFlag... flags) {
        return new RetType(kind, flags.length == 0 ? Set.of() : EnumSet.of(flags[0], flags));
    }

    public boolean has(TypeFlag flag) {
        return flags.contains(flag);
    }

    /** {@code RET_INTEGER}. */
    public static final RetType INTEGER = of(RetKind.INTEGER);
    /** {@code RET_VOID}. */
    public static final RetType VOID = of(RetKind.VOID);
    /** {@code RET_PTR_TO_MAP_VALUE_OR_NULL}. */
    public static final RetType PTR_TO_MAP_VALUE_OR_NULL = of(RetKind.PTR_TO_MAP_VALUE, TypeFlag.MAYBE_NULL);
    /** {@code RET_PTR_TO_RINGBUF_MEM_OR_NULL} = {@code RET_PTR_TO_MEM | MEM_RINGBUF | PTR_MAYBE_NULL}. */
    public static final RetType PTR_TO_RINGBUF_MEM_OR_NULL = of(RetKind.PTR_TO_MEM, TypeFlag.RINGBUF, TypeFlag.MAYBE_NULL);
    /** {@code RET_PTR_TO_BTF_ID_OR_NULL}. */
    public static final RetType PTR_TO_BTF_ID_OR_NULL = of(RetKind.PTR_TO_BTF_ID, TypeFlag.MAYBE_NULL);

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("RET_").append(kind);
        for (TypeFlag f : flags.isEmpty() ? EnumSet.noneOf(TypeFlag.class) : EnumSet.copyOf(flags)) b.append(" | ").append(f);
        return b.toString();
    }
}
