package io.ebpf4j.vm;

import static io.ebpf4j.isa.Opcodes.*;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import java.util.Arrays;
import java.util.Comparator;

/**
 * A program decoded once for execution: one {@code long} per 8-byte slot laid out like the
 * encoding ({@code opcode | dst << 8 | src << 12 | off << 16 | imm << 32}), with everything that
 * can be decided before the run resolved: helper calls point into a dense helper table,
 * {@code ld_imm64} keeps its final 64-bit value in its second slot, and a few instructions get
 * internal opcodes (opcode bytes that {@link Program#validate()} never accepts) so the dispatch
 * switch needs no second look at the offset field.
 */
final class PreparedProgram {
    // ---- internal opcodes (each an invalid encoding, so no clash with a real instruction)
    /** {@code call} src=1 (bpf-to-bpf); imm stays relative. Encoded JMP|0xf0|K. */
    static final int CALL_LOCAL = 0xf5;
    /** {@code movsx} ALU64 from 8/16/32 bits. Encoded ALU64 with op 0xe/0xf. */
    static final int MOVSX64_8 = 0xe7, MOVSX64_16 = 0xef, MOVSX64_32 = 0xf7;
    /** {@code movsx} ALU from 8/16 bits. */
    static final int MOVSX32_8 = 0xe4, MOVSX32_16 = 0xec;
    /** Sentinel slot after the last instruction: reached only by falling off the end. */
    static final int FELL_OFF = 0xff;

    /** Base of the addresses that {@code ld_imm64 src=4} gives functions: below the arena, outside it. */
    static final long FUNC_BASE = 0x0800_0000L;

    final Program program;
    final long[] code;          // slotCount + 1 entries
    final Helper[] helpers;     // sorted by id
    final HelperFunction[] functions;
    final int[] helperIds;      // sorted, parallel to helpers
    final boolean[] functionEntry; // slots that ld_imm64 src=4 points to

    private PreparedProgram(Program program, VmOptions options) {
        this.program = program;
        this.helpers = options.helpers().toArray(Helper[]::new);
        Arrays.sort(helpers, Comparator.comparingInt(Helper::id));
        this.helperIds = Arrays.stream(helpers).mapToInt(Helper::id).toArray();
        this.functions = Arrays.stream(helpers).map(Helper::function).toArray(HelperFunction[]::new);
        int slots = program.slotCount();
        if ((long) slots * 8 >= VmMemory.BASE - FUNC_BASE) {
            throw new BpfRuntimeException("program of " + slots + " slots is too large");
        }
        this.code = new long[slots + 1];
        this.functionEntry = new boolean[slots];
        code[slots] = FELL_OFF;
        for (int i = 0; i < program.size(); i++) {
            int slot = program.slotOf(i);
            Insn in = program.insn(i);
            if (in.isWide()) {
                code[slot] = LD_IMM64 | in.dst() << 8;
                code[slot + 1] = ldImm64Value(slot, in, options.resolver());
            } else {
                code[slot] = encode(slot, in);
            }
        }
    }

    /**
     * Validates and decodes {@code program}.
     *
     * @throws io.ebpf4j.isa.IsaException on a malformed program
     * @throws BpfRuntimeException        on what this runtime cannot run
     */
    static PreparedProgram prepare(Program program, VmOptions options) {
        program.validate();
        return new PreparedProgram(program, options);
    }

    private static long pack(int opcode, Insn in, int imm) {
        return opcode | in.dst() << 8 | in.src() << 12 | (in.off() & 0xffffL) << 16 | (long) imm << 32;
    }

    private long encode(int slot, Insn in) {
        int opcode = in.opcode();
        if (opcode == CALL_IMM) {
            return switch (in.src()) {
                case CALL_HELPER -> {
                    int index = Arrays.binarySearch(helperIds, in.imm());
                    if (index < 0) {
                        throw new BpfRuntimeException(slot, in, "unknown helper " + in.imm()
                                + (helperIds.length == 0 ? " (no helpers are registered)" : " (registered: " + Arrays.toString(helperIds) + ")"));
                    }
                    yield pack(CALL_IMM, in, index);
                }
                case PSEUDO_CALL -> pack(CALL_LOCAL, in, in.imm());
                default -> throw new BpfRuntimeException(slot, in, "kfunc calls (call src=2) are not supported by this runtime");
            };
        }
        if ((opcode == (ALU64 | MOV | X) || opcode == (ALU | MOV | X)) && in.off() != 0) {
            // RFC 9669 §4.1: MOVSX; ALU64 off 1 is the kernel's addr_space_cast (BPF arena), which has no meaning here
            boolean is64 = opcode == (ALU64 | MOV | X);
            int internal = switch (in.off()) {
                case 8 -> is64 ? MOVSX64_8 : MOVSX32_8;
                case 16 -> is64 ? MOVSX64_16 : MOVSX32_16;
                case 32 -> MOVSX64_32;
                default -> throw new BpfRuntimeException(slot, in, "addr_space_cast (BPF arena pointers) is not supported by this runtime");
            };
            return pack(internal, in, 0);
        }
        return pack(opcode, in, in.imm());
    }

    private long ldImm64Value(int slot, Insn in, LdImm64Resolver resolver) {
        return switch (in.src()) {
            case 0 -> in.imm64();
            case PSEUDO_FUNC -> {
                // kernel bpf.h: BPF_PSEUDO_FUNC, imm = relative offset (in slots) of the function
                int target = slot + 1 + in.imm(); // in range: Program.validate() checked it
                functionEntry[target] = true;
                yield functionPointer(target);
            }
            default -> {
                if (resolver == null) {
                    throw new BpfRuntimeException(slot, in, "ld_imm64 src=" + in.src() + " (" + pseudoName(in.src())
                            + ") needs a loader to resolve it, and no LdImm64Resolver is configured");
                }
                yield resolver.resolve(slot, in);
            }
        };
    }

    private static String pseudoName(int src) {
        return switch (src) {
            case PSEUDO_MAP_FD -> "map fd";
            case PSEUDO_MAP_VALUE -> "map value";
            case PSEUDO_BTF_ID -> "BTF id";
            case PSEUDO_MAP_IDX -> "map index";
            case PSEUDO_MAP_IDX_VALUE -> "map index value";
            default -> "unknown";
        };
    }

    /** The value {@code ld_imm64 src=4} gives the function starting at {@code slot}. */
    static long functionPointer(int slot) {
        return FUNC_BASE + (long) slot * 8;
    }

    /** The entry slot a {@code callx} operand designates, or -1 if it is not a function pointer of this program. */
    int functionTarget(long value) {
        long rel = value - FUNC_BASE;
        if (rel < 0 || (rel & 7) != 0 || rel >= (long) functionEntry.length * 8) return -1;
        int slot = (int) (rel >>> 3);
        return functionEntry[slot] ? slot : -1;
    }

    /** The helper registered under {@code id}, or null. */
    HelperFunction helperById(long id) {
        if (id < 0 || id > Integer.MAX_VALUE) return null;
        int index = Arrays.binarySearch(helperIds, (int) id);
        return index < 0 ? null : functions[index];
    }

    /** Helper registered under {@code id} (as a Helper record), or null. */
    Helper helperRecord(int index) {
        return helpers[index];
    }

    /** The source instruction starting at {@code slot} (for messages). */
    Insn insnAt(int slot) {
        return program.insnAtSlot(slot);
    }
}
