package io.ebpf4j.link;

import io.ebpf4j.Ebpf4jException;

/**
 * A program that cannot be linked: an unresolved extern, a call to a function that is not there, a
 * CO-RE relocation that failed. The message names the file, the program, the section and
 * instruction of the function the problem is in, and the symbol, as
 * {@code file: program 'p': section '.text': insn 4: symbol 'fwd': why}.
 */
public final class LinkException extends Ebpf4jException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String program;
    private final String section;
    private final int insn;
    private final String symbol;

    public LinkException(String file, String program, String section, int insn, String symbol, String why) {
        this(file, program, section, insn, symbol, why, null);
    }

    public LinkException(String file, String program, String section, int insn, String symbol, String why, Throwable cause) {
        super(format(file, program, section, insn, symbol, why), cause);
        this.file = file;
        this.program = program;
        this.section = section;
        this.insn = insn;
        this.symbol = symbol;
    }

    private static String format(String file, String program, String section, int insn, String symbol, String why) {
        StringBuilder b = new StringBuilder();
        if (file != null) b.append(file).append(": ");
        if (program != null) b.append("program '").append(program).append("': ");
        if (section != null) b.append("section '").append(section).append("': ");
        if (insn >= 0) b.append("insn ").append(insn).append(": ");
        if (symbol != null) b.append("symbol '").append(symbol).append("': ");
        return b.append(why).toString();
    }

    public String file() {
        return file;
    }

    /** The entry program being linked. */
    public String program() {
        return program;
    }

    /** The ELF section of the instruction concerned, or null. */
    public String section() {
        return section;
    }

    /** The instruction's slot within its ELF section, or -1. */
    public int insn() {
        return insn;
    }

    /** The symbol (extern, function, map) concerned, or null. */
    public String symbol() {
        return symbol;
    }
}
