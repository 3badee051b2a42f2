package io.ebpf4j.verifier.domain;

import static io.ebpf4j.isa.Opcodes.ADD;
import static io.ebpf4j.isa.Opcodes.AND;
import static io.ebpf4j.isa.Opcodes.ARSH;
import static io.ebpf4j.isa.Opcodes.DIV;
import static io.ebpf4j.isa.Opcodes.LSH;
import static io.ebpf4j.isa.Opcodes.MOD;
import static io.ebpf4j.isa.Opcodes.MUL;
import static io.ebpf4j.isa.Opcodes.OR;
import static io.ebpf4j.isa.Opcodes.RSH;
import static io.ebpf4j.isa.Opcodes.SUB;
import static io.ebpf4j.isa.Opcodes.XOR;
import static io.ebpf4j.verifier.domain.Part.MASK32;

import io.ebpf4j.vm.Alu;

/**
 * Constant folding: the concrete ALU semantics exactly as the interpreter
 * ({@code io.ebpf4j.vm.Interpreter}) computes them, with the shared {@link Alu} helpers for
 * division, modulo and byte swaps; Java's shifts mask the count (63 for 64-bit, 31 for 32-bit).
 */
final class Concrete {
    private Concrete() {}

    static long alu(int op, long dst, long src, boolean alu64, int offset) {
        boolean signed = offset != 0;
        if (alu64) {
            return switch (op) {
                case ADD -> dst + src;
                case SUB -> dst - src;
                case MUL -> dst * src;
                case DIV -> signed ? Alu.sdiv64(dst, src) : Alu.udiv64(dst, src);
                case OR -> dst | src;
                case AND -> dst & src;
                case LSH -> dst << src;
                case RSH -> dst >>> src;
                case MOD -> signed ? Alu.smod64(dst, src) : Alu.umod64(dst, src);
                case XOR -> dst ^ src;
                case ARSH -> dst >> src;
                default -> throw new IllegalArgumentException("not an ALU operation: 0x" + Integer.toHexString(op));
            };
        }
        return switch (op) {
            case ADD -> (dst + src) & MASK32;
            case SUB -> (dst - src) & MASK32;
            case MUL -> (dst * src) & MASK32;
            case DIV -> signed ? Alu.sdiv32(dst, src) : Alu.udiv32(dst, src);
            case OR -> (dst | src) & MASK32;
            case AND -> (dst & src) & MASK32;
            case LSH -> ((int) dst << (int) src) & MASK32;
            case RSH -> ((int) dst >>> (int) src) & MASK32;
            case MOD -> signed ? Alu.smod32(dst, src) : Alu.umod32(dst, src);
            case XOR -> (dst ^ src) & MASK32;
            case ARSH -> ((int) dst >> (int) src) & MASK32;
            default -> throw new IllegalArgumentException("not an ALU operation: 0x" + Integer.toHexString(op));
        };
    }

    static long bswap(long v, int width) {
        return Alu.bswap(v, width);
    }

    static long signExtend(long v, int bytes) {
        return switch (bytes) {
            case 1 -> (byte) v;
            case 2 -> (short) v;
            case 4 -> (int) v;
            default -> v;
        };
    }
}
