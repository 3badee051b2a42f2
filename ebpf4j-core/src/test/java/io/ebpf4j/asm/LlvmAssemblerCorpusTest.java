package io.ebpf4j.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.elf.ElfFile;
import io.ebpf4j.elf.ElfRelocation;
import io.ebpf4j.elf.ElfRelocationSection;
import io.ebpf4j.elf.ElfSection;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our assembler agrees with LLVM's: the hand-written {@code asm-corpus/all-insns.S}, assembled by
 * {@link LlvmAssembler}, gives the instructions that llvm-mc-19 put in the committed objects' .text
 * (both byte orders).
 *
 * <p>The source is read as it is, with three adjustments, because it is written for clang's
 * preprocessor and for an object file: a {@code RAW(...)} line (an encoding written as bytes) is
 * replaced by a placeholder and not compared; the external symbols get labels; and at a slot that
 * llvm-mc left to a relocation only opcode, registers and offset are compared (its immediate is
 * the relocation's business, and LLVM writes src 0 for {@code r1 = func ll}, which we resolve to
 * src 4 like a loader).
 */
class LlvmAssemblerCorpusTest {
    private static final Pattern RAW = Pattern.compile("^\\s*RAW\\(.*");
    /** Stands for a RAW line: an instruction the corpus has nowhere else (r11 is never written). */
    private static final String PLACEHOLDER = "\tr11 = 0x7eadbeef";

    @ParameterizedTest
    @ValueSource(strings = {"all-insns-el.o", "all-insns-eb.o"})
    void assemblesTheCorpusAsLlvmMcDid(String object) {
        String source = ObjectDisassemblerFixtureTest.resource("/asm-corpus/all-insns.S");
        String text = source.substring(0, source.indexOf("\t.section xdp"));
        StringBuilder adjusted = new StringBuilder();
        for (String line : text.lines().toList()) {
            adjusted.append(RAW.matcher(line).matches() ? PLACEHOLDER : line).append('\n');
        }
        adjusted.append("ext_func:\nmap_fd:\n\texit\n");
        Program ours = LlvmAssembler.assemble(adjusted.toString(), "all-insns.S");
        Insn placeholder = LlvmAssembler.assembleInsn(PLACEHOLDER);

        ElfFile elf = ObjectDisassemblerFixtureTest.corpusFixtures().stream().filter(f -> f.name().equals(object))
                .findFirst().orElseThrow().elf();
        ElfSection textSection = elf.section(".text").orElseThrow();
        Program llvm = Program.decode(textSection.data(), elf.byteOrder());
        Set<Long> relocated = new HashSet<>();
        for (ElfRelocationSection rs : elf.relocationsFor(textSection)) {
            for (ElfRelocation r : rs.relocations()) relocated.add(r.offset());
        }

        assertEquals(llvm.size() + 1, ours.size(), "instruction count (ours has one more exit for the external labels)");
        int compared = 0;
        for (int i = 0; i < llvm.size(); i++) {
            int slot = llvm.slotOf(i);
            Insn want = llvm.insn(i);
            Insn got = ours.insn(i);
            if (got.equals(placeholder)) continue;
            String where = object + " .text insn " + slot + ": " + LlvmDisassembler.OBJDUMP.format(want);
            if (relocated.contains((long) slot * Program.SLOT_SIZE)) {
                assertEquals(List.of(want.opcode(), want.dst(), (int) want.off()), List.of(got.opcode(), got.dst(), (int) got.off()), where);
            } else {
                assertEquals(want, got, where);
            }
            compared++;
        }
        assertTrue(compared > 190, "compared " + compared + " instructions");
    }
}
