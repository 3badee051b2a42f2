package io.ebpf4j.verifier;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.isa.Program;
import io.ebpf4j.link.LinkedProgram;
import java.util.Arrays;
import java.util.Random;

/**
 * The soundness oracle: a small reference interpreter of XDP programs written from RFC 9669 alone,
 * that checks EVERY memory access against the region the program may touch with it, which the
 * runtime's interpreter does not do (it checks accesses against its whole arena only, so a read a
 * few bytes past {@code data_end} lands in the packet buffer and goes unnoticed). What it holds a
 * verified program to is what the verifier promises (issue #5, kernel Documentation/bpf/verifier.rst):
 * <ul>
 *   <li>registers are read only after they are written (r1-r5 are unreadable after a helper call);</li>
 *   <li>stack: {@code [fp-512, fp)}; only bytes written in this run are read;</li>
 *   <li>context ({@code struct xdp_md}, 24 bytes): read only, 4-byte reads of whole fields
 *       (kernel net/core/filter.c xdp_is_valid_access);</li>
 *   <li>packet: {@code [data_meta, data_end)} as they are NOW (after {@code bpf_xdp_adjust_head/tail});</li>
 *   <li>map values: inside one element of the array map (a lookup of the hash map, never filled,
 *       returns NULL, so its values are nowhere);</li>
 *   <li>helper arguments: the ctx pointer where the prototype wants ctx, a map pointer and
 *       {@code key_size} readable initialised bytes for a lookup;</li>
 *   <li>no more than {@code budget} instructions per run.</li>
 * </ul>
 * Helper semantics follow the kernel (net/core/filter.c bpf_xdp_adjust_head/tail, XDP test-run
 * frame of net/bpf/test_run.c: 4096-byte frame, 256 bytes of headroom, 320 of tailroom for
 * skb_shared_info, 40 for struct xdp_frame), so the packet it leaves can be compared with the runtime's.
 */
final class CheckedXdpMachine {
    /**
     * Addresses of the regions: arbitrary, below 4 GiB as the u32 fields of xdp_md require, and moved
     * by the constructor's {@code shift}, so that a run made at two shifts tells whether its result
     * depends on addresses (a pointer leaked into a number, which a privileged program may do).
     */
    private final long stackBase, fp, ctxBase, frameBase, mapPtr, arrayValuesBase;
    static final int FRAME_SIZE = 4096, HEADROOM = 256, SHARED_INFO = 320, XDP_FRAME = 40, ETH_HLEN = 14, CTX_SIZE = 24;
    static final long EINVAL = -22;

    /** A run that broke a rule the verifier promised. */
    static final class Fault extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int index;

