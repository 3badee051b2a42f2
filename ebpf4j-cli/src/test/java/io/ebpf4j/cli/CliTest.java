package io.ebpf4j.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {
    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    static Result runWithStdin(String stdin, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes()));
        try {
            return run(args);
        } finally {
            System.setIn(saved);
        }
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"asm", "disasm", "run-raw", "conformance-plugin"})
    void everyCommandHasHelp(String command) {
        Result r = run(command, "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("Usage: ebpf4j " + command), r.out());
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, run("no-such-command").status());
        assertEquals(2, run("run-raw", "--no-such-option", "x").status());
        assertEquals(2, run("run-raw").status());
        Result missing = run("run-raw", tmp.resolve("absent.bin").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("absent.bin"), missing.err());
    }

    @Test
    void assemblesAndRunsUbpfSource() throws Exception {
        // sum of the bytes 1..4 of the input
        Path src = write("sum.s", """
                mov %r0, 0
                mov %r3, 0
                loop:
                jge %r3, %r2, done
                mov %r4, %r1
                add %r4, %r3
                ldxb %r5, [%r4]
                add %r0, %r5
                add %r3, 1
                ja loop
                done:
                exit
                """);
        Path bin = tmp.resolve("sum.bin");
        Result asm = run("asm", src.toString(), "-o", bin.toString());
        assertEquals(0, asm.status(), asm.err());
        assertEquals(10 * 8, Files.size(bin));
        Result r = run("run-raw", bin.toString(), "--mem", "01 02 03 04");
        assertEquals(0, r.status(), r.err());
        assertEquals("0xa", r.out().strip());
    }

    @Test
    void asmWithoutOutputPrintsOneSlotPerLine() throws Exception {
        Result r = run("asm", write("x.s", "mov %r0, 1\nexit\n").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("b700000001000000\n9500000000000000", r.out().strip().replace("\r", ""));
    }

    @Test
    void asmReportsTheLineOfAnError() throws Exception {
        Result r = run("asm", write("bad.s", "mov %r0, 1\nfrobnicate %r1\nexit\n").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("bad.s:2"), r.err());
    }

    @Test
    void strayPointerIsAProgramErrorNamingTheInstruction() throws Exception {
        Path bin = tmp.resolve("stray.bin");
        assertEquals(0, run("asm", write("stray.s", "mov %r1, 0\nldxdw %r0, [%r1]\nexit\n").toString(),
                "-o", bin.toString()).status());
        Result r = run("run-raw", bin.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("insn 1"), r.err());
    }

    @Test
    void endlessLoopStopsAtTheBudget() throws Exception {
        Path bin = tmp.resolve("loop.bin");
        assertEquals(0, run("asm", write("loop.s", "goto -1\nexit\n").toString(), "-o", bin.toString()).status());
        Result r = run("run-raw", bin.toString(), "--budget", "1000");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("budget"), r.err());
    }

    @Test
    void disassemblesRawBytecodeInBothSyntaxes() throws Exception {
        Path bin = tmp.resolve("d.bin");
        assertEquals(0, run("asm", write("d.s", "ldxw %r0, [%r1+4]\nexit\n").toString(), "-o", bin.toString()).status());
        Result llvm = run("disasm", bin.toString());
        assertEquals(0, llvm.status(), llvm.err());
        assertTrue(llvm.out().contains("r0 = *(u32 *)(r1 + 0x4)"), llvm.out());
        Result ubpf = run("disasm", "--syntax", "ubpf", bin.toString());
        assertTrue(ubpf.out().contains("ldxw %r0, [%r1+4]"), ubpf.out());
    }

    @Test
    void malformedBytecodeIsAnErrorNamingTheInstruction() throws Exception {
        Path bin = tmp.resolve("bad.bin");
        Files.write(bin, new byte[] {(byte) 0xb7, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0});
        Result r = run("run-raw", bin.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("insn 1"), r.err());
    }

    @Test
    void conformancePluginSpeaksTheRunnerProtocol() {
        // mov32 %r0, 0x11223344 ; ldxb %r1, [%r1+1] ; add %r0, %r1 ; exit -- as the runner sends it
        String program = "b4  00  00  00  44  33  22  11  71  11  01  00  00  00  00  00  "
                + "0f  10  00  00  00  00  00  00  95  00  00  00  00  00  00  00  \n";
        Result r = runWithStdin(program, "conformance-plugin", "aa  05  ");
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals("11223349", r.out().strip());
    }

    @Test
    void conformancePluginRejectsWithNonZeroStatus() {
        Result r = runWithStdin("ff  00  00  00  00  00  00  00  \n", "conformance-plugin");
        assertNotEquals(0, r.status());
        assertTrue(r.out().contains("insn 0"), r.out());
    }
}
