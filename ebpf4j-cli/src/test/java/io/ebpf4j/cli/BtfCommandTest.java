package io.ebpf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ebpf4j btf dump}: output, split BTF, ELF objects, errors and exit codes. */
class BtfCommandTest {
    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    /** A raw BTF blob: int, a struct of two ints, a pointer to the struct (btf.rst §2). */
    static byte[] smallBtf() {
        byte[] strings = "\0int\0pair\0a\0b\0".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer t = ByteBuffer.allocate(16 + 12 + 24 + 12).order(ByteOrder.LITTLE_ENDIAN);
        t.putInt(1).putInt(1 << 24).putInt(4).putInt((1 << 24) | 32);            // [1] INT 'int' signed
        t.putInt(5).putInt((4 << 24) | 2).putInt(8);                              // [2] STRUCT 'pair'
        t.putInt(10).putInt(1).putInt(0).putInt(12).putInt(1).putInt(32);
        t.putInt(0).putInt(2 << 24).putInt(2);                                    // [3] PTR -> 2
        ByteBuffer b = ByteBuffer.allocate(24 + t.capacity() + strings.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(24).putInt(0).putInt(t.capacity())
                .putInt(t.capacity()).putInt(strings.length);
        b.put(t.array()).put(strings);
        return b.array();
    }

    static final String SMALL_DUMP = """
            [1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED
            [2] STRUCT 'pair' size=8 vlen=2
            \t'a' type_id=1 bits_offset=0
            \t'b' type_id=1 bits_offset=32
            [3] PTR '(anon)' type_id=2
            """;

    private Path small() throws Exception {
        Path p = tmp.resolve("small.btf");
        Files.write(p, smallBtf());
        return p;
    }

    static Path shared(String relative) {
        String prop = System.getProperty("ebpf4j.shared");
        assumeTrue(prop != null && !prop.isBlank(), "shared fixtures unavailable: system property ebpf4j.shared is unset");
        Path p = Path.of(prop).resolve(relative);
        assumeTrue(Files.isRegularFile(p), () -> "fixture " + p + " is missing");
        return p;
    }

    @Test
    void dumpsRawBtf() throws Exception {
        Result r = run("btf", "dump", small().toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(SMALL_DUMP, r.out());
        assertEquals("", r.err());
        Result explicit = run("btf", "dump", "--format", "raw", small().toString());
        assertEquals(SMALL_DUMP, explicit.out());
    }

    @Test
    void dumpsAnObjectsBtfAsBpftoolDoes() throws Exception {
        Path elf = shared("core-testdata/cilium-ebpf/btf/testdata/tags-eb.elf");
        Path expected = shared("core-testdata/exp-linux-6.18/prog.btf.txt");
        Result r = run("btf", "dump", elf.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("[1] INT 'char' size=1 bits_offset=0 nr_bits=8 encoding=SIGNED\n"
                + "[2] FUNC_PROTO '(anon)' ret_type_id=3 vlen=2\n\t'x' type_id=1\n"), r.out());
        assertTrue(r.out().endsWith("\ttype_id=36 offset=0 size=1 (VAR 't1')\n"), r.out());
        // the committed bpftool output of exp-linux-6.18/prog.o
        Result prog = run("btf", "dump", expected.resolveSibling("prog.o").toString());
        assertEquals(Files.readString(expected), prog.out());
    }

    @Test
    void dumpsSplitBtfOverItsBase() {
        Path split = shared("core-testdata/cilium-ebpf/btf/testdata/btf_testmod.btf");
        Path base = shared("core-testdata/cilium-ebpf/btf/testdata/btf_testmod.btf.base");
        for (String opt : new String[] {"--base-btf", "-B"}) {
            Result r = run("btf", "dump", split.toString(), opt, base.toString());
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().startsWith("[158] CONST '(anon)' type_id=1583\n"), r.out().substring(0, 80));
            assertTrue(r.out().endsWith("[1601] TYPEDEF 'xdp_features_t' type_id=1579\n"));
        }
        // without its base the split blob refers to types it does not have
        Result alone = run("btf", "dump", split.toString());
        assertEquals(2, alone.status());
        assertTrue(alone.err().startsWith("error: "), alone.err());
        assertEquals("", alone.out());
    }

    @Test
    void badInputExitsWithTwo() throws Exception {
        Result missing = run("btf", "dump", tmp.resolve("absent.btf").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("absent.btf: no such file"), missing.err());

        Path junk = tmp.resolve("junk.btf");
        Files.writeString(junk, "this is not BTF, only some text that is long enough");
        Result bad = run("btf", "dump", junk.toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("bad BTF magic"), bad.err());

        byte[] truncated = java.util.Arrays.copyOf(smallBtf(), smallBtf().length - 20);
        Path cut = tmp.resolve("cut.btf");
        Files.write(cut, truncated);
        Result c = run("btf", "dump", cut.toString());
        assertEquals(2, c.status());
        assertTrue(c.err().contains("cut.btf: ") && c.err().contains("past the end"), c.err());

        Result badBase = run("btf", "dump", small().toString(), "--base-btf", junk.toString());
        assertEquals(2, badBase.status());

        Result noBtf = run("btf", "dump", shared("core-testdata/cilium-ebpf/testdata/loader_nobtf-el.elf").toString());
        assertEquals(2, noBtf.status());
        assertTrue(noBtf.err().contains("no .BTF section"), noBtf.err());
    }

    @Test
    void usageErrors() throws Exception {
        assertEquals(2, run("btf").status());
        assertEquals(2, run("btf", "dump").status());
        Result fmt = run("btf", "dump", "--format", "json", small().toString());
        assertEquals(2, fmt.status());
        assertTrue(fmt.err().contains("json"), fmt.err());
        Result help = run("btf", "dump", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("Usage: ebpf4j btf dump"), help.out());
        assertTrue(run("btf", "--help").out().contains("dump"));
    }

    @Test
    void formatCPrintsACHeader() throws Exception {
        Result r = run("btf", "dump", "--format", "c", small().toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("struct pair {\n\tint a;\n\tint b;\n};"), r.out());
        assertFalse(r.out().contains("[1] INT"), r.out());
        // the committed bpftool format-c output of prog.o
        Path prog = shared("core-testdata/exp-linux-6.18/prog.o");
        Result c = run("btf", "dump", prog.toString(), "--format", "c");
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().startsWith("#ifndef __VMLINUX_H__\n"), c.out().substring(0, 40));
        assertTrue(c.out().contains("struct task_struct___old {\n\tlong state;\n};"), "a flavour of prog.c");
    }

    @Test
    void dumpsTheRunningKernelsBtf() {
        Path vmlinux = Path.of("/sys/kernel/btf/vmlinux");
        assumeTrue(Files.isReadable(vmlinux), vmlinux + " is not readable here");
        Result r = run("btf", "dump", vmlinux.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("[1] "), r.out().substring(0, 40));
        assertTrue(r.out().length() > 1_000_000);
    }
}
