package io.ebpf4j.progtype;

/**
 * The inputs of one {@code BPF_PROG_TEST_RUN} ({@code union bpf_attr.test}): {@code data_in},
 * {@code ctx_in} and {@code repeat}.
 *
 * @param data   the packet or buffer, or null
 * @param ctx    the context bytes, or null
 * @param repeat how many times to run (0 and 1 both mean once, as the kernel's {@code bpf_test_run})
 */
public record TestRunInput(byte[] data, byte[] ctx, int repeat) {

    public TestRunInput {
        if (repeat < 0) throw new IllegalArgumentException("negative repeat");
    }
}
