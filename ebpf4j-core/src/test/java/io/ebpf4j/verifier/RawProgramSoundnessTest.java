package io.ebpf4j.verifier;

import static io.ebpf4j.isa.Opcodes.*;
import static org.junit.jupiter.api.Assertions.fail;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import io.ebpf4j.verifier.domain.Scalar;
import io.ebpf4j.vm.BpfRuntimeException;
import io.ebpf4j.vm.Vm;
import io.ebpf4j.vm.VmOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * Soundness against the interpreter: random programs over ALU, stack and buffer accesses and
 * branches (backward ones too) that the verifier accepts, run in the interpreter's checked mode
 * on random input, never fault and never exhaust the instruction budget. The entry state says
 * what the interpreter gives a raw program: r1 = a buffer of {@link #LEN} bytes, r2 = its length.
 * The verifier never crashes on any of them either (a result or a VerifierException).
 */
class RawProgramSoundnessTest {
    static final int LEN = 64;
    static final int[] ALU_OPS = {ADD, SUB, MUL, DIV, OR, AND, LSH, RSH, MOD, XOR, MOV, ARSH};
    static final int[] JMP_OPS = {JEQ, JGT, JGE, JSET, JNE, JSGT, JSGE, JLT, JLE, JSLT, JSLE};
    static final int[] SIZES = {B, H, W, DW};

    static Program randomProgram(Random rnd) {
        List<Insn> body = new ArrayList<>();
        int n = 4 + rnd.nextInt(24);
        for (int k = 0; k < n; k++) {
            int kind = rnd.nextInt(10);
            int dst = rnd.nextInt(6);
            int src = rnd.nextInt(6);
            int size = SIZES[rnd.nextInt(4)];
            switch (kind) {
                case 0, 1, 2 -> {
                    int op = ALU_OPS[rnd.nextInt(ALU_OPS.length)];
                    int cls = rnd.nextBoolean() ? ALU64 : ALU;
                    if (dst == 1 && rnd.nextInt(4) != 0) dst = 3; // keep the buffer pointer most of the time
                    if (rnd.nextBoolean()) {
                        int imm = rnd.nextInt(5) == 0 ? rnd.nextInt() : rnd.nextInt(70) - 5;
                        if ((op == LSH || op == RSH || op == ARSH)) imm = rnd.nextInt(cls == ALU64 ? 64 : 32);
                        if ((op == DIV || op == MOD) && imm == 0) imm = 3;
                        body.add(Insn.aluImm(cls, op, dst, imm));
                    } else {
                        body.add(Insn.alu(cls, op, dst, src));
                    }
                }
                case 3 -> body.add(new Insn(STX | MEM | size, 10, src, -8 * (1 + rnd.nextInt(66)) + rnd.nextInt(8), 0));
                case 4 -> body.add(new Insn(LDX | MEM | size, dst == 1 ? 4 : dst, 10, -8 * (1 + rnd.nextInt(66)) + rnd.nextInt(8), 0));
                case 5 -> body.add(new Insn(LDX | MEM | size, dst == 1 ? 4 : dst, 1, rnd.nextInt(LEN + 8) - 4, 0));
                case 6 -> body.add(new Insn(STX | MEM | size, 1, src, rnd.nextInt(LEN + 8) - 4, 0));
                case 7 -> {
                    // r5 = r1 + r3: a variable offset into the buffer
                    body.add(Insn.alu(ALU64, MOV, 5, 1));
                    body.add(Insn.alu(ALU64, ADD, 5, 3));
                    body.add(new Insn(LDX | MEM | size, 0, 5, rnd.nextInt(8), 0));
                }
                default -> body.add(null); // a branch, placed below
            }
        }
        // branches: forward mostly, sometimes backward (loops)
        int size = body.size();
        List<Insn> out = new ArrayList<>();
        out.add(Insn.aluImm(ALU64, MOV, 0, 0));
        out.add(Insn.aluImm(ALU64, MOV, 3, rnd.nextInt(16)));
        out.add(Insn.aluImm(ALU64, MOV, 4, rnd.nextInt(100) - 50));
        out.add(Insn.aluImm(ALU64, MOV, 5, 0));
        for (int k = 0; k < size; k++) {
            Insn in = body.get(k);
            if (in == null) {
                int lo = -Math.min(k, 6);
                int off = rnd.nextInt(4) == 0 ? lo + rnd.nextInt(-lo + 1) - 1 : rnd.nextInt(Math.max(1, size - k));
                int op = JMP_OPS[rnd.nextInt(JMP_OPS.length)];
                int cls = rnd.nextBoolean() ? JMP : JMP32;
                in = rnd.nextBoolean() ? new Insn(cls | op | K, rnd.nextInt(6), 0, off, rnd.nextInt(40) - 5)
                        : new Insn(cls | op | X, rnd.nextInt(6), rnd.nextInt(6), off, 0);
            }
            out.add(in);
        }
        out.add(Insn.exit());
        return new Program(out);
    }

    @Property(tries = 2000)
    void acceptedProgramsNeverFaultInCheckedMode(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int seed) {
        Random rnd = new Random(seed);
        Program p = randomProgram(rnd);
        EntryState entry = EntryState.builder().mapValue(1, -1, LEN, Scalar.constant(0)).scalar(2, Scalar.constant(LEN)).build();
        VerifierResult r;
        try {
            r = Verifier.verify(p, VerifierEnv.of(entry), VerifierOptions.defaults());
        } catch (VerifierException e) {
            return; // a clear error is fine; a crash is not
        }
        Statistics.collect(r.accepted() ? "accepted" : "rejected");
        if (!r.accepted()) return;
        byte[] input = new byte[LEN];
        rnd.nextBytes(input);
        try (Vm vm = Vm.load(p, VmOptions.defaults().withInstructionBudget(1_000_000))) {
            vm.run(input);
        } catch (BpfRuntimeException e) {
            fail("accepted by the verifier, faulted in the interpreter (seed " + seed + "): " + e.getMessage() + "\n" + p);
        } catch (Exception e) {
            fail("accepted by the verifier, failed to run (seed " + seed + "): " + e + "\n" + p);
        }
    }
}
