package io.ebpf4j.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ebpf4j core}: one line per relocation, exit 0 / 1 (a relocation failed) / 2 (bad input). */
class CoreCommandTest {
    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    /** A shared fixture, or the test is skipped with the reason. */
    static Path fixture(String relative) {
        String prop = System.getProperty("ebpf4j.shared");
        assumeTrue(prop != null && !prop.isBlank(), "shared fixtures unavailable: system property ebpf4j.shared is unset");
        Path p = Path.of(prop).resolve(relative);
        assumeTrue(Files.isRegularFile(p), () -> "fixture " + p + " is missing");
        return p;
    }

    static final String EXP = "core-testdata/exp-linux-6.18/";
    static final String CILIUM = "core-testdata/cilium-ebpf/btf/testdata/";

    @Test
    void printsEveryRelocationOfProgO() {
        Path prog = fixture(EXP + "prog.o");
        Path btf = fixture(EXP + "min_target_cilium_7.1.btf");
        Result r = run("core", prog.toString(), "--btf", btf.toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.lines();
        assertEquals(21, lines.size(), r.out());
        assertEquals(".text insn 2: byte_off struct task_struct 0:92 (.pid) => [272] struct task_struct: 1264 -> 2536", lines.get(0));
        assertEquals(".text insn 27: byte_off struct task_struct___v1 0:2 (.real_parent) => [272] struct task_struct: 8 -> 2552",
                lines.get(3));
        assertTrue(lines.get(6).startsWith(".text insn 46: byte_off struct task_struct___old 0:0 (.state) => not found: poisoned ("),
                lines.get(6));
        assertTrue(lines.get(6).endsWith("insn becomes call 0xbad2310"), lines.get(6));
        assertEquals(".text insn 94: local_type_id struct result 0 => 11 -> 11", lines.get(19));
        assertEquals("20 relocations: 10 changed, 9 unchanged, 1 poisoned, 0 failed", lines.get(20));
    }

    @Test
    void traceGoesToStderrInLibbpfsWords() {
        Path prog = fixture(EXP + "prog.o");
        Path btf = fixture(EXP + "min_target_linux_6.18.btf");
        Result r = run("core", "--trace", prog.toString(), "--btf", btf.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("libbpf: prog '.text': relo #6: substituting insn #46 w/ invalid insn"), r.err());
        assertTrue(r.err().contains("libbpf: prog '.text': relo #3: patched insn #27 (ALU/ALU64) imm 8 -> 1280"), r.err());
    }

    @Test
    void ambiguousRelocationsExitWithOne() {
        Path relocs = fixture(CILIUM + "relocs-el.elf");
        Result r = run("core", relocs.toString(), "--btf", relocs.toString());
        assertEquals(1, r.status(), r.out() + r.err());
        List<String> failed = r.lines().stream().filter(l -> l.contains("=> error:")).toList();
        assertEquals(2, failed.size(), r.out());
        assertTrue(failed.get(0).startsWith("socket/err_ambiguous insn 0: target_type_id struct ambiguous 0 => error: "
                + "relocation decision ambiguity"), failed.get(0));
        assertTrue(failed.get(1).startsWith("socket/err_ambiguous_flavour insn 0: target_type_id struct ambiguous___flavour 0"),
                failed.get(1));
        assertEquals("103 relocations: 0 changed, 101 unchanged, 0 poisoned, 2 failed", r.lines().getLast());
    }

    @Test
    void splitTargetOverABase() {
        Path prog = fixture(EXP + "prog.o");
        Path mod = fixture(CILIUM + "btf_testmod.btf");
        Path base = fixture(CILIUM + "btf_testmod.btf.base");
        Result r = run("core", prog.toString(), "--btf", mod.toString(), "--base-btf", base.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(21, r.lines().size(), r.out());
    }

    @Test
    void withoutATargetTheErrorNamesTheFirstRelocation() {
        Path prog = fixture(EXP + "prog.o");
        Result r = run("core", prog.toString(), "--kernel-btf", tmp.resolve("vmlinux").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no target BTF: " + tmp.resolve("vmlinux") + " does not exist"), r.err());
        assertTrue(r.err().contains(".text insn 2: byte_off struct task_struct 0:92"), r.err());
    }

    @Test
    void badInputsExitWithTwo() throws Exception {
        assertEquals(2, run("core", tmp.resolve("absent.o").toString()).status());
        Path text = Files.writeString(tmp.resolve("x.o"), "not an object");
        Result notElf = run("core", text.toString());
        assertEquals(2, notElf.status());
        assertTrue(notElf.err().contains("not an ELF object"), notElf.err());
        Result baseOnly = run("core", text.toString(), "--base-btf", text.toString());
        assertEquals(2, baseOnly.status());
        assertTrue(baseOnly.err().contains("--base-btf needs --btf"), baseOnly.err());
        Path prog = fixture(EXP + "prog.o");
        Result badBtf = run("core", prog.toString(), "--btf", text.toString());
        assertEquals(2, badBtf.status());
        assertEquals(2, run("core", prog.toString(), "--btf", tmp.resolve("none.btf").toString()).status());
    }

    @Test
    void objectWithoutRelocations() {
        Path tgt = fixture(CILIUM + "relocs_read_tgt-el.elf");
        Result r = run("core", tgt.toString(), "--btf", tgt.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("no CO-RE relocations"), r.out());
    }

    @Test
    void hasHelp() {
        Result r = run("core", "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("Usage: ebpf4j core"), r.out());
    }
}
