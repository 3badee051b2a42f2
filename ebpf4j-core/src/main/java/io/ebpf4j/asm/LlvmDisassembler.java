package io.ebpf4j.asm;

import static io.ebpf4j.isa.Opcodes.*;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;

/**
 * Prints instructions in LLVM's BPF assembly syntax (the "kernel" syntax, {@code r0 = *(u32 *)(r1 + 0x4)}),
 * character for character as {@code llvm-objdump-19 -d --no-show-raw-insn} prints them.
 *
 * <p>The text of every form was taken from what llvm-objdump-19 prints for encodings assembled with
 * {@code llvm-mc-19}, and from the assembly strings of LLVM's {@code BPFInstrInfo.td} as printed by its
 * {@code BPFInstPrinter}: immediates in C-style signed hex ({@code -0x1}), memory offsets as
 * {@code (r1 - 0x8)}, branch offsets signed in slots ({@code +0x3}). Which encodings llvm-objdump
 * decodes at all was established by disassembling every opcode with varied register, offset and
 * immediate fields (see {@code scripts/build-asm-corpus.sh}); what it cannot decode it prints as
 * {@code <unknown>}, and so does {@link #format(Insn)}.
 *
 * <p>Two flavours exist because llvm-objdump's BPF decoder has one: by default it decodes 32-bit
 * loads, stores and atomics with the 64-bit register names and knows only {@code lock ... +=} among
 * the 32-bit atomics ({@link #OBJDUMP}); with {@code --mattr=+alu32} it names {@code w} registers there
 * and knows all of them ({@link #OBJDUMP_ALU32}).
 */
public final class LlvmDisassembler {
    /** What {@code llvm-objdump-19 -d} prints. */
    public static final LlvmDisassembler OBJDUMP = new LlvmDisassembler(false);
    /** What {@code llvm-objdump-19 -d --mattr=+alu32} prints. */
    public static final LlvmDisassembler OBJDUMP_ALU32 = new LlvmDisassembler(true);

    /** The text llvm-objdump prints for bytes it cannot decode. */
    public static final String UNKNOWN = "<unknown>";

    /** LLVM's register file is r0..r11 (r11 is its internal stack-adjust register); a larger field fails to decode. */
    private static final int MAX_REG = 11;

    private final boolean alu32;

    private LlvmDisassembler(boolean alu32) {
        this.alu32 = alu32;
    }

    /** Whether this flavour decodes 32-bit loads, stores and atomics with {@code w} registers ({@code --mattr=+alu32}). */
    public boolean alu32() {
        return alu32;
    }

    /** Whether llvm-objdump decodes this instruction; if not it prints {@link #UNKNOWN}. */
    public boolean decodes(Insn insn) {
        return text(insn) != null;
    }

    /**
     * The instruction as llvm-objdump prints it after the {@code "N:\t"} column, without the
     * {@code <sym+0x..>} annotation it appends to branches; {@link #UNKNOWN} if it does not decode it.
     */
    public String format(Insn insn) {
        String s = text(insn);
        return s == null ? UNKNOWN : s;
    }

