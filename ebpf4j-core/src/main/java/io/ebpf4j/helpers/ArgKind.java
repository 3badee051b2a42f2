package io.ebpf4j.helpers;

/**
 * The base kind of a helper argument: the kernel's {@code enum bpf_arg_type}
 * (include/linux/bpf.h) without its flag bits, which {@link ArgType} carries as {@link TypeFlag}s.
 * What each kind demands of the register is the verifier's {@code check_func_arg}.
 */
public enum ArgKind {
    /** {@code ARG_DONTCARE}: the argument is not used. */
    DONTCARE,
    /** {@code ARG_CONST_MAP_PTR}: a map pointer ({@code ld_imm64} of a map). */
    CONST_MAP_PTR,
    /** {@code ARG_PTR_TO_MAP_KEY}: a pointer to key_size readable bytes of the map argument. */
    PTR_TO_MAP_KEY,
    /** {@code ARG_PTR_TO_MAP_VALUE}: a pointer to value_size bytes of the map argument. */
    PTR_TO_MAP_VALUE,
    /** {@code ARG_PTR_TO_MEM}: a pointer to memory whose size is the next ({@code CONST_SIZE*}) argument. */
    PTR_TO_MEM,
    /** {@code ARG_PTR_TO_ARENA}. */
    PTR_TO_ARENA,
    /** {@code ARG_CONST_SIZE}: the size of the preceding memory argument, greater than 0. */
    CONST_SIZE,
    /** {@code ARG_CONST_SIZE_OR_ZERO}: the size of the preceding memory argument, possibly 0. */
    CONST_SIZE_OR_ZERO,
    /** {@code ARG_PTR_TO_CTX}: the program's context pointer. */
    PTR_TO_CTX,
    /** {@code ARG_ANYTHING}: any initialized value. */
    ANYTHING,
    /** {@code ARG_PTR_TO_SPIN_LOCK}: a {@code struct bpf_spin_lock} inside a map value. */
    PTR_TO_SPIN_LOCK,
    /** {@code ARG_PTR_TO_SOCK_COMMON}. */
    PTR_TO_SOCK_COMMON,
    /** {@code ARG_PTR_TO_SOCKET}. */
    PTR_TO_SOCKET,
    /** {@code ARG_PTR_TO_BTF_ID}: a pointer to a kernel object of a BTF type. */
    PTR_TO_BTF_ID,
    /** {@code ARG_PTR_TO_RINGBUF_MEM}: a record returned by {@code bpf_ringbuf_reserve}. */
    PTR_TO_RINGBUF_MEM,
    /** {@code ARG_CONST_ALLOC_SIZE_OR_ZERO}: the size of memory the helper returns. */
    CONST_ALLOC_SIZE_OR_ZERO,
    /** {@code ARG_PTR_TO_BTF_ID_SOCK_COMMON}. */
    PTR_TO_BTF_ID_SOCK_COMMON,
    /** {@code ARG_PTR_TO_PERCPU_BTF_ID}. */
    PTR_TO_PERCPU_BTF_ID,
    /** {@code ARG_PTR_TO_FUNC}: a function pointer ({@code ld_imm64 src=BPF_PSEUDO_FUNC}), a callback. */
    PTR_TO_FUNC,
    /** {@code ARG_PTR_TO_STACK}: a pointer into the program's stack. */
    PTR_TO_STACK,
    /** {@code ARG_PTR_TO_CONST_STR}: a NUL-terminated string in a read-only map value. */
    PTR_TO_CONST_STR,
    /** {@code ARG_PTR_TO_TIMER}: a {@code struct bpf_timer} inside a map value. */
    PTR_TO_TIMER,
    /** {@code ARG_KPTR_XCHG_DEST}. */
    KPTR_XCHG_DEST,
    /** {@code ARG_PTR_TO_DYNPTR}. */
    PTR_TO_DYNPTR
}
