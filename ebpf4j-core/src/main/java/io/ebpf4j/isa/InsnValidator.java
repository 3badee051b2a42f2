package io.ebpf4j.isa;

import static io.ebpf4j.isa.Opcodes.*;

/**
 * Encoding rules for one instruction: a known opcode, registers in range, and reserved fields
 * zero. Sources: RFC 9669 §3-§5 (which fields each class uses; "unused fields shall be zero"),
 * plus the Linux extensions the kernel accepts in {@code bpf_check}'s {@code do_check} and
 * {@code check_*} functions ({@code may_goto}, pseudo calls, {@code addr_space_cast}).
 */
public final class InsnValidator {
    private InsnValidator() {}

    /** @throws IsaException if {@code in} at {@code slot} is not a valid instruction */
    public static void check(Insn in, int slot) {
        String why = problem(in);
        if (why != null) {
            throw new IsaException(slot, String.format("%s (opcode 0x%02x dst r%d src r%d off %d imm %d)",
                    why, in.opcode(), in.dst(), in.src(), in.off(), in.imm()));
        }
    }

    /** Returns why {@code in} is invalid, or null when it is valid. */
    public static String problem(Insn in) {
        if (in.dst() > 10) return "invalid dst register r" + in.dst();
        if (in.src() > 10 && !(in.isWide())) return "invalid src register r" + in.src();
        return switch (in.cls()) {
            case ALU, ALU64 -> alu(in);
            case JMP, JMP32 -> jmp(in);
            case LD -> ld(in);
            case LDX -> ldx(in);
            case ST -> st(in);
            case STX -> stx(in);
            default -> "unknown instruction class"; // unreachable: 3 bits
        };
    }

    private static String alu(Insn in) {
        boolean is64 = in.cls() == ALU64;
        boolean x = in.isRegSource();
        int op = in.op();
        if (op > END) return "unknown arithmetic operation 0x" + Integer.toHexString(op >> 4);
        if (op == END) {
            // RFC 9669 §4.2: byte swap; the source bit selects le/be in ALU, ALU64 needs K (bswap)
            if (is64 && x) return "unknown opcode (byte swap in ALU64 takes no source bit)";
            if (in.src() != 0 || in.off() != 0) return "reserved fields of a byte swap must be zero";
            if (in.imm() != 16 && in.imm() != 32 && in.imm() != 64) return "byte swap width must be 16, 32 or 64";
            return null;
        }
        if (op == NEG) {
            // RFC 9669 §4.1: NEG uses only dst; the kernel requires BPF_K, src 0, imm 0 (check_alu_op)
            if (x || in.src() != 0 || in.off() != 0 || in.imm() != 0) return "reserved fields of neg must be zero";
            return null;
        }
        int off = in.off();
        if (op == DIV || op == MOD) {
            // RFC 9669 §4.1: offset 1 selects the signed variant (sdiv, smod)
            if (off != 0 && off != 1) return "div/mod offset must be 0 (unsigned) or 1 (signed)";
        } else if (op == MOV) {
            if (off != 0) {
                // RFC 9669 §4.1: movsx sign-extends from 8, 16 (ALU and ALU64) or 32 (ALU64) bits
                boolean movsx = x && in.imm() == 0 && (off == 8 || off == 16 || (is64 && off == 32));
                // kernel: BPF_ADDR_SPACE_CAST is ALU64|MOV|X with off 1 (check_alu_op)
                boolean asCast = is64 && x && off == 1;
                if (!movsx && !asCast) return "invalid mov offset " + off;
                return null;
            }
        } else if (off != 0) {
            return "reserved offset field must be zero";
        }
        if (x) {
            if (in.imm() != 0) return "reserved imm field must be zero for a register source";
        } else if (in.src() != 0) {
            return "reserved src field must be zero for an immediate source";
        }
        return null;
    }

