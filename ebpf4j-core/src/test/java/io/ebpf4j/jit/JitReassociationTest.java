package io.ebpf4j.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.asm.LlvmAssembler;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.Vm;
import io.ebpf4j.vm.VmOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongBinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Pairs {@code A op= B; A op= C} of one associative and commutative 64-bit operation, which the JIT
 * may compute as {@code (A op C) op B} when B is ready later (see {@code Unit.reassociate}): the result
 * must be RFC 9669 §4.1's {@code (A op B) op C} in both engines, also where B and C are the same, where
 * the second instruction is a jump target (A's value between the two is then observable), and where a
 * third instruction continues the chain; the instruction count stays one per instruction.
 */
class JitReassociationTest {
    record Op(String asm, LongBinaryOperator f) {}

    // RFC 9669 §4.1: 64-bit two's complement add and multiply (modulo 2^64), bitwise or, and, xor
    static final List<Op> OPS = List.of(
            new Op("+=", (a, b) -> a + b),
            new Op("*=", (a, b) -> a * b),
            new Op("|=", (a, b) -> a | b),
            new Op("&=", (a, b) -> a & b),
            new Op("^=", (a, b) -> a ^ b));

    static final long A = 0x9e37_79b9_7f4a_7c15L, X = 0x0123_4567_89ab_cdefL, Y = 0xfedc_ba98_7654_3211L;

    /** r3 = A; r5 = Y; r4 = (X * r5) >> 7 (ready late); then the pair with the late register first or second. */
    static String prefix() {
        return "r3 = " + A + " ll\n"
                + "r5 = " + Y + " ll\n"
                + "r4 = " + X + " ll\n"
                + "r4 *= r5\n"
                + "r4 >>= 7\n";
    }

    static long late() {
        return (X * Y) >>> 7;
    }

    @TestFactory
    Stream<DynamicTest> pairsGiveTheResultInProgramOrder() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Op op : OPS) {
            LongBinaryOperator f = op.f();
            long b = late();
            // the prefix (5 instructions, an ld_imm64 counts once), the pair, r0 = r3, exit
            // late source first: the pair the JIT may swap
            tests.add(test(op.asm() + " late then early",
                    prefix() + "r3 " + op.asm() + " r4\nr3 " + op.asm() + " r5\nr0 = r3\nexit\n",
                    f.applyAsLong(f.applyAsLong(A, b), Y), 9));
            // early source first: already in the better order
            tests.add(test(op.asm() + " early then late",
                    prefix() + "r3 " + op.asm() + " r5\nr3 " + op.asm() + " r4\nr0 = r3\nexit\n",
                    f.applyAsLong(f.applyAsLong(A, Y), b), 9));
            // the same source twice
            tests.add(test(op.asm() + " same source",
                    prefix() + "r3 " + op.asm() + " r4\nr3 " + op.asm() + " r4\nr0 = r3\nexit\n",
                    f.applyAsLong(f.applyAsLong(A, b), b), 9));
            // three in a row
            tests.add(test(op.asm() + " three",
                    prefix() + "r3 " + op.asm() + " r4\nr3 " + op.asm() + " r5\nr3 " + op.asm() + " r4\nr0 = r3\nexit\n",
                    f.applyAsLong(f.applyAsLong(f.applyAsLong(A, b), Y), b), 10));
            // the second instruction is a jump target: r3 after the first is what the jump from
            // below sees; r1 = 1 on entry (the memory's length in r2 is 8), so the loop runs twice
            String loop = prefix()
                    + "r1 = 0\n"
                    + "r3 " + op.asm() + " r4\n"
                    + "r3 " + op.asm() + " r5\n"
                    + "r1 += 1\n"
                    + "r0 = r3\n"
                    + "if r1 != 2 goto -4\n"
                    + "exit\n";
            long once = f.applyAsLong(f.applyAsLong(A, b), Y);
            // prefix (3 ld_imm64 + 2), r1 = 0, the pair, then the tail twice with one more op between
            tests.add(test(op.asm() + " second is a jump target", loop, f.applyAsLong(once, Y), 5 + 1 + 2 + 3 + 1 + 3 + 1));
        }
        return tests.stream();
    }

    private static DynamicTest test(String name, String asm, long expected, long instructions) {
        return DynamicTest.dynamicTest(name, () -> {
            for (Engine engine : Engine.values()) {
                try (Vm vm = Vm.load(LlvmAssembler.assemble(asm), VmOptions.defaults(), engine)) {
                    assertEquals(expected, vm.run(new byte[8]), engine + ", r0 of\n" + asm);
                    assertEquals(instructions, vm.instructionCount(), engine + ", instructions of\n" + asm);
                }
            }
        });
    }
}
