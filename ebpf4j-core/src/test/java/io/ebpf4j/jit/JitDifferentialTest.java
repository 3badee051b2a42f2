package io.ebpf4j.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.asm.LlvmDisassembler;
import io.ebpf4j.isa.Program;
import io.ebpf4j.vm.CpuSlot;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.Vm;
import io.ebpf4j.vm.VmOptions;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Differential test of the two engines: a random program ({@link RandomPrograms}) on a random
 * 64-byte input gives the same r0 or the same error (kind and message), the same input bytes and
 * stack afterwards, and the same instruction count, interpreted and compiled. 2,000 programs per
 * build with little-endian memory and 500 more with big-endian memory (as a {@code -target bpfeb}
 * object runs: every load, store and atomic big-endian, {@code le}/{@code be} exchanged);
 * {@code -Debpf4j.jit.tries=100000} runs that many more in {@link #longRun()}, every fourth big-endian.
 */
class JitDifferentialTest {
    /** The same engine settings for both: a budget (random programs may loop), a small may_goto limit. */
    static VmOptions options() {
        return VmOptions.defaults().withInstructionBudget(20_000).withMayGotoLimit(5)
                .withHelpers(RandomPrograms.MIX, RandomPrograms.CALLBACK, RandomPrograms.STOP);
    }

    record Outcome(String result, String input, String stack, long instructions) {}

    static Outcome run(Program program, byte[] input, Engine engine) {
        return run(program, input, engine, ByteOrder.LITTLE_ENDIAN);
    }

    static Outcome run(Program program, byte[] input, Engine engine, ByteOrder order) {
        return run(program, input, engine, order, options());
    }

    static Outcome run(Program program, byte[] input, Engine engine, ByteOrder order, VmOptions options) {
        try (Vm vm = Vm.load(program, options, engine, order)) {
            String result;
            try {
                result = "r0 = 0x" + Long.toHexString(vm.run(input));
            } catch (RuntimeException e) {
                result = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            CpuSlot slot = vm.memory().slot();
            HexFormat hex = HexFormat.of();
            return new Outcome(result, hex.formatHex(vm.inputBytes()),
                    hex.formatHex(vm.memory().read(slot.stackBase(), (int) slot.stackSize())), vm.instructionCount());
        }
    }

    static void check(long seed) {
        check(seed, ByteOrder.LITTLE_ENDIAN);
    }

    static void check(long seed, ByteOrder order) {
        Program program = RandomPrograms.generate(seed);
        byte[] input = new byte[64];
        new Random(seed * 31 + 7).nextBytes(input);
        Outcome interpreted = run(program, input, Engine.INTERPRETER, order);
        Outcome compiled = run(program, input, Engine.JIT, order);
        if (!interpreted.equals(compiled)) {
            String text = order + " memory\n" + LlvmDisassembler.OBJDUMP.listing(program, "prog");
            assertEquals(interpreted.result(), compiled.result(), () -> "seed " + seed + ": result\n" + text);
            assertEquals(interpreted.input(), compiled.input(), () -> "seed " + seed + ": input bytes\n" + text);
            assertEquals(interpreted.stack(), compiled.stack(), () -> "seed " + seed + ": stack\n" + text);
            assertEquals(interpreted.instructions(), compiled.instructions(), () -> "seed " + seed + ": instructions\n" + text);
        }
    }

    @Property(tries = 2000)
    void engineAgreeOnRandomPrograms(@ForAll long seed) {
        check(seed);
    }

    @Property(tries = 500)
    void enginesAgreeOnRandomProgramsWithBigEndianMemory(@ForAll long seed) {
        check(seed, ByteOrder.BIG_ENDIAN);
    }

    /** More programs for a long run: {@code -Debpf4j.jit.tries=N} (0 by default). */
    @Example
    void longRun() {
        int n = Integer.getInteger("ebpf4j.jit.tries", 0);
        long base = new Random().nextLong();
        for (int i = 0; i < n; i++) check(base + i, i % 4 == 3 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    @Example
    void generatedProgramsCoverTheInstructionKinds() {
        // a sanity check of the generator itself: over 200 programs every kind of instruction shows up
        boolean[] seen = new boolean[256];
        for (long s = 0; s < 200; s++) {
            for (var in : RandomPrograms.generate(s).insns()) seen[in.opcode()] = true;
        }
        int[] kinds = {0x07, 0x0f, 0x04, 0x0c, 0x37, 0x3f, 0x34, 0x94, 0x9c, 0xd4, 0xdc, 0xd7, 0xbf, 0xbc, 0x18, 0x61, 0x69,
                0x71, 0x79, 0x81, 0x89, 0x91, 0x62, 0x6a, 0x72, 0x7a, 0x63, 0x6b, 0x73, 0x7b, 0xc3, 0xdb, 0x05, 0x15, 0x1d,
                0x16, 0x1e, 0x26, 0xa6, 0xe5, 0x85, 0x8d, 0x95};
        for (int k : kinds) assertEquals(true, seen[k], () -> String.format("opcode 0x%02x never generated", k));
        assertEquals(false, Arrays.equals(new boolean[256], seen));
    }
}
