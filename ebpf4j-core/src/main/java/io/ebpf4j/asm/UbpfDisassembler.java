package io.ebpf4j.asm;

import static io.ebpf4j.isa.Opcodes.*;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.InsnValidator;
import io.ebpf4j.isa.Program;
import java.util.BitSet;

/**
 * Disassembler to the uBPF-style syntax of the bpf_conformance suite (see {@link UbpfAssembler}
 * and {@code conformance/README.md}). For every program, {@code UbpfAssembler.assemble(disassemble(p))}
 * equals {@code p}.
 *
 * <h2>Output</h2>
 * One instruction per line. A jump, {@code call local} or {@code lddw ... func} whose target is the
 * start of an instruction gets a label {@code L<slot>:} on a line of its own before that instruction
 * (the number is the target's slot); any other target (outside the program, or into the middle of an
 * {@code lddw}) is written as a literal {@code +N} / {@code -N}. Immediates between -65535 and 65535
 * are decimal, others are hex (the unsigned 32-bit pattern, or for {@code lddw} the unsigned 64-bit
 * value). Memory operands are {@code [%rN]}, {@code [%rN+off]} or {@code [%rN-off]}.
 *
 * <h2>Extensions beyond the README's table</h2>
 * The conformance syntax has no words for several encodings the ISA validator accepts. These are
 * written as follows (the assembler reads all of them):
 * <table>
 *   <caption>extension syntax</caption>
 *   <tr><th>encoding</th><th>syntax</th></tr>
 *   <tr><td>ld_imm64 with src 1..6 (RFC 9669 §5.4 Table 12; kernel bpf.h)</td>
 *       <td>{@code lddw %rD, map_fd A}, {@code map_value A, B}, {@code btf_id A}, {@code func TARGET},
 *       {@code map_idx A}, {@code map_idx_value A, B}: A is imm of the first slot, B (omitted when 0,
 *       allowed for every kind) is imm of the second slot; for {@code func} A is a target relative to
 *       the next slot</td></tr>
 *   <tr><td>call with src 0 / 2 (kfunc, RFC 9669 §4.3.1)</td>
 *       <td>{@code call ID} / {@code call runtime ID} ({@code call runtime ID, OFF} when off, the module
 *       BTF index, is not 0); the assembler also reads {@code call helper ID} and {@code call kfunc ID}</td></tr>
 *   <tr><td>JMP32 ja, target in imm</td><td>{@code ja32 TARGET} (assembler also reads {@code gotol})</td></tr>
 *   <tr><td>may_goto (Linux JMP|JCOND, 0xe5)</td><td>{@code may_goto TARGET}</td></tr>
 *   <tr><td>addr_space_cast (Linux ALU64 MOV X, off 1)</td>
 *       <td>{@code addr_space_cast %rD, %rS, DST_AS, SRC_AS} with imm = DST_AS &lt;&lt; 16 | SRC_AS</td></tr>
 *   <tr><td>legacy packet loads (RFC 9669 §5.5)</td>
 *       <td>{@code ldabsb|ldabsh|ldabsw IMM}, {@code ldindb|ldindh|ldindw %rS, IMM}</td></tr>
 *   <tr><td>anything the validator rejects</td>
 *       <td>{@code .insn OPCODE, DST, SRC, OFF, IMM[, IMM2]  # invalid: reason}, fields verbatim
 *       (IMM2 only for opcode 0x18)</td></tr>
 * </table>
 */
public final class UbpfDisassembler {
    private UbpfDisassembler() {}

    // RFC 9669 §4.1 Table 5 and §4.3 Table 8, indexed by op >> 4
    private static final String[] ALU_NAMES =
            {"add", "sub", "mul", "div", "or", "and", "lsh", "rsh", "neg", "mod", "xor", "mov", "arsh", null, null, null};
    private static final String[] JMP_NAMES =
            {"ja", "jeq", "jgt", "jge", "jset", "jne", "jsgt", "jsge", null, null, "jlt", "jle", "jslt", "jsle", null, null};
    private static final String[] LDDW_KINDS =
            {null, "map_fd", "map_value", "btf_id", "func", "map_idx", "map_idx_value"};

