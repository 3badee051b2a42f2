package io.ebpf4j.verifier.prevail;

import static io.ebpf4j.isa.Opcodes.*;

import io.ebpf4j.asm.AsmException;
import io.ebpf4j.asm.LlvmAssembler;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assembles the code of a PREVAIL YAML case into a {@link Program}.
 *
 * <p>PREVAIL's test syntax (vbpf/prevail src/test/parse.cpp parse_instruction) is LLVM's C-like BPF syntax
 * with a few differences, so most lines are rewritten into LLVM syntax and handed to
 * {@link LlvmAssembler#assembleInsn}; only what LLVM's syntax cannot say is built here:
 * <ul>
 *   <li>labels {@code <name>} name the first line of a code block; each text line is one instruction
 *       (a 64-bit {@code lddw} too), numbered from 0 across the blocks in file order;</li>
 *   <li>{@code goto <l>}, {@code if c goto <l>} (an optional numeric offset before the label is ignored, as
 *       PREVAIL does), {@code call <l>} (bpf-to-bpf) are resolved here; the comparison {@code &==} is
 *       {@code JSET} and {@code &!=} ("no common bit", which has no opcode) becomes
 *       {@code if a & b goto +1; goto <l>};</li>
 *   <li>{@code assume c} becomes {@code if !c goto <sink>}, where the sink is one instruction appended after the
 *       last line (an {@code exit}); the verifier treats edges into it as infeasible
 *       ({@code VerifierEnv.assumeSinks}); a program that falls off its last line also ends there, as PREVAIL
 *       lets YAML cases end without {@code exit};</li>
 *   <li>{@code rD sN= rS} is the sign-extending move {@code rD = (sN)rS}; {@code swapN} is {@code bswapN};
 *       {@code 123ll} is {@code 123 ll}; the width of an operation is the destination's (PREVAIL reads only the
 *       number of a source register), so source registers are renamed to the destination's width;</li>
 *   <li>{@code lock *(uN *)(rB + o) op= rS [fetch]} with {@code x=} (xchg) and {@code cx=} (cmpxchg) are
 *       built directly (RFC 9669 §5.3);</li>
 *   <li>map references: {@code map_fd N} and {@code map_val(N) + o} name the one map of the test platform
 *       (every fd is that map: ebpf_yaml.cpp ebpf_get_map_descriptor), so they load map index 0
 *       ({@code ld_imm64} src 1 and 2); {@code map_by_idx(N)} and {@code mva(map_by_idx(N)) + o} keep N
 *       (src 5 and 6), so an index past the map list stays an error.</li>
 * </ul>
 * {@link Assembled#indexOfLine} maps PREVAIL's instruction numbers (used in its messages) to our instruction
 * indices.
 */
final class PrevailAssembler {
    private PrevailAssembler() {}

    /** Map index of the test platform's map and of the program array used for {@code map_fd_programs}. */
    static final int MAP_INDEX = 0, PROG_ARRAY_INDEX = 1;

    /**
     * The assembled case.
     *
     * @param program     the instructions, the sink last
     * @param indexOfLine our instruction index of each PREVAIL instruction number
     * @param sinkIndex   index of the sink instruction (the last one)
     * @param lines       PREVAIL's instruction texts, by instruction number
     */
    record Assembled(Program program, int[] indexOfLine, int sinkIndex, List<String> lines) {
        /** PREVAIL's instruction number of our instruction {@code index} (the first line that maps at or before it), or -1 for the sink. */
        int lineOfIndex(int index) {
            if (index >= sinkIndex) return -1;
            int best = -1;
            for (int i = 0; i < indexOfLine.length; i++) if (indexOfLine[i] <= index) best = i;
            return best;
        }
    }

    /** A line PREVAIL's parser would not read, or one that has no encoding here. */
    static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int line;

        SyntaxError(int line, String text, String why) {
            super("instruction " + line + " '" + text.strip() + "': " + why);
            this.line = line;
        }
    }

    // ---- pieces of one line: an instruction, possibly with a target to resolve

    private static final int NO_TARGET = -1, SINK = -2;

    private record Piece(Insn insn, int target, boolean call) {}

    private static final String REG = "([rw]\\d\\d?)";
    private static final String NUM = "([-+]?(?:0x)?[0-9a-fA-F]+)";
    private static final String LABEL = "(<\\w[a-zA-Z_0-9]*>)";
    private static final String CMP = "(&?[=!]=|s?[<>]=?)";
    private static final Pattern P_CALL_HELPER = Pattern.compile("call\\s+" + NUM);
    private static final Pattern CALL_LOCAL = Pattern.compile("call\\s+" + LABEL);
    private static final Pattern P_CALLX = Pattern.compile("callx\\s+(r\\d\\d?)");
    private static final Pattern JUMP = Pattern.compile("(?:if\\s+" + REG + "\\s*" + CMP + "\\s*([-+]?\\w+)\\s+)?goto\\s+(?:[-+]?(?:0x)?[0-9a-fA-F]+\\s+)?" + LABEL);
    private static final Pattern ASSUME = Pattern.compile("assume\\s+" + REG + "\\s*" + CMP + "\\s*([-+]?\\w+)");
    private static final Pattern P_ATOMIC = Pattern.compile("lock\\s+\\*\\s*\\(\\s*u(8|16|32|64)\\s*\\*\\s*\\)\\s*\\(\\s*(r\\d\\d?)\\s*([+-])\\s*" + NUM + "\\s*\\)\\s+(\\+|\\||&|\\^|x|cx)=\\s+(r\\d\\d?)(\\s+fetch)?");
    private static final Pattern MAP_VAL = Pattern.compile("(r\\d\\d?)\\s*=\\s*map_val\\((\\d+)\\)\\s*\\+\\s*(\\d+)");
    private static final Pattern MAP_FD = Pattern.compile("(r\\d\\d?)\\s*=\\s*(map_fd|map_fd_programs)\\s+(\\d+)");
    private static final Pattern MAP_BY_IDX = Pattern.compile("(r\\d\\d?)\\s*=\\s*map_by_idx\\(" + NUM + "\\)");
    private static final Pattern MAP_VALUE_BY_IDX = Pattern.compile("(r\\d\\d?)\\s*=\\s*mva\\(map_by_idx\\(" + NUM + "\\)\\)\\s*\\+\\s*" + NUM);
    private static final Pattern UNSUPPORTED_PSEUDO = Pattern.compile("[rw]\\d\\d?\\s*=\\s*(variable_addr|code_addr)\\(.*|call_btf\\s.*");
    private static final Pattern MOVSX = Pattern.compile(REG + "\\s*s(8|16|32)=\\s*" + REG);
    private static final Pattern UNOP = Pattern.compile(REG + "\\s*=\\s*(-|be16|be32|be64|le16|le32|le64|swap16|swap32|swap64)\\s*" + REG);
    private static final Pattern BINOP_REG = Pattern.compile(REG + "\\s*(\\S*=)\\s*" + REG);
    private static final Pattern BINOP_IMM = Pattern.compile(REG + "\\s*(\\S*=)\\s*\\[?" + NUM + "\\]?\\s*(ll)?");
    private static final Pattern SKB = Pattern.compile("r0\\s*=\\s*\\*\\s*\\(\\s*u(8|16|32)\\s*\\*\\s*\\)\\s*skb\\[(.*)\\]");

    /**
     * Assembles the blocks of a case.
     *
     * @throws SyntaxError naming the first line that cannot be assembled
     */
    static Assembled assemble(Map<String, String> blocks) {
        // labels: the number of the first line of each block (PREVAIL counts every text line as one instruction)
        Map<String, Integer> labels = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> b : blocks.entrySet()) {
            labels.put(b.getKey(), lines.size());
            lines.addAll(blockLines(b.getValue()));
        }
        List<List<Piece>> pieces = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) pieces.add(translate(i, lines.get(i), labels));

        // layout: index and slot of each line's first piece; the sink after the last line
        int[] indexOfLine = new int[lines.size() + 1];
        int[] slotOfLine = new int[lines.size() + 1];
        int index = 0, slot = 0;
        for (int i = 0; i < lines.size(); i++) {
            indexOfLine[i] = index;
            slotOfLine[i] = slot;
            for (Piece p : pieces.get(i)) {
                index++;
                slot += p.insn().slots();
            }
        }
        indexOfLine[lines.size()] = index;
        slotOfLine[lines.size()] = slot;
        int sinkSlot = slot;

        List<Insn> out = new ArrayList<>(index + 1);
        slot = 0;
        for (int i = 0; i < lines.size(); i++) {
            for (Piece p : pieces.get(i)) {
                Insn in = p.insn();
                if (p.target() != NO_TARGET) {
                    int targetSlot = p.target() == SINK ? sinkSlot : slotOfLine[p.target()];
                    int rel = targetSlot - (slot + 1);
                    if (p.call()) {
                        in = new Insn(in.opcode(), in.dst(), in.src(), in.off(), rel, 0);
                    } else {
                        if (rel < Short.MIN_VALUE || rel > Short.MAX_VALUE) throw new SyntaxError(i, lines.get(i), "jump too far");
                        in = new Insn(in.opcode(), in.dst(), in.src(), (short) rel, in.imm(), 0);
                    }
                }
                out.add(in);
                slot += in.slots();
            }
        }
        out.add(Insn.exit()); // the sink
        int[] lineIndex = java.util.Arrays.copyOf(indexOfLine, lines.size());
        return new Assembled(new Program(out), lineIndex, index, List.copyOf(lines));
    }

    /** The lines of a block as std::getline reads them: a final newline ends the last line and adds none. */
    static List<String> blockLines(String block) {
        List<String> out = new ArrayList<>(List.of(block.split("\n", -1)));
        if (!out.isEmpty() && out.getLast().isEmpty()) out.removeLast();
        return out;
    }

    private static List<Piece> translate(int lineNo, String raw, Map<String, Integer> labels) {
        // PREVAIL: ";" starts a comment
        String text = raw.contains(";") ? raw.substring(0, raw.indexOf(';')) : raw;
        text = text.strip();
        try {
            return translate(lineNo, raw, text, labels);
        } catch (AsmException e) {
            throw new SyntaxError(lineNo, raw, "LLVM syntax '" + e.getMessage() + "'");
        } catch (IllegalArgumentException e) {
            throw new SyntaxError(lineNo, raw, e.getMessage());
        }
    }

    private static List<Piece> translate(int lineNo, String raw, String text, Map<String, Integer> labels) {
        Matcher m;
        if (text.equals("exit")) return one(Insn.exit());
        if ((m = P_CALL_HELPER.matcher(text)).matches()) return one(new Insn(CALL_IMM, 0, CALL_HELPER, 0, (int) number(m.group(1))));
        if ((m = CALL_LOCAL.matcher(text)).matches()) {
            return List.of(new Piece(new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, 0), label(lineNo, raw, m.group(1), labels), true));
        }
        if ((m = P_CALLX.matcher(text)).matches()) return one(llvm("callx " + m.group(1)));
        if (UNSUPPORTED_PSEUDO.matcher(text).matches()) {
            throw new SyntaxError(lineNo, raw, "variable_addr, code_addr and call_btf have no meaning on this test platform");
        }
        if ((m = ASSUME.matcher(text)).matches()) {
            // assume c  ==  if !c goto <sink>
            return conditional(m.group(1), negate(m.group(2)), m.group(3), SINK);
        }
        if ((m = JUMP.matcher(text)).matches()) {
            int target = label(lineNo, raw, m.group(4), labels);
            if (m.group(1) == null) return List.of(new Piece(new Insn(JA_OP, 0, 0, 0, 0), target, false));
            return conditional(m.group(1), m.group(2), m.group(3), target);
        }
        if ((m = P_ATOMIC.matcher(text)).matches()) return one(atomic(m));
        if ((m = MAP_VAL.matcher(text)).matches()) {
            return one(new Insn(LD_IMM64, reg(m.group(1)), PSEUDO_MAP_VALUE, (short) 0, MAP_INDEX, (int) number(m.group(3))));
        }
        if ((m = MAP_FD.matcher(text)).matches()) {
            int index = m.group(2).equals("map_fd") ? MAP_INDEX : PROG_ARRAY_INDEX;
            return one(new Insn(LD_IMM64, reg(m.group(1)), PSEUDO_MAP_FD, (short) 0, index, 0));
        }
        if ((m = MAP_BY_IDX.matcher(text)).matches()) {
            return one(new Insn(LD_IMM64, reg(m.group(1)), PSEUDO_MAP_IDX, (short) 0, (int) number(m.group(2)), 0));
        }
        if ((m = MAP_VALUE_BY_IDX.matcher(text)).matches()) {
            return one(new Insn(LD_IMM64, reg(m.group(1)), PSEUDO_MAP_IDX_VALUE, (short) 0, (int) number(m.group(2)), (int) number(m.group(3))));
        }
        if ((m = MOVSX.matcher(text)).matches()) {
            String dst = m.group(1);
            int bits = Integer.parseInt(m.group(2));
            if (bits == 32 && dst.startsWith("w")) {
                // RFC 9669 §4.1 defines movsx32 only in ALU64; PREVAIL still reads "wD s32= rS" (a 32-bit move)
                return one(new Insn(ALU | MOV | X, reg(dst), reg(m.group(3)), 32, 0));
            }
            return one(llvm(dst + " = (s" + bits + ")" + sameWidth(dst, m.group(3))));
        }
        if ((m = UNOP.matcher(text)).matches()) {
            String dst = m.group(1);
            if (reg(dst) != reg(m.group(3))) throw new SyntaxError(lineNo, raw, "invalid unary operation (two registers)");
            String op = m.group(2);
            if (op.equals("-")) return one(llvm(dst + " = -" + dst));
            if (op.startsWith("swap")) op = "b" + op; // swap16 is bswap16 (RFC 9669 §4.2, ALU64 | END)
            return one(llvm(dst + " = " + op + " " + dst));
        }
        if ((m = BINOP_REG.matcher(text)).matches()) {
            String dst = m.group(1);
            return one(llvm(dst + " " + m.group(2) + " " + sameWidth(dst, m.group(3))));
        }
        if ((m = BINOP_IMM.matcher(text)).matches()) {
            String dst = m.group(1);
            String value = m.group(3);
            if (m.group(4) != null) {
                if (!m.group(2).equals("=")) throw new SyntaxError(lineNo, raw, "ll only with '='");
                return one(llvm(dst + " = " + value + " ll"));
            }
            // PREVAIL imm(): a non-negative literal is read as unsigned 32 bits and sign-extended, as LLVM does
            return one(llvm(dst + " " + m.group(2) + " " + value));
        }
        if ((m = SKB.matcher(text)).matches()) {
            String access = m.group(2).strip();
            if (!access.matches("r\\d\\d?|[-+]?(?:0x)?[0-9a-fA-F]+")) {
                throw new SyntaxError(lineNo, raw, "legacy packet access with base and offset has no encoding here");
            }
            return one(llvm("r0 = *(u" + m.group(1) + " *)skb[" + access + "]"));
        }
        if (text.contains("*")) {
            // loads and stores: the same syntax as LLVM's
            return one(llvm(text));
        }
        throw new SyntaxError(lineNo, raw, "not an instruction of PREVAIL's syntax");
    }

    private static List<Piece> one(Insn insn) {
        return List.of(new Piece(insn, NO_TARGET, false));
    }

    private static Insn llvm(String statement) {
        return LlvmAssembler.assembleInsn(statement);
    }

    private static int label(int lineNo, String raw, String name, Map<String, Integer> labels) {
        Integer target = labels.get(name);
        if (target == null) throw new SyntaxError(lineNo, raw, "undefined label: '" + name + "'");
        return target;
    }

    /** {@code if left op right goto target}; {@code &!=} is {@code if left & right goto +1; goto target}. */
    private static List<Piece> conditional(String left, String op, String right, int target) {
        String rhs = right.matches("[rw]\\d\\d?") ? sameWidth(left, right) : right;
        if (op.equals("&!=")) {
            Insn set = llvm("if " + left + " & " + rhs + " goto +1");
            return List.of(new Piece(set, NO_TARGET, false), new Piece(new Insn(JA_OP, 0, 0, 0, 0), target, false));
        }
        String llvmOp = op.equals("&==") ? "&" : op;
        return List.of(new Piece(llvm("if " + left + " " + llvmOp + " " + rhs + " goto +0"), target, false));
    }

    /** The negation of a PREVAIL comparison (src/ir/syntax.hpp Condition::Op). */
    static String negate(String op) {
        return switch (op) {
            case "==" -> "!=";
            case "!=" -> "==";
            case "<" -> ">=";
            case ">=" -> "<";
            case "<=" -> ">";
            case ">" -> "<=";
            case "s<" -> "s>=";
            case "s>=" -> "s<";
            case "s<=" -> "s>";
            case "s>" -> "s<=";
            case "&==" -> "&!=";
            case "&!=" -> "&==";
            default -> throw new IllegalArgumentException("unknown comparison operator: '" + op + "'");
        };
    }

    /** RFC 9669 §5.3: STX | ATOMIC | size, imm = operation (| FETCH). */
    private static Insn atomic(Matcher m) {
        int size = switch (m.group(1)) {
            case "32" -> W;
            case "64" -> DW;
            default -> throw new IllegalArgumentException("atomic operations are 32 or 64 bits wide, not " + m.group(1));
        };
        long off = number(m.group(4));
        if (m.group(3).equals("-")) off = -off;
        boolean fetch = m.group(7) != null;
        int op = switch (m.group(5)) {
            case "+" -> ATOMIC_ADD | (fetch ? FETCH : 0);
            case "|" -> ATOMIC_OR | (fetch ? FETCH : 0);
            case "&" -> ATOMIC_AND | (fetch ? FETCH : 0);
            case "^" -> ATOMIC_XOR | (fetch ? FETCH : 0);
            case "x" -> XCHG;
            default -> CMPXCHG;
        };
        return new Insn(STX | ATOMIC | size, reg(m.group(2)), reg(m.group(6)), (int) off, op);
    }

    private static String sameWidth(String dst, String src) {
        return dst.charAt(0) + src.substring(1);
    }

    private static int reg(String name) {
        int n = Integer.parseInt(name.substring(1));
        if (n > 10) throw new IllegalArgumentException("no register " + name);
        return n;
    }

    /** A number as PREVAIL reads it (std::stoll with base 0: decimal, 0x hex, leading-0 octal). */
    static long number(String s) {
        String t = s;
        boolean minus = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            minus = t.startsWith("-");
            t = t.substring(1);
        }
        long v;
        if (t.startsWith("0x") || t.startsWith("0X")) v = Long.parseUnsignedLong(t.substring(2), 16);
        else if (t.length() > 1 && t.startsWith("0")) v = Long.parseUnsignedLong(t.substring(1), 8);
        else v = Long.parseUnsignedLong(t);
        return minus ? -v : v;
    }
}
