package io.ebpf4j.progtype;

import java.util.Arrays;

/** The kernel's {@code bpf_ctx_init} (net/bpf/test_run.c). */
final class Contexts {
    private Contexts() {}

    /**
     * {@code bpf_ctx_init}: a zeroed context of {@code maxSize} bytes with the first
     * {@code min(maxSize, ctx_size_in)} bytes of the input; input bytes past {@code maxSize} must be
     * zero ({@code bpf_check_uarg_tail_zero}, -E2BIG otherwise).
     */
    static byte[] init(byte[] in, int maxSize) {
        for (int i = maxSize; i < in.length; i++) {
            if (in[i] != 0) {
                throw new TestRunException(7, "bpf_ctx_init: the context is " + in.length + " bytes, larger than the "
                        + maxSize + " the type has, and byte " + i + " is not zero (bpf_check_uarg_tail_zero)");
            }
        }
        return Arrays.copyOf(in, maxSize);
    }
}
