package io.ebpf4j.verifier.domain;

import static io.ebpf4j.isa.Opcodes.*;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import io.ebpf4j.vm.Vm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The concrete reference for the domain tests: every value is computed by running one
 * instruction on the project's interpreter ({@code io.ebpf4j.vm.Interpreter}, which passes the
 * RFC 9669 conformance suite), never by re-deriving the arithmetic here. One loaded program per
 * instruction shape, run with r1 = dst and r2 = src.
 */
final class Oracle {
    private Oracle() {}

    private static final Map<List<Integer>, Vm> VMS = new HashMap<>();

    private static synchronized long run(List<Integer> key, Insn[] insns, long r1, long r2) {
        Vm vm = VMS.computeIfAbsent(key, k -> Vm.load(Program.of(insns)));
        return vm.run(r1, r2);
    }

    /** {@code r1 op= r2} (register source), 64- or 32-bit, with the instruction's offset field; returns r1. */
    static long alu(int op, long dst, long src, boolean alu64, int offset) {
        int opcode = (alu64 ? ALU64 : ALU) | op | X;
        Insn[] p = {new Insn(opcode, 1, 2, offset, 0), Insn.alu(ALU64, MOV, 0, 1), Insn.exit()};
        return run(List.of(opcode, offset), p, dst, src);
    }

    static long neg(long dst, boolean alu64) {
        int opcode = (alu64 ? ALU64 : ALU) | NEG | K;
        Insn[] p = {new Insn(opcode, 1, 0, 0, 0), Insn.alu(ALU64, MOV, 0, 1), Insn.exit()};
        return run(List.of(opcode), p, dst, 0);
    }

    /** BPF_END: class ALU with source bit X = to big endian, K = to little endian; class ALU64 = bswap. */
    static long endian(long dst, boolean alu64, boolean toBigEndianOrSwap, int width) {
        int opcode = alu64 ? ALU64 | END | K : ALU | END | (toBigEndianOrSwap ? X : K);
        Insn[] p = {new Insn(opcode, 1, 0, 0, width), Insn.alu(ALU64, MOV, 0, 1), Insn.exit()};
        return run(List.of(opcode, width), p, dst, 0);
    }

    /** Stores r1 as a double word on the stack and loads {@code size} bytes back, sign-extending if asked (BPF_MEMSX). */
    static long load(long value, int size, boolean signExtend) {
        int sizeField = switch (size) { case 1 -> B; case 2 -> H; case 4 -> W; default -> DW; };
        int mode = signExtend && size != 8 ? MEMSX : MEM;
        int opcode = LDX | mode | sizeField;
        Insn[] p = {new Insn(STX | MEM | DW, 10, 1, -8, 0), new Insn(opcode, 0, 10, -8, 0), Insn.exit()};
        return run(List.of(opcode), p, value, 0);
    }

    /** Whether {@code if r1 op r2} (64-bit or JMP32) jumps. */
    static boolean jump(int op, long dst, long src, boolean jmp32) {
        int opcode = (jmp32 ? JMP32 : JMP) | op | X;
        Insn[] p = {new Insn(opcode, 1, 2, 2, 0), Insn.aluImm(ALU64, MOV, 0, 0), Insn.exit(),
                Insn.aluImm(ALU64, MOV, 0, 1), Insn.exit()};
        return run(List.of(opcode), p, dst, src) == 1;
    }
}
