package io.ebpf4j.isa;

import static io.ebpf4j.isa.Opcodes.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ProgramCodecTest {

    /** A valid program: straight-line instructions and branches whose targets are instruction starts. */
    @Provide
    Arbitrary<Program> validPrograms() {
        Arbitrary<List<Insn>> body = ValidInsns.straightLine().list().ofMinSize(1).ofMaxSize(40);
        Arbitrary<List<int[]>> branches = Combinators.combine(
                        Arbitraries.of(ValidInsns.branchOpcodes()), ValidInsns.reg(), ValidInsns.reg(),
                        Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000), Arbitraries.integers())
                .as((op, d, s, where, to, imm) -> new int[] {op, d, s, where, to, imm})
                .list().ofMaxSize(10);
        return Combinators.combine(body, branches).as(ProgramCodecTest::withBranches);
    }

    private static Program withBranches(List<Insn> body, List<int[]> branches) {
        List<Insn> insns = new ArrayList<>(body);
        // insert placeholders, then fix targets once the layout is known
        List<int[]> placed = new ArrayList<>();
        for (int[] b : branches) {
            int at = b[3] % (insns.size() + 1);
            insns.add(at, Insn.exit());
            for (int[] p : placed) if (p[0] >= at) p[0]++;
            placed.add(new int[] {at, b[0], b[1], b[2], b[4], b[5]});
        }
        Program layout = new Program(insns);
        for (int[] p : placed) {
            int at = p[0], code = p[1], d = p[2], s = p[3];
            int fromSlot = layout.slotOf(at);
            int targetSlot = layout.slotOf(p[4] % insns.size());
            int rel = targetSlot - (fromSlot + 1);
            int opcode = code & 0xff;
            int kind = code >>> 8;
            Insn in;
            if (opcode == LD_IMM64) {
                // a 2-slot replacement would shift the layout; keep it 1 slot by using a pseudo call
                in = new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, rel);
            } else if (opcode == CALL_IMM && kind == PSEUDO_CALL) {
                in = new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, rel);
            } else if (opcode == GOTOL) {
                in = new Insn(GOTOL, 0, 0, 0, rel);
            } else if (opcode == JA_OP || opcode == MAY_GOTO) {
                in = new Insn(opcode, 0, 0, rel, 0);
            } else if ((opcode & X) != 0) {
                in = new Insn(opcode, d, s, rel, 0);
            } else {
                in = new Insn(opcode, d, 0, rel, p[5]);
            }
            insns.set(at, in);
        }
        return new Program(insns);
    }

    @Property(tries = 2000)
    void decodeEncodeIsIdentityInBothByteOrders(@ForAll("validPrograms") Program p) {
        p.validate();
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            byte[] bytes = p.encode(order);
            assertEquals(p.slotCount() * 8, bytes.length);
            Program back = Program.decode(bytes, order);
            assertEquals(p, back);
            assertArrayEquals(bytes, back.encode(order));
        }
    }

    @Property(tries = 500)
    void everyGeneratedFormIsAcceptedByTheValidator(@ForAll("validPrograms") Program p) {
        assertDoesNotThrow(p::validate);
    }

    @Test
    void littleEndianLayoutFollowsRfc9669() {
        // RFC 9669 §3.1: opcode, then dst in the low nibble and src in the high nibble, off, imm (LE)
        Insn in = new Insn(STX | MEM | W, 1, 2, -4, 0);
        assertEquals("6321fcff00000000", HexFormat.of().formatHex(Program.of(in).encode(ByteOrder.LITTLE_ENDIAN)));
        byte[] le = Program.of(new Insn(ALU64 | ADD | K, 3, 0, 0, 0x11223344)).encode(ByteOrder.LITTLE_ENDIAN);
        assertEquals("0703000044332211", HexFormat.of().formatHex(le));
        byte[] be = Program.of(new Insn(ALU64 | ADD | X, 3, 4, 0x102, 0)).encode(ByteOrder.BIG_ENDIAN);
        // big-endian: dst in the high nibble, src in the low nibble, off and imm big-endian
        assertEquals("0f34010200000000", HexFormat.of().formatHex(be));
    }

    @Test
    void ldImm64TakesTwoSlots() {
        Program p = Program.of(Insn.ldImm64(1, 0, 0x1122334455667788L), Insn.exit());
        assertEquals(3, p.slotCount());
        assertEquals(2, p.slotOf(1));
        assertEquals(-1, p.indexAtSlot(1));
        assertEquals("1801000088776655000000004433221195000000" + "00000000",
                HexFormat.of().formatHex(p.encode(ByteOrder.LITTLE_ENDIAN)));
        assertEquals(0x1122334455667788L, Program.decode(p.encode(ByteOrder.BIG_ENDIAN), ByteOrder.BIG_ENDIAN).insn(0).imm64());
    }
}
