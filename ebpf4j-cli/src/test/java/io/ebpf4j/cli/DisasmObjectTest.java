package io.ebpf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.asm.LlvmDisassembler;
import io.ebpf4j.asm.ObjectDisassembler;
import io.ebpf4j.elf.ElfFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code ebpf4j disasm OBJ}: linked programs with source lines and named relocations; {@code --objdump}: llvm-objdump's listing. */
class DisasmObjectTest {
    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    static Path fixture(String relative) {
        String prop = System.getProperty("ebpf4j.shared");
        Assumptions.assumeTrue(prop != null && Files.isDirectory(Path.of(prop)),
                () -> "shared fixtures unavailable: system property ebpf4j.shared is " + (prop == null ? "unset" : "'" + prop + "'"));
        Path p = Path.of(prop).resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(p), () -> "fixture missing: " + p);
        return p;
    }

    @Test
    void showsEachProgramLinkedWithSourceLinesAndNamedTargets() {
        Path obj = fixture("core-testdata/cilium-ebpf/testdata/loader-clang-22-el.elf");
        Result r = run("disasm", obj.toString());
        assertEquals(0, r.status(), r.err());
        String out = r.out();
        assertTrue(out.contains("Disassembly of program xdp_prog (section xdp, type xdp, attach xdp):"), out);
        // functions labelled at their linked positions, in the order libbpf appends them
        int xdp = out.indexOf("<xdp_prog>:"), st = out.indexOf("<static_fn>:", xdp), g = out.indexOf("<global_fn>:", xdp);
        assertTrue(xdp >= 0 && st > xdp && g > st, out);
        // source lines, as llvm-objdump -S prints them
        assertTrue(out.contains("; bpf_map_lookup_elem(&hash_map, (void *)&key1);"), out);
        // relocation targets: maps, global data with offsets and variables, functions
        assertTrue(out.contains("<hash_map>"), out);
        assertTrue(out.contains("<.rodata+0x4> (arg)"), out);
        assertTrue(out.contains("<.rodata+0x10> (static_uneg)"), out);
        assertTrue(out.matches("(?s).*call 0x[0-9a-f]+ <static_fn>.*"), out);
        assertTrue(out.contains("<MY_CONST: unresolved>"), out);
        // every entry program is listed
        for (String p : new String[] {"no_relocation", "asm_relocation", "data_sections", "anon_const", "static_fn", "global_fn3"}) {
            assertTrue(out.contains("Disassembly of program " + p + " "), p);
        }
    }

    @Test
    void selectsOneProgram() {
        Path obj = fixture("bench/calls.ubpf.o");
        Result r = run("disasm", "--program", "prog", obj.toString());
        assertEquals(0, r.status(), r.err());
        for (String f : new String[] {"<prog>:", "<lvl3>:", "<lvl2>:", "<lvl1>:", "<lvl0>:", "<lvl3>\n"}) {
            assertTrue(r.out().contains(f), f + "\n" + r.out());
        }
        assertEquals(2, run("disasm", "--program", "nope", obj.toString()).status());
    }

    @Test
    void objdumpOptionKeepsTheLlvmObjdumpListing() {
        Path obj = fixture("core-testdata/cilium-ebpf/testdata/loader-clang-22-el.elf");
        Result r = run("disasm", "--objdump", obj.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(ObjectDisassembler.disassemble(ElfFile.read(obj), obj.toString(), LlvmDisassembler.OBJDUMP), r.out());
    }

    @Test
    void loadErrorsExitWithTwo() {
        Path obj = fixture("core-testdata/cilium-ebpf/testdata/invalid_map-el.elf");
        Result r = run("disasm", obj.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("invalid_map"), r.err());
    }

    @Test
    void appliesCoReAgainstTheGivenTargetBtf() {
        Path prog = fixture("core-testdata/exp-linux-6.18/prog.o");
        Path target = fixture("core-testdata/exp-linux-6.18/min_target_linux_6.18.btf");
        CliTest.Result r = CliTest.run("disasm", "--btf", target.toString(), prog.toString());
        assertEquals(0, r.status(), r.err());
        // load.log: task_struct.pid is at offset 1264 (0x4f0) on the 6.18 kernel; BPF_CORE_READ loads it as an immediate
        assertTrue(r.out().contains("r1 = 0x4f0"), "no use of task_struct.pid's 6.18 offset 0x4f0:\n" + r.out());
    }

    @Test
    void coReWithoutATargetNamesTheFirstRelocation() {
        Path prog = fixture("core-testdata/exp-linux-6.18/prog.o");
        CliTest.Result r = CliTest.run("disasm", "--kernel-btf", "/nonexistent/vmlinux", prog.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no target BTF") && r.err().contains(".text insn 2: byte_off struct task_struct"), r.err());
    }
}
