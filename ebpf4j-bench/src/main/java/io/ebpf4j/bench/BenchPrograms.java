package io.ebpf4j.bench;

import io.ebpf4j.Ebpf4jException;
import io.ebpf4j.elf.ElfFile;
import io.ebpf4j.elf.ElfSection;
import io.ebpf4j.elf.ElfSymbol;
import io.ebpf4j.isa.Program;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark programs of {@code ../shared/bench}: each {@code NAME.ubpf.o} holds the entry
 * {@code prog(mem, len)} in section {@code ubpf}, with r1 = buffer and r2 = its length, and
 * the input each program is measured on (see that folder's README).
 */
public final class BenchPrograms {
    private BenchPrograms() {}

    /** The shared folder: system property {@code ebpf4j.shared}, else {@code ../shared}. */
    public static Path sharedDir() {
        return Path.of(System.getProperty("ebpf4j.shared", "../shared"));
    }

    /** The input file the reference numbers were measured with. */
    public static String inputName(String program) {
        return program.equals("hash1k") ? "buf1k.bin" : "pkt64.bin";
    }

    public static byte[] input(String program) {
        try {
            return Files.readAllBytes(sharedDir().resolve("bench").resolve(inputName(program)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Code of the global function {@code prog} in section {@code ubpf} of {@code NAME.ubpf.o}. */
    public static Program ubpfProgram(String program) {
        Path file = sharedDir().resolve("bench").resolve(program + ".ubpf.o");
        ElfFile elf = ElfFile.read(file);
        ElfSection section = elf.section("ubpf")
                .orElseThrow(() -> new Ebpf4jException(file + ": no section 'ubpf'"));
        ElfSymbol prog = elf.symbols().stream()
                .filter(s -> s.name().equals("prog") && s.shndx() == section.index())
                .findFirst()
                .orElseThrow(() -> new Ebpf4jException(file + ": no symbol 'prog' in section 'ubpf'"));
        return Program.decode(section.data(), (int) prog.value(), (int) prog.size(), elf.byteOrder());
    }
}
