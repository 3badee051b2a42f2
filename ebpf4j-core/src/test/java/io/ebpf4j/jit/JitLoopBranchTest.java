package io.ebpf4j.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.asm.LlvmAssembler;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.Vm;
import io.ebpf4j.vm.VmOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every conditional jump as a loop's back edge, in a program run without an instruction budget
 * (the JIT then compiles a backward unsigned or {@code jset} jump as the inverse jump over a
 * {@code goto}, the others as a backward conditional jump, see {@code Unit.jump}), in both engines. The loop adds a step to r1 until the condition fails; the
 * expected trip count comes from RFC 9669 §4.3's definition of each condition (64-bit compares
 * for JMP, the low 32 bits for JMP32, unsigned or signed as the operator says, JSET = dst & src
 * != 0; an immediate is sign-extended to 64 bits), with values around 0, 2^31, 2^32 and 2^63 so
 * signed and unsigned orders differ.
 */
class JitLoopBranchTest {
    /** An operator of the assembler and what it means (RFC 9669 §4.3) on 64-bit and on 32-bit operands. */
    record Cond(String op, BiPredicate<Long, Long> jmp, BiPredicate<Integer, Integer> jmp32) {}

    static final List<Cond> CONDS = List.of(
            new Cond("==", (a, b) -> a.longValue() == b, (a, b) -> a.intValue() == b),
            new Cond("!=", (a, b) -> a.longValue() != b, (a, b) -> a.intValue() != b),
            new Cond(">", (a, b) -> Long.compareUnsigned(a, b) > 0, (a, b) -> Integer.compareUnsigned(a, b) > 0),
            new Cond(">=", (a, b) -> Long.compareUnsigned(a, b) >= 0, (a, b) -> Integer.compareUnsigned(a, b) >= 0),
            new Cond("<", (a, b) -> Long.compareUnsigned(a, b) < 0, (a, b) -> Integer.compareUnsigned(a, b) < 0),
            new Cond("<=", (a, b) -> Long.compareUnsigned(a, b) <= 0, (a, b) -> Integer.compareUnsigned(a, b) <= 0),
            new Cond("s>", (a, b) -> a > b, (a, b) -> a > b),
            new Cond("s>=", (a, b) -> a >= b, (a, b) -> a >= b),
            new Cond("s<", (a, b) -> a < b, (a, b) -> a < b),
            new Cond("s<=", (a, b) -> a <= b, (a, b) -> a <= b),
            new Cond("&", (a, b) -> (a & b) != 0, (a, b) -> (a & b) != 0));

    /** Start values, steps and limits; every combination whose loop ends within CAP trips is a case. */
    static final long[] STARTS = {0, -5, 5, 0x7fff_fffdL, 0xffff_fffdL, 0x7fff_ffff_ffff_fffdL, 0x8000_0000_0000_0002L,
        0x1_0000_0000L, 0xffff_ffff_ffff_fff0L, 0x8000_0000L};
    static final long[] STEPS = {1, -1, 3, 0x1_0000_0000L};
    static final long[] LIMITS = {0, 1, -1, 7, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, 0x1_0000_0002L,
        0x8000_0000_0000_0000L, -0x8000_0000L, 0x10};
    static final int CAP = 64;

    /** Trips of "do { r0++; r1 += step } while (r1 op limit)" by the RFC's rule, or -1 past CAP. */
    static int trips(Cond c, boolean wide, long start, long step, long limit) {
        long r1 = start;
        for (int n = 1; n <= CAP; n++) {
            r1 += step;
            boolean again = wide ? c.jmp().test(r1, limit) : c.jmp32().test((int) r1, (int) limit);
            if (!again) return n;
        }
        return -1;
    }

    static String program(Cond c, boolean wide, boolean imm, long start, long step, long limit) {
        String reg = wide ? "r" : "w";
        String rhs = imm ? Long.toString(limit) : reg + "2";
        return "r0 = 0\n"
                + "r1 = " + start + " ll\n"
                + "r2 = " + limit + " ll\n"
                + "r3 = " + step + " ll\n"
                + "r0 += 1\n"
                + "r1 += r3\n"
                + "if " + reg + "1 " + c.op() + " " + rhs + " goto -3\n"
                + "exit\n";
    }

    @TestFactory
    Stream<DynamicTest> everyConditionAsALoopBackEdge() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Cond c : CONDS) {
            for (boolean wide : new boolean[] {true, false}) {
                for (boolean imm : new boolean[] {false, true}) {
                    int loops = 0;
                    List<long[]> chosen = new ArrayList<>();
                    for (long start : STARTS) {
                        for (long step : STEPS) {
                            for (long limit : LIMITS) {
                                // an immediate is 32 bits, sign-extended to 64 (RFC 9669 §4.1)
                                if (imm && limit != (int) limit) continue;
                                int n = trips(c, wide, start, step, limit);
                                // every case that loops, and a few that leave at once; at most 30
                                if (n < 0 || chosen.size() >= 30 || n == 1 && chosen.size() - loops >= 6) continue;
                                chosen.add(new long[] {start, step, limit, n});
                                if (n > 1) loops++;
                            }
                        }
                    }
                    String name = (wide ? "jmp " : "jmp32 ") + c.op() + (imm ? " imm" : " reg");
                    final int looping = loops;
                    // a wrong jump loops for ever (no budget): fail after a time instead of hanging the build
                    tests.add(DynamicTest.dynamicTest(name, () -> assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                        assertTrue(looping > 0, name + ": no case loops more than once");
                        for (long[] k : chosen) {
                            String asm = program(c, wide, imm, k[0], k[1], k[2]);
                            for (Engine engine : Engine.values()) {
                                try (Vm vm = Vm.load(LlvmAssembler.assemble(asm), VmOptions.defaults(), engine)) {
                                    assertEquals(k[3], vm.run(new byte[8]), engine + ", trips of\n" + asm);
                                    // r0 = 0, three ld_imm64 (one instruction each), 3 per trip, exit
                                    assertEquals(1 + 3 + 3 * k[3] + 1, vm.instructionCount(), engine + ", instructions of\n" + asm);
                                }
                            }
                        }
                    }, name + ": a loop did not end")));
                }
            }
        }
        return tests.stream();
    }
}
