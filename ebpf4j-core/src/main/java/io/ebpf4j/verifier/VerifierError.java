package io.ebpf4j.verifier;

import io.ebpf4j.link.LinkedProgram;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One reason to reject a program.
 *
 * @param insnIndex  index of the instruction in the program ({@code -1} for the program as a whole)
 * @param insnText   its disassembly (LLVM syntax)
 * @param source     its source line from {@code line_info}, if known
 * @param rule       the rule broken, in plain words (a short stable phrase, e.g. "invalid access to map value")
 * @param message    the details
 * @param registers  the abstract values of the registers involved, by name ("r1" → "map_value(off=0,ks=4,vs=8)")
 * @param path       the shortest way to the instruction: branch decisions, calls and returns ({@link ErrorPath#NONE} if unknown)
 */
public record VerifierError(int insnIndex, String insnText, Optional<LinkedProgram.SourceLine> source,
                            String rule, String message, Map<String, String> registers, ErrorPath path) {

    public VerifierError {
        insnText = insnText == null ? "" : insnText;
        source = source == null ? Optional.empty() : source;
        registers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(registers));
        path = path == null ? ErrorPath.NONE : path;
    }

    /** An error without a path (the verifier attaches it where it knows one). */
    public VerifierError(int insnIndex, String insnText, Optional<LinkedProgram.SourceLine> source,
                         String rule, String message, Map<String, String> registers) {
        this(insnIndex, insnText, source, rule, message, registers, ErrorPath.NONE);
    }

    /** This error with {@code p} as its path. */
    public VerifierError withPath(ErrorPath p) {
        return new VerifierError(insnIndex, insnText, source, rule, message, registers, p);
    }

    /**
     * One line (the path is not in it: {@link ErrorPath#lines()}): {@code "12: r0 = *(u32 *)(r1 + 8): invalid access to map value, off=8 size=4 value_size=8
     * (xdp_prog.c:37: v = *val;) r1=map_value(off=0,ks=4,vs=8)"}.
     */
    public String format() {
        StringBuilder b = new StringBuilder();
        if (insnIndex >= 0) b.append(insnIndex).append(": ");
        if (!insnText.isEmpty()) b.append(insnText).append(": ");
        b.append(message == null || message.isEmpty() ? rule : message);
        source.ifPresent(s -> {
            b.append(" (").append(fileName(s.file())).append(':').append(s.line());
            String text = s.lineText() == null ? "" : s.lineText().strip();
            if (!text.isEmpty()) b.append(": ").append(text);
            b.append(')');
        });
        for (Map.Entry<String, String> e : registers.entrySet()) b.append(' ').append(e.getKey()).append('=').append(e.getValue());
        return b.toString();
    }

    private static String fileName(String path) {
        if (path == null) return "?";
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }
}
