package io.ebpf4j.asm;

import static io.ebpf4j.isa.Opcodes.*;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assembler for the uBPF-style assembly of the bpf_conformance suite (the {@code -- asm}
 * section of its {@code .data} files), as specified in {@code conformance/README.md},
 * "Assembly syntax", with the encodings of RFC 9669.
 *
 * <h2>Syntax</h2>
 * <ul>
 *   <li>One instruction or one label per line; {@code #} starts a comment. Tokens are separated by
 *       whitespace and operands by commas (a trailing comma on a token is dropped; whitespace inside
 *       {@code [...]} is ignored).</li>
 *   <li>Registers {@code %r0} .. {@code %r10}.</li>
 *   <li>A label is a line {@code name:}; it names the slot of the next instruction. Slots are 8
 *       bytes, so {@code lddw} counts twice. The name {@code exit} is predefined as the slot of the
 *       first {@code exit} instruction and cannot be redefined.</li>
 *   <li>A jump or call target is {@code +N} / {@code -N} (a literal relative offset, in slots from
 *       the next slot) or a label, encoded as {@code label_slot - (this_slot + 1)}.</li>
 *   <li>32-bit immediates: {@code 0x…} hex is unsigned, at most {@code 0xffffffff}, and stored as the
 *       32-bit pattern ({@code 0xffffff80} is -128); decimal is signed and must fit in int32. As an
 *       extension, {@code -0x…} is a negative hex value that must fit in int32.
 *       {@code lddw} takes a 64-bit value: hex unsigned, decimal signed if it starts with {@code -},
 *       unsigned otherwise.</li>
 *   <li>Memory operands {@code [%rN]}, {@code [%rN+off]}, {@code [%rN-off]}: off decimal or hex, int16.</li>
 * </ul>
 *
 * <h2>Mnemonics</h2>
 * The README's table: ALU {@code add sub mul div sdiv or and lsh rsh mod smod xor mov arsh} (suffix
 * {@code 32} for the 32-bit class), {@code neg neg32}, {@code movsx864 movsx1664 movsx3264 movsx832
 * movsx1632}, {@code le16/32/64 be16/32/64 swap16/32/64 bswap16/32/64}, {@code lddw},
 * {@code ldxb ldxh ldxw ldxdw ldxsb ldxsh ldxsw}, {@code stb sth stw stdw}, {@code stxb stxh stxw stxdw},
 * {@code lock [fetch] add|and|or|xor[32]}, {@code lock xchg[32]}, {@code lock cmpxchg[32]},
 * {@code jeq jgt jge jset jne jsgt jsge jlt jle jslt jsle} (suffix {@code 32} for JMP32), {@code ja},
 * {@code ja32}, {@code call N}, {@code call %rN} (callx, register in dst), {@code call local L},
 * {@code exit}; plus upstream's {@code call helper N} (src 0) and {@code call runtime N} (src 2).
 *
 * <h2>Extensions</h2>
 * These cover the rest of what {@link io.ebpf4j.isa.InsnValidator} accepts, so that
 * {@link UbpfDisassembler} output always reads back; see there for the full list:
 * {@code gotol} (synonym of {@code ja32}), {@code callx %rN}, {@code may_goto target},
 * {@code call kfunc N[, off]} (synonym of {@code call runtime N[, off]}, off = module BTF index),
 * {@code call local +N}, {@code lddw %rD, KIND A[, B]} for the pseudo sources of ld_imm64 (KIND one of
 * {@code map_fd map_value btf_id func map_idx map_idx_value}, A = imm, B = imm of the second slot;
 * for {@code func}, A is a target), {@code ldabsb/h/w imm}, {@code ldindb/h/w %rS, imm},
 * {@code addr_space_cast %rD, %rS, DST_AS, SRC_AS} (imm = {@code DST_AS << 16 | SRC_AS}), and the raw form
 * {@code .insn OPCODE, DST, SRC, OFF, IMM[, IMM2]} that encodes any fields, valid or not.
 *
 * <p>Every error is an {@link AsmException} naming the line and the reason.
 */