    /**
     * A listing of the whole program in llvm-objdump's layout for a section whose only symbol,
     * {@code symbol}, is at its start: a {@code 0000000000000000 <symbol>:} header, then one
     * {@code "%8d:\t"} line per instruction, numbered by slot, branches annotated with their target
     * ({@code <symbol+0x18>}). Unlike llvm-objdump on a file, runs of zero bytes are not elided.
     */
    public String listing(Program program, String symbol) {
        StringBuilder out = new StringBuilder();
        out.append("0000000000000000 <").append(symbol).append(">:\n");
        for (int i = 0; i < program.size(); i++) {
            Insn in = program.insn(i);
            int slot = program.slotOf(i);
            out.append(String.format("%8d:\t", slot)).append(format(in));
            if (decodes(in) && in.isBranch()) {
                long target = branchTarget(slot * (long) Program.SLOT_SIZE, in);
                out.append(' ').append(targetAnnotation(symbol, target));
            }
            out.append('\n');
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ branch targets

    /**
     * The byte address a branch at {@code address} goes to, computed as llvm-objdump's BPF
     * instruction analysis does: {@code address + 8 + offset * 8}, in unsigned 64-bit arithmetic
     * (so a target before address 0 wraps around). {@code gotol} takes its offset from {@code imm}.
     */
    public static long branchTarget(long address, Insn branch) {
        long offset = branch.opcode() == GOTOL ? branch.imm() : branch.off();
        return address + Program.SLOT_SIZE + offset * Program.SLOT_SIZE;
    }

    /** {@code <name>} or {@code <name+0xdisp>}, the displacement unsigned hex, as llvm-objdump annotates a branch. */
    public static String targetAnnotation(String symbolName, long displacement) {
        return displacement == 0 ? "<" + symbolName + ">" : "<" + symbolName + "+0x" + Long.toHexString(displacement) + ">";
    }

    // ------------------------------------------------------------------ per class

    /** The instruction's text, or null where LLVM's decoder fails. */
    private String text(Insn in) {
        return switch (in.cls()) {
            case ALU, ALU64 -> alu(in);
            case JMP, JMP32 -> jmp(in);
            case LD -> ld(in);
            case LDX -> ldx(in);
            case ST -> st(in);
            case STX -> stx(in);
            default -> null;
        };
    }

    private static String alu(Insn in) {
        boolean is64 = in.cls() == ALU64;
        boolean x = in.isRegSource();
        String dst = reg(in.dst(), !is64);
        if (dst == null) return null;
        int op = in.op();
        // BPFInstrInfo.td: NEG has no source operand and its src/off/imm bits are not decoded
        if (op == NEG) return x ? null : dst + " = -" + dst;
        if (op == END) return byteSwap(in, is64, x);
        if (op == MOV) return mov(in, dst, is64, x);
        String sym = switch (op) {
            case ADD -> "+=";
            case SUB -> "-=";
            case MUL -> "*=";
            case OR -> "|=";
            case AND -> "&=";
            case LSH -> "<<=";
            case RSH -> ">>=";
            case XOR -> "^=";
            case ARSH -> "s>>=";
            // RFC 9669 §4.1: offset 1 selects signed division and modulo
            case DIV -> in.off() == 0 ? "/=" : in.off() == 1 ? "s/=" : null;
            case MOD -> in.off() == 0 ? "%=" : in.off() == 1 ? "s%=" : null;
            default -> null;
        };
        if (sym == null) return null;
        if (op != DIV && op != MOD && in.off() != 0) return null;
        String rhs = source(in, !is64);
        return rhs == null ? null : dst + " " + sym + " " + rhs;
    }

    /** {@code rD = be16 rD} (ALU, BPF_X), {@code le16} (ALU, BPF_K), {@code bswap16} (ALU64, BPF_K): always r registers. */
    private static String byteSwap(Insn in, boolean is64, boolean x) {
        if (is64 && x) return null;
        int width = in.imm();
        if (width != 16 && width != 32 && width != 64) return null;
        String name = is64 ? "bswap" : x ? "be" : "le";
        String r = reg(in.dst(), false);
        return r + " = " + name + width + " " + r;
    }

    private static String mov(Insn in, String dst, boolean is64, boolean x) {
        int off = in.off();
        if (!x) return off == 0 ? dst + " = " + hex(in.imm()) : null;
        String src = reg(in.src(), !is64);
        if (src == null) return null;
        return switch (off) {
            case 0 -> dst + " = " + src;
            case 8, 16 -> dst + " = (s" + off + ")" + src;
            case 32 -> is64 ? dst + " = (s32)" + src : null;
            // kernel BPF_ADDR_SPACE_CAST: imm holds the destination address space (high 16 bits) and the source one (low 16)
            case 1 -> is64 ? dst + " = addr_space_cast(" + src + ", " + hex(in.imm() >>> 16) + ", " + hex(in.imm() & 0xffff) + ")" : null;
            default -> null;
        };
    }

    private static String jmp(Insn in) {
        boolean is32 = in.cls() == JMP32;
        boolean x = in.isRegSource();
        return switch (in.op()) {
            case JA -> x ? null : is32 ? "gotol " + target(in.imm()) : "goto " + target(in.off());
            case CALL -> is32 ? null : x ? callx(in) : "call " + hex(in.imm());
            // BPFInstrInfo.td RET: imm must be 0, the other fields are not decoded
            case EXIT -> is32 || x || in.imm() != 0 ? null : "exit";
            case JCOND -> is32 || x ? null : "may_goto " + target(in.off());
            case 0xf0 -> null;
            default -> conditional(in, is32, x);
        };
    }

    private static String callx(Insn in) {
        String r = reg(in.dst(), false);
        return r == null ? null : "callx " + r;
    }

    private static String conditional(Insn in, boolean is32, boolean x) {
        String dst = reg(in.dst(), is32);
        if (dst == null) return null;
        String cmp = switch (in.op()) {
            case JEQ -> "==";
            case JGT -> ">";
            case JGE -> ">=";
            case JSET -> "&";
            case JNE -> "!=";
            case JSGT -> "s>";
            case JSGE -> "s>=";
            case JLT -> "<";
            case JLE -> "<=";
            case JSLT -> "s<";
            case JSLE -> "s<=";
            default -> throw new AssertionError(in.op());
        };
        String rhs = source(in, is32);
        return rhs == null ? null : "if " + dst + " " + cmp + " " + rhs + " goto " + target(in.off());
    }

    private static String ld(Insn in) {
        int opcode = in.opcode();
        if (opcode == LD_IMM64) {
            String dst = reg(in.dst(), false);
            if (dst == null || in.off() != 0) return null;
            // LLVM prints a ld_imm64 with a pseudo source as its LD_pseudo instruction, with the
            // 32-bit low immediate unsigned (the second slot's immediate is not shown)
            if (in.src() != 0) return "ld_pseudo\t" + dst + ", " + hex(in.src()) + ", " + hex(in.imm() & 0xffffffffL);
            return dst + " = " + hex(in.imm64()) + " ll";
        }
        int mode = in.mode();
        if ((mode != ABS && mode != IND) || in.size() == DW) return null;
        String at;
        if (mode == ABS) {
            at = hex(in.imm());
        } else {
            at = reg(in.src(), false);
            if (at == null) return null;
        }
        return "r0 = *(" + "u" + in.sizeBytes() * 8 + " *)skb[" + at + "]";
    }

    private String ldx(Insn in) {
        boolean sx = in.mode() == MEMSX;
        if ((in.mode() != MEM && !sx) || (sx && in.size() == DW)) return null;
        boolean w = alu32 && !sx && in.size() != DW;
        String dst = reg(in.dst(), w);
        String mem = mem(in.src(), in.off());
        if (dst == null || mem == null) return null;
        return dst + " = *(" + (sx ? "s" : "u") + in.sizeBytes() * 8 + " *)(" + mem + ")";
    }

    private static String st(Insn in) {
        if (in.mode() != MEM) return null;
        String mem = mem(in.dst(), in.off());
        return mem == null ? null : "*(u" + in.sizeBytes() * 8 + " *)(" + mem + ") = " + hex(in.imm());
    }

    private String stx(Insn in) {
        boolean w = alu32 && in.size() != DW;
        String src = reg(in.src(), w);
        String mem = mem(in.dst(), in.off());
        if (src == null || mem == null) return null;
        String type = "u" + in.sizeBytes() * 8;
        if (in.mode() == MEM) return "*(" + type + " *)(" + mem + ") = " + src;
        if (in.mode() != ATOMIC) return null;
        if (in.size() == DW || (alu32 && in.size() == W)) return atomic(in.imm(), type, mem, src, in.size() == DW);
        // without alu32 LLVM knows only the old 32-bit xadd, which decodes imm bits 7-4 and ignores the rest
        if (in.size() == W && (in.imm() & 0xf0) == ATOMIC_ADD) return "lock *(u32 *)(" + mem + ") += " + src;
        return null;
    }

    /** RFC 9669 §5.3 atomic operations as LLVM prints them; it decodes bits 0-7 of imm only. */
    private static String atomic(int imm, String type, String mem, String src, boolean is64) {
        int low = imm & 0xff;
        String fetch = switch (low) {
            case ATOMIC_ADD | FETCH -> "add";
            case ATOMIC_OR | FETCH -> "or";
            case ATOMIC_AND | FETCH -> "and";
            case ATOMIC_XOR | FETCH -> "xor";
            default -> null;
        };
        if (fetch != null) return src + " = atomic_fetch_" + fetch + "((" + type + " *)(" + mem + "), " + src + ")";
        if (low == XCHG) return src + " = " + (is64 ? "xchg_64(" : "xchg32_32(") + mem + ", " + src + ")";
        if (low == CMPXCHG) {
            String r0 = is64 ? "r0" : "w0";
            return r0 + " = " + (is64 ? "cmpxchg_64(" : "cmpxchg32_32(") + mem + ", " + r0 + ", " + src + ")";
        }
        String op = switch (low & 0xf0) {
            case ATOMIC_ADD -> "+";
            case ATOMIC_OR -> "|";
            case ATOMIC_AND -> "&";
            case ATOMIC_XOR -> "^";
            default -> null;
        };
        return op == null ? null : "lock *(" + type + " *)(" + mem + ") " + op + "= " + src;
    }

    // ------------------------------------------------------------------ operands

    /** The register or immediate source of an ALU or conditional jump; null if the register does not decode. */
    private static String source(Insn in, boolean w) {
        return in.isRegSource() ? reg(in.src(), w) : hex(in.imm());
    }

    /** {@code rN} or {@code wN}; null past r11, where LLVM's register decoder fails. */
    private static String reg(int n, boolean w) {
        return n > MAX_REG ? null : (w ? "w" : "r") + n;
    }

    /** BPFInstPrinter::printMemOperand: {@code r1 + 0x8}, {@code r10 - 0x8}, {@code r1 + 0x0}. */
    private static String mem(int base, short off) {
        String r = reg(base, false);
        if (r == null) return null;
        return off >= 0 ? r + " + " + hex(off) : r + " - " + hex(-off);
    }

    /** BPFInstPrinter::printBrTargetOperand: a relative offset with an explicit sign. */
    private static String target(long off) {
        return off >= 0 ? "+" + hex(off) : hex(off);
    }

    /** MCInstPrinter::formatHex in C style: {@code 0x1f}, {@code -0x1}, {@code -0x8000000000000000}. */
    private static String hex(long v) {
        return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
    }
}
