package io.ebpf4j.helpers;

/**
 * Flag bits the kernel composes with argument and return kinds ({@code enum bpf_type_flag},
 * include/linux/bpf.h), e.g. {@code ARG_PTR_TO_UNINIT_MEM = ARG_PTR_TO_MEM | MEM_UNINIT | MEM_WRITE}.
 */
public enum TypeFlag {
    /** {@code PTR_MAYBE_NULL}: the pointer may be NULL (argument) or is NULL on failure (return). */
    MAYBE_NULL,
    /** {@code MEM_RDONLY}: the helper only reads the memory. */
    RDONLY,
    /** {@code MEM_RINGBUF}: memory of a ring buffer record. */
    RINGBUF,
    /** {@code MEM_USER}. */
    USER,
    /** {@code MEM_PERCPU}. */
    PERCPU,
    /** {@code OBJ_RELEASE}: the helper releases the reference the argument holds. */
    RELEASE,
    /** {@code MEM_ALLOC}. */
    ALLOC,
    /** {@code MEM_UNINIT}: the memory need not be initialized; the helper fills it. */
    UNINIT,
    /** {@code MEM_FIXED_SIZE}: the memory's size is fixed by the prototype ({@link ArgType#fixedSize()}). */
    FIXED_SIZE,
    /** {@code MEM_ALIGNED}: the memory must be aligned to its size. */
    ALIGNED,
    /** {@code MEM_WRITE}: the helper writes the memory. */
    WRITE
}