    /** Disassembles {@code program}, one line per instruction or label, each ending in a newline. */
    public static String disassemble(Program program) {
        BitSet labelled = new BitSet();
        for (int i = 0; i < program.size(); i++) {
            int target = labelTarget(program, i);
            if (target >= 0) labelled.set(target);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < program.size(); i++) {
            int slot = program.slotOf(i);
            if (labelled.get(slot)) out.append(label(slot)).append(":\n");
            out.append(line(program, i, labelled)).append('\n');
        }
        return out.toString();
    }

    /** Disassembles one instruction on its own; relative targets are written as +N / -N. */
    public static String disassemble(Insn insn) {
        return line(Program.of(insn), 0, new BitSet());
    }

    private static String label(int slot) {
        return "L" + slot;
    }

    /** The relative distance encoded by a target-carrying instruction, or null if it has none. */
    private static Integer relative(Insn in) {
        if (InsnValidator.problem(in) != null) return null;
        if (in.isBranch()) return in.branchOffset();
        if (in.isPseudoCall()) return in.imm();
        if (in.isWide() && in.src() == PSEUDO_FUNC) return in.imm();
        return null;
    }

    /** The slot a label should mark for instruction {@code i}, or -1 if it gets a literal (or no) target. */
    private static int labelTarget(Program p, int i) {
        Integer rel = relative(p.insn(i));
        if (rel == null) return -1;
        long target = (long) p.slotOf(i) + 1 + rel;
        return target >= 0 && target < p.slotCount() && p.indexAtSlot((int) target) >= 0 ? (int) target : -1;
    }

    private static String line(Program p, int i, BitSet labelled) {
        Insn in = p.insn(i);
        String why = InsnValidator.problem(in);
        String text = why == null ? valid(in, target(p, i, labelled)) : null;
        if (text == null) text = raw(in) + "  # invalid: " + why;
        return text;
    }

    private static String target(Program p, int i, BitSet labelled) {
        Integer rel = relative(p.insn(i));
        if (rel == null) return null;
        long target = (long) p.slotOf(i) + 1 + rel;
        if (target >= 0 && target < p.slotCount() && labelled.get((int) target)) return label((int) target);
        return rel >= 0 ? "+" + rel : Integer.toString(rel);
    }

    /** Text for an instruction the validator accepts, or null if there is no symbolic form for it. */
    private static String valid(Insn in, String target) {
        return switch (in.cls()) {
            case ALU, ALU64 -> alu(in);
            case JMP, JMP32 -> jmp(in, target);
            case LD -> ld(in, target);
            case LDX -> (in.mode() == MEMSX ? "ldxs" : "ldx") + size(in) + " " + reg(in.dst()) + ", " + mem(in.src(), in.off());
            case ST -> "st" + size(in) + " " + mem(in.dst(), in.off()) + ", " + imm(in.imm());
            case STX -> stx(in);
            default -> null;
        };
    }

    private static String alu(Insn in) {
        String sfx = in.cls() == ALU ? "32" : "";
        int op = in.op();
        String d = reg(in.dst());
        if (op == END) {
            // RFC 9669 §4.2: ALU K = le, ALU X = be, ALU64 K = bswap (unconditional swap)
            String name = in.cls() == ALU64 ? "bswap" : in.isRegSource() ? "be" : "le";
            return name + in.imm() + " " + d;
        }
        if (op == NEG) return "neg" + sfx + " " + d;
        if (op == MOV && in.off() != 0) {
            if (in.off() == 1 && in.cls() == ALU64) {
                return "addr_space_cast " + d + ", " + reg(in.src()) + ", " + (in.imm() >>> 16) + ", " + (in.imm() & 0xffff);
            }
            // RFC 9669 §4.1: MOVSX, the offset is the source width in bits
            return "movsx" + in.off() + (in.cls() == ALU ? "32" : "64") + " " + d + ", " + reg(in.src());
        }
        String name = ALU_NAMES[op >> 4];
        if (in.off() == 1) name = "s" + name; // sdiv / smod
        return name + sfx + " " + d + ", " + source(in);
    }

