package io.ebpf4j.verifier.prevail;

import static io.ebpf4j.isa.Opcodes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.IsaException;
import io.ebpf4j.isa.Program;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Assumptions;

/** The PREVAIL case reader, assembler and {@code pre} reader over the 802 cases of ../shared/prevail-yaml. */
class PrevailParseTest {

    /** Cases whose code PREVAIL reads but that have no valid encoding (the instruction is built, validate() refuses it). */
    static final Map<String, String> NOT_IN_THE_ISA = Map.of(
            "movsx.yaml: movsx32 into the same register to 32 bits",
            "'w2 s32= r2' is a 32-bit sign extension from 32 bits: RFC 9669 §4.1 defines MOVSX with offset 32 only for ALU64");

    @TestFactory
    List<DynamicTest> everyCaseParses() {
        String[] why = new String[1];
        Path dir = PrevailSuites.dir(why);
        if (dir == null) return List.of(DynamicTest.dynamicTest("prevail-yaml absent", () -> Assumptions.abort(why[0])));
        List<PrevailCase> cases = PrevailSuites.all(dir);
        List<DynamicTest> out = new ArrayList<>();
        out.add(DynamicTest.dynamicTest("802 cases in 28 suites", () -> {
            assertEquals(PrevailSuites.EXPECTED_CASES, cases.size());
            assertEquals(28, PrevailCase.suites(dir).size());
        }));
        for (PrevailCase c : cases) {
            out.add(DynamicTest.dynamicTest(c.id(), () -> {
                if (c.expectedException() != null) {
                    // PREVAIL's reader rejects these cases (ebpf_yaml.cpp parse_observations): so does ours, with its message
                    assertEquals(c.expectedException(), c.formatError());
                    return;
                }
                assertEquals(null, c.formatError());
                PrevailAssembler.Assembled a = PrevailAssembler.assemble(c.blocks());
                String reason = NOT_IN_THE_ISA.get(c.id());
                if (reason == null) {
                    a.program().validate();
                } else {
                    var e = assertThrows(IsaException.class, () -> a.program().validate(), reason);
                    assertTrue(e.getMessage().contains("invalid mov offset 32"), e.getMessage());
                }
                PrevailPre.parse(c.pre());
                assertEquals(a.lines().size(), a.indexOfLine().length);
                assertEquals(a.program().size() - 1, a.sinkIndex());
            }));
        }
        return out;
    }

    private static Program asm(String code) {
        Map<String, String> blocks = new LinkedHashMap<>();
        blocks.put("<start>", code);
        return PrevailAssembler.assemble(blocks).program();
    }

    @Test
    void assumeBecomesNegatedJumpToTheSink() {
        PrevailAssembler.Assembled a = PrevailAssembler.assemble(Map.of("<start>", "assume r1 < 5\nassume w2 s>= r3\n"));
        Program p = a.program();
        assertEquals(3, p.size());
        // assume r1 < 5  ->  if r1 >= 5 goto sink
        assertEquals(new Insn(JMP | JGE | K, 1, 0, 1, 5), p.insn(0));
        // assume w2 s>= r3 (32-bit: the width is the left operand's)  ->  if w2 s< w3 goto sink
        assertEquals(new Insn(JMP32 | JSLT | X, 2, 3, 0, 0), p.insn(1));
        assertEquals(Insn.exit(), p.insn(2));
        assertEquals(2, a.sinkIndex());
    }

    @Test
    void labelsCountLinesAndLddwIsOneLine() {
        Map<String, String> blocks = new LinkedHashMap<>();
        blocks.put("<start>", "r1 = 0x100000000ll\nif r1 == 0 goto <out>\ngoto <start>\n");
        blocks.put("<out>", "call 1; a comment\nexit\n");
        PrevailAssembler.Assembled a = PrevailAssembler.assemble(blocks);
        Program p = a.program();
        assertEquals(Insn.ldImm64(1, 0, 0x100000000L), p.insn(0));
        // line 1 is at slot 2; <out> is line 3 = slot 4: offset 4 - 3 = 1
        assertEquals(new Insn(JMP | JEQ | K, 1, 0, 1, 0), p.insn(1));
        assertEquals(new Insn(JA_OP, 0, 0, -4, 0), p.insn(2));
        assertEquals(new Insn(CALL_IMM, 0, CALL_HELPER, 0, 1), p.insn(3));
        assertEquals(3, a.indexOfLine()[3]);
    }