public final class UbpfAssembler {
    private UbpfAssembler() {}

    /** Assembles {@code source}; errors name the source {@code <input>}. */
    public static Program assemble(String source) {
        return assemble(source, null);
    }

    /**
     * Assembles {@code source}.
     *
     * @param sourceName name used in error messages (a file name), or null
     * @throws AsmException on the first error, with its 1-based line number
     */
    public static Program assemble(String source, String sourceName) {
        return new Run(sourceName).assemble(source);
    }

    // ------------------------------------------------------------------ mnemonic table

    private enum Kind { ALU, NEG, MOVSX, ENDIAN, JCOND, JA, JA32, MAY_GOTO, CALL, CALLX, EXIT, LDDW, LDX, ST, STX,
        LDABS, LDIND, ADDR_SPACE_CAST, LOCK, RAW }

    /** How to assemble one mnemonic: its kind, the opcode byte, and fixed offset/imm fields. */
    private record Form(Kind kind, int opcode, int off, int imm, String usage) {}

    private static final Map<String, Form> FORMS = new HashMap<>();

    private static void form(String name, Kind kind, int opcode, int off, int imm, String usage) {
        if (FORMS.put(name, new Form(kind, opcode, off, imm, usage)) != null) throw new AssertionError(name);
    }

    static {
        // README table rows 1-3 / RFC 9669 §4.1 Table 5: opcode = op | class | source bit
        String aluUsage = "2 operands: %dst, %src or %dst, imm";
        String[] aluNames = {"add", "sub", "mul", "div", "or", "and", "lsh", "rsh", null, "mod", "xor", "mov", "arsh"};
        for (int op = 0; op < aluNames.length; op++) {
            if (aluNames[op] == null) continue;
            form(aluNames[op], Kind.ALU, ALU64 | op << 4, 0, 0, aluUsage);
            form(aluNames[op] + "32", Kind.ALU, ALU | op << 4, 0, 0, aluUsage);
        }
        // RFC 9669 §4.1: offset 1 selects signed division and modulo
        form("sdiv", Kind.ALU, ALU64 | DIV, 1, 0, aluUsage);
        form("sdiv32", Kind.ALU, ALU | DIV, 1, 0, aluUsage);
        form("smod", Kind.ALU, ALU64 | MOD, 1, 0, aluUsage);
        form("smod32", Kind.ALU, ALU | MOD, 1, 0, aluUsage);
        form("neg", Kind.NEG, ALU64 | NEG, 0, 0, "1 operand: %dst");
        form("neg32", Kind.NEG, ALU | NEG, 0, 0, "1 operand: %dst");
        // RFC 9669 §4.1: MOVSX is MOV with a register source and offset = 8, 16 or 32 (the bits to sign-extend)
        String movsxUsage = "2 operands: %dst, %src";
        form("movsx864", Kind.MOVSX, ALU64 | MOV | X, 8, 0, movsxUsage);
        form("movsx1664", Kind.MOVSX, ALU64 | MOV | X, 16, 0, movsxUsage);
        form("movsx3264", Kind.MOVSX, ALU64 | MOV | X, 32, 0, movsxUsage);
        form("movsx832", Kind.MOVSX, ALU | MOV | X, 8, 0, movsxUsage);
        form("movsx1632", Kind.MOVSX, ALU | MOV | X, 16, 0, movsxUsage);
        // RFC 9669 §4.2: byte swaps; le = ALU|END|K (0xd4), be = ALU|END|X (0xdc), bswap = ALU64|END|K (0xd7)
        for (int width : new int[] {16, 32, 64}) {
            form("le" + width, Kind.ENDIAN, ALU | END | K, 0, width, "1 operand: %dst");
            form("be" + width, Kind.ENDIAN, ALU | END | X, 0, width, "1 operand: %dst");
            form("swap" + width, Kind.ENDIAN, ALU64 | END | K, 0, width, "1 operand: %dst");
            form("bswap" + width, Kind.ENDIAN, ALU64 | END | K, 0, width, "1 operand: %dst");
        }
        // RFC 9669 §4.3 Table 8: conditional jumps
        String jUsage = "3 operands: %dst, %src or imm, target";
        String[] jNames = {null, "jeq", "jgt", "jge", "jset", "jne", "jsgt", "jsge", null, null, "jlt", "jle", "jslt", "jsle"};
        for (int op = 0; op < jNames.length; op++) {
            if (jNames[op] == null) continue;
            form(jNames[op], Kind.JCOND, JMP | op << 4, 0, 0, jUsage);
            form(jNames[op] + "32", Kind.JCOND, JMP32 | op << 4, 0, 0, jUsage);
        }
        form("ja", Kind.JA, JA_OP, 0, 0, "1 operand: target");
        form("ja32", Kind.JA32, GOTOL, 0, 0, "1 operand: target");
        form("gotol", Kind.JA32, GOTOL, 0, 0, "1 operand: target");
        form("may_goto", Kind.MAY_GOTO, MAY_GOTO, 0, 0, "1 operand: target");
        form("call", Kind.CALL, CALL_IMM, 0, 0,
                "an id, %rN, 'local TARGET', 'helper ID', or 'runtime ID[, OFF]'");
        form("callx", Kind.CALLX, CALLX, 0, 0, "1 operand: %reg");
        form("exit", Kind.EXIT, EXIT_OP, 0, 0, "no operands");
        form("lddw", Kind.LDDW, LD_IMM64, 0, 0, "%dst, imm64 or %dst, KIND A[, B]");
        // RFC 9669 §5.1: opcode = mode | size | class
        String[] sizes = {"w", "h", "b", "dw"};
        for (int s = 0; s < 4; s++) {
            int size = s << 3;
            form("ldx" + sizes[s], Kind.LDX, LDX | MEM | size, 0, 0, "2 operands: %dst, [%src+off]");
            form("st" + sizes[s], Kind.ST, ST | MEM | size, 0, 0, "2 operands: [%dst+off], imm");
            form("stx" + sizes[s], Kind.STX, STX | MEM | size, 0, 0, "2 operands: [%dst+off], %src");
            if (size != DW) {
                form("ldxs" + sizes[s], Kind.LDX, LDX | MEMSX | size, 0, 0, "2 operands: %dst, [%src+off]");
                // RFC 9669 §5.5: legacy packet access
                form("ldabs" + sizes[s], Kind.LDABS, LD | ABS | size, 0, 0, "1 operand: imm");
                form("ldind" + sizes[s], Kind.LDIND, LD | IND | size, 0, 0, "2 operands: %src, imm");
            }
        }
        form("addr_space_cast", Kind.ADDR_SPACE_CAST, ALU64 | MOV | X, 1, 0,
                "4 operands: %dst, %src, dst_as, src_as");
        form("lock", Kind.LOCK, STX | ATOMIC, 0, 0, "[fetch] OP[32] [%dst+off], %src");
        form(".insn", Kind.RAW, 0, 0, 0, "5 or 6 operands: opcode, dst, src, off, imm[, imm2]");
    }