    private static String jmp(Insn in, String target) {
        int op = in.op();
        boolean j32 = in.cls() == JMP32;
        return switch (op) {
            case JA -> (j32 ? "ja32 " : "ja ") + target;
            case EXIT -> "exit";
            case JCOND -> "may_goto " + target;
            case CALL -> {
                if (in.isCallx()) yield "call " + reg(in.dst());
                yield switch (in.src()) {
                    case CALL_HELPER -> "call " + imm(in.imm());
                    case PSEUDO_CALL -> "call local " + target;
                    default -> "call runtime " + imm(in.imm()) + (in.off() != 0 ? ", " + in.off() : "");
                };
            }
            default -> JMP_NAMES[op >> 4] + (j32 ? "32 " : " ") + reg(in.dst()) + ", " + source(in) + ", " + target;
        };
    }

    private static String ld(Insn in, String target) {
        if (in.isWide()) {
            String d = reg(in.dst());
            if (in.src() == 0) return "lddw " + d + ", " + imm64(in.imm64());
            String a = in.src() == PSEUDO_FUNC ? target : imm(in.imm());
            return "lddw " + d + ", " + LDDW_KINDS[in.src()] + " " + a + (in.imm2() != 0 ? ", " + imm(in.imm2()) : "");
        }
        // RFC 9669 §5.5: legacy packet access
        if (in.mode() == ABS) return "ldabs" + size(in) + " " + imm(in.imm());
        if (in.mode() == IND) return "ldind" + size(in) + " " + reg(in.src()) + ", " + imm(in.imm());
        return null;
    }

    private static String stx(Insn in) {
        String operands = " " + mem(in.dst(), in.off()) + ", " + reg(in.src());
        if (in.mode() == MEM) return "stx" + size(in) + operands;
        // RFC 9669 §5.3: atomic operations, 32-bit with size W
        String sfx = in.size() == W ? "32" : "";
        String name = switch (in.imm()) {
            case XCHG -> "xchg";
            case CMPXCHG -> "cmpxchg";
            default -> {
                String base = switch (in.imm() & ~FETCH) {
                    case ATOMIC_ADD -> "add";
                    case ATOMIC_OR -> "or";
                    case ATOMIC_AND -> "and";
                    case ATOMIC_XOR -> "xor";
                    default -> throw new IllegalStateException("validated atomic op " + in.imm());
                };
                yield ((in.imm() & FETCH) != 0 ? "fetch " : "") + base;
            }
        };
        return "lock " + name + sfx + operands;
    }

    private static String raw(Insn in) {
        String s = String.format(".insn 0x%02x, %d, %d, %d, %s", in.opcode(), in.dst(), in.src(), in.off(), imm(in.imm()));
        return in.isWide() ? s + ", " + imm(in.imm2()) : s;
    }

    // ---------------------------------------------------------------- operands

    private static String size(Insn in) {
        return switch (in.size()) {
            case W -> "w";
            case H -> "h";
            case B -> "b";
            default -> "dw";
        };
    }

    private static String reg(int r) {
        return "%r" + r;
    }

    private static String source(Insn in) {
        return in.isRegSource() ? reg(in.src()) : imm(in.imm());
    }

    private static String mem(int reg, int off) {
        if (off == 0) return "[" + reg(reg) + "]";
        return "[" + reg(reg) + (off > 0 ? "+" : "-") + Math.abs(off) + "]";
    }

    /** A 32-bit immediate: decimal when small, else hex of the unsigned 32-bit pattern (README immediate rules). */
    private static String imm(int v) {
        return v > -0x10000 && v < 0x10000 ? Integer.toString(v) : "0x" + Integer.toHexString(v);
    }

    /** The 64-bit lddw value: decimal when small, else unsigned hex. */
    private static String imm64(long v) {
        return v > -0x10000 && v < 0x10000 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }
}
