package io.ebpf4j.btf;

import io.ebpf4j.Ebpf4jException;

/** Malformed or inconsistent BTF or .BTF.ext: names the source, the type id or record, and why. */
public final class BtfException extends Ebpf4jException {
    private static final long serialVersionUID = 1L;

    public BtfException(String message) {
        super(message);
    }

    public BtfException(String message, Throwable cause) {
        super(message, cause);
    }
}
