package io.ebpf4j.asm;

import static io.ebpf4j.isa.Opcodes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ebpf4j.asm.ObjectDisassembler.Block;
import io.ebpf4j.asm.ObjectDisassembler.Decoded;
import io.ebpf4j.asm.ObjectDisassembler.Line;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.InsnValidator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestReporter;

/**
 * Assembling what the disassembler prints gives back the instruction: for every instruction of
 * every fixture object and corpus object (both flavours), {@code LlvmAssembler.assembleInsn} of the
 * printed line, {@code <sym+0x..>} annotation included, is the decoded instruction.
 *
 * <p>Exact equality holds for every valid encoding ({@link InsnValidator}), except for what the
 * syntax cannot say ({@link #sayable}). The corpora of random and swept fields also hold encodings
 * with reserved fields set, which llvm-objdump decodes while ignoring those fields; for them the
 * test checks that the text assembles and that the result prints as the same text.
 */
class LlvmRoundTripTest {

    @TestFactory
    Stream<DynamicTest> disassemblyAssemblesBackToTheSameInstructions(TestReporter reporter) {
        Stream<DynamicTest> tests = ObjectDisassemblerFixtureTest.fixtures().stream()
                .map(f -> DynamicTest.dynamicTest(f.displayName(), () -> roundTrip(f, reporter)));
        if (ObjectDisassemblerFixtureTest.sharedDir() != null) return tests;
        return Stream.concat(tests, Stream.of(ObjectDisassemblerFixtureTest.sharedFixturesSkipped()));
    }

    private static void roundTrip(ObjectDisassemblerFixtureTest.Fixture f, TestReporter reporter) {
        int exact = 0;
        int textOnly = 0;
        for (Block block : ObjectDisassembler.disassembly(f.elf(), f.flavour()).blocks()) {
            for (Line line : block.lines()) {
                if (!(line instanceof Decoded d)) continue;
                String text = d.annotation() == null ? d.text() : d.text() + " " + d.annotation();
                String where = f.displayName() + " " + block.section() + " at 0x" + Long.toHexString(d.address()) + " '" + text + "'";
                Insn back;
                try {
                    back = LlvmAssembler.assembleInsn(text);
                } catch (AsmException e) {
                    fail(where + ": " + e.getMessage());
                    return;
                }
                assertEquals(d.text(), f.flavour().format(back), where + ": prints differently once assembled");
                if (InsnValidator.problem(d.insn()) == null) {
                    assertEquals(sayable(d.insn(), f.flavour()), back, where);
                    exact++;
                } else {
                    assertTrue(!f.hasOnlyWellFormedCode(),
                            where + ": invalid encoding in an object of well-formed code: " + InsnValidator.problem(d.insn()));
                    textOnly++;
                }
            }
        }
        reporter.publishEntry(f.displayName(), exact + " exact, " + textOnly + " text-only");
    }

    /**
     * The instruction with the fields LLVM's syntax has no way to say reset to what the assembler
     * writes for them.
     */
    static Insn sayable(Insn in, LlvmDisassembler flavour) {
        // "call N" is the text of helper (src 0), bpf-to-bpf (src 1) and kfunc (src 2, off = BTF fd index) calls
        if (in.opcode() == CALL_IMM) return new Insn(CALL_IMM, 0, CALL_HELPER, 0, in.imm());
        // "ld_pseudo rD, src, imm" leaves out the second slot's immediate
        if (in.isWide() && in.src() != 0) return new Insn(LD_IMM64, in.dst(), in.src(), in.off(), in.imm(), 0);
        // "r0 = *(u32 *)skb[rS]" leaves out imm, which BPF_IND adds to rS
        if (in.cls() == LD && in.mode() == IND) return new Insn(in.opcode(), in.dst(), in.src(), in.off(), 0);
        // without alu32, LLVM decodes every 32-bit atomic it knows as the old xadd ("lock ... +=")
        if (!flavour.alu32() && in.opcode() == (STX | ATOMIC | W)) return new Insn(in.opcode(), in.dst(), in.src(), in.off(), ATOMIC_ADD);
        return in;
    }
}
