package io.ebpf4j.isa;

import static io.ebpf4j.isa.Opcodes.*;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators of instructions that RFC 9669 (plus the Linux extensions) defines, built
 * from the encoding tables of the RFC rather than from our validator, so the two can be
 * checked against each other. Jump targets are left to the program generator.
 */
final class ValidInsns {
    private ValidInsns() {}

    static Arbitrary<Integer> reg() {
        return Arbitraries.integers().between(0, 10);
    }

    static Arbitrary<Integer> anyInt() {
        return Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.of(0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    static Arbitrary<Short> anyOff() {
        return Arbitraries.shorts();
    }

    /** Every non-branch instruction form of RFC 9669 §4.1, §4.2, §5 and the Linux extensions. */
    static Arbitrary<Insn> straightLine() {
        List<Arbitrary<Insn>> forms = new ArrayList<>();
        int[] aluOps = {ADD, SUB, MUL, DIV, OR, AND, LSH, RSH, MOD, XOR, MOV, ARSH};
        for (int cls : new int[] {ALU, ALU64}) {
            for (int op : aluOps) {
                forms.add(Combinators.combine(reg(), anyInt()).as((d, imm) -> new Insn(cls | op | K, d, 0, 0, imm)));
                forms.add(Combinators.combine(reg(), reg()).as((d, s) -> new Insn(cls | op | X, d, s, 0, 0)));
            }
            for (int op : new int[] {DIV, MOD}) { // sdiv, smod: offset 1
                forms.add(Combinators.combine(reg(), anyInt()).as((d, imm) -> new Insn(cls | op | K, d, 0, 1, imm)));
                forms.add(Combinators.combine(reg(), reg()).as((d, s) -> new Insn(cls | op | X, d, s, 1, 0)));
            }
            forms.add(reg().map(d -> new Insn(cls | NEG, d, 0, 0, 0)));
            int[] movsx = cls == ALU64 ? new int[] {8, 16, 32} : new int[] {8, 16};
            forms.add(Combinators.combine(reg(), reg(), Arbitraries.of(box(movsx)))
                    .as((d, s, w) -> new Insn(cls | MOV | X, d, s, w, 0)));
        }
        Arbitrary<Integer> width = Arbitraries.of(16, 32, 64);
        forms.add(Combinators.combine(reg(), width).as((d, w) -> new Insn(ALU | END | K, d, 0, 0, w)));   // le
        forms.add(Combinators.combine(reg(), width).as((d, w) -> new Insn(ALU | END | X, d, 0, 0, w)));   // be
        forms.add(Combinators.combine(reg(), width).as((d, w) -> new Insn(ALU64 | END | K, d, 0, 0, w))); // bswap
        Arbitrary<Integer> size = Arbitraries.of(W, H, B, DW);
        forms.add(Combinators.combine(size, reg(), reg(), anyOff()).as((sz, d, s, o) -> new Insn(LDX | MEM | sz, d, s, o, 0)));
        forms.add(Combinators.combine(Arbitraries.of(W, H, B), reg(), reg(), anyOff()).as((sz, d, s, o) -> new Insn(LDX | MEMSX | sz, d, s, o, 0)));
        forms.add(Combinators.combine(size, reg(), anyOff(), anyInt()).as((sz, d, o, imm) -> new Insn(ST | MEM | sz, d, 0, o, imm)));
        forms.add(Combinators.combine(size, reg(), reg(), anyOff()).as((sz, d, s, o) -> new Insn(STX | MEM | sz, d, s, o, 0)));
        Arbitrary<Integer> atomicOp = Arbitraries.of(0x00, 0x01, 0x40, 0x41, 0x50, 0x51, 0xa0, 0xa1, 0xe1, 0xf1);
        forms.add(Combinators.combine(Arbitraries.of(W, DW), reg(), reg(), anyOff(), atomicOp)
                .as((sz, d, s, o, imm) -> new Insn(STX | ATOMIC | sz, d, s, o, imm)));
        forms.add(Combinators.combine(reg(), Arbitraries.integers().between(0, 6), Arbitraries.longs())
                .filter((d, src, v) -> src != PSEUDO_FUNC)
                .as(Insn::ldImm64));
        forms.add(Combinators.combine(Arbitraries.of(W, H, B), anyInt()).as((sz, imm) -> new Insn(LD | ABS | sz, 0, 0, 0, imm)));
        forms.add(Combinators.combine(Arbitraries.of(W, H, B), reg(), anyInt()).as((sz, s, imm) -> new Insn(LD | IND | sz, 0, s, 0, imm)));
        forms.add(anyInt().map(id -> new Insn(CALL_IMM, 0, CALL_HELPER, 0, id)));
        forms.add(Combinators.combine(anyInt(), anyOff()).as((id, o) -> new Insn(CALL_IMM, 0, PSEUDO_KFUNC_CALL, o, id)));
        forms.add(reg().map(r -> new Insn(CALLX, r, 0, 0, 0)));
        forms.add(Arbitraries.just(Insn.exit()));
        return Arbitraries.oneOf(forms);
    }

    private static Integer[] box(int[] a) {
        Integer[] b = new Integer[a.length];
        for (int i = 0; i < a.length; i++) b[i] = a[i];
        return b;
    }

    /** The branch opcodes (with the field that holds the target) of RFC 9669 §4.3 and may_goto. */
    static List<Integer> branchOpcodes() {
        List<Integer> ops = new ArrayList<>();
        for (int cls : new int[] {JMP, JMP32}) {
            for (int op : new int[] {JEQ, JGT, JGE, JSET, JNE, JSGT, JSGE, JLT, JLE, JSLT, JSLE}) {
                ops.add(cls | op | K);
                ops.add(cls | op | X);
            }
        }
        ops.add(JA_OP);
        ops.add(GOTOL);
        ops.add(MAY_GOTO);
        ops.add(CALL_IMM | (PSEUDO_CALL << 8)); // marker: pseudo call, decoded below
        ops.add(LD_IMM64 | (PSEUDO_FUNC << 8)); // marker: function pointer
        return ops;
    }
}
