package io.ebpf4j.progtype;

import io.ebpf4j.Ebpf4jException;

/**
 * {@code BPF_PROG_TEST_RUN} refused its input, as the kernel would with the same errno: a packet
 * shorter than an Ethernet header, a context with fields the test run does not accept, a repeat
 * count a type does not support. The message names the kernel function and rule.
 */
public final class TestRunException extends Ebpf4jException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public TestRunException(int errno, String message) {
        super(message + " (-" + errnoName(errno) + ")");
        this.errno = errno;
    }

    /** The positive errno the kernel's {@code BPF_PROG_TEST_RUN} would fail with. */
    public int errno() {
        return errno;
    }

    static String errnoName(int errno) {
        return switch (errno) {
            case 22 -> "EINVAL";
            case 7 -> "E2BIG";
            case 19 -> "ENODEV";
            case 28 -> "ENOSPC";
            case 90 -> "EMSGSIZE";
            case 95 -> "EOPNOTSUPP";
            case 524 -> "ENOTSUPP";
            default -> "errno " + errno;
        };
    }
}
