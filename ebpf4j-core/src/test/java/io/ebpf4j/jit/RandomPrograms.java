package io.ebpf4j.jit;

import static io.ebpf4j.isa.Opcodes.*;

import io.ebpf4j.helpers.Helper;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random valid programs for the differential test of the two engines: every ALU/ALU32 operation
 * (division and modulo by zero, shifts past the width, byte swaps, sign extension), loads, stores and
 * atomics on the input buffer and the stack (some misaligned, some through a garbage base register),
 * forward and backward jumps, bounded loops, {@code may_goto}, bpf-to-bpf calls (recursion too),
 * {@code callx}, helpers, a callback and a stopping helper.
 *
 * <p>Registers the kernel's verifier would call uninitialized are always written before they are
 * read (r0/r6-r9 at a function's entry, r1-r5 after a call): engines may differ only there.
 */
final class RandomPrograms {
    private RandomPrograms() {}

    /** Helper 1: a pure function of its arguments. */
    static final Helper MIX = Helper.of(1, "mix", (ctx, r1, r2, r3, r4, r5) -> r1 * 31 + (r2 ^ r3) - (r4 << 3) + r5);
    /** Helper 2: runs the callback in r1 with r2, r3 as its r1, r2 (as bpf_loop does). */
    static final Helper CALLBACK = Helper.of(2, "callback", (ctx, r1, r2, r3, r4, r5) -> ctx.callFunction(r1, r2, r3, 0, 0, 0) + 7);
    /** Helper 3: stops the program with r0 = r2 when r1 is odd, else returns r1 + 1. */
    static final Helper STOP = Helper.of(3, "stop", (ctx, r1, r2, r3, r4, r5) -> {
        if ((r1 & 1) != 0) ctx.stop(r2);
        return r1 + 1;
    });

    /** One instruction with symbolic control flow, resolved when the functions are laid out. */
    private static final class Item {
        Insn insn;
        int jumpTo = -1;      // index in the same function
        int callFunction = -1; // function number (call) or function-pointer target (ld_imm64 src=4)
        boolean funcPointer;
        boolean framePointer; // r1 = r10 made on purpose (framesOnly programs)

        Item(Insn insn) {
            this.insn = insn;
        }
    }

    private static final int[] ALU_OPS = {ADD, SUB, MUL, DIV, OR, AND, LSH, RSH, NEG, MOD, XOR, MOV, ARSH};
    private static final int[] JMP_OPS = {JEQ, JGT, JGE, JSET, JNE, JSGT, JSGE, JLT, JLE, JSLT, JSLE};
    private static final int[] ATOMIC_OPS = {ATOMIC_ADD, ATOMIC_OR, ATOMIC_AND, ATOMIC_XOR, ATOMIC_ADD | FETCH,
            ATOMIC_OR | FETCH, ATOMIC_AND | FETCH, ATOMIC_XOR | FETCH, XCHG, CMPXCHG};
    private static final int[] SIZES = {W, H, B, DW};

    static Program generate(long seed) {
        return generate(seed, 40);
    }

    /** A program whose main function has up to {@code mainLength} random items (subprograms half as many). */
    static Program generate(long seed, int mainLength) {
        return generate(seed, mainLength, false);
    }

    /**
     * {@link #generate(long, int)}; with {@code framesOnly}, a program that keeps the promise of
     * {@code VmOptions.verified()}: every load, store and atomic goes through r10 (mostly six slots of the frame, each
     * always accessed with one size, sometimes anywhere in it) or lies inside the input buffer, never through another
     * register, so a frame is only reached through its own r10 (as the verifier ensures).
     */
    static Program generate(long seed, int mainLength, boolean framesOnly) {
        Random rnd = new Random(seed);
        int functions = 1 + rnd.nextInt(3);
        List<List<Item>> fs = new ArrayList<>();
        for (int f = 0; f < functions; f++) fs.add(function(rnd, f, functions, f == 0 ? mainLength : Math.max(20, mainLength / 2), framesOnly));
        // lay out: function f starts at the slot after function f-1
        int[] startSlot = new int[functions];
        List<int[]> slotOf = new ArrayList<>();
        int slot = 0;
        for (int f = 0; f < functions; f++) {
            startSlot[f] = slot;
            int[] so = new int[fs.get(f).size() + 1];
            for (int i = 0; i < fs.get(f).size(); i++) {
                so[i] = slot;
                slot += fs.get(f).get(i).insn.isWide() ? 2 : 1;
            }
            so[fs.get(f).size()] = slot;
            slotOf.add(so);
        }
        List<Insn> out = new ArrayList<>();
        for (int f = 0; f < functions; f++) {
            List<Item> items = fs.get(f);
            int[] so = slotOf.get(f);
            for (int i = 0; i < items.size(); i++) {
                Item it = items.get(i);
                Insn in = it.insn;
                int here = so[i];
                if (it.jumpTo >= 0) {
                    int rel = so[it.jumpTo] - here - 1;
                    in = in.opcode() == GOTOL ? new Insn(in.opcode(), in.dst(), in.src(), 0, rel)
                            : new Insn(in.opcode(), in.dst(), in.src(), rel, in.imm());
                } else if (it.callFunction >= 0) {
                    int rel = startSlot[it.callFunction] - here - 1;
                    in = it.funcPointer ? Insn.ldImm64(in.dst(), PSEUDO_FUNC, rel & 0xffff_ffffL)
                            : new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, rel);
                }
                out.add(in);
            }
        }
        return new Program(out).validate();
    }

    private static int anyReg(Random rnd) {
        return rnd.nextInt(11);
    }

    /** Destination registers: never r9 (the buffer) or r10. */
    private static int dstReg(Random rnd) {
        return rnd.nextInt(9);
    }

    private static int imm(Random rnd) {
        return switch (rnd.nextInt(10)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> -1;
            case 3 -> rnd.nextInt(65);
            case 4 -> Integer.MIN_VALUE;
            case 5 -> Integer.MAX_VALUE;
            case 6 -> rnd.nextInt(16) - 8;
            default -> rnd.nextInt();
        };
    }

    private static long imm64(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> -1L;
            case 2 -> 0xffff_ffffL;
            case 3 -> 0x8000_0000L;
            default -> rnd.nextLong();
        };
    }

    private static List<Item> function(Random rnd, int f, int functions, int maxLength, boolean framesOnly) {
        List<Item> items = new ArrayList<>();
        // entry: the buffer in r9 (main: r1 of the run; subprograms: r1 of the call), fresh r0, r6-r8
        items.add(new Item(Insn.alu(ALU64, MOV, 9, 1)));
        for (int r : new int[] {0, 6, 7, 8}) items.add(new Item(Insn.ldImm64(r, 0, imm64(rnd))));
        if (f == 0) for (int r = 3; r <= 5; r++) items.add(new Item(Insn.aluImm(ALU64, MOV, r, imm(rnd))));
        int length = 4 + rnd.nextInt(maxLength);
        List<Integer> forward = new ArrayList<>(); // items whose jump target is set once the end is known
        for (int n = 0; n < length; n++) {
            int k = rnd.nextInt(100);
            if (k < 34) {
                items.add(new Item(alu(rnd)));
            } else if (k < 38) {
                items.add(new Item(Insn.ldImm64(dstReg(rnd), 0, imm64(rnd))));
            } else if (k < 48) {
                items.add(new Item(load(rnd, framesOnly)));
            } else if (k < 56) {
                items.add(new Item(store(rnd, framesOnly)));
            } else if (k < 61) {
                items.add(new Item(atomic(rnd)));
            } else if (k < 73) {
                Item j = new Item(jump(rnd));
                forward.add(items.size());
                items.add(j);
            } else if (k < 75) {
                // backward jump: may loop; the instruction budget ends it the same way in both engines
                Item j = new Item(rnd.nextBoolean() ? new Insn(JA_OP, 0, 0, 0, 0) : jump(rnd));
                j.jumpTo = rnd.nextInt(items.size());
                items.add(j);
            } else if (k < 79) {
                // bounded loop over r8
                items.add(new Item(Insn.aluImm(ALU64, MOV, 8, 1 + rnd.nextInt(5))));
                int head = items.size();
                for (int b = rnd.nextInt(4); b > 0; b--) {
                    Insn a = alu(rnd);
                    if (a.dst() == 8) a = new Insn(a.opcode(), 7, a.src(), a.off(), a.imm());
                    items.add(new Item(a));
                }
                items.add(new Item(Insn.aluImm(ALU64, SUB, 8, 1)));
                Item back = new Item(new Insn(JMP | JNE | K, 8, 0, 0, 0));
                back.jumpTo = head;
                items.add(back);
            } else if (k < 82) {
                // may_goto loop: falls through while the frame's counter lasts, then leaves
                int head = items.size();
                Item mg = new Item(new Insn(MAY_GOTO, 0, 0, 0, 0));
                items.add(mg);
                items.add(new Item(alu(rnd)));
                Item back = new Item(new Insn(JA_OP, 0, 0, 0, 0));
                back.jumpTo = head;
                items.add(back);
                mg.jumpTo = items.size(); // the next item (an instruction always follows: the function ends with exit)
            } else if (k < 87 && functions > 1) {
                int target = 1 + rnd.nextInt(functions - 1);
                items.add(new Item(Insn.alu(ALU64, MOV, 1, 9)));
                if (rnd.nextInt(3) == 0) {
                    // callx through a function pointer (or, rarely, a helper id / garbage)
                    int reg = 6 + rnd.nextInt(3);
                    int what = rnd.nextInt(10);
                    if (what == 0) {
                        items.add(new Item(Insn.aluImm(ALU64, MOV, reg, 1)));
                    } else if (what == 1) {
                        items.add(new Item(Insn.aluImm(ALU64, MOV, reg, imm(rnd))));
                    } else {
                        Item p = new Item(Insn.ldImm64(reg, PSEUDO_FUNC, 0));
                        p.callFunction = target;
                        p.funcPointer = true;
                        items.add(p);
                    }
                    items.add(new Item(new Insn(CALLX, reg, 0, 0, 0)));
                } else {
                    Item c = new Item(new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, 0));
                    c.callFunction = target;
                    items.add(c);
                }
                // r1-r5 are clobbered by a call: write them again
                items.add(new Item(Insn.alu(ALU64, MOV, 1, 9)));
                for (int r = 2; r <= 5; r++) items.add(new Item(Insn.aluImm(ALU64, MOV, r, imm(rnd))));
            } else if (k < 92) {
                int which = 1 + rnd.nextInt(functions > 1 ? 3 : 2);
                if (which == 2 && functions == 1) which = 3;
                if (which == 2) {
                    Item p = new Item(Insn.ldImm64(1, PSEUDO_FUNC, 0));
                    p.callFunction = 1 + rnd.nextInt(functions - 1);
                    p.funcPointer = true;
                    items.add(p);
                    items.add(new Item(Insn.alu(ALU64, MOV, 2, 9)));
                } else if (which == 3) {
                    items.add(new Item(Insn.aluImm(ALU64, MOV, 1, rnd.nextInt(8) == 0 ? 1 : 2)));
                } else if (framesOnly && rnd.nextInt(4) == 0) {
                    // a helper given a pointer into the frame (as for a map key): r1 = r10 - 8k
                    Item fp = new Item(Insn.alu(ALU64, MOV, 1, 10));
                    fp.framePointer = true;
                    items.add(fp);
                    items.add(new Item(Insn.aluImm(ALU64, ADD, 1, -8 * (1 + rnd.nextInt(SLOT_SIZES.length)))));
                }
                items.add(new Item(new Insn(CALL_IMM, 0, CALL_HELPER, 0, which)));
                // helpers clobber r1-r5 too (a callback runs in the interpreter's register file)
                items.add(new Item(Insn.alu(ALU64, MOV, 1, 9)));
                for (int r = 2; r <= 5; r++) items.add(new Item(Insn.aluImm(ALU64, MOV, r, imm(rnd))));
            } else if (k < 93) {
                items.add(new Item(Insn.exit()));
            } else {
                items.add(new Item(Insn.alu(ALU64, ADD, 0, dstReg(rnd))));
            }
        }
        if (framesOnly) {
            // r10 read as a value makes pointers into the frame, and one that may reach anywhere (stored, returned,
            // in r0 at an exit) keeps the whole frame in the arena: in long functions almost surely. Most such reads
            // become reads of r9, so most functions keep slots; the helper call above makes pointers on purpose.
            for (Item it : items) {
                Insn in = it.insn;
                int cls = in.opcode() & 7;
                boolean reg = (in.opcode() & X) != 0 && (cls == ALU || cls == ALU64) || cls == STX && (in.opcode() & 0xe0) == MEM;
                if (reg && in.src() == 10 && !it.framePointer && it.jumpTo < 0 && rnd.nextInt(64) != 0) {
                    it.insn = new Insn(in.opcode(), in.dst(), 9, in.off(), in.imm());
                }
            }
        }
        items.add(new Item(Insn.alu(ALU64, XOR, 0, 6)));
        items.add(new Item(Insn.alu(ALU64, ADD, 0, 7)));
        int exit = items.size();
        items.add(new Item(Insn.exit()));
        for (int idx : forward) items.get(idx).jumpTo = idx + 1 + rnd.nextInt(exit - idx);
        return items;
    }

    private static Insn alu(Random rnd) {
        int k = rnd.nextInt(20);
        boolean is64 = rnd.nextBoolean();
        int cls = is64 ? ALU64 : ALU;
        if (k == 0) {
            // byte swaps: le/be (ALU), bswap (ALU64)
            int width = new int[] {16, 32, 64}[rnd.nextInt(3)];
            return is64 ? new Insn(ALU64 | END | K, dstReg(rnd), 0, 0, width)
                    : new Insn(ALU | END | (rnd.nextBoolean() ? X : K), dstReg(rnd), 0, 0, width);
        }
        if (k == 1) {
            // movsx
            int off = is64 ? new int[] {8, 16, 32}[rnd.nextInt(3)] : new int[] {8, 16}[rnd.nextInt(2)];
            return new Insn(cls | MOV | X, dstReg(rnd), anyReg(rnd), off, 0);
        }
        int op = ALU_OPS[rnd.nextInt(ALU_OPS.length)];
        int off = (op == DIV || op == MOD) && rnd.nextBoolean() ? 1 : 0;
        if (op == NEG) return new Insn(cls | NEG | K, dstReg(rnd), 0, 0, 0);
        if (rnd.nextBoolean()) return new Insn(cls | op | X, dstReg(rnd), anyReg(rnd), off, 0);
        return new Insn(cls | op | K, dstReg(rnd), 0, off, imm(rnd));
    }

    /** Base register and offset: mostly the buffer (sometimes past it) or the stack, rarely a garbage register. */
    private static int[] where(Random rnd, int size, boolean framesOnly) {
        int k = rnd.nextInt(20);
        if (framesOnly) {
            if (k < 8) return new int[] {9, rnd.nextInt(64 - size + 1)};
            if (k < 18) return null; // one of the frame's six slots: the caller picks it with its size
            return new int[] {10, -size - rnd.nextInt(512 - size + 1)};
        }
        if (k < 11) return new int[] {9, rnd.nextInt(80) - 8};
        if (k < 19) return new int[] {10, -size - rnd.nextInt(512 - size + 1)};
        return new int[] {dstReg(rnd), rnd.nextInt(64)};
    }

    private static int bytes(int size) {
        return switch (size) {
            case W -> 4;
            case H -> 2;
            case B -> 1;
            default -> 8;
        };
    }

    /** The six slots of the frame in {@code framesOnly} programs: offset and the one size each is accessed with. */
    private static final int[] SLOT_SIZES = {DW, W, H, B, DW, W};

    /** A frame slot of {@code framesOnly} programs: {base, off, size}. */
    private static int[] slot(Random rnd) {
        int j = rnd.nextInt(SLOT_SIZES.length);
        return new int[] {10, -8 * (j + 1), SLOT_SIZES[j]};
    }

    private static Insn load(Random rnd, boolean framesOnly) {
        int size = SIZES[rnd.nextInt(4)];
        int[] w = where(rnd, bytes(size), framesOnly);
        if (w == null) {
            w = slot(rnd);
            size = w[2];
        }
        boolean sx = size != DW && rnd.nextInt(3) == 0;
        return new Insn(LDX | (sx ? MEMSX : MEM) | size, dstReg(rnd), w[0], w[1], 0);
    }

    private static Insn store(Random rnd, boolean framesOnly) {
        int size = SIZES[rnd.nextInt(4)];
        int[] w = where(rnd, bytes(size), framesOnly);
        if (w == null) {
            w = slot(rnd);
            size = w[2];
        }
        if (rnd.nextBoolean()) return new Insn(ST | MEM | size, w[0], 0, w[1], imm(rnd));
        return new Insn(STX | MEM | size, w[0], anyReg(rnd), w[1], 0);
    }

    private static Insn atomic(Random rnd) {
        boolean dw = rnd.nextBoolean();
        int n = dw ? 8 : 4;
        int base, off;
        int k = rnd.nextInt(10);
        if (k < 5) {
            base = 9;
            off = n * rnd.nextInt(64 / n);
        } else if (k < 9) {
            base = 10;
            off = -n * (1 + rnd.nextInt(512 / n));
        } else {
            base = 9;
            off = 1 + rnd.nextInt(7); // misaligned
        }
        int op = ATOMIC_OPS[rnd.nextInt(ATOMIC_OPS.length)];
        return new Insn(STX | ATOMIC | (dw ? DW : W), base, 1 + rnd.nextInt(8), off, op);
    }

    private static Insn jump(Random rnd) {
        int cls = rnd.nextBoolean() ? JMP : JMP32;
        int op = JMP_OPS[rnd.nextInt(JMP_OPS.length)];
        if (rnd.nextBoolean()) return new Insn(cls | op | X, anyReg(rnd), anyReg(rnd), 0, 0);
        return new Insn(cls | op | K, anyReg(rnd), 0, 0, imm(rnd));
    }
}
