package io.ebpf4j.vm;

import static io.ebpf4j.isa.Opcodes.*;

import io.ebpf4j.isa.Insn;

/** Short mnemonics (the uBPF/conformance spelling) for error messages. */
final class InsnNames {
    private InsnNames() {}

    private static final String[] ALU_OPS = {"add", "sub", "mul", "div", "or", "and", "lsh", "rsh",
            "neg", "mod", "xor", "mov", "arsh", "end", "op0xe", "op0xf"};
    private static final String[] JMP_OPS = {"ja", "jeq", "jgt", "jge", "jset", "jne", "jsgt", "jsge",
            "call", "exit", "jlt", "jle", "jslt", "jsle", "may_goto", "op0xf"};
    private static final String[] SIZES = {"w", "h", "b", "dw"};

    static String of(Insn in) {
        int op = in.op();
        return switch (in.cls()) {
            case ALU, ALU64 -> alu(in, op);
            case JMP, JMP32 -> jmp(in, op);
            case LD -> switch (in.mode()) {
                case IMM -> "lddw";
                case ABS -> "ldabs" + SIZES[in.size() >> 3];
                case IND -> "ldind" + SIZES[in.size() >> 3];
                default -> "ld?";
            };
            case LDX -> (in.mode() == MEMSX ? "ldxs" : "ldx") + SIZES[in.size() >> 3];
            case ST -> "st" + SIZES[in.size() >> 3];
            default -> in.mode() == ATOMIC ? atomic(in) : "stx" + SIZES[in.size() >> 3];
        };
    }

    private static String alu(Insn in, int op) {
        String suffix = in.cls() == ALU ? "32" : "";
        if (op == END) {
            String kind = in.cls() == ALU64 ? "bswap" : in.isRegSource() ? "be" : "le";
            return kind + in.imm();
        }
        if ((op == DIV || op == MOD) && in.off() == 1) return "s" + ALU_OPS[op >> 4] + suffix;
        if (op == MOV && in.off() != 0) return "movsx" + in.off() + (in.cls() == ALU ? "32" : "64");
        return ALU_OPS[op >> 4] + suffix;
    }

    private static String jmp(Insn in, int op) {
        if (in.opcode() == GOTOL) return "ja32";
        if (op == CALL) return in.isRegSource() ? "callx" : in.isPseudoCall() ? "call local" : "call";
        return JMP_OPS[op >> 4] + (in.cls() == JMP32 ? "32" : "");
    }

    private static String atomic(Insn in) {
        String w = in.size() == W ? "32" : "";
        return switch (in.imm()) {
            case XCHG -> "lock xchg" + w;
            case CMPXCHG -> "lock cmpxchg" + w;
            default -> "lock " + ((in.imm() & FETCH) != 0 ? "fetch " : "") + ALU_OPS[(in.imm() & 0xf0) >> 4] + w;
        };
    }
}
