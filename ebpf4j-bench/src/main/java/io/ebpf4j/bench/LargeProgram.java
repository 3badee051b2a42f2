package io.ebpf4j.bench;

import static io.ebpf4j.isa.Opcodes.*;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated program of any size (issue #7 asks for compile and run figures of a 1,000,000-instruction program):
 * a main function that calls {@code size / 20,000} large functions one after the other, each of them straight-line
 * ALU and ALU32 operations over r0 and r6-r9 (division and modulo too), 8-byte stores and loads in its own stack
 * frame (all {@link #SLOTS} slots written at entry, so runs repeat exactly), short forward conditional jumps (1 to 30 instructions) and calls of a small leaf function. Every jump goes
 * forward, so each run executes most of the program once: the executed count per run is close to its size, which
 * makes ns per executed instruction a fair measure of each engine on code that runs once per run. All accesses stay
 * inside the running function's frame, so the program runs in checked mode without a fault, and it passes the
 * verifier (every register is written before it is read on every path), so it may run with {@code VmOptions.verified()}.
 */
public final class LargeProgram {
    private LargeProgram() {}

    /**
     * 8-byte slots of each large function's frame: 448 bytes, so the deepest call chain (main, a large function, the
     * leaf) needs 32 + 448 + 32 = 512 bytes as the kernel's verifier counts it (each frame rounded up to 32 bytes),
     * its limit (MAX_BPF_STACK).
     */
    static final int SLOTS = 56;

    private static final int[] ALU_OPS = {ADD, SUB, MUL, OR, AND, XOR, LSH, RSH, ARSH, DIV, MOD};
    private static final int[] JMP_OPS = {JEQ, JNE, JGT, JGE, JSGT, JSLT, JSET};

    private static int reg(Random rnd) {
        int k = rnd.nextInt(5);
        return k == 0 ? 0 : 5 + k; // r0, r6-r9
    }

    public static Program generate(long seed, int size) {
        return generate(seed, size, true);
    }

    /**
     * As {@link #generate(long, int)}; without {@code branches} the functions have no conditional jumps (ALU
     * instructions take their share), so every instruction runs and the kernel's verifier walks each once: the form
     * the kernel can load ({@link LargeProgramObject}). With forward jumps its path-sensitive walk passes its limit of
     * 1,000,000 processed instructions even at 2,000 instructions.
     */
    public static Program generate(long seed, int size, boolean branches) {
        Random rnd = new Random(seed);
        int functions = Math.max(1, size / 20_000);
        int mainLength = 2 + 3 * functions + 2;
        int leafLength = 4;
        int bodyTotal = size - mainLength - leafLength;
        if (bodyTotal < functions * 80) throw new IllegalArgumentException("size too small: " + size);
        List<Insn> out = new ArrayList<>(size);
        // main: r6 = constant; per function: r1 = r6, call f, r6 += r0; r0 = r6, exit
        int[] callAt = new int[functions];
        out.add(Insn.aluImm(ALU64, MOV, 6, 0x1234567));
        out.add(Insn.aluImm(ALU64, MOV, 0, 0));
        for (int f = 0; f < functions; f++) {
            out.add(Insn.alu(ALU64, MOV, 1, 6));
            callAt[f] = out.size();
            out.add(new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, 0)); // target fixed below
            out.add(Insn.alu(ALU64, ADD, 6, 0));
        }
        out.add(Insn.alu(ALU64, MOV, 0, 6));
        out.add(Insn.exit());
        int leaf = size - leafLength;
        List<int[]> leafCalls = new ArrayList<>();
        for (int f = 0; f < functions; f++) {
            int length = f < functions - 1 ? bodyTotal / functions : bodyTotal - (functions - 1) * (bodyTotal / functions);
            int start = out.size();
            out.set(callAt[f], new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, start - callAt[f] - 1));
            int end = start + length - 2; // the epilogue: r0 += r6, exit
            out.add(Insn.alu(ALU64, MOV, 6, 1));
            for (int r = 7; r <= 9; r++) out.add(Insn.aluImm(ALU64, MOV, r, rnd.nextInt()));
            out.add(Insn.aluImm(ALU64, MOV, 0, rnd.nextInt()));
            // the frame's slots written first, so every load reads a value of this run (runs are repeatable)
            for (int k = 1; k <= SLOTS; k++) out.add(new Insn(STX | MEM | DW, 10, 7, -8 * k, 0));
            while (out.size() < end) {
                int i = out.size();
                int k = rnd.nextInt(100);
                if (!branches && k >= 24 && k < 32) k = 99; // an ALU instruction instead of the jump
                if (k < 12) {
                    out.add(new Insn(STX | MEM | DW, 10, reg(rnd), -8 * (1 + rnd.nextInt(SLOTS)), 0));
                } else if (k < 24) {
                    out.add(new Insn(LDX | MEM | DW, reg(rnd), 10, -8 * (1 + rnd.nextInt(SLOTS)), 0));
                } else if (k < 32 && end - i > 2) {
                    int skip = Math.min(end - i - 1, 1 + rnd.nextInt(30));
                    int op = JMP_OPS[rnd.nextInt(JMP_OPS.length)];
                    out.add(rnd.nextBoolean() ? new Insn(JMP | op | K, reg(rnd), 0, skip, rnd.nextInt(1000))
                            : new Insn(JMP32 | op | X, reg(rnd), reg(rnd), skip, 0));
                } else if (k < 34 && end - i > 4) {
                    out.add(Insn.alu(ALU64, MOV, 1, 7));
                    leafCalls.add(new int[] {out.size()});
                    out.add(new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, 0));
                    // a call clobbers r1, and a jump may land on the next call itself: r1 is set again at once, so
                    // the leaf never reads an unwritten r1 and the program passes the verifier
                    out.add(Insn.alu(ALU64, MOV, 1, 7));
                    out.add(Insn.alu(ALU64, XOR, 8, 0));
                } else {
                    int op = ALU_OPS[rnd.nextInt(ALU_OPS.length)];
                    int cls = rnd.nextInt(4) == 0 ? ALU : ALU64;
                    int dst = reg(rnd);
                    if (rnd.nextBoolean()) {
                        int imm = op == LSH || op == RSH || op == ARSH ? rnd.nextInt(cls == ALU ? 32 : 64) : rnd.nextInt();
                        out.add(Insn.aluImm(cls, op, dst, imm));
                    } else {
                        out.add(Insn.alu(cls, op, dst, reg(rnd)));
                    }
                }
            }
            out.add(Insn.alu(ALU64, ADD, 0, 6));
            out.add(Insn.exit());
        }
        // leaf(r1) = (r1 * 0x9e3779b1) >> 7
        out.add(Insn.alu(ALU64, MOV, 0, 1));
        out.add(Insn.aluImm(ALU64, MUL, 0, 0x9e3779b1));
        out.add(Insn.aluImm(ALU64, RSH, 0, 7));
        out.add(Insn.exit());
        for (int[] c : leafCalls) out.set(c[0], new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, leaf - c[0] - 1));
        if (out.size() != size) throw new IllegalStateException("generated " + out.size() + " instructions, not " + size);
        return new Program(out).validate();
    }
}