    /** ld_imm64 pseudo source kinds by extension name (RFC 9669 §5.4 Table 12, kernel bpf.h). */
    private static final List<String> LDDW_KINDS =
            List.of("", "map_fd", "map_value", "btf_id", "func", "map_idx", "map_idx_value");

    /** RFC 9669 §5.3 Table 11: atomic operations, without the fetch bit. */
    private static final Map<String, Integer> ATOMIC_OPS =
            Map.of("add", ATOMIC_ADD, "or", ATOMIC_OR, "and", ATOMIC_AND, "xor", ATOMIC_XOR, "xchg", XCHG, "cmpxchg", CMPXCHG);

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_.$]+");
    private static final Pattern MEM_OPERAND = Pattern.compile("\\[([%\\w]*)(?:([+-])([^\\]]*))?]");
    private static final Pattern NUMBER = Pattern.compile("([+-]?)(0[xX]([0-9a-fA-F]+)|([0-9]+))");

    // ------------------------------------------------------------------ one assembly run

    /** Which field of an instruction a target is encoded into. */
    private enum Field { OFF, IMM }

    /** A label reference waiting for the second pass. */
    private record Fixup(int index, int slot, int line, String label, Field field) {}

    private static final class Run {
        private final String sourceName;
        private int line;
        private int slot;
        private int firstExitSlot = -1;
        private final List<Insn> insns = new ArrayList<>();
        private final List<Fixup> fixups = new ArrayList<>();
        private final Map<String, Integer> labels = new HashMap<>();
        private final Map<String, Integer> labelLines = new HashMap<>();

        Run(String sourceName) {
            this.sourceName = sourceName;
        }

        AsmException error(String why) {
            return new AsmException(sourceName, line, why);
        }

        Program assemble(String source) {
            // README "Assembly syntax": one statement per line; as in the file syntax, drop a trailing \r and cut from the first #
            String[] lines = source.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                line = i + 1;
                String text = lines[i];
                if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
                int hash = text.indexOf('#');
                if (hash >= 0) text = text.substring(0, hash);
                List<String> tokens = tokenize(text);
                if (tokens.isEmpty()) continue;
                if (tokens.getFirst().endsWith(":")) {
                    defineLabel(tokens);
                } else {
                    statement(tokens.getFirst(), tokens.subList(1, tokens.size()));
                }
            }
            resolveFixups();
            return new Program(insns);
        }

        private void defineLabel(List<String> tokens) {
            String first = tokens.getFirst();
            String name = first.substring(0, first.length() - 1);
            if (!LABEL.matcher(name).matches()) {
                throw error("bad label '" + first + "': a label is letters, digits, '_', '.' or '$' followed by ':'");
            }
            if (name.equals("exit")) {
                throw error("the label name 'exit' is reserved: it always means the first exit instruction");
            }
            if (tokens.size() > 1) {
                // README: nothing after a label on its line is assembled; refuse rather than drop it silently
                throw error("unexpected '" + tokens.get(1) + "' after label '" + first + "': put the instruction on its own line");
            }
            Integer previous = labelLines.putIfAbsent(name, line);
            if (previous != null) throw error("duplicate label '" + name + "' (first defined on line " + previous + ")");
            labels.put(name, slot);
        }

        private void emit(Insn in) {
            if (in.isExit() && firstExitSlot < 0) firstExitSlot = slot;
            insns.add(in);
            slot += in.slots();
        }

        /** Emits {@code in}, whose target field still has to be filled in from {@code target}. */
        private void emit(Insn in, String target, Field field) {
            if (target.startsWith("+") || target.startsWith("-")) {
                // README: +N / -N is a literal relative offset
                long rel = number(target, "target");
                in = field == Field.OFF ? withOff(in, checkOff(rel, "jump offset")) : withImm(in, checkImmTarget(rel));
            } else {
                if (!LABEL.matcher(target).matches()) throw error("bad jump target '" + target + "': expected a label, +N or -N");
                fixups.add(new Fixup(insns.size(), slot, line, target, field));
            }
            emit(in);
        }

        private void resolveFixups() {
            for (Fixup f : fixups) {
                line = f.line();
                Integer target = labels.get(f.label());
                if (f.label().equals("exit")) {
                    if (firstExitSlot < 0) throw error("label 'exit' means the first exit instruction, but the program has none");
                    target = firstExitSlot;
                }
                if (target == null) {
                    String hint = f.label().chars().allMatch(Character::isDigit) ? " (a literal offset needs a sign: +" + f.label() + ")" : "";
                    throw error("undefined label '" + f.label() + "'" + hint);
                }
                // README: a label target is encoded as label_slot - (this_slot + 1)
                long rel = (long) target - (f.slot() + 1);
                Insn in = insns.get(f.index());
                if (f.field() == Field.OFF) {
                    if (rel < Short.MIN_VALUE || rel > Short.MAX_VALUE) {
                        throw error("label '" + f.label() + "' is " + rel
                                + " slots away, beyond the 16-bit jump offset (-32768..32767); use ja32 for long jumps");
                    }
                    insns.set(f.index(), withOff(in, (int) rel));
                } else {
                    insns.set(f.index(), withImm(in, (int) rel));
                }
            }
        }

        // -------------------------------------------------------------- statements

        private void statement(String mnemonic, List<String> ops) {
            Form form = FORMS.get(mnemonic);
            if (form == null) {
                String lower = mnemonic.toLowerCase(java.util.Locale.ROOT);
                String hint = !lower.equals(mnemonic) && FORMS.containsKey(lower) ? " (mnemonics are lower case: '" + lower + "')" : "";
                throw error("unknown mnemonic '" + mnemonic + "'" + hint);
            }
            int op = form.opcode();
            switch (form.kind()) {
                case ALU -> {
                    arity(mnemonic, form, ops, 2);
                    int dst = reg(ops.get(0));
                    String s = ops.get(1);
                    if (s.startsWith("%")) {
                        emit(new Insn(op | X, dst, reg(s), form.off(), 0));
                    } else {
                        emit(new Insn(op | K, dst, 0, form.off(), imm32(s)));
                    }
                }
                case NEG, ENDIAN -> {
                    arity(mnemonic, form, ops, 1);
                    emit(new Insn(op, reg(ops.get(0)), 0, 0, form.imm()));
                }
                case MOVSX -> {
                    arity(mnemonic, form, ops, 2);
                    emit(new Insn(op, reg(ops.get(0)), reg(ops.get(1)), form.off(), 0));
                }
                case ADDR_SPACE_CAST -> {
                    arity(mnemonic, form, ops, 4);
                    int dst = reg(ops.get(0)), src = reg(ops.get(1));
                    long dstAs = number(ops.get(2), "address space"), srcAs = number(ops.get(3), "address space");
                    if (dstAs < 0 || dstAs > 0xffff || srcAs < 0 || srcAs > 0xffff) {
                        throw error("address spaces of addr_space_cast must be 0..65535");
                    }
                    // kernel: imm = dst_as << 16 | src_as (imm 1 casts from as 1 to as 0)
                    emit(new Insn(op, dst, src, form.off(), (int) (dstAs << 16 | srcAs)));
                }
                case JCOND -> {
                    arity(mnemonic, form, ops, 3);
                    int dst = reg(ops.get(0));
                    String s = ops.get(1);
                    Insn in = s.startsWith("%")
                            ? new Insn(op | X, dst, reg(s), 0, 0)
                            : new Insn(op | K, dst, 0, 0, imm32(s));
                    emit(in, ops.get(2), Field.OFF);
                }
                case JA, MAY_GOTO -> {
                    arity(mnemonic, form, ops, 1);
                    emit(new Insn(op, 0, 0, 0, 0), ops.get(0), Field.OFF);
                }
                case JA32 -> {
                    // README: ja32 keeps the target in imm, offset 0 (RFC 9669 §4.3, "gotol")
                    arity(mnemonic, form, ops, 1);
                    emit(new Insn(op, 0, 0, 0, 0), ops.get(0), Field.IMM);
                }
                case CALL -> call(form, ops);
                case CALLX -> {
                    arity(mnemonic, form, ops, 1);
                    emit(new Insn(CALLX, reg(ops.get(0)), 0, 0, 0));
                }
                case EXIT -> {
                    arity(mnemonic, form, ops, 0);
                    emit(Insn.exit());
                }
                case LDDW -> lddw(form, ops);
                case LDX -> {
                    arity(mnemonic, form, ops, 2);
                    int dst = reg(ops.get(0));
                    Mem m = mem(ops.get(1));
                    emit(new Insn(op, dst, m.reg(), m.off(), 0));
                }
                case ST -> {
                    arity(mnemonic, form, ops, 2);
                    Mem m = mem(ops.get(0));
                    emit(new Insn(op, m.reg(), 0, m.off(), imm32(ops.get(1))));
                }
                case STX -> {
                    arity(mnemonic, form, ops, 2);
                    Mem m = mem(ops.get(0));
                    emit(new Insn(op, m.reg(), reg(ops.get(1)), m.off(), 0));
                }
                case LDABS -> {
                    arity(mnemonic, form, ops, 1);
                    emit(new Insn(op, 0, 0, 0, imm32(ops.get(0))));
                }
                case LDIND -> {
                    arity(mnemonic, form, ops, 2);
                    emit(new Insn(op, 0, reg(ops.get(0)), 0, imm32(ops.get(1))));
                }
                case LOCK -> lock(form, ops);
                case RAW -> raw(form, ops);
            }
        }

        private void call(Form form, List<String> ops) {
            if (ops.isEmpty()) throw error("'call' takes " + form.usage() + ", found no operands");
            String first = ops.getFirst();
            switch (first) {
                case "local" -> {
                    arity("call local", "1 operand: target", ops.subList(1, ops.size()), 1);
                    emit(new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, 0), ops.get(1), Field.IMM);
                }
                case "helper" -> {
                    arity("call helper", "1 operand: helper id", ops.subList(1, ops.size()), 1);
                    emit(new Insn(CALL_IMM, 0, CALL_HELPER, 0, imm32(ops.get(1))));
                }
                case "runtime", "kfunc" -> {
                    // upstream: 'call runtime N' is src 2; RFC 9669 §4.3.1 "call by BTF id". The kernel reads off
                    // as the index of the module BTF, so an optional second operand sets it.
                    List<String> rest = ops.subList(1, ops.size());
                    if (rest.size() != 1 && rest.size() != 2) {
                        throw error("'call " + first + "' takes an id and an optional offset, found " + count(rest.size()));
                    }
                    int off = rest.size() == 2 ? checkOff(number(rest.get(1), "offset"), "call offset") : 0;
                    emit(new Insn(CALL_IMM, 0, PSEUDO_KFUNC_CALL, off, imm32(rest.get(0))));
                }
                default -> {
                    arity("call", form.usage(), ops, 1);
                    if (first.startsWith("%")) {
                        // README: call %rN is callx with the register in dst
                        emit(new Insn(CALLX, reg(first), 0, 0, 0));
                    } else {
                        emit(new Insn(CALL_IMM, 0, CALL_HELPER, 0, imm32(first)));
                    }
                }
            }
        }

        private void lddw(Form form, List<String> ops) {
            if (ops.size() == 2) {
                // README: two slots, imm = low 32 bits, imm of the second slot = high 32 bits
                emit(Insn.ldImm64(reg(ops.get(0)), 0, imm64(ops.get(1))));
                return;
            }
            if (ops.size() != 3 && ops.size() != 4) {
                throw error("'lddw' takes " + form.usage() + ", found " + count(ops.size()));
            }
            int dst = reg(ops.get(0));
            int kind = LDDW_KINDS.indexOf(ops.get(1));
            if (kind <= 0) {
                throw error("unknown lddw source kind '" + ops.get(1) + "': expected one of "
                        + String.join(", ", LDDW_KINDS.subList(1, LDDW_KINDS.size())));
            }
            int imm2 = ops.size() == 4 ? imm32(ops.get(3)) : 0;
            Insn in = new Insn(LD_IMM64, dst, kind, (short) 0, 0, imm2);
            if (kind == PSEUDO_FUNC) {
                // kernel: a function pointer's imm is relative to the next slot, like a call
                emit(in, ops.get(2), Field.IMM);
            } else {
                emit(withImm(in, imm32(ops.get(2))));
            }
        }

        private void lock(Form form, List<String> ops) {
            List<String> rest = ops;
            boolean fetch = false;
            if (!rest.isEmpty() && rest.getFirst().equals("fetch")) {
                fetch = true;
                rest = rest.subList(1, rest.size());
            }
            if (rest.isEmpty()) throw error("'lock' needs an operation: add, and, or, xor, xchg or cmpxchg");
            String name = rest.getFirst();
            boolean w32 = name.endsWith("32");
            String base = w32 ? name.substring(0, name.length() - 2) : name;
            Integer aop = ATOMIC_OPS.get(base);
            if (aop == null) {
                throw error("unknown atomic operation '" + name + "': expected add, and, or, xor, xchg or cmpxchg, optionally with a 32 suffix");
            }
            String mnemonic = "lock " + (fetch ? "fetch " : "") + name;
            List<String> operands = rest.subList(1, rest.size());
            arity(mnemonic, "2 operands: [%dst+off], %src", operands, 2);
            Mem m = mem(operands.get(0));
            int src = reg(operands.get(1));
            // README: 0xdb for 64-bit, 0xc3 for the 32 suffix; imm = op | 0x01 with fetch (xchg/cmpxchg always fetch)
            int opcode = form.opcode() | (w32 ? W : DW);
            emit(new Insn(opcode, m.reg(), src, m.off(), aop | (fetch ? FETCH : 0)));
        }

        private void raw(Form form, List<String> ops) {
            if (ops.size() != 5 && ops.size() != 6) throw error("'.insn' takes " + form.usage() + ", found " + count(ops.size()));
            long opcode = number(ops.get(0), "opcode"), dst = number(ops.get(1), "dst"), src = number(ops.get(2), "src");
            if (opcode < 0 || opcode > 0xff) throw error(".insn opcode must be 0..0xff, found " + ops.get(0));
            if (dst < 0 || dst > 15 || src < 0 || src > 15) throw error(".insn register fields must be 0..15");
            int off = checkOff(number(ops.get(3), "offset"), "offset");
            int imm = imm32(ops.get(4));
            int imm2 = 0;
            if (ops.size() == 6) {
                if (opcode != LD_IMM64) throw error(".insn takes a sixth operand (imm2) only for opcode 0x18 (ld_imm64)");
                imm2 = imm32(ops.get(5));
            }
            emit(new Insn((int) opcode, (int) dst, (int) src, (short) off, imm, imm2));
        }

        // -------------------------------------------------------------- operands

        private void arity(String mnemonic, Form form, List<String> ops, int n) {
            arity(mnemonic, form.usage(), ops, n);
        }

        private void arity(String mnemonic, String usage, List<String> ops, int n) {
            if (ops.size() != n) {
                throw error("wrong operand count: '" + mnemonic + "' takes " + usage + ", found " + count(ops.size())
                        + (ops.isEmpty() ? "" : " (" + String.join(", ", ops) + ")"));
            }
        }

        private static String count(int n) {
            return n == 0 ? "none" : n + (n == 1 ? " operand" : " operands");
        }

        private int reg(String t) {
            if (!t.startsWith("%")) throw error("expected a register %r0..%r10, found '" + t + "'");
            if (t.startsWith("%r") && t.length() > 2 && t.length() <= 4 && t.substring(2).chars().allMatch(Character::isDigit)) {
                int n = Integer.parseInt(t.substring(2));
                if (n <= 10 && (n == 0 || t.charAt(2) != '0')) return n;
            }
            throw error("bad register '" + t + "': registers are %r0..%r10");
        }

        private record Mem(int reg, int off) {}

        private Mem mem(String t) {
            Matcher m = MEM_OPERAND.matcher(t);
            if (!m.matches()) throw error("bad memory operand '" + t + "': expected [%rN], [%rN+off] or [%rN-off]");
            int reg = reg(m.group(1));
            if (m.group(2) == null) return new Mem(reg, 0);
            String digits = m.group(3);
            if (!NUMBER.matcher(digits).matches() || digits.startsWith("+") || digits.startsWith("-")) {
                throw error("bad offset '" + m.group(2) + digits + "' in memory operand '" + t + "': expected decimal or 0x hex");
            }
            return new Mem(reg, checkOff(number(m.group(2) + digits, "offset"), "memory offset"));
        }

        private int checkOff(long v, String what) {
            if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                throw error(what + " " + v + " out of range: it must fit in int16 (-32768..32767)");
            }
            return (int) v;
        }

        private int checkImmTarget(long v) {
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw error("target offset " + v + " does not fit in int32");
            return (int) v;
        }

        /** A number that fits in a long (either signed or as an unsigned hex pattern read signed). */
        private long number(String t, String what) {
            BigInteger v = bigNumber(t, what);
            if (v.bitLength() > 63) throw error(what + " '" + t + "' is out of range");
            return v.longValue();
        }

        private BigInteger bigNumber(String t, String what) {
            Matcher m = NUMBER.matcher(t);
            if (!m.matches()) throw error("expected a number for the " + what + ", found '" + t + "'");
            BigInteger v = m.group(3) != null ? new BigInteger(m.group(3), 16) : new BigInteger(m.group(4));
            return m.group(1).equals("-") ? v.negate() : v;
        }

        /** README: hex is unsigned and at most 0xffffffff (stored as the 32-bit pattern); decimal is a signed int32. */
        private int imm32(String t) {
            if (t.startsWith("%")) throw error("expected an immediate, found the register '" + t + "'");
            BigInteger v = bigNumber(t, "immediate");
            boolean unsignedHex = isHex(t) && !t.startsWith("-");
            long lo = unsignedHex ? 0 : Integer.MIN_VALUE, hi = unsignedHex ? 0xffffffffL : Integer.MAX_VALUE;
            if (v.compareTo(BigInteger.valueOf(lo)) < 0 || v.compareTo(BigInteger.valueOf(hi)) > 0) {
                throw error("immediate " + t + " out of range: " + (unsignedHex
                        ? "hex immediates are unsigned and at most 0xffffffff"
                        : "decimal immediates must fit in int32 (-2147483648..2147483647)"));
            }
            return (int) v.longValue();
        }

        /** README: lddw takes 64 bits; hex is unsigned, decimal is signed if it starts with '-'. */
        private long imm64(String t) {
            if (t.startsWith("%")) throw error("expected a 64-bit immediate, found the register '" + t + "'");
            BigInteger v = bigNumber(t, "immediate");
            BigInteger min = BigInteger.ONE.shiftLeft(63).negate(), max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
            if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                throw error("immediate " + t + " out of range: lddw takes up to 0xffffffffffffffff or down to -9223372036854775808");
            }
            return v.longValue();
        }

        private static boolean isHex(String t) {
            return NUMBER.matcher(t).matches() && (t.contains("0x") || t.contains("0X"));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Insn withOff(Insn in, int off) {
        return new Insn(in.opcode(), in.dst(), in.src(), (short) off, in.imm(), in.imm2());
    }

    private static Insn withImm(Insn in, int imm) {
        return new Insn(in.opcode(), in.dst(), in.src(), in.off(), imm, in.imm2());
    }

    /**
     * Splits a line (comment already cut) into tokens: whitespace and commas separate tokens,
     * except inside {@code [...]}, where whitespace is dropped so {@code [%r1 + 4]} is one token.
     */
    static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean space = Character.isWhitespace(c);
            if (c == '[') depth++;
            if (c == ']') depth = Math.max(0, depth - 1);
            if (depth == 0 && (space || c == ',')) {
                if (!cur.isEmpty()) out.add(cur.toString());
                cur.setLength(0);
            } else if (!space) {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) out.add(cur.toString());
        return out;
    }
}
