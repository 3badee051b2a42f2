package io.ebpf4j.elf;

import io.ebpf4j.Ebpf4jException;

/**
 * A malformed or unreadable ELF file. The message names the file (when known), the section
 * (index and, when it could be resolved, name) and what is wrong, for example
 * {@code prog.o: section 7 '.rel.text': sh_offset 0x1234 + sh_size 0x40 is past the end of the
 * file (0x1200 bytes)}.
 */
public final class ElfException extends Ebpf4jException {
    private static final long serialVersionUID = 1L;

    public ElfException(String message) {
        super(message);
    }

    public ElfException(String message, Throwable cause) {
        super(message, cause);
    }
}