        Fault(int index, Insn insn, String why) {
            super("insn " + index + " (" + insn + "): " + why, null, false, false);
            this.index = index;
        }
    }

    /** A run that finished: r0, the packet from data_meta to data_end, instructions executed. */
    record Outcome(long r0, byte[] packet, long instructions) {}

    private final LinkedProgram linked;
    private final Program code;
    private final long budget;
    private final long mayGotoLimit;
    private final Random random;
    private final byte[] stack = new byte[512];
    private final boolean[] stackInit = new boolean[512];
    private final byte[] frame = new byte[FRAME_SIZE];
    private final byte[] arrayValues = new byte[RandomXdpPrograms.ARRAY_ENTRIES * RandomXdpPrograms.ARRAY_VALUE];
    private final long[] regs = new long[11];
    private final boolean[] init = new boolean[11];
    private long data, dataEnd, dataMeta;

    CheckedXdpMachine(LinkedProgram linked, long budget, long mayGotoLimit, long seed, long shift) {
        stackBase = 0x0100_0000L + shift;
        fp = stackBase + 512;
        ctxBase = 0x0200_0000L + shift;
        frameBase = 0x0300_0000L + shift;
        mapPtr = 0x0400_0000L + shift;
        arrayValuesBase = 0x0500_0000L + shift;
        this.linked = linked;
        this.code = linked.program();
        this.budget = budget;
        this.mayGotoLimit = mayGotoLimit;
        this.random = new Random(seed);
    }

    /** Runs on {@code packet} (at least ETH_HLEN bytes); map values persist between runs as in a runtime. */
    Outcome run(byte[] packet, long ktimeNs) {
        Arrays.fill(stackInit, false);
        Arrays.fill(init, false);
        Arrays.fill(frame, (byte) 0);
        dataMeta = frameBase + HEADROOM;
        data = dataMeta;
        dataEnd = data + packet.length;
        System.arraycopy(packet, 0, frame, HEADROOM, packet.length);
        regs[1] = ctxBase;
        init[1] = true;
        regs[10] = fp;
        init[10] = true;
        long count = 0;
        long loops = mayGotoLimit;
        int pc = 0;
        while (true) {
            if (pc < 0 || pc >= code.size()) throw new Fault(pc, code.insn(code.size() - 1), "execution left the program");
            Insn in = code.insn(pc);
            if (++count > budget) throw new Fault(pc, in, "instruction budget of " + budget + " exhausted");
            int cls = in.cls();
            int dst = in.dst(), src = in.src();
            switch (cls) {
                case Opcodes.ALU, Opcodes.ALU64 -> {
                    alu(pc, in);
                    pc++;
                }
                case Opcodes.JMP, Opcodes.JMP32 -> {
                    int op = in.op();
                    if (in.opcode() == Opcodes.EXIT_OP) {
                        long r0 = read(pc, in, 0);
                        byte[] out = Arrays.copyOfRange(frame, (int) (dataMeta - frameBase), (int) (dataEnd - frameBase));
                        return new Outcome(r0, out, count);
                    }
                    if (op == Opcodes.CALL) {
                        call(pc, in, ktimeNs);
                        pc++;
                        continue;
                    }
                    if (in.opcode() == Opcodes.GOTOL) {
                        pc = target(pc, in.imm());
                        continue;
                    }
                    if (op == Opcodes.JA) {
                        pc = target(pc, in.off());
                        continue;
                    }
                    if (op == Opcodes.JCOND) {
                        // may_goto (kernel do_misc_fixups): fall through while the counter lasts
                        if (loops != 0) {
                            loops--;
                            pc++;
                        } else {
                            pc = target(pc, in.off());
                        }
                        continue;
                    }
                    long a = read(pc, in, dst);
                    long b = in.isRegSource() ? read(pc, in, src) : (long) in.imm();
                    if (cls == Opcodes.JMP32) {
                        a = (int) a;
                        b = (int) b;
                    }
                    boolean taken = cls == Opcodes.JMP32 ? compare32(op, (int) a, (int) b) : compare64(op, a, b);
                    pc = taken ? target(pc, in.off()) : pc + 1;
                }
                case Opcodes.LD -> {
                    if (!in.isWide()) throw new Fault(pc, in, "legacy packet loads are not generated");
                    long value = in.imm64();
                    if (in.src() != 0) {
                        int slot = code.slotOf(pc);
                        LinkedProgram.Reference ref = linked.referenceAtSlot(slot)
                                .orElseThrow(() -> new IllegalStateException("ld_imm64 without a reference at " + slot));
                        if (ref.kind() != LinkedProgram.Kind.MAP) throw new IllegalStateException("unexpected reference " + ref);
                        value = mapPtr + 0x1000L * ref.index();
                    }
                    write(dst, value);
                    pc++;
                }
                case Opcodes.LDX -> {
                    long addr = read(pc, in, src) + in.off();
                    int size = in.sizeBytes();
                    long v = load(pc, in, addr, size);
                    if (in.mode() == Opcodes.MEMSX) v = signExtend(v, size * 8);
                    else if (in.mode() != Opcodes.MEM) throw new Fault(pc, in, "unexpected load mode");
                    write(dst, v);
                    pc++;
                }
                case Opcodes.ST, Opcodes.STX -> {
                    if (in.mode() != Opcodes.MEM) throw new Fault(pc, in, "atomics are not generated");
                    long addr = read(pc, in, dst) + in.off();
                    long v = cls == Opcodes.STX ? read(pc, in, src) : (long) in.imm();
                    store(pc, in, addr, in.sizeBytes(), v);
                    pc++;
                }
                default -> throw new Fault(pc, in, "unknown instruction class");
            }
        }
    }

    private int target(int pc, int offset) {
        // offsets count slots from the next slot (RFC 9669 §4.3)
        int slot = code.slotOf(pc) + 1 + offset;
        if (slot < 0 || slot >= code.slotCount()) return -1;
        return code.indexAtSlot(slot);
    }

    private long read(int pc, Insn in, int reg) {
        if (reg > 10) throw new Fault(pc, in, "r" + reg + " does not exist");
        if (!init[reg]) throw new Fault(pc, in, "r" + reg + " is read before it is written");
        return regs[reg];
    }

    private void write(int reg, long value) {
        regs[reg] = value;
        init[reg] = true;
    }

    // ------------------------------------------------------------------ ALU (RFC 9669 §4.1, §4.2)

    private void alu(int pc, Insn in) {
        boolean is64 = in.cls() == Opcodes.ALU64;
        int op = in.op();
        int dst = in.dst();
        if (dst == 10) throw new Fault(pc, in, "r10 is written");
        if (op == Opcodes.END) {
            long d = read(pc, in, dst);
            int w = in.imm();
            long r;
            boolean swap = is64 || in.isRegSource(); // bswap (ALU64) or to_be (BPF_X = TO_BE) on a little-endian machine
            if (swap) {
                r = switch (w) {
                    case 16 -> Short.reverseBytes((short) d) & 0xffffL;
                    case 32 -> Integer.reverseBytes((int) d) & 0xffff_ffffL;
                    default -> Long.reverseBytes(d);
                };
            } else {
                r = switch (w) {
                    case 16 -> d & 0xffffL;
                    case 32 -> d & 0xffff_ffffL;
                    default -> d;
                };
            }
            write(dst, r);
            return;
        }
        // the immediate is sign-extended (RFC 9669 §4.1); neg has no source operand
        long s = op == Opcodes.NEG ? 0 : in.isRegSource() ? read(pc, in, in.src()) : (long) in.imm();
        long d = op == Opcodes.MOV ? 0 : read(pc, in, dst);
        short off = in.off();
        long r;
        if (is64) {
            r = switch (op) {
                case Opcodes.ADD -> d + s;
                case Opcodes.SUB -> d - s;
                case Opcodes.MUL -> d * s;
                case Opcodes.DIV -> s == 0 ? 0 : off == 1 ? d / s : Long.divideUnsigned(d, s);
                case Opcodes.MOD -> s == 0 ? d : off == 1 ? d % s : Long.remainderUnsigned(d, s);
                case Opcodes.OR -> d | s;
                case Opcodes.AND -> d & s;
                case Opcodes.XOR -> d ^ s;
                case Opcodes.LSH -> d << (s & 63);
                case Opcodes.RSH -> d >>> (s & 63);
                case Opcodes.ARSH -> d >> (s & 63);
                case Opcodes.NEG -> -d;
                case Opcodes.MOV -> off == 0 ? s : signExtend(s, off);
                default -> throw new Fault(pc, in, "unknown ALU64 op");
            };
        } else {
            int a = (int) d, b = (int) s;
            int x = switch (op) {
                case Opcodes.ADD -> a + b;
                case Opcodes.SUB -> a - b;
                case Opcodes.MUL -> a * b;
                case Opcodes.DIV -> b == 0 ? 0 : off == 1 ? a / b : Integer.divideUnsigned(a, b);
                case Opcodes.MOD -> b == 0 ? a : off == 1 ? a % b : Integer.remainderUnsigned(a, b);
                case Opcodes.OR -> a | b;
                case Opcodes.AND -> a & b;
                case Opcodes.XOR -> a ^ b;
                case Opcodes.LSH -> a << (b & 31);
                case Opcodes.RSH -> a >>> (b & 31);
                case Opcodes.ARSH -> a >> (b & 31);
                case Opcodes.NEG -> -a;
                case Opcodes.MOV -> off == 0 ? b : (int) signExtend(b, off);
                default -> throw new Fault(pc, in, "unknown ALU op");
            };
            r = x & 0xffff_ffffL; // RFC 9669 §4.1: 32-bit results are zero-extended
        }
        write(dst, r);
    }

    private static long signExtend(long v, int bits) {
        return (v << (64 - bits)) >> (64 - bits);
    }

    private static boolean compare64(int op, long a, long b) {
        return switch (op) {
            case Opcodes.JEQ -> a == b;
            case Opcodes.JNE -> a != b;
            case Opcodes.JGT -> Long.compareUnsigned(a, b) > 0;
            case Opcodes.JGE -> Long.compareUnsigned(a, b) >= 0;
            case Opcodes.JLT -> Long.compareUnsigned(a, b) < 0;
            case Opcodes.JLE -> Long.compareUnsigned(a, b) <= 0;
            case Opcodes.JSGT -> a > b;
            case Opcodes.JSGE -> a >= b;
            case Opcodes.JSLT -> a < b;
            case Opcodes.JSLE -> a <= b;
            case Opcodes.JSET -> (a & b) != 0;
            default -> throw new IllegalStateException("jump op " + op);
        };
    }

    private static boolean compare32(int op, int a, int b) {
        return switch (op) {
            case Opcodes.JEQ -> a == b;
            case Opcodes.JNE -> a != b;
            case Opcodes.JGT -> Integer.compareUnsigned(a, b) > 0;
            case Opcodes.JGE -> Integer.compareUnsigned(a, b) >= 0;
            case Opcodes.JLT -> Integer.compareUnsigned(a, b) < 0;
            case Opcodes.JLE -> Integer.compareUnsigned(a, b) <= 0;
            case Opcodes.JSGT -> a > b;
            case Opcodes.JSGE -> a >= b;
            case Opcodes.JSLT -> a < b;
            case Opcodes.JSLE -> a <= b;
            case Opcodes.JSET -> (a & b) != 0;
            default -> throw new IllegalStateException("jump op " + op);
        };
    }

    // ------------------------------------------------------------------ memory, checked per region

    private static boolean inside(long addr, int size, long start, long end) {
        // unsigned arithmetic: addr may be any 64-bit value
        return Long.compareUnsigned(addr - start, end - start) < 0 && Long.compareUnsigned(addr - start + size, end - start) <= 0
                && Long.compareUnsigned(addr - start, addr - start + size) < 0;
    }

    private long load(int pc, Insn in, long addr, int size) {
        if (inside(addr, size, stackBase, fp)) {
            int o = (int) (addr - stackBase);
            for (int i = 0; i < size; i++) {
                if (!stackInit[o + i]) {
                    throw new Fault(pc, in, String.format("read of %d bytes at fp%d: byte fp%d was not written in this run",
                            size, addr - fp, addr - fp + i));
                }
            }
            return get(stack, o, size);
        }
        if (inside(addr, size, ctxBase, ctxBase + CTX_SIZE)) {
            long o = addr - ctxBase;
            // xdp_is_valid_access: whole u32 fields only
            if (size != 4 || o % 4 != 0) throw new Fault(pc, in, "ctx read of " + size + " bytes at offset " + o);
            return switch ((int) o) {
                case 0 -> data;
                case 4 -> dataEnd;
                case 8 -> dataMeta;
                case 12 -> 1; // ingress_ifindex: the test run's loopback device
                default -> 0; // rx_queue_index, egress_ifindex
            };
        }
        if (inside(addr, size, dataMeta, dataEnd)) return get(frame, (int) (addr - frameBase), size);
        int e = arrayElement(addr, size);
        if (e >= 0) return get(arrayValues, (int) (addr - arrayValuesBase), size);
        throw new Fault(pc, in, outside("read", addr, size));
    }

    private void store(int pc, Insn in, long addr, int size, long v) {
        if (inside(addr, size, stackBase, fp)) {
            int o = (int) (addr - stackBase);
            put(stack, o, size, v);
            Arrays.fill(stackInit, o, o + size, true);
            return;
        }
        if (inside(addr, size, dataMeta, dataEnd)) {
            put(frame, (int) (addr - frameBase), size, v);
            return;
        }
        if (arrayElement(addr, size) >= 0) {
            put(arrayValues, (int) (addr - arrayValuesBase), size, v);
            return;
        }
        throw new Fault(pc, in, outside("write", addr, size));
    }

    /** The array map element that holds all of {@code [addr, addr + size)}, or -1. */
    private int arrayElement(long addr, int size) {
        long total = (long) RandomXdpPrograms.ARRAY_ENTRIES * RandomXdpPrograms.ARRAY_VALUE;
        if (!inside(addr, size, arrayValuesBase, arrayValuesBase + total)) return -1;
        long o = addr - arrayValuesBase;
        int e = (int) (o / RandomXdpPrograms.ARRAY_VALUE);
        return o + size <= (long) (e + 1) * RandomXdpPrograms.ARRAY_VALUE ? e : -1;
    }

    private String outside(String what, long addr, int size) {
        String where;
        if (addr == 0) where = "NULL";
        else if (Long.compareUnsigned(addr - stackBase, 0x1000) < 0 || Long.compareUnsigned(stackBase - addr, 0x1000) < 0) where = "fp" + (addr - fp);
        else if (Long.compareUnsigned(addr - frameBase, FRAME_SIZE * 2L) < 0) {
            where = "packet frame +" + (addr - frameBase) + " (data=+" + (data - frameBase) + ", data_end=+" + (dataEnd - frameBase) + ")";
        } else if (Long.compareUnsigned(addr - ctxBase, 0x1000) < 0) where = "ctx+" + (addr - ctxBase);
        else if (Long.compareUnsigned(addr - arrayValuesBase, 0x1000) < 0) where = "array map values+" + (addr - arrayValuesBase);
        else if (Long.compareUnsigned(addr - mapPtr, 0x10000) < 0) where = "a map pointer+" + (addr - mapPtr);
        else where = String.format("0x%x", addr);
        return what + " of " + size + " bytes at " + where + " is outside every region the program may touch";
    }

    private static long get(byte[] b, int o, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) v = (v << 8) | (b[o + i] & 0xffL);
        return v;
    }

    private static void put(byte[] b, int o, int size, long v) {
        for (int i = 0; i < size; i++) b[o + i] = (byte) (v >>> (8 * i));
    }

    // ------------------------------------------------------------------ helpers

    private void call(int pc, Insn in, long ktimeNs) {
        if (in.src() != 0) throw new Fault(pc, in, "only helper calls are generated");
        long r0;
        switch (in.imm()) {
            case 1 -> { // bpf_map_lookup_elem(map, key)
                long map = read(pc, in, 1);
                long keyAddr = read(pc, in, 2);
                if (map != mapPtr && map != mapPtr + 0x1000) throw new Fault(pc, in, String.format("r1 = 0x%x is not a map", map));
                long key = load(pc, in, keyAddr, 4) & 0xffff_ffffL;
                if (map == mapPtr) {
                    r0 = key < RandomXdpPrograms.ARRAY_ENTRIES ? arrayValuesBase + key * RandomXdpPrograms.ARRAY_VALUE : 0;
                } else {
                    r0 = 0; // the hash map is empty
                }
            }
            case 5 -> r0 = ktimeNs; // bpf_ktime_get_ns
            case 7 -> r0 = random.nextInt() & 0xffff_ffffL; // bpf_get_prandom_u32
            case 44 -> { // bpf_xdp_adjust_head(ctx, offset)
                ctxArgument(pc, in);
                int offset = (int) read(pc, in, 2);
                long metalen = data - dataMeta;
                long start = frameBase + XDP_FRAME + metalen;
                long d = data + offset;
                if (d < start || d > dataEnd - ETH_HLEN) {
                    r0 = EINVAL;
                } else {
                    if (metalen != 0) System.arraycopy(frame, (int) (dataMeta - frameBase), frame, (int) (dataMeta + offset - frameBase), (int) metalen);
                    dataMeta += offset;
                    data = d;
                    r0 = 0;
                }
            }
            case 65 -> { // bpf_xdp_adjust_tail(ctx, offset)
                ctxArgument(pc, in);
                int offset = (int) read(pc, in, 2);
                long end = dataEnd + offset;
                if (end > frameBase + FRAME_SIZE - SHARED_INFO || end < data + ETH_HLEN) {
                    r0 = EINVAL;
                } else {
                    if (offset > 0) Arrays.fill(frame, (int) (dataEnd - frameBase), (int) (end - frameBase), (byte) 0);
                    dataEnd = end;
                    r0 = 0;
                }
            }
            default -> throw new Fault(pc, in, "helper " + in.imm() + " is not generated");
        }
        for (int r = 1; r <= 5; r++) init[r] = false; // caller-saved: unreadable after the call
        write(0, r0);
    }

    private void ctxArgument(int pc, Insn in) {
        long r1 = read(pc, in, 1);
        if (r1 != ctxBase) throw new Fault(pc, in, String.format("r1 = 0x%x is not the ctx pointer", r1));
    }
}
