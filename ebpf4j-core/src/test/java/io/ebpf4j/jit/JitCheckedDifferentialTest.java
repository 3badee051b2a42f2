package io.ebpf4j.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.asm.LlvmDisassembler;
import io.ebpf4j.isa.Program;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.VmOptions;
import java.nio.ByteOrder;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Checked mode (programs nobody verified, {@link VmOptions#withChecked}) in both engines: a random program
 * ({@link RandomPrograms}: loads, stores and atomics on the input, past its end, on the stack and through garbage
 * registers; calls, callx, callbacks, loops) on a random input gives the same outcome interpreted and compiled — the
 * same r0, or the same fault (checked mode's region fault, the budget, a misaligned atomic...) at the same
 * instruction with the same message — and the same memory and instruction count afterwards. The interpreter's
 * checked mode is the reference: the JIT compiles a call of the same region rule before every access.
 * {@code -Debpf4j.jit.checked.tries=N} runs N more in {@link #longRun()}.
 */
class JitCheckedDifferentialTest {
    static VmOptions checkedOptions() {
        return JitDifferentialTest.options().withChecked(true);
    }

    static JitDifferentialTest.Outcome[] both(long seed, int length, ByteOrder order) {
        Program program = RandomPrograms.generate(seed, length);
        byte[] input = new byte[64];
        new Random(seed * 31 + 7).nextBytes(input);
        return new JitDifferentialTest.Outcome[] {
            JitDifferentialTest.run(program, input, Engine.INTERPRETER, order, checkedOptions()),
            JitDifferentialTest.run(program, input, Engine.JIT, order, checkedOptions())};
    }

    static void check(long seed, int length, ByteOrder order) {
        JitDifferentialTest.Outcome[] o = both(seed, length, order);
        if (!o[0].equals(o[1])) {
            String text = order + " memory, checked mode\n"
                    + LlvmDisassembler.OBJDUMP.listing(RandomPrograms.generate(seed, length), "prog");
            assertEquals(o[0].result(), o[1].result(), () -> "seed " + seed + ": result\n" + text);
            assertEquals(o[0].input(), o[1].input(), () -> "seed " + seed + ": input bytes\n" + text);
            assertEquals(o[0].stack(), o[1].stack(), () -> "seed " + seed + ": stack\n" + text);
            assertEquals(o[0].instructions(), o[1].instructions(), () -> "seed " + seed + ": instructions\n" + text);
        }
    }

    @Property(tries = 1000)
    void enginesAgreeInCheckedMode(@ForAll long seed) {
        check(seed, 40, ByteOrder.LITTLE_ENDIAN);
    }

    @Property(tries = 250)
    void enginesAgreeInCheckedModeWithBigEndianMemory(@ForAll long seed) {
        check(seed, 40, ByteOrder.BIG_ENDIAN);
    }

    /** Long functions, which the JIT splits into chunk methods: the check and its instruction index survive the split. */
    @Property(tries = 15)
    void splitFunctionsAgreeInCheckedMode(@ForAll long seed) {
        check(seed, 1500, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The generator does exercise checked mode: over 300 programs some fault with a region violation, and some run to
     * the end (so agreement is not only agreement on faults).
     */
    @Example
    void randomProgramsBothFaultAndFinishInCheckedMode() {
        int faults = 0, finished = 0;
        for (long s = 0; s < 300; s++) {
            JitDifferentialTest.Outcome[] o = both(s, 40, ByteOrder.LITTLE_ENDIAN);
            assertEquals(o[0], o[1], "seed " + s);
            if (o[0].result().contains("checked mode: ")) faults++;
            if (o[0].result().startsWith("r0 = ")) finished++;
        }
        int f = faults, d = finished;
        assertTrue(f >= 10 && d >= 10, () -> "checked-mode faults " + f + ", runs to the end " + d + " of 300");
    }

    /** More programs for a long run: {@code -Debpf4j.jit.checked.tries=N} (0 by default). */
    @Example
    void longRun() {
        int n = Integer.getInteger("ebpf4j.jit.checked.tries", 0);
        long base = new Random().nextLong();
        for (int i = 0; i < n; i++) check(base + i, 40, i % 4 == 3 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (n > 0) System.out.printf("checked-mode differential long run from seed %d: %d programs agree%n", base, n);
    }
}
