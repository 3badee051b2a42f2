package io.ebpf4j.asm;

import static io.ebpf4j.isa.Opcodes.*;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assembles LLVM's BPF assembly syntax, the syntax {@link LlvmDisassembler} and
 * {@code llvm-objdump} print ({@code r0 = *(u32 *)(r1 + 0x4)}, {@code if w1 s> 0x5 goto +0x3},
 * {@code lock *(u64 *)(r2 + 0x0) += r1}, {@code r1 = 0x123 ll}, ...), into a {@link Program}.
 *
 * <p>One statement per line. Accepted besides the instructions:
 * <ul>
 *   <li>numbers in decimal, hex ({@code 0x}), binary ({@code 0b}) or octal (leading {@code 0}), as
 *       LLVM's assembler reads them, with a sign where a signed value is meant;</li>
 *   <li>labels {@code name:} (several may precede a statement) and label operands:
 *       {@code goto name}, {@code if r1 > r2 goto name}, {@code gotol name}, {@code may_goto name},
 *       {@code call name} (a bpf-to-bpf call, src 1) and {@code r1 = name ll} (a function pointer,
 *       src 4), all resolved to offsets relative to the next slot; numeric targets
 *       ({@code goto +0x3}, {@code goto -2}) are such offsets already;</li>
 *   <li>comments from {@code ;}, {@code //} or {@code #} to the end of the line (unlike llvm-mc,
 *       where {@code ;} separates statements); directives ({@code .text}, {@code .globl f},
 *       {@code .p2align 3}, ...) are ignored, except those that emit data ({@code .byte},
 *       {@code .quad}, ...), which are an error;</li>
 *   <li>llvm-objdump listings: the {@code "  12:"} slot column, the {@code <sym+0x18>} annotation
 *       after a branch, the {@code 0000000000000000 <prog>:} symbol lines (taken as labels), and the
 *       file and section heading lines.</li>
 * </ul>
 * Registers are {@code r0}..{@code r11} and {@code w0}..{@code w11} ({@code r11} exists in LLVM's
 * register file and is printed for a register field of 11; the kernel rejects it). A {@code w}
 * destination selects the 32-bit class (ALU, JMP32). Errors are {@link AsmException}s naming the line.
 *
 * <p>What the syntax does not say cannot be assembled back: {@code call N} is a helper call
 * (src 0) even when llvm-objdump printed it for a bpf-to-bpf or kfunc call, and fields that
 * llvm-objdump ignores when decoding (e.g. the src field of {@code exit}) come back as zero.
 */
public final class LlvmAssembler {
    private LlvmAssembler() {}

    /** Assembles {@code text}; errors name the source {@code <input>}. */
    public static Program assemble(String text) {
        return assemble(text, null);
    }

