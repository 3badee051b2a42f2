package io.ebpf4j;

/**
 * Root of the library's exception hierarchy. Every error ebpf4j reports is one of these,
 * with a message that says where (file, section, instruction) and why.
 */
public class Ebpf4jException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Ebpf4jException(String message) {
        super(message);
    }

    public Ebpf4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
