package io.ebpf4j.verifier;

import io.ebpf4j.Ebpf4jException;

/** The verifier could not run: an unsupported program type, or an internal failure (named with the program). */
public class VerifierException extends Ebpf4jException {
    private static final long serialVersionUID = 1L;

    public VerifierException(String message) {
        super(message);
    }

    public VerifierException(String message, Throwable cause) {
        super(message, cause);
    }
}
