package io.ebpf4j.conformance;

import io.ebpf4j.Ebpf4jException;
import io.ebpf4j.asm.UbpfAssembler;
import io.ebpf4j.isa.IsaException;
import io.ebpf4j.isa.Program;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One bpf_conformance test file ({@code tests/*.data}), parsed as {@code conformance/README.md},
 * "File syntax", describes.
 *
 * @param name   the file name, used in messages
 * @param asm    the lines of the {@code -- asm} section, comments cut and blank lines dropped,
 *               each with its 1-based line number in the file
 * @param result the expected 64-bit {@code r0} from {@code -- result}; empty only when the file has
 *               an {@code -- error} section instead
 * @param mem    the input memory from {@code -- mem}, empty when there is none
 * @param raw    the 64-bit slots of {@code -- raw} (low byte = opcode byte), empty when there is none
 * @param error  the expected error text of {@code -- error}, lines joined with {@code \n}
 */
public record ConformanceFile(String name, List<Line> asm, OptionalLong result, byte[] mem, List<Long> raw,
                              Optional<String> error) {

    /** One non-blank line of the asm section: its line number in the file and its text without the comment. */
    public record Line(int number, String text) {}

    /** A {@code .data} file that does not follow the file syntax; the message names the file and line. */
    public static final class FormatException extends Ebpf4jException {
        private static final long serialVersionUID = 1L;
        private final int line;

        public FormatException(String file, int line, String why) {
            super(file + (line > 0 ? ":" + line : "") + ": " + why);
            this.line = line;
        }

        /** 1-based line number in the file, or 0 when the problem concerns the whole file. */
        public int line() {
            return line;
        }
    }

    public ConformanceFile {
        Objects.requireNonNull(name, "name");
        asm = List.copyOf(asm);
        raw = List.copyOf(raw);
        mem = mem.clone();
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(error, "error");
    }

    /** A copy of the input memory. */
    @Override
    public byte[] mem() {
        return mem.clone();
    }

    /** Whether the test supplies input memory (then {@code r1} points at it and {@code r2} is its length). */
    public boolean hasMem() {
        return mem.length > 0;
    }

    // ------------------------------------------------------------------ parsing

    private enum Section { NONE, ASM, RESULT, MEM, RAW, IGNORED, ERROR }

    private static final Pattern HEX_BYTE = Pattern.compile("[0-9a-fA-F]{2}");

    /** Reads and parses the file at {@code path} (UTF-8); the name in messages is the file name. */
    public static ConformanceFile read(Path path) throws IOException {
        return parse(Files.readString(path, StandardCharsets.UTF_8), path.getFileName().toString());
    }

    /**
     * Parses the text of a {@code .data} file.
     *
     * @throws FormatException if a section header is unknown, a result, mem or raw value is malformed,
     *                         or the file lacks a program or an expected outcome
     */
    public static ConformanceFile parse(String text, String name) {
        List<Line> asm = new ArrayList<>();
        List<Line> result = new ArrayList<>(), mem = new ArrayList<>(), raw = new ArrayList<>(), error = new ArrayList<>();
        boolean sawAsm = false, sawResult = false, sawRaw = false, sawError = false;
        Section section = Section.NONE;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            // README rule 1: strip a trailing \r, then cut everything from the first '#'
            String s = lines[i];
            if (s.endsWith("\r")) s = s.substring(0, s.length() - 1);
            int hash = s.indexOf('#');
            if (hash >= 0) s = s.substring(0, hash);
            // README rule 2: a line containing "--" is a header; names are matched by substring, in this order
            if (s.contains("--")) {
                section = header(s, name, number);
                switch (section) {
                    case ASM -> sawAsm = true;
                    case RESULT -> sawResult = true;
                    case RAW -> sawRaw = true;
                    case ERROR -> sawError = true;
                    default -> {}
                }
                continue;
            }
            // README rule 3: skip blank lines; lines before the first header are ignored
            if (s.isBlank()) continue;
            Line line = new Line(number, s.strip());
            switch (section) {
                case ASM -> asm.add(line);
                case RESULT -> result.add(line);
                case MEM -> mem.add(line);
                case RAW -> raw.add(line);
                case ERROR -> error.add(line);
                case NONE, IGNORED -> {}
            }
        }
        if (!sawAsm && !sawRaw) throw new FormatException(name, 0, "no program: the file has neither an '-- asm' nor a '-- raw' section");
        if (sawAsm && asm.isEmpty() && !sawRaw) throw new FormatException(name, 0, "the '-- asm' section is empty");
        if (!sawResult && !sawError) throw new FormatException(name, 0, "no expected outcome: the file has neither '-- result' nor '-- error'");
        if (sawResult && result.isEmpty()) throw new FormatException(name, 0, "the '-- result' section is empty");
        if (sawRaw && raw.isEmpty()) throw new FormatException(name, 0, "the '-- raw' section is empty");
        OptionalLong expected = sawResult ? OptionalLong.of(parseResult(result, name)) : OptionalLong.empty();
        Optional<String> err = sawError
                ? Optional.of(String.join("\n", error.stream().map(Line::text).toList()))
                : Optional.empty();
        List<Long> slots = parseRaw(raw, name);
        ConformanceFile file = new ConformanceFile(name, asm, expected, parseMem(mem, name), slots, err);
        if (!slots.isEmpty()) {
            try {
                file.rawProgram();
            } catch (IsaException e) {
                throw new FormatException(name, raw.getFirst().number(), "the '-- raw' section is not a program: " + e.getMessage());
            }
        }
        return file;
    }

    private static Section header(String s, String file, int number) {
        if (s.contains("asm")) return Section.ASM;
        if (s.contains("result")) return Section.RESULT;
        if (s.contains("mem")) return Section.MEM;
        if (s.contains("raw")) return Section.RAW;
        if (s.contains("no register offset")) return Section.IGNORED; // legacy uBPF marker: ignore it and its lines
        if (s.contains(" c")) return Section.IGNORED;                   // the C source: informational only
        if (s.contains("error")) return Section.ERROR;
        throw new FormatException(file, number, "unknown section header '" + s.strip()
                + "': expected asm, result, mem, raw, c, no register offset or error");
    }

    /** README: one number, hex if it contains 0x (either case of digits), otherwise unsigned decimal; all 64 bits. */
    private static long parseResult(List<Line> lines, String file) {
        List<String> tokens = new ArrayList<>();
        for (Line l : lines) tokens.addAll(Arrays.asList(l.text().split("\\s+")));
        Line first = lines.getFirst();
        if (tokens.size() != 1) {
            throw new FormatException(file, first.number(), "the '-- result' section must hold exactly one number, found " + tokens.size() + " tokens");
        }
        return parseU64(tokens.getFirst(), file, first.number(), "result", true);
    }

    /** README: hex byte pairs without 0x, whitespace-separated, possibly over several lines, joined in order. */
    private static byte[] parseMem(List<Line> lines, String file) {
        List<String> hex = new ArrayList<>();
        for (Line l : lines) {
            for (String t : l.text().split("\\s+")) {
                if (!HEX_BYTE.matcher(t).matches()) {
                    throw new FormatException(file, l.number(), "mem: '" + t + "' is not a byte of two hex digits");
                }
                hex.add(t);
            }
        }
        return HexFormat.of().parseHex(String.join("", hex));
    }

    /** README: whitespace-separated 64-bit numbers (0x hex or decimal), one per 8-byte slot. */
    private static List<Long> parseRaw(List<Line> lines, String file) {
        List<Long> out = new ArrayList<>();
        for (Line l : lines) {
            for (String t : l.text().split("\\s+")) out.add(parseU64(t, file, l.number(), "raw", false));
        }
        return out;
    }

    private static final Pattern HEX = Pattern.compile("0x[0-9a-f]+"), DEC = Pattern.compile("[0-9]+");
    private static final BigInteger MIN_I64 = BigInteger.ONE.shiftLeft(63).negate();

    /** An unsigned 64-bit number, 0x hex or decimal; with {@code allowMinus}, also a negative signed one. */
    private static long parseU64(String t, String file, int line, String what, boolean allowMinus) {
        String lower = t.toLowerCase(Locale.ROOT);
        boolean negative = lower.startsWith("-");
        String body = negative ? lower.substring(1) : lower;
        BigInteger v;
        if (HEX.matcher(body).matches()) {
            v = new BigInteger(body.substring(2), 16);
        } else if (DEC.matcher(body).matches()) {
            v = new BigInteger(body);
        } else {
            throw new FormatException(file, line, what + ": '" + t + "' is not a number (expected 0x hex or decimal)");
        }
        if (negative && !allowMinus) throw new FormatException(file, line, what + ": '" + t + "' must not be negative");
        if (negative) v = v.negate();
        if (v.bitLength() > 64 || v.compareTo(MIN_I64) < 0) {
            throw new FormatException(file, line, what + ": '" + t + "' does not fit in 64 bits");
        }
        return v.longValue();
    }

    // ------------------------------------------------------------------ programs

    /**
     * The text of the asm section for the assembler: each kept line at its own line number, the
     * other lines blank, so that {@link io.ebpf4j.asm.AsmException}s name the line in the file.
     */
    public String asmSource() {
        StringBuilder out = new StringBuilder();
        int at = 1;
        for (Line l : asm) {
            for (; at < l.number(); at++) out.append('\n');
            out.append(l.text()).append('\n');
            at++;
        }
        return out.toString();
    }

    /**
     * Assembles the asm section with {@link UbpfAssembler}.
     *
     * @throws io.ebpf4j.asm.AsmException on a syntax error, naming this file and its line
     */
    public Program assemble() {
        return UbpfAssembler.assemble(asmSource(), name);
    }

    /** The raw section as a program: each 64-bit value is one slot, its 8 bytes little-endian (low byte = opcode). */
    public Optional<Program> rawProgram() {
        if (raw.isEmpty()) return Optional.empty();
        byte[] code = new byte[raw.size() * Program.SLOT_SIZE];
        for (int i = 0; i < raw.size(); i++) {
            long v = raw.get(i);
            for (int b = 0; b < Program.SLOT_SIZE; b++) code[i * Program.SLOT_SIZE + b] = (byte) (v >>> (8 * b));
        }
        return Optional.of(Program.decode(code, ByteOrder.LITTLE_ENDIAN));
    }

    /** The program to run: the raw section if present (README: it replaces the asm encoding), else the assembled asm. */
    public Program program() {
        return rawProgram().orElseGet(this::assemble);
    }

    // ------------------------------------------------------------------ value semantics (mem is an array)

    @Override
    public boolean equals(Object o) {
        return o instanceof ConformanceFile f && name.equals(f.name) && asm.equals(f.asm) && result.equals(f.result)
                && Arrays.equals(mem, f.mem) && raw.equals(f.raw) && error.equals(f.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, asm, result, Arrays.hashCode(mem), raw, error);
    }

    @Override
    public String toString() {
        return "ConformanceFile[" + name + ": " + asm.size() + " asm lines, result "
                + (result.isPresent() ? "0x" + Long.toHexString(result.getAsLong()) : "none")
                + ", " + mem.length + " mem bytes, " + raw.size() + " raw slots"
                + error.map(e -> ", error '" + e + "'").orElse("") + "]";
    }
}