    /**
     * Assembles {@code text}.
     *
     * @param sourceName what to call the source in errors (a file name); null for {@code <input>}
     * @throws AsmException at the first line that is not a valid statement, or whose label operand
     *                      is undefined or too far away
     */
    public static Program assemble(String text, String sourceName) {
        List<Statement> statements = new ArrayList<>();
        Map<String, Integer> labels = new HashMap<>();
        String[] lines = text.split("\r?\n|\r", -1);
        int slot = 0;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            Line line = Line.split(lines[i]);
            for (String label : line.labels()) {
                if (labels.putIfAbsent(label, slot) != null) {
                    throw new AsmException(sourceName, lineNo, "duplicate label '" + label + "'");
                }
            }
            line.checkDirective(sourceName, lineNo);
            if (line.isEmpty()) continue;
            Statement st = line.parse(sourceName, lineNo);
            statements.add(st);
            slot += st.insn().slots();
        }
        List<Insn> out = new ArrayList<>(statements.size());
        slot = 0;
        for (Statement st : statements) {
            out.add(st.resolve(sourceName, slot, labels));
            slot += st.insn().slots();
        }
        return new Program(out);
    }

    /**
     * Assembles a single statement, e.g. {@code "r0 = *(u32 *)(r1 + 0x4)"} or a line of an
     * llvm-objdump listing; branch targets must be numeric.
     *
     * @throws AsmException (line 1) if it is not exactly one instruction
     */
    public static Insn assembleInsn(String statement) {
        Line line = Line.split(statement);
        if (!line.labels().isEmpty()) throw new AsmException(null, 1, "a single instruction takes no label");
        line.checkDirective(null, 1);
        if (line.isEmpty()) throw new AsmException(null, 1, "no instruction");
        return line.parse(null, 1).resolve(null, 0, Map.of());
    }

    // ------------------------------------------------------------------ lines

    /**
     * A source line split into its labels and the statement text (comments, slot column and
     * annotation removed), or a directive.
     */
    private record Line(List<String> labels, String statement, String directive) {
        // directives that put bytes in the section: a Program has no way to hold them
        private static final Set<String> DATA_DIRECTIVES = Set.of(".byte", ".short", ".half", ".2byte", ".word",
                ".long", ".int", ".4byte", ".quad", ".8byte", ".zero", ".space", ".skip", ".fill", ".ascii", ".asciz", ".string");

        private static final Pattern SLOT_COLUMN = Pattern.compile("^\\s*\\d+:\\s");
        private static final Pattern SYMBOL_LINE = Pattern.compile("^\\s*[0-9a-fA-F]+ <(.+)>:\\s*$");
        private static final Pattern HEADING = Pattern.compile("^(Disassembly of section .*:|\\S.*:\\s+file format \\S+)\\s*$");
        private static final Pattern LABEL = Pattern.compile("^\\s*([A-Za-z_.$][A-Za-z0-9_.$]*)\\s*:");
        private static final Pattern DIRECTIVE = Pattern.compile("^(\\.[A-Za-z_][A-Za-z0-9_.]*)");
        // llvm-objdump's "<sym+0x18>" after a branch target
        private static final Pattern ANNOTATION = Pattern.compile("\\s*<[^<>]*>\\s*$");

        static Line split(String raw) {
            String s = stripComment(raw);
            Matcher m = SYMBOL_LINE.matcher(s);
            if (m.matches()) return new Line(List.of(m.group(1)), "", null);
            if (HEADING.matcher(s).matches()) return new Line(List.of(), "", null);
            m = SLOT_COLUMN.matcher(s);
            if (m.find()) s = s.substring(m.end());
            List<String> labels = new ArrayList<>();
            for (m = LABEL.matcher(s); m.find(); m = LABEL.matcher(s)) {
                labels.add(m.group(1));
                s = s.substring(m.end());
            }
            s = s.strip();
            m = DIRECTIVE.matcher(s);
            if (m.find()) return new Line(List.copyOf(labels), "", m.group(1));
            if (s.contains("goto")) s = ANNOTATION.matcher(s).replaceFirst("");
            return new Line(List.copyOf(labels), s, null);
        }

        /** No instruction on this line: blank, a comment, labels only, a heading, or a directive (which may be refused). */
        boolean isEmpty() {
            return statement.isEmpty();
        }

        Statement parse(String source, int lineNo) {
            return new StatementParser(source, lineNo, statement).parse();
        }

        /** Section, symbol and alignment directives are ignored; those that emit data are an error. */
        void checkDirective(String source, int lineNo) {
            if (directive != null && DATA_DIRECTIVES.contains(directive.toLowerCase(Locale.ROOT))) {
                throw new AsmException(source, lineNo, "data directive '" + directive + "' is not supported: a program holds instructions only");
            }
        }

        private static String stripComment(String s) {
            int cut = s.length();
            for (String c : new String[] {";", "//", "#"}) {
                int i = s.indexOf(c);
                if (i >= 0 && i < cut) cut = i;
            }
            return s.substring(0, cut);
        }
    }

    // ------------------------------------------------------------------ statements

    /** How a label operand is patched into its instruction. */
    private enum Fixup {
        /** {@code off}: jumps. */
        JUMP16,
        /** {@code imm}: gotol. */
        JUMP32,
        /** {@code imm}, src 1: bpf-to-bpf call. */
        CALL,
        /** {@code imm}, src 4: ld_imm64 of a function's address. */
        FUNC
    }

    /** A parsed instruction with, possibly, a label still to resolve. */
    private record Statement(int line, Insn insn, String label, Fixup fixup) {
        Insn resolve(String source, int slot, Map<String, Integer> labels) {
            if (label == null) return insn;
            Integer target = labels.get(label);
            if (target == null) throw new AsmException(source, line, "undefined label '" + label + "'");
            long rel = (long) target - (slot + 1);
            return switch (fixup) {
                case JUMP16 -> {
                    if (rel < Short.MIN_VALUE || rel > Short.MAX_VALUE) {
                        throw new AsmException(source, line, "jump offset " + rel + " to '" + label + "' is out of range (16 bits)");
                    }
                    yield new Insn(insn.opcode(), insn.dst(), insn.src(), (short) rel, insn.imm(), 0);
                }
                case JUMP32, CALL -> new Insn(insn.opcode(), insn.dst(), fixup == Fixup.CALL ? PSEUDO_CALL : insn.src(),
                        insn.off(), (int) rel, 0);
                case FUNC -> new Insn(LD_IMM64, insn.dst(), PSEUDO_FUNC, (short) 0, (int) rel, 0);
            };
        }
    }

    /** Recursive-descent parser of one statement. */
    private static final class StatementParser {
        private static final Map<String, Integer> ALU_OPS = Map.ofEntries(
                Map.entry("+=", ADD), Map.entry("-=", SUB), Map.entry("*=", MUL), Map.entry("/=", DIV),
                Map.entry("|=", OR), Map.entry("&=", AND), Map.entry("<<=", LSH), Map.entry(">>=", RSH),
                Map.entry("%=", MOD), Map.entry("^=", XOR), Map.entry("s>>=", ARSH),
                Map.entry("s/=", DIV), Map.entry("s%=", MOD));
        private static final Map<String, Integer> JUMP_OPS = Map.ofEntries(
                Map.entry("==", JEQ), Map.entry(">", JGT), Map.entry(">=", JGE), Map.entry("&", JSET),
                Map.entry("!=", JNE), Map.entry("s>", JSGT), Map.entry("s>=", JSGE), Map.entry("<", JLT),
                Map.entry("<=", JLE), Map.entry("s<", JSLT), Map.entry("s<=", JSLE));
        private static final Map<String, Integer> ATOMIC_OPS = Map.of(
                "+=", ATOMIC_ADD, "|=", ATOMIC_OR, "&=", ATOMIC_AND, "^=", ATOMIC_XOR);
        private static final Map<String, Integer> FETCH_OPS = Map.of(
                "atomic_fetch_add", ATOMIC_ADD, "atomic_fetch_or", ATOMIC_OR,
                "atomic_fetch_and", ATOMIC_AND, "atomic_fetch_xor", ATOMIC_XOR);
        private static final Pattern BYTE_SWAP = Pattern.compile("(be|le|bswap)(16|32|64)");

        private final String source;
        private final int line;
        private final List<Token> tokens;
        private int pos;

        StatementParser(String source, int line, String text) {
            this.source = source;
            this.line = line;
            this.tokens = new Lexer(text).tokens(this::error);
        }

        Statement parse() {
            Token first = peek();
            Statement st;
            if (first.is("*")) {
                st = plain(store());
            } else if (first.kind() != Kind.IDENT) {
                throw error("unknown mnemonic '" + first.text() + "'");
            } else if (Reg.isRegisterName(first.text())) {
                st = assignment();
            } else {
                st = keyword(next().text());
            }
            if (!peek().isEnd()) throw error("unexpected '" + peek().text() + "' after the instruction");
            return st;
        }

        private Statement keyword(String word) {
            return switch (word) {
                case "exit" -> plain(new Insn(EXIT_OP, 0, 0, 0, 0));
                case "call" -> call();
                case "callx" -> plain(new Insn(CALLX, reg64().n(), 0, 0, 0));
                case "goto" -> jump(new Insn(JA_OP, 0, 0, 0, 0), false);
                case "gotol" -> jump(new Insn(GOTOL, 0, 0, 0, 0), true);
                case "may_goto" -> jump(new Insn(MAY_GOTO, 0, 0, 0, 0), false);
                case "if" -> conditional();
                case "lock" -> plain(lock());
                case "ld_pseudo" -> plain(ldPseudo());
                default -> throw error("unknown mnemonic '" + word + "'");
            };
        }

        private Statement plain(Insn insn) {
            return new Statement(line, insn, null, null);
        }

        // ---- control flow

        private Statement call() {
            if (peek().kind() == Kind.IDENT) {
                return new Statement(line, new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, 0), next().text(), Fixup.CALL);
            }
            return plain(new Insn(CALL_IMM, 0, CALL_HELPER, 0, imm32(signedNumber())));
        }

        /** A branch target: a label, or a relative offset in slots ({@code +0x3}, {@code -2}, {@code 5}). */
        private Statement jump(Insn insn, boolean wide) {
            if (peek().kind() == Kind.IDENT) {
                return new Statement(line, insn, next().text(), wide ? Fixup.JUMP32 : Fixup.JUMP16);
            }
            BigInteger n = signedNumber();
            if (wide) {
                return plain(new Insn(insn.opcode(), insn.dst(), insn.src(), insn.off(), intIn(n, "jump offset", Integer.MIN_VALUE, Integer.MAX_VALUE), 0));
            }
            return plain(new Insn(insn.opcode(), insn.dst(), insn.src(), off16(n, "jump offset"), insn.imm(), 0));
        }

        private Statement conditional() {
            Reg dst = reg();
            Token op = next();
            Integer code = JUMP_OPS.get(op.text());
            if (code == null) throw error("expected a comparison (==, !=, >, s<=, &, ...), found '" + op.text() + "'");
            Insn cmp;
            int cls = dst.wide() ? JMP : JMP32;
            if (isRegisterNext()) {
                Reg src = reg();
                sameWidth(dst, src);
                cmp = new Insn(cls | code | X, dst.n(), src.n(), 0, 0);
            } else {
                cmp = new Insn(cls | code | K, dst.n(), 0, 0, imm32(signedNumber()));
            }
            expectWord("goto");
            return jump(cmp, false);
        }

        // ---- assignments: "rD op= src" and "rD = ..."

        private Statement assignment() {
            Reg dst = reg();
            Token op = next();
            Integer alu = ALU_OPS.get(op.text());
            // RFC 9669 §4.1: offset 1 selects sdiv/smod
            if (alu != null) return plain(aluOp(dst, alu, op.text().equals("s/=") || op.text().equals("s%=") ? 1 : 0));
            if (!op.is("=")) throw error("expected '=' or an operator such as '+=' after " + dst + ", found '" + op.text() + "'");
            Token t = peek();
            if (t.is("-")) {
                next();
                if (isRegisterNext()) {
                    Reg r = reg();
                    sameRegister(dst, r, "neg");
                    return plain(new Insn((dst.wide() ? ALU64 : ALU) | NEG | K, dst.n(), 0, 0, 0));
                }
                return moveImmediate(dst, signed(true));
            }
            if (t.kind() == Kind.NUMBER) return moveImmediate(dst, signed(false));
            if (t.is("(")) return plain(moveSignExtend(dst));
            if (t.is("*")) return plain(load(dst));
            if (t.kind() != Kind.IDENT) throw error("unexpected '" + t.text() + "' after '='");
            if (Reg.isRegisterName(t.text())) {
                Reg src = reg();
                sameWidth(dst, src);
                return plain(new Insn((dst.wide() ? ALU64 : ALU) | MOV | X, dst.n(), src.n(), 0, 0));
            }
            String word = next().text();
            Matcher swap = BYTE_SWAP.matcher(word);
            if (swap.matches()) return plain(byteSwap(dst, swap.group(1), Integer.parseInt(swap.group(2))));
            if (FETCH_OPS.containsKey(word)) return plain(fetch(dst, FETCH_OPS.get(word)));
            return switch (word) {
                case "xchg_64", "xchg32_32" -> plain(xchg(dst, word.equals("xchg_64")));
                case "cmpxchg_64", "cmpxchg32_32" -> plain(cmpxchg(dst, word.equals("cmpxchg_64")));
                case "addr_space_cast" -> plain(addrSpaceCast(dst));
                default -> {
                    if (peek().kind() == Kind.IDENT && peek().text().equals("ll")) {
                        next();
                        requireWide(dst, "ld_imm64");
                        yield new Statement(line, Insn.ldImm64(dst.n(), PSEUDO_FUNC, 0), word, Fixup.FUNC);
                    }
                    throw error("unknown operation '" + word + "'");
                }
            };
        }

        private Insn aluOp(Reg dst, int op, int signed) {
            int cls = dst.wide() ? ALU64 : ALU;
            if (isRegisterNext()) {
                Reg src = reg();
                sameWidth(dst, src);
                return new Insn(cls | op | X, dst.n(), src.n(), signed, 0);
            }
            return new Insn(cls | op | K, dst.n(), 0, signed, imm32(signedNumber()));
        }

        /** {@code rD = imm} (mov) or {@code rD = imm ll} (ld_imm64). */
        private Statement moveImmediate(Reg dst, BigInteger n) {
            if (peek().kind() == Kind.IDENT && peek().text().equals("ll")) {
                next();
                requireWide(dst, "ld_imm64");
                return plain(Insn.ldImm64(dst.n(), 0, imm64(n)));
            }
            return plain(new Insn((dst.wide() ? ALU64 : ALU) | MOV | K, dst.n(), 0, 0, imm32(n)));
        }

        /** RFC 9669 §4.1 movsx: {@code rD = (s8)rS}. */
        private Insn moveSignExtend(Reg dst) {
            expect("(");
            Token t = next();
            int bits = switch (t.text()) {
                case "s8" -> 8;
                case "s16" -> 16;
                case "s32" -> 32;
                default -> throw error("expected s8, s16 or s32 in a sign-extending move, found '" + t.text() + "'");
            };
            if (bits == 32 && !dst.wide()) throw error("(s32) needs a 64-bit destination register");
            expect(")");
            Reg src = reg();
            sameWidth(dst, src);
            return new Insn((dst.wide() ? ALU64 : ALU) | MOV | X, dst.n(), src.n(), bits, 0);
        }

        /** RFC 9669 §4.2: {@code be16}/{@code le16} are ALU (BPF_X/BPF_K), {@code bswap16} is ALU64. */
        private Insn byteSwap(Reg dst, String kind, int width) {
            Reg r = reg();
            sameRegister(dst, r, kind + width);
            int opcode = switch (kind) {
                case "be" -> ALU | END | X;
                case "le" -> ALU | END | K;
                default -> ALU64 | END | K;
            };
            return new Insn(opcode, dst.n(), 0, 0, width);
        }

        private Insn addrSpaceCast(Reg dst) {
            requireWide(dst, "addr_space_cast");
            expect("(");
            Reg src = reg64();
            expect(",");
            int dstAs = intIn(signedNumber(), "address space", 0, 0xffff);
            expect(",");
            int srcAs = intIn(signedNumber(), "address space", 0, 0xffff);
            expect(")");
            // kernel BPF_ADDR_SPACE_CAST: ALU64 | MOV | X with off 1, imm = dst_as << 16 | src_as
            return new Insn(ALU64 | MOV | X, dst.n(), src.n(), 1, dstAs << 16 | srcAs);
        }

        // ---- memory

        private record Size(int field, int bytes, boolean signed) {}

        /** The {@code (u32 *)} of a memory operand; the opening parenthesis is already consumed. */
        private Size sizeCast() {
            Token t = next();
            Size size = switch (t.text()) {
                case "u8" -> new Size(B, 1, false);
                case "u16" -> new Size(H, 2, false);
                case "u32" -> new Size(W, 4, false);
                case "u64" -> new Size(DW, 8, false);
                case "s8" -> new Size(B, 1, true);
                case "s16" -> new Size(H, 2, true);
                case "s32" -> new Size(W, 4, true);
                default -> throw error("expected a size (u8, u16, u32, u64, s8, s16, s32), found '" + t.text() + "'");
            };
            expect("*");
            expect(")");
            return size;
        }

        private record Address(int base, int off) {}

        /** {@code r1 + 0x8}, {@code r10 - 0x8} or {@code r1}; without the parentheses. */
        private Address address() {
            Reg base = reg64();
            if (!peek().is("+") && !peek().is("-")) return new Address(base.n(), 0);
            boolean minus = next().is("-");
            BigInteger n = signedNumber();
            return new Address(base.n(), off16(minus ? n.negate() : n, "offset"));
        }

        private Address parenthesizedAddress() {
            expect("(");
            Address a = address();
            expect(")");
            return a;
        }

        /** {@code rD = *(u32 *)(rS + off)}, or the legacy packet loads {@code r0 = *(u8 *)skb[imm]} / {@code skb[rS]}. */
        private Insn load(Reg dst) {
            expect("*");
            expect("(");
            Size size = sizeCast();
            if (peek().kind() == Kind.IDENT && peek().text().equals("skb")) return packetLoad(dst, size);
            Address a = parenthesizedAddress();
            if (!dst.wide() && (size.signed() || size.bytes() == 8)) {
                throw error("a " + (size.signed() ? "sign-extending" : "64-bit") + " load needs an r register");
            }
            if (size.signed() && size.bytes() == 8) throw error("there is no s64 load; use u64");
            return new Insn(LDX | (size.signed() ? MEMSX : MEM) | size.field(), dst.n(), a.base(), a.off(), 0);
        }

        private Insn packetLoad(Reg dst, Size size) {
            next(); // skb
            if (!dst.wide() || dst.n() != 0) throw error("a legacy packet load writes r0, not " + dst);
            if (size.signed() || size.bytes() == 8) throw error("legacy packet loads are u8, u16 or u32");
            expect("[");
            Insn insn;
            if (isRegisterNext()) {
                insn = new Insn(LD | IND | size.field(), 0, reg64().n(), 0, 0);
            } else {
                insn = new Insn(LD | ABS | size.field(), 0, 0, 0, imm32(signedNumber()));
            }
            expect("]");
            return insn;
        }

        /** {@code *(u32 *)(rD + off) = rS} or {@code = imm}. */
        private Insn store() {
            expect("*");
            expect("(");
            Size size = sizeCast();
            if (size.signed()) throw error("stores take an unsigned size (u8, u16, u32, u64)");
            Address a = parenthesizedAddress();
            expect("=");
            if (isRegisterNext()) {
                Reg src = reg();
                if (!src.wide() && size.bytes() == 8) throw error("a 64-bit store needs an r register");
                return new Insn(STX | MEM | size.field(), a.base(), src.n(), a.off(), 0);
            }
            return new Insn(ST | MEM | size.field(), a.base(), 0, a.off(), imm32(signedNumber()));
        }

        /** RFC 9669 §5.3: {@code lock *(u64 *)(rD + off) += rS} (and |=, &=, ^=). */
        private Insn lock() {
            expect("*");
            expect("(");
            Size size = atomicSize(sizeCast());
            Address a = parenthesizedAddress();
            Token op = next();
            Integer code = ATOMIC_OPS.get(op.text());
            if (code == null) throw error("expected +=, |=, &= or ^= in an atomic operation, found '" + op.text() + "'");
            Reg src = reg();
            atomicRegister(src, size);
            return new Insn(STX | ATOMIC | size.field(), a.base(), src.n(), a.off(), code);
        }

        /** {@code rS = atomic_fetch_add((u64 *)(rD + off), rS)}. */
        private Insn fetch(Reg dst, int op) {
            expect("(");
            expect("(");
            Size size = atomicSize(sizeCast());
            Address a = parenthesizedAddress();
            expect(",");
            Reg src = reg();
            expect(")");
            sameRegister(dst, src, "atomic_fetch");
            atomicRegister(src, size);
            return new Insn(STX | ATOMIC | size.field(), a.base(), src.n(), a.off(), op | FETCH);
        }

        /** {@code rS = xchg_64(rD + off, rS)} and {@code wS = xchg32_32(rD + off, wS)}. */
        private Insn xchg(Reg dst, boolean is64) {
            expect("(");
            Address a = address();
            expect(",");
            Reg src = reg();
            expect(")");
            sameRegister(dst, src, "xchg");
            atomicRegister(src, is64 ? new Size(DW, 8, false) : new Size(W, 4, false));
            return new Insn(STX | ATOMIC | (is64 ? DW : W), a.base(), src.n(), a.off(), XCHG);
        }

        /** {@code r0 = cmpxchg_64(rD + off, r0, rS)} and {@code w0 = cmpxchg32_32(rD + off, w0, wS)}. */
        private Insn cmpxchg(Reg dst, boolean is64) {
            if (dst.n() != 0) throw error("cmpxchg writes r0/w0, not " + dst);
            expect("(");
            Address a = address();
            expect(",");
            Reg expected = reg();
            if (expected.n() != 0) throw error("cmpxchg compares with r0/w0, not " + expected);
            expect(",");
            Reg src = reg();
            expect(")");
            Size size = is64 ? new Size(DW, 8, false) : new Size(W, 4, false);
            atomicRegister(src, size);
            return new Insn(STX | ATOMIC | size.field(), a.base(), src.n(), a.off(), CMPXCHG);
        }

        private Size atomicSize(Size size) {
            if (size.signed() || (size.bytes() != 4 && size.bytes() != 8)) throw error("atomic operations are u32 or u64");
            return size;
        }

        private void atomicRegister(Reg r, Size size) {
            if (size.bytes() == 8 && !r.wide()) throw error("a 64-bit atomic operation needs an r register, not " + r);
        }

        /** {@code ld_pseudo rD, src, imm}: llvm-objdump's form of a ld_imm64 with a pseudo source. */
        private Insn ldPseudo() {
            Reg dst = reg64();
            expect(",");
            int src = intIn(signedNumber(), "pseudo source", 0, 15);
            expect(",");
            int imm = imm32(signedNumber());
            return new Insn(LD_IMM64, dst.n(), src, (short) 0, imm, 0);
        }

        // ---- operands

        private record Reg(int n, boolean wide) {
            private static final Pattern NAME = Pattern.compile("[rw][0-9]+");

            static boolean isRegisterName(String s) {
                return NAME.matcher(s).matches();
            }

            @Override
            public String toString() {
                return (wide ? "r" : "w") + n;
            }
        }

        private boolean isRegisterNext() {
            return peek().kind() == Kind.IDENT && Reg.isRegisterName(peek().text());
        }

        private Reg reg() {
            Token t = next();
            if (t.kind() != Kind.IDENT || !Reg.isRegisterName(t.text())) {
                throw error("expected a register, found '" + t.text() + "'");
            }
            int n;
            try {
                n = Integer.parseInt(t.text().substring(1));
            } catch (NumberFormatException e) {
                n = Integer.MAX_VALUE;
            }
            if (n > 11) throw error("bad register '" + t.text() + "' (registers are r0..r10, w0..w10)");
            return new Reg(n, t.text().charAt(0) == 'r');
        }

        private Reg reg64() {
            Reg r = reg();
            if (!r.wide()) throw error("expected a 64-bit register, found " + r);
            return r;
        }

        private void sameWidth(Reg a, Reg b) {
            if (a.wide() != b.wide()) throw error("register width mismatch: " + a + " and " + b);
        }

        private void sameRegister(Reg a, Reg b, String what) {
            if (!a.equals(b)) throw error(what + " needs the same register on both sides, found " + a + " and " + b);
        }

        private void requireWide(Reg r, String what) {
            if (!r.wide()) throw error(what + " needs a 64-bit register, not " + r);
        }

        /** A number with an optional leading sign. */
        private BigInteger signedNumber() {
            boolean minus = false;
            if (peek().is("-") || peek().is("+")) minus = next().is("-");
            return signed(minus);
        }

        /** A number, as LLVM's assembler reads it: decimal, {@code 0x} hex, {@code 0b} binary, or octal after a leading 0. */
        private BigInteger signed(boolean minus) {
            Token t = next();
            if (t.kind() != Kind.NUMBER) throw error("expected a number, found '" + t.text() + "'");
            String text = t.text().toLowerCase(Locale.ROOT);
            int radix = 10;
            int skip = 0;
            if (text.startsWith("0x")) {
                radix = 16;
                skip = 2;
            } else if (text.startsWith("0b")) {
                radix = 2;
                skip = 2;
            } else if (text.length() > 1 && text.startsWith("0")) {
                radix = 8;
                skip = 1;
            }
            BigInteger v;
            try {
                v = new BigInteger(text.substring(skip), radix);
            } catch (NumberFormatException e) {
                throw error("bad number '" + t.text() + "'");
            }
            return minus ? v.negate() : v;
        }

        private long inRange(BigInteger v, String what, BigInteger min, BigInteger max) {
            if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                throw error(what + " " + v + " is out of range (" + min + ".." + max + ")");
            }
            return v.longValue(); // two's complement: 2^64-1 becomes -1
        }

        private int intIn(BigInteger v, String what, long min, long max) {
            return (int) inRange(v, what, BigInteger.valueOf(min), BigInteger.valueOf(max));
        }

        /** A 32-bit immediate: signed, or unsigned up to 0xffffffff as LLVM's assembler accepts it. */
        private int imm32(BigInteger v) {
            return intIn(v, "immediate", Integer.MIN_VALUE, 0xffffffffL);
        }

        /** A ld_imm64 value: any signed or unsigned 64-bit number. */
        private long imm64(BigInteger v) {
            return inRange(v, "64-bit immediate", BigInteger.valueOf(Long.MIN_VALUE), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
        }

        private short off16(BigInteger v, String what) {
            return (short) intIn(v, what, Short.MIN_VALUE, Short.MAX_VALUE);
        }

        // ---- tokens

        private Token peek() {
            return tokens.get(pos);
        }

        private Token next() {
            Token t = tokens.get(pos);
            if (!t.isEnd()) pos++;
            return t;
        }

        private void expect(String punct) {
            Token t = next();
            if (!t.is(punct)) throw error("expected '" + punct + "', found " + (t.isEnd() ? "the end of the line" : "'" + t.text() + "'"));
        }

        private void expectWord(String word) {
            Token t = next();
            if (t.kind() != Kind.IDENT || !t.text().equals(word)) throw error("expected '" + word + "', found '" + t.text() + "'");
        }

        private AsmException error(String why) {
            return new AsmException(source, line, why);
        }

    }

    // ------------------------------------------------------------------ lexer

    private enum Kind { IDENT, NUMBER, PUNCT, END }

    private record Token(Kind kind, String text) {
        boolean is(String punct) {
            return kind == Kind.PUNCT && text.equals(punct);
        }

        boolean isEnd() {
            return kind == Kind.END;
        }
    }

    /** Splits a statement into identifiers, numbers and the operators of the syntax. */
    private static final class Lexer {
        // longest first; "s>=" etc. are the signed operators of BPFInstrInfo.td
        private static final String[] PUNCT = {
            "s>>=", "s>=", "s<=", "s/=", "s%=", "s>", "s<",
            "<<=", ">>=", "==", "!=", ">=", "<=", "+=", "-=", "*=", "/=", "%=", "|=", "&=", "^=",
            "=", "+", "-", "*", "(", ")", "[", "]", ",", "<", ">", "&"
        };

        private final String s;

        Lexer(String s) {
            this.s = s;
        }

        List<Token> tokens(Function<String, AsmException> err) {
            List<Token> out = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                String punct = punctAt(i);
                if (punct != null) {
                    out.add(new Token(Kind.PUNCT, punct));
                    i += punct.length();
                } else if (isIdentStart(c)) {
                    int j = i + 1;
                    while (j < s.length() && isIdentPart(s.charAt(j))) j++;
                    out.add(new Token(Kind.IDENT, s.substring(i, j)));
                    i = j;
                } else if (c >= '0' && c <= '9') {
                    int j = i + 1;
                    while (j < s.length() && Character.isLetterOrDigit(s.charAt(j))) j++;
                    out.add(new Token(Kind.NUMBER, s.substring(i, j)));
                    i = j;
                } else {
                    throw err.apply("unexpected character '" + c + "'");
                }
            }
            out.add(new Token(Kind.END, "<end of line>"));
            return out;
        }

        private String punctAt(int i) {
            for (String p : PUNCT) {
                if (s.startsWith(p, i)) return p;
            }
            return null;
        }

        private static boolean isIdentStart(char c) {
            return Character.isLetter(c) || c == '_' || c == '.' || c == '$';
        }

        private static boolean isIdentPart(char c) {
            return isIdentStart(c) || Character.isDigit(c);
        }
    }
}
