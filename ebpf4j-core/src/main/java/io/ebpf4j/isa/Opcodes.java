package io.ebpf4j.isa;

/**
 * Opcode fields of the eBPF instruction set (RFC 9669 §3-§5) and the Linux extensions to it
 * (pseudo source kinds of {@code ld_imm64} and {@code call}, {@code may_goto}).
 * An opcode byte is {@code class | op-or-mode | source-or-size}.
 */
public final class Opcodes {
    private Opcodes() {}

    // RFC 9669 §3.1: instruction classes (low three bits)
    public static final int LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03;
    public static final int ALU = 0x04, JMP = 0x05, JMP32 = 0x06, ALU64 = 0x07;
    public static final int CLASS_MASK = 0x07;

    // RFC 9669 §4.1: source bit for arithmetic and jump instructions
    public static final int K = 0x00, X = 0x08;
    public static final int SOURCE_MASK = 0x08;
    public static final int OP_MASK = 0xf0;

    // RFC 9669 §4.1 Table 5: arithmetic operations
    public static final int ADD = 0x00, SUB = 0x10, MUL = 0x20, DIV = 0x30, OR = 0x40, AND = 0x50,
            LSH = 0x60, RSH = 0x70, NEG = 0x80, MOD = 0x90, XOR = 0xa0, MOV = 0xb0, ARSH = 0xc0,
            END = 0xd0;

    // RFC 9669 §4.3 Table 8: jump operations; JCOND (0xe) is Linux's may_goto (kernel bpf.h BPF_JCOND)
    public static final int JA = 0x00, JEQ = 0x10, JGT = 0x20, JGE = 0x30, JSET = 0x40, JNE = 0x50,
            JSGT = 0x60, JSGE = 0x70, CALL = 0x80, EXIT = 0x90, JLT = 0xa0, JLE = 0xb0, JSLT = 0xc0,
            JSLE = 0xd0, JCOND = 0xe0;

    // RFC 9669 §5.1: load/store size and mode
    public static final int W = 0x00, H = 0x08, B = 0x10, DW = 0x18;
    public static final int SIZE_MASK = 0x18;
    public static final int IMM = 0x00, ABS = 0x20, IND = 0x40, MEM = 0x60, MEMSX = 0x80, ATOMIC = 0xc0;
    public static final int MODE_MASK = 0xe0;

    // RFC 9669 §5.3 Table 11: atomic operations (in imm)
    public static final int ATOMIC_ADD = 0x00, ATOMIC_OR = 0x40, ATOMIC_AND = 0x50, ATOMIC_XOR = 0xa0;
    public static final int FETCH = 0x01, XCHG = 0xe0 | FETCH, CMPXCHG = 0xf0 | FETCH;

    // RFC 9669 §5.4 Table 12 and the kernel's bpf.h: src of ld_imm64
    public static final int PSEUDO_MAP_FD = 1, PSEUDO_MAP_VALUE = 2, PSEUDO_BTF_ID = 3, PSEUDO_FUNC = 4,
            PSEUDO_MAP_IDX = 5, PSEUDO_MAP_IDX_VALUE = 6;
    // RFC 9669 §4.3.1: src of call
    public static final int CALL_HELPER = 0, PSEUDO_CALL = 1, PSEUDO_KFUNC_CALL = 2;

    // Whole opcodes that code refers to by name
    public static final int LD_IMM64 = LD | IMM | DW;          // 0x18
    public static final int CALL_IMM = JMP | CALL | K;          // 0x85
    public static final int CALLX = JMP | CALL | X;             // 0x8d
    public static final int EXIT_OP = JMP | EXIT;               // 0x95
    public static final int JA_OP = JMP | JA;                   // 0x05
    public static final int GOTOL = JMP32 | JA;                 // 0x06 (ja32: target in imm)
    public static final int MAY_GOTO = JMP | JCOND | K;         // 0xe5

    /** Number of bytes a load/store of this size field accesses. */
    public static int sizeBytes(int opcode) {
        return switch (opcode & SIZE_MASK) {
            case W -> 4;
            case H -> 2;
            case B -> 1;
            default -> 8;
        };
    }

    /**
     * Whether {@code opcode} is a plain load or store (RFC 9669 §5.1, §5.2): {@code LDX} with mode {@code MEM} or
     * {@code MEMSX}, {@code ST} or {@code STX} with mode {@code MEM}; not an atomic (§5.3), not a legacy packet load.
     */
    public static boolean isPlainAccess(int opcode) {
        int mode = opcode & MODE_MASK;
        return switch (opcode & CLASS_MASK) {
            case LDX -> mode == MEM || mode == MEMSX;
            case ST, STX -> mode == MEM;
            default -> false;
        };
    }

    public static int cls(int opcode) {
        return opcode & CLASS_MASK;
    }
}
