package io.ebpf4j.object;

import io.ebpf4j.Ebpf4jException;

/**
 * An object file that cannot be turned into a {@link BpfObject}: an unsupported or inconsistent map
 * definition, a relocation that names nothing loadable, a code section that does not decode. The
 * message says where, as {@code file: section 'xdp': insn 12: symbol 'hash_map': why}; the parts
 * are also available separately (null or -1 when they do not apply).
 */
public final class LoadException extends Ebpf4jException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String section;
    private final int insn;
    private final String symbol;

    public LoadException(String file, String section, int insn, String symbol, String why) {
        this(file, section, insn, symbol, why, null);
    }

    public LoadException(String file, String section, int insn, String symbol, String why, Throwable cause) {
        super(format(file, section, insn, symbol, why), cause);
        this.file = file;
        this.section = section;
        this.insn = insn;
        this.symbol = symbol;
    }

    static LoadException of(String file, String why) {
        return new LoadException(file, null, -1, null, why);
    }

    static String format(String file, String section, int insn, String symbol, String why) {
        StringBuilder b = new StringBuilder();
        if (file != null) b.append(file).append(": ");
        if (section != null) b.append("section '").append(section).append("': ");
        if (insn >= 0) b.append("insn ").append(insn).append(": ");
        if (symbol != null) b.append("symbol '").append(symbol).append("': ");
        return b.append(why).toString();
    }

    /** The object file, as it was named when opened; may be null. */
    public String file() {
        return file;
    }

    /** The ELF section concerned, or null. */
    public String section() {
        return section;
    }

    /** The instruction (8-byte slot within its section), or -1. */
    public int insn() {
        return insn;
    }

    /** The ELF symbol or map concerned, or null. */
    public String symbol() {
        return symbol;
    }
}
