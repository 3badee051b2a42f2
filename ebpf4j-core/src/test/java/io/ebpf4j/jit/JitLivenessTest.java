package io.ebpf4j.jit;

import static io.ebpf4j.isa.Opcodes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.Vm;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The chunks of a split function pass registers to each other through the chunk array, and read and write back only
 * the registers {@link Liveness} says are live. Each case here sets a register, then runs hundreds of instructions
 * that touch only r9 (so a chunk boundary falls between), then reads the register in one particular way, alone in
 * its chunk: if the analysis missed that kind of read (or that kind of write), the later chunk would see a stale or
 * zero value. Expected values follow RFC 9669 (and the test helpers' definitions); both engines must give them.
 */
class JitLivenessTest {

    /** One case: segments of code with filler between them, then exit; the expected r0. */
    record Case(String name, long expected, List<List<Insn>> segments) {}

    /**
     * Instructions that touch only r9: enough bytecode that a chunk boundary falls inside. 2,000 of them: the compiler
     * keeps a function whole where it fits HotSpot's limit built whole (JitCompiler.TRIAL_ABOVE), and 600 did.
     */
    static List<Insn> filler() {
        List<Insn> f = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            f.add(Insn.aluImm(ALU64, ADD, 9, i));
            f.add(Insn.aluImm(ALU64, XOR, 9, 0x55));
        }
        return f;
    }

    static Insn stx(int dst, int off, int src) {
        return new Insn(STX | MEM | DW, dst, src, off, 0);
    }

    static Insn ldx(int dst, int src, int off) {
        return new Insn(LDX | MEM | DW, dst, src, off, 0);
    }

    static Insn mov(int dst, int imm) {
        return Insn.aluImm(ALU64, MOV, dst, imm);
    }

    static Insn movReg(int dst, int src) {
        return Insn.alu(ALU64, MOV, dst, src);
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("exit reads r0", 0x1111, List.of(List.of(mov(0, 0x1111)), List.of())));
        c.add(new Case("a conditional jump reads its source", 1, List.of(List.of(mov(3, 5), mov(0, 0)),
                List.of(mov(6, 3), new Insn(JMP | JLT | X, 6, 3, 1, 0), mov(0, 7), Insn.aluImm(ALU64, ADD, 0, 1)))));
        c.add(new Case("a 32-bit conditional jump reads its source", 1, List.of(List.of(mov(3, 5), mov(0, 0)),
                List.of(mov(6, 3), new Insn(JMP32 | JLT | X, 6, 3, 1, 0), mov(0, 7), Insn.aluImm(ALU64, ADD, 0, 1)))));
        c.add(new Case("a conditional jump reads its destination", 1, List.of(List.of(mov(3, 5), mov(0, 0)),
                List.of(new Insn(JMP | JGT | K, 3, 0, 1, 4), mov(0, 7), Insn.aluImm(ALU64, ADD, 0, 1)))));
        c.add(new Case("a store reads its value and its base", 0x77, List.of(List.of(mov(3, 0x77), movReg(4, 10)),
                List.of(stx(4, -8, 3), ldx(0, 10, -8)))));
        c.add(new Case("an immediate store reads its base", 0x66, List.of(List.of(movReg(4, 10)),
                List.of(new Insn(ST | MEM | DW, 4, 0, -8, 0x66), ldx(0, 10, -8)))));
        c.add(new Case("a load reads its base", 99, List.of(List.of(movReg(4, 10), new Insn(ST | MEM | DW, 10, 0, -16, 99)),
                List.of(ldx(0, 4, -16)))));
        c.add(new Case("ALU reads its source", 42, List.of(List.of(mov(3, 40)), List.of(mov(0, 2), Insn.alu(ALU64, ADD, 0, 3)))));
        c.add(new Case("ALU reads its destination", 45, List.of(List.of(mov(0, 40)), List.of(Insn.aluImm(ALU64, ADD, 0, 5)))));
        c.add(new Case("ALU32 reads its source", 42, List.of(List.of(mov(3, 40)), List.of(mov(0, 2), Insn.alu(ALU, ADD, 0, 3)))));
        c.add(new Case("mov reads its source", 40, List.of(List.of(mov(3, 40)), List.of(movReg(0, 3)))));
        // movsx (RFC 9669 §4.1: MOVSX, off 8): the low byte 0x80 sign-extended
        c.add(new Case("movsx reads its source", -128, List.of(List.of(mov(3, 0x180)), List.of(new Insn(ALU64 | MOV | X, 0, 3, 8, 0)))));
        c.add(new Case("neg reads its register", -5, List.of(List.of(mov(3, 5)), List.of(Insn.aluImm(ALU64, NEG, 3, 0), movReg(0, 3)))));
        c.add(new Case("a byte swap reads its register", 0x3412, List.of(List.of(mov(3, 0x1234)),
                List.of(new Insn(ALU | END | X, 3, 0, 0, 16), movReg(0, 3))))); // be16 on little-endian memory: swapped
        c.add(new Case("an atomic reads its operands", 15, List.of(
                List.of(mov(3, 5), movReg(4, 10), new Insn(ST | MEM | DW, 10, 0, -8, 10)),
                List.of(new Insn(STX | ATOMIC | DW, 4, 3, -8, ATOMIC_ADD), ldx(0, 10, -8)))));
        c.add(new Case("an atomic fetch writes its source", 10, List.of(
                List.of(mov(3, 5), new Insn(ST | MEM | DW, 10, 0, -8, 10)),
                List.of(new Insn(STX | ATOMIC | DW, 10, 3, -8, ATOMIC_ADD | FETCH)),
                List.of(movReg(0, 3)))));
        // cmpxchg: r0 is compared with memory and gets the old value; memory 10 == r0 10, so it becomes 20
        c.add(new Case("cmpxchg reads and writes r0", (20 << 8) | 10, List.of(
                List.of(mov(0, 10), mov(3, 20), new Insn(ST | MEM | DW, 10, 0, -8, 10)),
                List.of(new Insn(STX | ATOMIC | DW, 10, 3, -8, CMPXCHG)),
                List.of(ldx(6, 10, -8), Insn.aluImm(ALU64, LSH, 6, 8), Insn.alu(ALU64, OR, 6, 0), movReg(0, 6)))));
        // the same, r0 not read after the cmpxchg: only the cmpxchg itself keeps r0 (10) live into its chunk
        c.add(new Case("cmpxchg compares r0", 20, List.of(
                List.of(mov(0, 10), mov(3, 20), new Insn(ST | MEM | DW, 10, 0, -8, 10)),
                List.of(new Insn(STX | ATOMIC | DW, 10, 3, -8, CMPXCHG)),
                List.of(ldx(0, 10, -8)))));
        // f(r1, r2, r3) = r1 * r2 + r3
        c.add(new Case("a call reads its arguments", 17, List.of(List.of(mov(1, 3), mov(2, 4), mov(3, 5)),
                List.of(new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, 0)))));
        c.add(new Case("a call writes r0", 17, List.of(List.of(mov(1, 3), mov(2, 4), mov(3, 5)),
                List.of(new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, 0)), List.of())));
        // RandomPrograms.MIX(r1..r5) = r1 * 31 + (r2 ^ r3) - (r4 << 3) + r5
        c.add(new Case("a helper reads r1-r5", 2 * 31 + (3 ^ 4) - (5 << 3) + 6, List.of(
                List.of(mov(1, 2), mov(2, 3), mov(3, 4), mov(4, 5), mov(5, 6)), List.of(new Insn(CALL_IMM, 0, 0, 0, 1)))));
        c.add(new Case("a helper writes r0", 2 * 31 + (3 ^ 4) - (5 << 3) + 6, List.of(
                List.of(mov(1, 2), mov(2, 3), mov(3, 4), mov(4, 5), mov(5, 6)), List.of(new Insn(CALL_IMM, 0, 0, 0, 1)), List.of())));
        c.add(new Case("callx reads its target and arguments", 17, List.of(
                List.of(Insn.ldImm64(7, PSEUDO_FUNC, 0), mov(1, 3), mov(2, 4), mov(3, 5)),
                List.of(new Insn(CALLX, 7, 0, 0, 0)))));
        c.add(new Case("a load writes its destination", 5, List.of(List.of(new Insn(ST | MEM | DW, 10, 0, -8, 5)),
                List.of(ldx(3, 10, -8)), List.of(movReg(0, 3)))));
        c.add(new Case("ld_imm64 writes its destination", 0x123456789L, List.of(List.of(),
                List.of(Insn.ldImm64(3, 0, 0x123456789L)), List.of(movReg(0, 3)))));
        c.add(new Case("r10 read late", 9, List.of(List.of(new Insn(ST | MEM | DW, 10, 0, -8, 9)),
                List.of(movReg(4, 10), ldx(0, 4, -8)))));
        return c;
    }

    /**
     * main: the segments with filler between them, r9 untouched otherwise, then exit; f(r1, r2, r3) = r1 * r2 + r3. A
     * call's or function pointer's target in the segments is a placeholder, pointed at f here.
     */
    static Program program(Case k) {
        List<Insn> main = new ArrayList<>();
        main.add(mov(9, 0));
        List<Integer> calls = new ArrayList<>(), pointers = new ArrayList<>();
        for (int i = 0; i < k.segments().size(); i++) {
            if (i > 0) main.addAll(filler());
            for (Insn in : k.segments().get(i)) {
                if (in.opcode() == CALL_IMM && in.src() == PSEUDO_CALL) calls.add(main.size());
                if (in.opcode() == LD_IMM64 && in.src() == PSEUDO_FUNC) pointers.add(main.size());
                main.add(in);
            }
        }
        main.add(Insn.exit());
        // calls and function pointers are relative in slots (an ld_imm64 takes two)
        int[] slot = new int[main.size() + 1];
        for (int i = 0; i < main.size(); i++) slot[i + 1] = slot[i] + (main.get(i).isWide() ? 2 : 1);
        int f = slot[main.size()];
        for (int at : calls) main.set(at, new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, f - slot[at] - 1));
        for (int at : pointers) main.set(at, Insn.ldImm64(main.get(at).dst(), PSEUDO_FUNC, (f - slot[at] - 1) & 0xffff_ffffL));
        main.add(movReg(0, 1));
        main.add(Insn.alu(ALU64, MUL, 0, 2));
        main.add(Insn.alu(ALU64, ADD, 0, 3));
        main.add(Insn.exit());
        return new Program(main).validate();
    }

    @TestFactory
    List<DynamicTest> aRegisterReadInALaterChunkKeepsItsValue() {
        return cases().stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> {
            Program p = program(k);
            try (Vm vm = Vm.load(p, JitDifferentialTest.options(), Engine.JIT)) {
                int methods = JitInfo.of(vm).orElseThrow().methods();
                assertTrue(methods > 6, k.name() + ": the main function is split into chunks (" + methods + " methods)");
            }
            byte[] input = new byte[64];
            var interpreted = JitDifferentialTest.run(p, input, Engine.INTERPRETER, ByteOrder.LITTLE_ENDIAN);
            var compiled = JitDifferentialTest.run(p, input, Engine.JIT, ByteOrder.LITTLE_ENDIAN);
            assertEquals("r0 = 0x" + Long.toHexString(k.expected()), interpreted.result(), k.name() + " (interpreter)");
            assertEquals(interpreted, compiled, k.name());
        })).toList();
    }
}