    private static String jmp(Insn in) {
        boolean j32 = in.cls() == JMP32;
        int op = in.op();
        boolean x = in.isRegSource();
        switch (op) {
            case JA -> {
                if (x) return "unknown opcode (ja takes no source bit)";
                if (in.dst() != 0 || in.src() != 0) return "reserved register fields of ja must be zero";
                // RFC 9669 §4.3: JMP ja uses off; JMP32 ja (gotol) uses imm and off must be 0
                if (j32 ? in.off() != 0 : in.imm() != 0) return "reserved field of " + (j32 ? "gotol" : "ja") + " must be zero";
                return null;
            }
            case CALL -> {
                if (j32) return "unknown opcode (call is not a JMP32 instruction)";
                if (x) {
                    // callx: the target register is in dst (RFC 9669 §4.3 note, LLVM's encoding)
                    if (in.src() != 0 || in.off() != 0 || in.imm() != 0) return "reserved fields of callx must be zero";
                    return null;
                }
                if (in.dst() != 0) return "reserved dst field of call must be zero";
                return switch (in.src()) {
                    case CALL_HELPER, PSEUDO_CALL -> in.off() != 0 ? "reserved offset field of call must be zero" : null;
                    case PSEUDO_KFUNC_CALL -> null; // off selects the module BTF (kernel: insn->off as btf fd index)
                    default -> "unknown call kind src=" + in.src();
                };
            }
            case EXIT -> {
                if (j32 || x) return "unknown opcode (exit is JMP class, source K)";
                if (in.dst() != 0 || in.src() != 0 || in.off() != 0 || in.imm() != 0) return "reserved fields of exit must be zero";
                return null;
            }
            case JCOND -> {
                // Linux BPF_JCOND: may_goto is JMP|JCOND|K with src 0 (BPF_MAY_GOTO), dst 0, imm 0
                if (j32 || x) return "unknown opcode 0x" + Integer.toHexString(in.opcode());
                if (in.src() != 0 || in.dst() != 0 || in.imm() != 0) return "reserved fields of may_goto must be zero";
                return null;
            }
            case 0xf0 -> {
                return "unknown jump operation 0xf";
            }
            default -> {
                if (x) {
                    if (in.imm() != 0) return "reserved imm field must be zero for a register comparison";
                } else if (in.src() != 0) {
                    return "reserved src field must be zero for an immediate comparison";
                }
                return null;
            }
        }
    }

    private static String ld(Insn in) {
        int mode = in.mode();
        if (in.opcode() == LD_IMM64) {
            if (in.src() > PSEUDO_MAP_IDX_VALUE) return "unknown ld_imm64 source kind src=" + in.src();
            if (in.off() != 0) return "reserved offset field of ld_imm64 must be zero";
            // kernel check_ld_imm: a map fd/idx load carries no upper immediate
            return null;
        }
        if (mode == ABS || mode == IND) {
            // RFC 9669 §5.5: legacy packet access, sizes W/H/B only
            if (in.size() == DW) return "legacy packet access has no DW size";
            if (in.dst() != 0 || in.off() != 0) return "reserved fields of a legacy packet load must be zero";
            if (mode == ABS && in.src() != 0) return "reserved src field of ld_abs must be zero";
            return null;
        }
        return "unknown load opcode 0x" + Integer.toHexString(in.opcode());
    }

    private static String ldx(Insn in) {
        int mode = in.mode();
        if (mode == MEMSX) {
            if (in.size() == DW) return "unknown opcode (sign-extending load has no DW size)";
        } else if (mode != MEM) {
            return "unknown load mode 0x" + Integer.toHexString(mode);
        }
        if (in.imm() != 0) return "reserved imm field of a load must be zero";
        return null;
    }

    private static String st(Insn in) {
        if (in.mode() != MEM) return "unknown store mode 0x" + Integer.toHexString(in.mode());
        if (in.src() != 0) return "reserved src field of a store immediate must be zero";
        return null;
    }

    private static String stx(Insn in) {
        int mode = in.mode();
        if (mode == MEM) {
            if (in.imm() != 0) return "reserved imm field of a store must be zero";
            return null;
        }
        if (mode == ATOMIC) {
            // RFC 9669 §5.3: atomics are 32- or 64-bit only
            if (in.size() != W && in.size() != DW) return "atomic operations need size W or DW";
            return switch (in.imm()) {
                case ATOMIC_ADD, ATOMIC_OR, ATOMIC_AND, ATOMIC_XOR,
                     ATOMIC_ADD | FETCH, ATOMIC_OR | FETCH, ATOMIC_AND | FETCH, ATOMIC_XOR | FETCH,
                     XCHG, CMPXCHG -> null;
                default -> "unknown atomic operation imm=0x" + Integer.toHexString(in.imm());
            };
        }
        return "unknown store mode 0x" + Integer.toHexString(mode);
    }
}