    @Test
    void prevailOnlySyntax() {
        Program p = asm("""
                r1 s8= r2
                w1 = swap16 w1
                r3 = map_fd 7
                r4 = map_val(1) + 8
                r5 = mva(map_by_idx(2)) + 4
                lock *(u32 *)(r1 + 4) += r2 fetch
                lock *(u64 *)(r1 - 8) cx= r2
                if r1 &!= 2 goto <start>
                w1 s16= r2
                """);
        assertEquals(new Insn(ALU64 | MOV | X, 1, 2, 8, 0), p.insn(0));
        assertEquals(new Insn(ALU64 | END | K, 1, 0, 0, 16), p.insn(1));
        assertEquals(new Insn(LD_IMM64, 3, PSEUDO_MAP_FD, (short) 0, 0, 0), p.insn(2));
        assertEquals(new Insn(LD_IMM64, 4, PSEUDO_MAP_VALUE, (short) 0, 0, 8), p.insn(3));
        assertEquals(new Insn(LD_IMM64, 5, PSEUDO_MAP_IDX_VALUE, (short) 0, 2, 4), p.insn(4));
        assertEquals(new Insn(STX | ATOMIC | W, 1, 2, 4, ATOMIC_ADD | FETCH), p.insn(5));
        assertEquals(new Insn(STX | ATOMIC | DW, 1, 2, -8, CMPXCHG), p.insn(6));
        // &!= (no common bit): if r1 & 2 goto +1; goto <start>
        assertEquals(new Insn(JMP | JSET | K, 1, 0, 1, 2), p.insn(7));
        assertEquals(Insn.exit().opcode(), p.insn(p.size() - 1).opcode());
        assertEquals(JA_OP, p.insn(8).opcode());
        assertEquals(-(p.slotOf(8) + 1), p.insn(8).off());
        assertEquals(new Insn(ALU | MOV | X, 1, 2, 16, 0), p.insn(9));
    }

    @Test
    void badLinesNameTheInstruction() {
        var e = assertThrows(PrevailAssembler.SyntaxError.class, () -> asm("r0 = 0\ngoto <nowhere>\n"));
        assertTrue(e.getMessage().contains("instruction 1") && e.getMessage().contains("undefined label"), e.getMessage());
        e = assertThrows(PrevailAssembler.SyntaxError.class, () -> asm("r0 = frobnicate r1\n"));
        assertTrue(e.getMessage().contains("instruction 0"), e.getMessage());
    }

    @Test
    void preFacts() {
        PrevailPre p = PrevailPre.parse(List.of("r1.type in {ctx, packet}", "r1.ctx_offset=0", "r2.uvalue=18446744073709551615",
                "r2.svalue=-1", "r3.uvalue=r3.svalue", "s[504...511].type=number", "s[504...511].svalue=7",
                "r4.packet_offset=packet_size", "packet_size=[20, 40]", "r6.uvalue-r7.uvalue<=-1"));
        assertEquals(2, p.typeAlternatives().size());
        assertEquals(-1L, p.regs.get(2).values.get("uvalue").lo());
        assertTrue(p.regs.get(3).unsignedEqualsSigned);
        assertTrue(p.regs.get(4).packetEnd);
        assertEquals(new PrevailPre.Interval(20, 40), p.packetSize);
        assertEquals(List.of("r6.uvalue-r7.uvalue<=-1"), p.relational);
        assertThrows(IllegalArgumentException.class, () -> PrevailPre.parse(List.of("r1.flavor=sweet")));
    }
}
