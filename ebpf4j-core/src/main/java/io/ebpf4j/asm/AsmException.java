package io.ebpf4j.asm;

import io.ebpf4j.Ebpf4jException;

/** An assembly source that cannot be assembled: names the source, the line and why. */
public final class AsmException extends Ebpf4jException {
    private static final long serialVersionUID = 1L;
    private final int line;

    public AsmException(String source, int line, String why) {
        super((source == null ? "<input>" : source) + ":" + line + ": " + why);
        this.line = line;
    }

    /** 1-based line number in the source, or 0 when unknown. */
    public int line() {
        return line;
    }
}
