package io.ebpf4j.vm;

import static io.ebpf4j.isa.Opcodes.*;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;

/** Tiny instruction builders for the vm tests. */
final class Code {
    private Code() {}

    static Insn mov(int dst, int imm) {
        return Insn.aluImm(ALU64, MOV, dst, imm);
    }

    static Insn movr(int dst, int src) {
        return Insn.alu(ALU64, MOV, dst, src);
    }

    static Insn lddw(int dst, long value) {
        return Insn.ldImm64(dst, 0, value);
    }

    static Insn alu64(int op, int dst, int imm) {
        return Insn.aluImm(ALU64, op, dst, imm);
    }

    static Insn alu64r(int op, int dst, int src) {
        return Insn.alu(ALU64, op, dst, src);
    }

    static Insn alu32(int op, int dst, int imm) {
        return Insn.aluImm(ALU, op, dst, imm);
    }

    static Insn alu32r(int op, int dst, int src) {
        return Insn.alu(ALU, op, dst, src);
    }

    static Insn jmp(int op, int dst, int imm, int off) {
        return new Insn(JMP | op | K, dst, 0, off, imm);
    }

    static Insn jmpr(int op, int dst, int src, int off) {
        return new Insn(JMP | op | X, dst, src, off, 0);
    }

    static Insn jmp32(int op, int dst, int imm, int off) {
        return new Insn(JMP32 | op | K, dst, 0, off, imm);
    }

    static Insn ja(int off) {
        return new Insn(JA_OP, 0, 0, off, 0);
    }

    static Insn ldx(int size, int dst, int src, int off) {
        return new Insn(LDX | MEM | size, dst, src, off, 0);
    }

    static Insn stx(int size, int dst, int src, int off) {
        return new Insn(STX | MEM | size, dst, src, off, 0);
    }

    static Insn st(int size, int dst, int off, int imm) {
        return new Insn(ST | MEM | size, dst, 0, off, imm);
    }

    static Insn call(int helper) {
        return new Insn(CALL_IMM, 0, CALL_HELPER, 0, helper);
    }

    static Insn callLocal(int rel) {
        return new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, rel);
    }

    static Insn callx(int reg) {
        return new Insn(CALLX, reg, 0, 0, 0);
    }

    static Insn exit() {
        return Insn.exit();
    }

    static Program prog(Insn... insns) {
        return Program.of(insns);
    }

    /** Runs with no input and default options, returning r0. */
    static long run(Insn... insns) {
        try (Vm vm = Vm.load(Program.of(insns))) {
            return vm.run(0, 0);
        }
    }

    static long run(VmOptions options, Insn... insns) {
        try (Vm vm = Vm.load(Program.of(insns), options)) {
            return vm.run(0, 0);
        }
    }

    /** r0 = {@code dst} op= {@code operand}: loads dst with lddw, applies {@code insn}, moves the result to r0. */
    static long eval(long dst, Insn insn) {
        return run(lddw(1, dst), insn, movr(0, 1), exit());
    }

    /** Like {@link #eval(long, Insn)} with r2 = {@code src} loaded first. */
    static long eval(long dst, long src, Insn insn) {
        return run(lddw(1, dst), lddw(2, src), insn, movr(0, 1), exit());
    }
}
