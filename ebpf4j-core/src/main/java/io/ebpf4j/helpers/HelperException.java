package io.ebpf4j.helpers;

import io.ebpf4j.Ebpf4jException;

/**
 * A helper refused its arguments in a way the kernel's verifier would have rejected (a pointer
 * outside any memory the program may use, a size past the end of its buffer, a misused lock).
 * The engine reports it with the calling instruction.
 */
public class HelperException extends Ebpf4jException {
    private static final long serialVersionUID = 1L;

    public HelperException(String message) {
        super(message);
    }

    public HelperException(String message, Throwable cause) {
        super(message, cause);
    }
}
