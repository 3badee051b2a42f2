package io.ebpf4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.asm.AsmException;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@link ConformanceFile} against the README's "File syntax" and the 313 shared conformance files. */
class ConformanceFileTest {

    /** Why the shared conformance fixtures cannot be used, or null when they are there. */
    static String fixturesMissing() {
        String shared = System.getProperty("ebpf4j.shared");
        if (shared == null || shared.isBlank()) return "system property ebpf4j.shared is not set, so the conformance fixtures cannot be found";
        Path dir = Path.of(shared, "conformance", "tests");
        return Files.isDirectory(dir) ? null : "no conformance fixtures at " + dir;
    }

    static Path testsDir() {
        String missing = fixturesMissing();
        Assumptions.assumeTrue(missing == null, missing);
        return Path.of(System.getProperty("ebpf4j.shared"), "conformance", "tests");
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(testsDir())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".data")).sorted().toList();
        }
    }

    static ConformanceFile fixture(String name) throws IOException {
        return ConformanceFile.read(testsDir().resolve(name));
    }

    // ------------------------------------------------------------------ the shared files

    /** Every file parses, has a result, and its program assembles and passes {@link Program#validate()}. */
    @TestFactory
    Stream<DynamicTest> everyFileParsesAndValidates() throws IOException {
        String missing = fixturesMissing();
        if (missing != null) {
            // a skipped test (rather than an aborted factory) so that the reason shows in the report
            return Stream.of(DynamicTest.dynamicTest("conformance fixtures", () -> Assumptions.assumeTrue(false, missing)));
        }
        List<Path> files = files();
        assertEquals(313, files.size(), "number of conformance files");
        return files.stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
            ConformanceFile f = ConformanceFile.read(path);
            assertEquals(path.getFileName().toString(), f.name());
            assertTrue(f.result().isPresent(), "every file has a result");
            assertTrue(f.error().isEmpty(), "no file has an error section");
            assertFalse(f.asm().isEmpty(), "every file has asm");
            Program asm = f.assemble();
            asm.validate();
            f.program().validate();
            assertTrue(asm.size() > 0);
        }));
    }

    @Test
    void sectionCountsMatchTheReadme() throws IOException {
        int mem = 0, raw = 0, maxMem = 0;
        for (Path p : files()) {
            ConformanceFile f = ConformanceFile.read(p);
            if (f.hasMem()) mem++;
            if (!f.raw().isEmpty()) raw++;
            maxMem = Math.max(maxMem, f.mem().length);
        }
        assertEquals(40, mem, "files with -- mem");
        assertEquals(1, raw, "files with -- raw");
        assertEquals(74, maxMem, "largest mem");
    }

    @Test
    void lddwRawEncodingEqualsTheAsmEncoding() throws IOException {
        ConformanceFile f = fixture("lddw.data");
        assertEquals(List.of(0x5566778800000018L, 0x1122334400000000L, 0x0000000000000095L), f.raw());
        Program raw = f.rawProgram().orElseThrow();
        assertEquals(f.assemble(), raw);
        assertEquals(raw, f.program());
        assertArrayEquals(f.assemble().encode(ByteOrder.LITTLE_ENDIAN), raw.encode(ByteOrder.LITTLE_ENDIAN));
        assertEquals(Program.of(Insn.ldImm64(0, 0, 0x1122334455667788L), Insn.exit()), raw);
        assertEquals(OptionalLong.of(0x1122334455667788L), f.result());
    }

    @Test
    void memLenIgnoresTheLegacyMarkerButNotTheResultAfterIt() throws IOException {
        ConformanceFile f = fixture("mem-len.data");
        assertArrayEquals(new byte[] {0, 0, 0, 1, 0, 0, 0, 2}, f.mem());
        assertEquals(OptionalLong.of(8), f.result());
        assertEquals(List.of(new ConformanceFile.Line(4, "mov %r0, %r2"), new ConformanceFile.Line(5, "exit")), f.asm());
    }

    @Test
    void cSectionIsIgnored() throws IOException {
        ConformanceFile f = fixture("prime.data");
        assertEquals("mov %r1, 67", f.asm().getFirst().text());
        assertEquals(19, f.asm().getFirst().number());
        assertEquals(OptionalLong.of(1), f.result());
        assertFalse(f.hasMem());
    }

    @Test
    void callUnwindFailIgnoresTextAfterTheMarker() throws IOException {
        ConformanceFile f = fixture("call_unwind_fail.data");
        assertEquals(4, f.asm().size());
        assertEquals(OptionalLong.of(2), f.result());
    }

    // ------------------------------------------------------------------ file syntax, inline

    @Test
    void fullSyntax() {
        String text = """
                preamble line before any header is ignored
                # comment line
                -- asm   # a header may carry a comment
                mov %r0, 1  # trailing comment

                exit
                -- mem
                aa BB 0c
                dd
                -- result
                0xFFFFFFFFFFFFFFFF
                -- c
                int main() { return 1; }
                -- no register offset
                anything at all
                """.replace("\n", "\r\n");
        ConformanceFile f = ConformanceFile.parse(text, "x.data");
        assertEquals(List.of(new ConformanceFile.Line(4, "mov %r0, 1"), new ConformanceFile.Line(6, "exit")), f.asm());
        assertArrayEquals(HexFormat.of().parseHex("aabb0cdd"), f.mem());
        assertEquals(OptionalLong.of(-1L), f.result());
        assertEquals(Optional.empty(), f.error());
        assertEquals(List.of(), f.raw());
        assertEquals("\n\n\nmov %r0, 1\n\nexit\n", f.asmSource());
        assertEquals(Program.of(new Insn(0xb7, 0, 0, 0, 1), Insn.exit()), f.program());
    }

    @Test
    void resultForms() {
        assertEquals(0L, result("0"));
        assertEquals(-1L, result("18446744073709551615"));
        assertEquals(0xabcdefL, result("0xabcdef"));
        assertEquals(0xabcdefL, result("0xABCDEF"));
        assertEquals(0x8000000000000000L, result("0x8000000000000000"));
        assertEquals(-2L, result("-2"));
    }

    private static long result(String value) {
        return ConformanceFile.parse("-- asm\nexit\n-- result\n" + value + "\n", "r.data").result().orElseThrow();
    }

    @Test
    void rawReplacesAsmAndAcceptsDecimal() {
        ConformanceFile f = ConformanceFile.parse("""
                -- asm
                mov %r0, 1
                exit
                -- raw
                0x00000002000000b7 149
                -- result
                0x2
                """, "raw.data");
        assertEquals(Program.of(new Insn(0xb7, 0, 0, 0, 2), Insn.exit()), f.program());
        assertEquals(Program.of(new Insn(0xb7, 0, 0, 0, 1), Insn.exit()), f.assemble());
    }

    @Test
    void errorSectionWithoutResult() {
        ConformanceFile f = ConformanceFile.parse("-- asm\nexit\n-- error\nbad things\nhappened\n", "e.data");
        assertEquals(Optional.of("bad things\nhappened"), f.error());
        assertEquals(OptionalLong.empty(), f.result());
    }

    @Test
    void valueSemantics() {
        String text = "-- asm\nexit\n-- mem\n01 02\n-- result\n0x1\n";
        ConformanceFile a = ConformanceFile.parse(text, "v.data"), b = ConformanceFile.parse(text, "v.data");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        a.mem()[0] = 9; // the accessor hands out a copy
        assertEquals(a, b);
        assertTrue(a.toString().contains("v.data"));
    }

    // ------------------------------------------------------------------ malformed files

    private static ConformanceFile.FormatException malformed(String text, int line, String fragment) {
        var e = assertThrows(ConformanceFile.FormatException.class, () -> ConformanceFile.parse(text, "bad.data"));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.data" + (line > 0 ? ":" + line : "") + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' should contain '" + fragment + "'");
        return e;
    }

    @Test
    void malformedFiles() {
        malformed("-- asm\nexit\n-- output\n1\n", 3, "unknown section header '-- output'");
        malformed("-- result\n0x1\n", 0, "no program");
        malformed("-- asm\n-- result\n0x1\n", 0, "the '-- asm' section is empty");
        malformed("-- asm\nexit\n", 0, "no expected outcome");
        malformed("-- asm\nexit\n-- result\n", 0, "the '-- result' section is empty");
        malformed("-- asm\nexit\n-- result\nxyz\n", 4, "result: 'xyz' is not a number");
        malformed("-- asm\nexit\n-- result\n1 2\n", 4, "exactly one number, found 2 tokens");
        malformed("-- asm\nexit\n-- result\n0x10000000000000000\n", 4, "does not fit in 64 bits");
        malformed("-- asm\nexit\n-- result\n12x0x3\n", 4, "is not a number");
        malformed("-- asm\nexit\n-- mem\n00 1\n-- result\n0\n", 4, "mem: '1' is not a byte of two hex digits");
        malformed("-- asm\nexit\n-- mem\n0x11\n-- result\n0\n", 4, "mem: '0x11'");
        malformed("-- asm\nexit\n-- mem\nzz\n-- result\n0\n", 4, "mem: 'zz'");
        malformed("-- raw\n-1\n-- result\n0\n", 2, "raw: '-1' must not be negative");
        malformed("-- raw\n0x18\n-- result\n0\n", 2, "the '-- raw' section is not a program: insn 0: truncated ld_imm64");
        malformed("-- asm\nexit\n-- raw\n-- result\n0\n", 0, "the '-- raw' section is empty");
    }

    @Test
    void asmErrorsNameTheFileLine() {
        ConformanceFile f = ConformanceFile.parse("# header\n-- asm\nmov %r0, 1\n\n# c\nmov %r0, %r12\nexit\n-- result\n0\n", "l.data");
        AsmException e = assertThrows(AsmException.class, f::program);
        assertEquals(6, e.line());
        assertTrue(e.getMessage().startsWith("l.data:6: bad register '%r12'"), e.getMessage());
    }

    @Test
    void readReportsMissingFiles() {
        assertThrows(IOException.class, () -> ConformanceFile.read(Path.of("/nonexistent/x.data")));
    }
}
