package io.ebpf4j.vm;

import static io.ebpf4j.isa.Opcodes.*;

import io.ebpf4j.helpers.Helper;
import io.ebpf4j.helpers.HelperFunction;
import io.ebpf4j.helpers.HelperIds;
import io.ebpf4j.helpers.StandardHelpers;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A program decoded once for execution: one {@code long} per 8-byte slot laid out like the
 * encoding ({@code opcode | dst << 8 | src << 12 | off << 16 | imm << 32}), with everything that
 * can be decided before the run resolved: helper calls point into a dense table of the helpers
 * this program uses, {@code ld_imm64} keeps its final 64-bit value in its second slot (map
 * references become arena addresses), and a few instructions get internal opcodes (opcode bytes
 * that {@link Program#validate()} never accepts) so the dispatch switch needs no second look at
 * the offset field.
 */
final class PreparedProgram {
    // ---- internal opcodes (each an invalid encoding, so no clash with a real instruction)
    /** {@code call} src=1 (bpf-to-bpf); imm stays relative. Encoded JMP|0xf0|K. */
    static final int CALL_LOCAL = 0xf5;
    /** {@code movsx} ALU64 from 8/16/32 bits. Encoded ALU64 with op 0xe/0xf. */
    static final int MOVSX64_8 = 0xe7, MOVSX64_16 = 0xef, MOVSX64_32 = 0xf7;
    /** {@code movsx} ALU from 8/16 bits. */
    static final int MOVSX32_8 = 0xe4, MOVSX32_16 = 0xec;
    /**
     * Loads, stores and atomics of a big-endian program (a {@code -target bpfeb} object runs with
     * big-endian memory, as on a big-endian kernel): the same instructions with the unused modes
     * 0xa0 ({@code BPF_LEN}) and 0xe0 ({@code BPF_MSH}) of classic BPF, or the atomic mode on the
     * LDX class, so a little-endian program never meets them. Byte accesses need no variant.
     */
    static final int LDXW_BE = 0xa1, LDXH_BE = 0xa9, LDXDW_BE = 0xb9, LDXSW_BE = 0xc1, LDXSH_BE = 0xc9,
            STXW_BE = 0xa3, STXH_BE = 0xab, STXDW_BE = 0xbb, STW_BE = 0xa2, STH_BE = 0xaa, STDW_BE = 0xba,
            ATOMIC_W_BE = 0xe3, ATOMIC_DW_BE = 0xfb;
    /**
     * Superinstructions of the interpreter's dispatch array ({@link #dispatch}): {@code rD = rS} followed by
     * {@code rD OP= imm} on the same register, in one slot (the move's, with the second instruction's imm); the
     * second slot stays as it was, so a jump to it still runs it alone. Compilers emit this pair for every
     * three-operand operation ({@code r1 = r4; r1 += 14}); one dispatch instead of two. Encoded in the LD class
     * with modes 0x60 and 0x80, which no eBPF instruction uses. See Ertl and Gregg, "Optimizing indirect branch
     * prediction accuracy in virtual machine interpreters" (PLDI 2003), for superinstructions.
     */
    static final int MOV_ADD = 0x60, MOV_AND = 0x68, MOV_RSH = 0x70, MOV_LSH = 0x78, MOV_OR = 0x80, MOV_SUB = 0x88,
            MOV_XOR = 0x90, MOV_ARSH = 0x98;
    /**
     * The same with a register operand: {@code rD = rS} followed by {@code rD OP= rT} with {@code T != D} (the slot
     * holds T where the immediate would be). Compilers emit it for {@code x = y OP z} ({@code r0 = r5; r0 += r2} in
     * the arith benchmark's loop, {@code r0 = r2; r0 ^= r1} in the calls benchmark's leaf). LD class, modes 0xa0 and
     * 0xc0, unused by eBPF.
     */
    static final int MOV_ADD_X = 0xa0, MOV_SUB_X = 0xa8, MOV_XOR_X = 0xb0, MOV_AND_X = 0xb8, MOV_OR_X = 0xc0,
            MOV_MUL_X = 0xc8;
    /**
     * A little-endian load or store ({@code LDX}/{@code ST}/{@code STX}, modes {@code MEM} and {@code MEMSX}) in the
     * dispatch array of checked mode ({@link #checkedDispatch()}): the interpreter runs it out of its dispatch loop,
     * reading the instruction from {@link #code}. LD class, mode 0xc0 with size 0x10, unused by eBPF.
     */
    static final int CHECKED_ACCESS = 0xd0;
    /** Sentinel slot after the last instruction: reached only by falling off the end. */
    static final int FELL_OFF = 0xff;

    /**
     * libbpf's {@code bpf_core_poison_insn}: an instruction whose CO-RE relocation failed becomes
     * {@code call 0xbad2310}. The kernel's verifier rejects it only where it is reachable
     * ({@code invalid func unknown#195896080}); programs guard such code with
     * {@code bpf_core_field_exists}, so the runtime accepts the call and faults only if it runs.
     */
    static final int CORE_POISON = 0xbad2310;
    private static final Helper POISONED = Helper.of(CORE_POISON, "poisoned CO-RE relocation", (c, a, b, x, y, z) -> {
        throw new io.ebpf4j.helpers.HelperException("this instruction's CO-RE relocation failed against the target BTF, and"
                + " libbpf replaced it with call 0xbad2310; the kernel's verifier rejects it when reachable"
                + " (invalid func unknown#195896080)");
    });

    /** Base of the addresses that {@code ld_imm64 src=4} gives functions: below the arena, outside it. */
    static final long FUNC_BASE = io.ebpf4j.link.LinkedProgram.FUNCTION_POINTER_BASE; // the linker writes such values into function tables

    /** Finds the helper a {@code call imm} names, or explains why there is none. */
    interface HelperLookup {
        /** The helper with this id, or null. */
        Helper helper(int id);

        /** Why there is no helper {@code id} (for the load-time error). */
        String missing(int id);
    }

    final String name;
    final Program program;
    final long[] code;          // slotCount + 1 entries
    /**
     * What the interpreter runs: {@link #code} with superinstructions ({@link #MOV_ADD}...), or in checked mode
     * {@link #checkedDispatch()}; the JIT reads {@code code}.
     */
    final long[] dispatch;
    final Helper[] helpers;     // the helpers this program calls, by dense index
    final HelperFunction[] functions;
    final boolean[] functionEntry; // slots that ld_imm64 src=4 points to
    private final HelperLookup lookup;
    /** Memory is big-endian: loads and stores use the {@code *_BE} opcodes, {@code le}/{@code be} trade places. */
    final boolean bigEndian;
    /** {@link #dispatch} with each load and store made {@link #CHECKED_ACCESS}; made on first use. */
    private volatile long[] checkedDispatch;
    /** A slot's internal index for use by the engines that outlive this object (e.g. a tail call table). */
    int id = -1;
    /** This program as the JIT sees it (created on first use; see {@link JitBridge}). */
    volatile JitBridge.Code bridge;

    private PreparedProgram(String name, Program program, HelperLookup lookup, LdImm64Resolver resolver, boolean bigEndian) {
        this.name = name;
        this.bigEndian = bigEndian;
        this.program = program;
        this.lookup = lookup;
        int slots = program.slotCount();
        if ((long) slots * 8 >= VmMemory.BASE - FUNC_BASE) {
            throw new BpfRuntimeException("program of " + slots + " slots is too large");
        }
        this.code = new long[slots + 1];
        this.functionEntry = new boolean[slots];
        code[slots] = FELL_OFF;
        List<Helper> used = new ArrayList<>();
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < program.size(); i++) {
            int slot = program.slotOf(i);
            Insn in = program.insn(i);
            if (in.isWide()) {
                code[slot] = LD_IMM64 | in.dst() << 8;
                code[slot + 1] = ldImm64Value(slot, in, resolver);
            } else {
                code[slot] = encode(slot, in, used, index);
            }
        }
        this.helpers = used.toArray(Helper[]::new);
        this.functions = Arrays.stream(helpers).map(Helper::function).toArray(HelperFunction[]::new);
        this.dispatch = superinstructions(program, code);
    }

    /**
     * {@code code} with each {@code rD = rS; rD OP= imm} pair, and each {@code rD = rS; rD OP= rT} pair with
     * {@code T != D}, starting at an instruction made one superinstruction.
     */
    private static long[] superinstructions(Program program, long[] code) {
        long[] d = code.clone();
        for (int i = 0; i + 1 < program.size(); i++) {
            int slot = program.slotOf(i);
            long w = code[slot], next = code[slot + 1];
            if ((w & 0xff) != (ALU64 | MOV | X) || ((w >> 16) & 0xffff) != 0) continue; // plain mov (movsx has off)
            int dst = (int) (w >> 8) & 0xf;
            if (((int) next >> 8 & 0xf) != dst) continue; // a mov is one slot: slot + 1 starts the next instruction
            int fused = switch ((int) next & 0xff) {
                case ALU64 | ADD | K -> MOV_ADD;
                case ALU64 | AND | K -> MOV_AND;
                case ALU64 | RSH | K -> MOV_RSH;
                case ALU64 | LSH | K -> MOV_LSH;
                case ALU64 | OR | K -> MOV_OR;
                case ALU64 | SUB | K -> MOV_SUB;
                case ALU64 | XOR | K -> MOV_XOR;
                case ALU64 | ARSH | K -> MOV_ARSH;
                case ALU64 | ADD | X -> MOV_ADD_X;
                case ALU64 | SUB | X -> MOV_SUB_X;
                case ALU64 | XOR | X -> MOV_XOR_X;
                case ALU64 | AND | X -> MOV_AND_X;
                case ALU64 | OR | X -> MOV_OR_X;
                case ALU64 | MUL | X -> MOV_MUL_X;
                default -> -1;
            };
            if (fused < 0) continue;
            if ((next & X) == 0) {
                d[slot] = (w & 0xff00L) | fused | (next & 0xffff_ffff_0000_0000L); // dst, src, the second's imm
            } else {
                int t = (int) next >> 12 & 0xf;
                // the operand is read after the move: with T == D it would be rS, so that pair stays two instructions
                if (t == dst || ((next >> 16) & 0xffff) != 0) continue;
                d[slot] = (w & 0xff00L) | fused | (long) t << 32; // dst, src, T in the imm's place
            }
        }
        return d;
    }

    /** What the interpreter runs in checked mode: {@link #dispatch} with every little-endian load and store {@link #CHECKED_ACCESS}. */
    long[] checkedDispatch() {
        long[] d = checkedDispatch;
        if (d == null) {
            d = dispatch.clone();
            for (int i = 0; i < program.size(); i++) {
                int slot = program.slotOf(i); // never the second slot of ld_imm64, which holds a value
                if (isPlainAccess((int) code[slot] & 0xff)) d[slot] = (d[slot] & ~0xffL) | CHECKED_ACCESS;
            }
            checkedDispatch = d;
        }
        return d;
    }

    /**
     * Validates and decodes {@code program} with the helpers of {@code options}.
     *
     * @throws io.ebpf4j.isa.IsaException on a malformed program
     * @throws BpfRuntimeException        on what this runtime cannot run
     */
    static PreparedProgram prepare(Program program, VmOptions options) {
        return prepare(program, options, false);
    }

    /** {@link #prepare(Program, VmOptions)} for memory that is big-endian if {@code bigEndian}. */
    static PreparedProgram prepare(Program program, VmOptions options, boolean bigEndian) {
        Map<Integer, Helper> byId = new HashMap<>();
        for (Helper h : options.helpers()) byId.put(h.id(), h);
        int[] ids = byId.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        HelperLookup lookup = new HelperLookup() {
            @Override
            public Helper helper(int id) {
                return byId.get(id);
            }

            @Override
            public String missing(int id) {
                return "unknown helper " + id + (ids.length == 0 ? " (no helpers are registered)"
                        : " (registered: " + Arrays.toString(ids) + ")");
            }
        };
        return prepare(null, program, lookup, options.resolver(), bigEndian);
    }

    /** Validates and decodes a named program, resolving helpers with {@code lookup}. */
    static PreparedProgram prepare(String name, Program program, HelperLookup lookup, LdImm64Resolver resolver) {
        return prepare(name, program, lookup, resolver, false);
    }

    /** {@link #prepare(String, Program, HelperLookup, LdImm64Resolver)} for a program whose memory is big-endian if {@code bigEndian}. */
    static PreparedProgram prepare(String name, Program program, HelperLookup lookup, LdImm64Resolver resolver,
                                   boolean bigEndian) {
        program.validate();
        return new PreparedProgram(name, program, lookup, resolver, bigEndian);
    }

    /**
     * Whether register {@code reg} certainly holds 0 at the call in {@code callSlot}: the last
     * write to it in the straight-line code before the call is {@code mov reg, 0}. A cheap stand-in
     * for the verifier's "known constant" where an optimisation of the kernel depends on it.
     */
    private boolean knownZero(int callSlot, int reg) {
        if (jumpTargets == null) jumpTargets = jumpTargets(program);
        int idx = program.indexAtSlot(callSlot) - 1;
        while (idx >= 0) {
            Insn in = program.insn(idx);
            int cls = in.cls();
            if (cls == JMP || cls == JMP32) return false; // a jump, call or exit ends the straight line
            boolean writes = switch (cls) {
                case ALU, ALU64, LDX -> in.dst() == reg;
                case LD -> in.dst() == reg;
                case STX -> in.mode() == ATOMIC && (in.src() == reg || (in.imm() == CMPXCHG && reg == 0));
                default -> false;
            };
            if (writes) return (in.opcode() == (ALU64 | MOV | K) || in.opcode() == (ALU | MOV | K)) && in.imm() == 0;
            if (jumpTargets[program.slotOf(idx)]) return false;
            idx--;
        }
        return false;
    }

    private boolean[] jumpTargets;

    private static boolean[] jumpTargets(Program p) {
        boolean[] t = new boolean[p.slotCount() + 1];
        for (int i = 0; i < p.size(); i++) {
            Insn in = p.insn(i);
            int cls = in.cls();
            if (cls != JMP && cls != JMP32) continue;
            int slot = p.slotOf(i);
            int target;
            if (in.opcode() == GOTOL) target = slot + 1 + in.imm();
            else if (in.opcode() == CALL_IMM) target = in.src() == PSEUDO_CALL ? slot + 1 + in.imm() : -1;
            else if (in.op() == EXIT || in.op() == CALL) target = -1;
            else target = slot + 1 + in.off();
            if (target >= 0 && target < t.length) t[target] = true;
        }
        return t;
    }

    private static long pack(int opcode, Insn in, int imm) {
        return opcode | in.dst() << 8 | in.src() << 12 | (in.off() & 0xffffL) << 16 | (long) imm << 32;
    }

    private BpfRuntimeException error(int slot, Insn in, String why) {
        return new BpfRuntimeException(name, slot, in, why, null);
    }

    private long encode(int slot, Insn in, List<Helper> used, Map<Integer, Integer> index) {
        int opcode = in.opcode();
        if (opcode == CALL_IMM) {
            return switch (in.src()) {
                case CALL_HELPER -> {
                    Helper h = lookup.helper(in.imm());
                    if (h == null && in.imm() == CORE_POISON) h = POISONED;
                    if (h == null) throw error(slot, in, lookup.missing(in.imm()));
                    // the verifier inlines bpf_loop when flags (r4) is a known 0: see StandardHelpers.LOOP_INLINED
                    boolean inlineLoop = h == StandardHelpers.all().stream().filter(x -> x.id() == HelperIds.LOOP).findFirst()
                            .orElse(null) && knownZero(slot, 4);
                    int key = inlineLoop ? -1 : in.imm();
                    Integer i = index.get(key);
                    if (i == null) {
                        i = used.size();
                        used.add(inlineLoop ? StandardHelpers.LOOP_INLINED : h);
                        index.put(key, i);
                    }
                    yield pack(CALL_IMM, in, i);
                }
                case PSEUDO_CALL -> pack(CALL_LOCAL, in, in.imm());
                default -> throw error(slot, in, "kfunc calls (call src=2) are not supported by this runtime");
            };
        }
        if ((opcode == (ALU64 | MOV | X) || opcode == (ALU | MOV | X)) && in.off() != 0) {
            // RFC 9669 §4.1: MOVSX; ALU64 off 1 is the kernel's addr_space_cast (BPF arena), which has no meaning here
            boolean is64 = opcode == (ALU64 | MOV | X);
            int internal = switch (in.off()) {
                case 8 -> is64 ? MOVSX64_8 : MOVSX32_8;
                case 16 -> is64 ? MOVSX64_16 : MOVSX32_16;
                case 32 -> MOVSX64_32;
                default -> throw error(slot, in, "addr_space_cast (BPF arena pointers) is not supported by this runtime");
            };
            return pack(internal, in, 0);
        }
        if (bigEndian) {
            int be = bigEndianOpcode(opcode);
            if (be != opcode) return pack(be, in, in.imm());
        }
        return pack(opcode, in, in.imm());
    }

    /**
     * The opcode a big-endian program runs {@code opcode} as: the {@code *_BE} memory accesses, and
     * the byte-swap instructions exchanged, since on a big-endian CPU {@code be16/32/64} only
     * truncates and {@code le16/32/64} swaps (RFC 9669 §4.2: they convert from the host's order).
     */
    static int bigEndianOpcode(int opcode) {
        return switch (opcode) {
            case LDX | MEM | W -> LDXW_BE;
            case LDX | MEM | H -> LDXH_BE;
            case LDX | MEM | DW -> LDXDW_BE;
            case LDX | MEMSX | W -> LDXSW_BE;
            case LDX | MEMSX | H -> LDXSH_BE;
            case STX | MEM | W -> STXW_BE;
            case STX | MEM | H -> STXH_BE;
            case STX | MEM | DW -> STXDW_BE;
            case ST | MEM | W -> STW_BE;
            case ST | MEM | H -> STH_BE;
            case ST | MEM | DW -> STDW_BE;
            case STX | ATOMIC | W -> ATOMIC_W_BE;
            case STX | ATOMIC | DW -> ATOMIC_DW_BE;
            case ALU | END | K -> ALU | END | X; // le16/32/64 (source bit 0)
            case ALU | END | X -> ALU | END | K; // be16/32/64
            default -> opcode;
        };
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
                    throw error(slot, in, "ld_imm64 src=" + in.src() + " (" + pseudoName(in.src())
                            + ") needs a loader to resolve it, and no LdImm64Resolver is configured");
                }
                yield resolver.resolve(slot, in);
            }
        };
    }

    static String pseudoName(int src) {
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

    /** The helper registered under {@code id} (for {@code callx} with a helper id), or null. */
    HelperFunction helperById(long id) {
        if (id < 0 || id > Integer.MAX_VALUE) return null;
        for (Helper h : helpers) {
            if (h.id() == id) return h.function();
        }
        Helper h = lookup.helper((int) id);
        return h == null ? null : h.function();
    }

    /** The helper at dense index {@code index}. */
    Helper helperRecord(int index) {
        return helpers[index];
    }

    /** The source instruction starting at {@code slot} (for messages). */
    Insn insnAt(int slot) {
        return program.insnAtSlot(slot);
    }
}
