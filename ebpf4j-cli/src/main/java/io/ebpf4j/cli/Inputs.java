package io.ebpf4j.cli;

import io.ebpf4j.Ebpf4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Reading the CLI's inputs: files, hex strings and {@code @file} references. */
final class Inputs {
    private Inputs() {}

    static final class BadInput extends Ebpf4jException {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message);
        }
    }

    static byte[] readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new BadInput(file + ": no such file");
        return Files.readAllBytes(file);
    }

    static boolean isElf(byte[] b) {
        return b.length >= 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
    }

    /**
     * Parses hex bytes: pairs of hex digits, optionally separated by whitespace, with an optional
     * {@code 0x} prefix on the whole string (the conformance runner's format is "00  01  ").
     */
    static byte[] parseHex(String what, String text) {
        String s = text.strip();
        if (s.startsWith("0x") || s.startsWith("0X")) s = s.substring(2);
        s = s.replaceAll("\\s+", "");
        if (s.length() % 2 != 0) throw new BadInput(what + ": odd number of hex digits");
        try {
            return HexFormat.of().parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new BadInput(what + ": not hex: " + e.getMessage());
        }
    }

    /** {@code @path} reads the file's bytes; anything else is hex. */
    static byte[] bytesArgument(String what, String value) throws IOException {
        if (value.startsWith("@")) return readFile(Path.of(value.substring(1)));
        return parseHex(what, value);
    }
}
