package io.ebpf4j.helpers;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One argument of a helper prototype: the kernel's {@code enum bpf_arg_type} value, which is a
 * base kind ({@link ArgKind}) with flag bits ({@link TypeFlag}), plus the fixed size
 * ({@code bpf_func_proto.arg_size[]}) of {@code MEM_FIXED_SIZE} memory.
 *
 * @param kind      the base kind
 * @param flags     the flag bits
 * @param fixedSize bytes of a {@code MEM_FIXED_SIZE} argument, else 0
 */
public record ArgType(ArgKind kind, Set<TypeFlag> flags, int fixedSize) {

    public ArgType {
        Objects.requireNonNull(kind, "kind");
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        if (fixedSize < 0) throw new IllegalArgumentException("negative fixed size");
    }

    /** An argument of {@code kind} with {@code flags}. */
    public static ArgType of(ArgKind kind, TypeFlag... flags) {
        return new ArgType(kind, flags.length == 0 ? Set.of() : EnumSet.of(flags[0], flags), 0);
    }

    public boolean has(TypeFlag flag) {
        return flags.contains(flag);
    }

    /** {@code ARG_ANYTHING}. */
    public static final ArgType ANYTHING = of(ArgKind.ANYTHING);
    /** {@code ARG_DONTCARE}. */
    public static final ArgType DONTCARE = of(ArgKind.DONTCARE);
    /** {@code ARG_CONST_MAP_PTR}. */
    public static final ArgType CONST_MAP_PTR = of(ArgKind.CONST_MAP_PTR);
    /** {@code ARG_PTR_TO_MAP_KEY}. */
    public static final ArgType PTR_TO_MAP_KEY = of(ArgKind.PTR_TO_MAP_KEY);
    /** {@code ARG_PTR_TO_MAP_VALUE}. */
    public static final ArgType PTR_TO_MAP_VALUE = of(ArgKind.PTR_TO_MAP_VALUE);
    /** {@code ARG_PTR_TO_MAP_VALUE | MEM_UNINIT | MEM_WRITE} (bpf_map_pop_elem, bpf_map_peek_elem). */
    public static final ArgType PTR_TO_UNINIT_MAP_VALUE = of(ArgKind.PTR_TO_MAP_VALUE, TypeFlag.UNINIT, TypeFlag.WRITE);
    /** {@code ARG_PTR_TO_MEM}. */
    public static final ArgType PTR_TO_MEM = of(ArgKind.PTR_TO_MEM);
    /** {@code ARG_PTR_TO_MEM | MEM_RDONLY}. */
    public static final ArgType PTR_TO_MEM_RDONLY = of(ArgKind.PTR_TO_MEM, TypeFlag.RDONLY);
    /** {@code ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY}. */
    public static final ArgType PTR_TO_MEM_OR_NULL_RDONLY = of(ArgKind.PTR_TO_MEM, TypeFlag.MAYBE_NULL, TypeFlag.RDONLY);
    /** {@code ARG_PTR_TO_MEM | PTR_MAYBE_NULL}. */
    public static final ArgType PTR_TO_MEM_OR_NULL = of(ArgKind.PTR_TO_MEM, TypeFlag.MAYBE_NULL);
    /** {@code ARG_PTR_TO_UNINIT_MEM} = {@code ARG_PTR_TO_MEM | MEM_UNINIT | MEM_WRITE}. */
    public static final ArgType PTR_TO_UNINIT_MEM = of(ArgKind.PTR_TO_MEM, TypeFlag.UNINIT, TypeFlag.WRITE);
    /** {@code ARG_CONST_SIZE}. */
    public static final ArgType CONST_SIZE = of(ArgKind.CONST_SIZE);
    /** {@code ARG_CONST_SIZE_OR_ZERO}. */
    public static final ArgType CONST_SIZE_OR_ZERO = of(ArgKind.CONST_SIZE_OR_ZERO);
    /** {@code ARG_CONST_ALLOC_SIZE_OR_ZERO}. */
    public static final ArgType CONST_ALLOC_SIZE_OR_ZERO = of(ArgKind.CONST_ALLOC_SIZE_OR_ZERO);
    /** {@code ARG_PTR_TO_CTX}. */
    public static final ArgType PTR_TO_CTX = of(ArgKind.PTR_TO_CTX);
    /** {@code ARG_PTR_TO_FUNC}. */
    public static final ArgType PTR_TO_FUNC = of(ArgKind.PTR_TO_FUNC);
    /** {@code ARG_PTR_TO_STACK | PTR_MAYBE_NULL} ({@code ARG_PTR_TO_STACK_OR_NULL}). */
    public static final ArgType PTR_TO_STACK_OR_NULL = of(ArgKind.PTR_TO_STACK, TypeFlag.MAYBE_NULL);
    /** {@code ARG_PTR_TO_SPIN_LOCK}. */
    public static final ArgType PTR_TO_SPIN_LOCK = of(ArgKind.PTR_TO_SPIN_LOCK);
    /** {@code ARG_PTR_TO_CONST_STR}. */
    public static final ArgType PTR_TO_CONST_STR = of(ArgKind.PTR_TO_CONST_STR);
    /** {@code ARG_PTR_TO_RINGBUF_MEM | OBJ_RELEASE} (bpf_ringbuf_submit, bpf_ringbuf_discard). */
    public static final ArgType RELEASE_RINGBUF_MEM = of(ArgKind.PTR_TO_RINGBUF_MEM, TypeFlag.RELEASE);
    /** {@code ARG_PTR_TO_BTF_ID}. */
    public static final ArgType PTR_TO_BTF_ID = of(ArgKind.PTR_TO_BTF_ID);

    /** {@code ARG_PTR_TO_FIXED_SIZE_MEM | MEM_UNINIT | MEM_WRITE | MEM_ALIGNED} of {@code size} bytes (bpf_strtol's result). */
    public static ArgType fixedSizeUninitAligned(int size) {
        return new ArgType(ArgKind.PTR_TO_MEM, EnumSet.of(TypeFlag.FIXED_SIZE, TypeFlag.UNINIT, TypeFlag.WRITE, TypeFlag.ALIGNED), size);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ARG_").append(kind);
        for (TypeFlag f : flags.isEmpty() ? EnumSet.noneOf(TypeFlag.class) : EnumSet.copyOf(flags)) {
            b.append(" | ").append(f);
        }
        if (fixedSize > 0) b.append(" (").append(fixedSize).append(" bytes)");
        return b.toString();
    }
}
