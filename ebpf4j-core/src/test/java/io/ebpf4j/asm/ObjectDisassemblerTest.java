package io.ebpf4j.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.asm.ObjectDisassembler.Block;
import io.ebpf4j.asm.ObjectDisassembler.Decoded;
import io.ebpf4j.asm.ObjectDisassembler.Disassembly;
import io.ebpf4j.asm.ObjectDisassembler.Unknown;
import io.ebpf4j.asm.ObjectDisassembler.Zeros;
import io.ebpf4j.elf.ElfException;
import io.ebpf4j.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The structured view of {@link ObjectDisassembler} on the layout corpus object (asm-corpus/layout.S). */
class ObjectDisassemblerTest {

    private static Path corpus(String name) {
        return ObjectDisassemblerFixtureTest.corpusFixtures().stream().filter(f -> f.name().equals(name))
                .findFirst().orElseThrow().object();
    }

    private static Disassembly layout() {
        return ObjectDisassembler.disassembly(ElfFile.read(corpus("layout-el.o")), LlvmDisassembler.OBJDUMP);
    }

    private static Block block(Disassembly d, String symbol) {
        return d.blocks().stream().filter(b -> b.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    @Test
    void labelsEachAddressWithItsLastSymbolByName() {
        List<String> text = layout().blocks().stream().filter(b -> b.section().equals(".text")).map(Block::symbol).toList();
        // Zfunc, weak_func, obj_at_start and aaa_local share address 0; UPPER and lower share 0x20
        assertEquals(List.of("weak_func", "lower", "zeros_block", "inside_ldimm"), text);
    }

    @Test
    void namesASectionWithoutASymbolAtItsStartAfterTheSection() {
        Disassembly d = layout();
        assertEquals(".text.nosym", d.blocks().stream().filter(b -> b.section().equals(".text.nosym")).findFirst().orElseThrow().symbol());
        assertTrue(d.blocks().stream().noneMatch(b -> b.section().equals(".text.empty")), "an empty section has no block");
        assertTrue(d.blocks().stream().noneMatch(b -> b.section().equals(".rodata") || b.section().equals(".bss.exec")));
    }

    @Test
    void elidesZeroRunsAndDecodesOffTheSlotGrid() {
        List<ObjectDisassembler.Line> lines = block(layout(), "lower").lines();
        assertInstanceOf(Decoded.class, lines.get(0));
        Zeros twelve = assertInstanceOf(Zeros.class, lines.get(3));
        assertEquals(12, twelve.size());
        Decoded afterTwelve = assertInstanceOf(Decoded.class, lines.get(4));
        assertEquals(0x44, afterTwelve.address(), "4 bytes off the slot grid");
        assertEquals("r1 = 0x3", afterTwelve.text());
    }

    @Test
    void printsOneUnknownPerByteAtARaggedEnd() {
        List<ObjectDisassembler.Line> lines = block(layout(), "ragged").lines();
        assertEquals(5, lines.size());
        for (int i = 2; i < 5; i++) {
            Unknown u = assertInstanceOf(Unknown.class, lines.get(i));
            assertEquals(1, u.size());
            assertEquals(0x10 + i - 2, u.address());
        }
    }

    @Test
    void annotatesBranchesWithTheNearestPrecedingLabel() {
        Block b = block(layout(), "inside_ldimm");
        List<String> annotations = b.lines().stream().filter(l -> l instanceof Decoded d && d.annotation() != null)
                .map(l -> ((Decoded) l).annotation()).toList();
        assertEquals(List.of("<end_label+0x300>", "<end_label+0xc34e8>", "<end_label+0x3ffe8>",
                "<end_label+0xfffffffffffbfff8>", "<end_label>"), annotations);
    }

    @Test
    void printsTheFileNameItIsGiven() throws IOException {
        Path obj = corpus("all-insns-eb.o");
        String out = ObjectDisassembler.disassemble(ElfFile.read(obj), "some/where.o", LlvmDisassembler.OBJDUMP);
        assertTrue(out.startsWith("\nsome/where.o:\tfile format elf64-bpf\n\nDisassembly of section .text:\n\n0000000000000000 <alu64>:\n"), out);
        assertTrue(ObjectDisassembler.disassemble(obj).startsWith("\n" + obj + ":\tfile format elf64-bpf\n"));
    }

    @Test
    void rejectsObjectsForOtherMachines() throws IOException {
        byte[] bytes = Files.readAllBytes(corpus("all-insns-el.o"));
        bytes[18] = 62; // e_machine = EM_X86_64 (little-endian)
        ElfFile elf = ElfFile.parse(bytes, "x86.o");
        ElfException e = assertThrows(ElfException.class, () -> ObjectDisassembler.disassembly(elf, LlvmDisassembler.OBJDUMP));
        assertEquals("x86.o: not a BPF object (e_machine 62)", e.getMessage());
    }
}
