package io.ebpf4j.helpers;

/** The base kind of a helper's return value: the kernel's {@code enum bpf_return_type} without flags. */
public enum RetKind {
    /** {@code RET_INTEGER}: a scalar. */
    INTEGER,
    /** {@code RET_VOID}: nothing (r0 is unknown afterwards). */
    VOID,
    /** {@code RET_PTR_TO_MAP_VALUE}: a pointer to a value of the map argument. */
    PTR_TO_MAP_VALUE,
    /** {@code RET_PTR_TO_SOCKET}. */
    PTR_TO_SOCKET,
    /** {@code RET_PTR_TO_TCP_SOCK}. */
    PTR_TO_TCP_SOCK,
    /** {@code RET_PTR_TO_SOCK_COMMON}. */
    PTR_TO_SOCK_COMMON,
    /** {@code RET_PTR_TO_MEM}: memory of the size given by the {@code CONST_ALLOC_SIZE_OR_ZERO} argument. */
    PTR_TO_MEM,
    /** {@code RET_PTR_TO_MEM_OR_BTF_ID}. */
    PTR_TO_MEM_OR_BTF_ID,
    /** {@code RET_PTR_TO_BTF_ID}. */
    PTR_TO_BTF_ID
}
