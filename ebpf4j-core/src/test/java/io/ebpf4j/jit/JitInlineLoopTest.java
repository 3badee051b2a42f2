package io.ebpf4j.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ebpf4j.asm.LlvmAssembler;
import io.ebpf4j.helpers.Helper;
import io.ebpf4j.helpers.HelperIds;
import io.ebpf4j.helpers.StandardHelpers;
import io.ebpf4j.isa.Program;
import io.ebpf4j.vm.BpfRuntimeException;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.Vm;
import io.ebpf4j.vm.VmOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * {@code bpf_loop} with flags a known 0 and a callback the block loads, which the JIT writes out as a loop calling the
 * callback's method (the kernel's verifier writes such calls out too: {@code inline_bpf_loop}, kernel/bpf/verifier.c).
 * The expected values come from the helper's contract (include/uapi/linux/bpf.h, {@code bpf_loop}): the callback runs
 * with (index, ctx) for index 0, 1, ... until nr_loops or until it returns non-zero; the result is the number of
 * iterations run, counting the one that returned non-zero; more than {@code BPF_MAX_LOOPS} (1 << 23) loops give
 * -E2BIG, which the kernel's written-out form sets with a 32-bit move (0xfffffff9) and tests on all 64 bits of r1.
 */
class JitInlineLoopTest {
    static final Helper LOOP = StandardHelpers.all().stream().filter(h -> h.id() == HelperIds.LOOP).findFirst().orElseThrow();

    /**
     * The memory: nr_loops at 0, the index at which the callback returns non-zero at 8, then the callback's sum of
     * i * i at 16 and its call count at 24; the program stores bpf_loop's result at 32 and returns it. The callback
     * returns 1 << 32 to stop: non-zero only in its upper half.
     */
    static final String SUM = """
            r6 = r1
            r1 = *(u64 *)(r6 + 0)
            r2 = cb ll
            r3 = r6
            r4 = 0
            call 181
            *(u64 *)(r6 + 32) = r0
            exit
            cb:
            r3 = *(u64 *)(r2 + 16)
            r4 = r1
            r4 *= r1
            r3 += r4
            *(u64 *)(r2 + 16) = r3
            r3 = *(u64 *)(r2 + 24)
            r3 += 1
            *(u64 *)(r2 + 24) = r3
            r0 = 0
            r3 = *(u64 *)(r2 + 8)
            if r3 != r1 goto keep
            r0 = 1 ll
            r0 <<= 32
            keep:
            exit
            """;

    /** Instructions a run of {@link #SUM} executes: 7 before the exit and the exit, 12 or 13 per callback (ld_imm64 counts once). */
    static long sumInstructions(long iterations, boolean stopped) {
        return 8 + 12 * iterations + (stopped ? 2 : 0);
    }

    @Test
    void writtenOutLoopFollowsTheHelpersContract() {
        long e2big = 0xffff_fff9L; // -E2BIG (-7) as the 32-bit move of inline_bpf_loop leaves it
        long[][] cases = { // nr_loops, stop index, expected result
                {0, -1, 0},
                {1, -1, 1},
                {5, -1, 5},
                {100, -1, 100},
                {100, 3, 4},
                {100, 0, 1},
                {100, 99, 100},
                {1L << 23, 10, 11}, // BPF_MAX_LOOPS itself is allowed
                {(1L << 23) + 1, 0, e2big},
                {(1L << 32) + 3, -1, e2big}, // all 64 bits count: the helper itself would take the u32 3
                {-1, -1, e2big},
        };
        Program code = LlvmAssembler.assemble(SUM);
        VmOptions options = VmOptions.defaults().withHelpers(LOOP);
        for (Engine engine : Engine.values()) {
            try (Vm vm = Vm.load(code, options, engine)) {
                if (engine == Engine.JIT) assertEquals(1, JitInfo.of(vm).orElseThrow().inlinedLoops(), "the call is written out");
                for (long[] c : cases) {
                    long n = c[0], stopAt = c[1], expected = c[2];
                    String what = engine + ", nr_loops " + n + ", stop at " + stopAt;
                    ByteBuffer mem = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN).putLong(n).putLong(stopAt);
                    byte[] input = mem.array();
                    assertEquals(expected, vm.run(input), what);
                    ByteBuffer out = ByteBuffer.wrap(vm.inputBytes()).order(ByteOrder.LITTLE_ENDIAN);
                    long iterations = expected == e2big ? 0 : expected;
                    long sum = 0;
                    for (long i = 0; i < iterations; i++) sum += i * i;
                    assertEquals(sum, out.getLong(16), what + ": the callback's sum");
                    assertEquals(iterations, out.getLong(24), what + ": the callback's calls");
                    assertEquals(expected, out.getLong(32), what + ": the stored result");
                    boolean stopped = stopAt >= 0 && stopAt < iterations;
                    assertEquals(sumInstructions(iterations, stopped), vm.instructionCount(), what + ": instructions");
                }
            }
        }
    }

    /** With an instruction budget the helper runs each callback on a count of its own: the call stays a call. */
    @Test
    void aBudgetKeepsTheHelperCall() {
        Program code = LlvmAssembler.assemble(SUM);
        VmOptions options = VmOptions.defaults().withHelpers(LOOP).withInstructionBudget(1_000_000);
        try (Vm vm = Vm.load(code, options, Engine.JIT)) {
            assertEquals(0, JitInfo.of(vm).orElseThrow().inlinedLoops());
            byte[] input = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN).putLong(50).putLong(-1).array();
            assertEquals(50, vm.run(input));
            assertEquals(sumInstructions(50, false), vm.instructionCount());
        }
    }

    /**
     * A callback that calls bpf_loop on itself goes one frame deeper each time, until the depth limit (8 frames, the
     * kernel's MAX_CALL_FRAMES) refuses the next callback: the same error, at the same call, in both engines.
     */
    @Test
    void tooDeepACallbackIsTheHelpersError() {
        Program code = LlvmAssembler.assemble("""
                r1 = 1
                r2 = cb ll
                r3 = 0
                r4 = 0
                call 181
                exit
                cb:
                r1 = 1
                r2 = cb ll
                r3 = 0
                r4 = 0
                call 181
                r0 = 0
                exit
                """);
        String[] messages = new String[2];
        for (Engine engine : Engine.values()) {
            try (Vm vm = Vm.load(code, VmOptions.defaults().withHelpers(LOOP), engine)) {
                if (engine == Engine.JIT) assertEquals(2, JitInfo.of(vm).orElseThrow().inlinedLoops());
                messages[engine.ordinal()] = assertThrows(BpfRuntimeException.class, () -> vm.run(new byte[8])).getMessage();
            }
        }
        assertEquals(messages[0], messages[1]);
        assertEquals(true, messages[0].contains("helper bpf_loop: callback: call depth exceeds 8 frames"), messages[0]);
    }

    /**
     * A helper that stops the program from inside a callback ends the whole run with its value, and a legacy packet
     * load that fails in a callback ends only that callback, with 0 (the kernel's {@code bpf_gen_ld_abs}): in a
     * standalone Vm the legacy loads read the input, and byte 1000 is past its 16 bytes. The callback stops at index 3
     * when memory byte 0 is 1; it counts its calls at 8 either way.
     */
    @Test
    void stopsAndFailedLegacyLoadsInACallbackAsTheHelper() {
        Helper stop = Helper.of(1000, "stop_here", (ctx, r1, r2, r3, r4, r5) -> {
            if (r1 == 3) ctx.stop(0x5151);
            return 0;
        });
        Program code = LlvmAssembler.assemble("""
                r6 = r1
                r1 = 10
                r2 = cb ll
                r3 = r6
                r4 = 0
                call 181
                exit
                cb:
                r6 = r1
                r7 = r2
                r3 = *(u64 *)(r7 + 8)
                r3 += 1
                *(u64 *)(r7 + 8) = r3
                r3 = *(u8 *)(r7 + 0)
                if r3 != 1 goto load
                call 1000
                load:
                r0 = *(u8 *)skb[1000]
                r0 = 77
                exit
                """);
        for (Engine engine : Engine.values()) {
            try (Vm vm = Vm.load(code, VmOptions.defaults().withHelpers(LOOP, stop), engine)) {
                if (engine == Engine.JIT) assertEquals(1, JitInfo.of(vm).orElseThrow().inlinedLoops());
                byte[] input = new byte[16];
                input[0] = 1;
                assertEquals(0x5151, vm.run(input), engine + ": stopped at index 3");
                assertEquals(4, ByteBuffer.wrap(vm.inputBytes()).order(ByteOrder.LITTLE_ENDIAN).getLong(8), engine + ": calls");
                input[0] = 0;
                // each callback ends at the failed load with r0 = 0, so all 10 run
                assertEquals(10, vm.run(input), engine + ": legacy loads");
                assertEquals(10, ByteBuffer.wrap(vm.inputBytes()).order(ByteOrder.LITTLE_ENDIAN).getLong(8), engine + ": calls");
                // 6 instructions and the exit, and 8 per callback up to and including the failed load
                assertEquals(7 + 10 * 8, vm.instructionCount(), engine + ": instructions");
            }
        }
    }

    /**
     * Random callbacks, each straight-line code with forward jumps (so that no budget is needed to end a run): loads,
     * stores and ALU operations on the 64-byte memory the callback gets as ctx, which it stops on when its last value
     * is odd. Run by bpf_loop with a random count, each program gives the same r0, memory and instruction count on
     * the interpreter (which calls the helper) and the JIT (which writes the loop out).
     */
    @Test
    void randomCallbacksAgreeWithTheInterpreter() {
        String[] ops = {"+=", "-=", "*=", "^=", "|=", "&=", "<<=", ">>=", "s>>="};
        String[] sizes = {"u8", "u16", "u32", "u64"};
        int[] regs = {0, 1, 3, 4, 5};
        for (int seed = 0; seed < 300; seed++) {
            java.util.Random rnd = new java.util.Random(seed);
            StringBuilder cb = new StringBuilder("cb:\nr0 = 0\nr3 = 7\nr4 = -3\nr5 = r1\n");
            int labels = 0;
            int n = 4 + rnd.nextInt(20);
            for (int k = 0; k < n; k++) {
                int x = regs[rnd.nextInt(regs.length)], y = regs[rnd.nextInt(regs.length)];
                switch (rnd.nextInt(6)) {
                    case 0 -> {
                        int size = rnd.nextInt(4);
                        cb.append("r").append(x).append(" = *(").append(sizes[size]).append(" *)(r2 + ")
                                .append(rnd.nextInt(64 >> size) << size).append(")\n");
                    }
                    case 1 -> {
                        int size = rnd.nextInt(4);
                        cb.append("*(").append(sizes[size]).append(" *)(r2 + ").append(rnd.nextInt(64 >> size) << size)
                                .append(") = r").append(x).append("\n");
                    }
                    case 2 -> cb.append("r").append(x).append(" ").append(ops[rnd.nextInt(ops.length)]).append(" r").append(y).append("\n");
                    case 3 -> cb.append("r").append(x).append(" ").append(ops[rnd.nextInt(ops.length)]).append(" ")
                            .append(rnd.nextInt(64)).append("\n");
                    case 4 -> {
                        cb.append("if r").append(x).append(rnd.nextBoolean() ? " > r" : " s< r").append(y).append(" goto l")
                                .append(labels).append("\n");
                        cb.append("r").append(y).append(" += 1\n");
                        cb.append("l").append(labels++).append(":\n");
                    }
                    default -> cb.append("r0 ^= r").append(x).append("\n");
                }
            }
            // stop on an odd r0 now and then: non-zero ends the loop
            cb.append("r0 &= ").append(rnd.nextInt(4) == 0 ? 1 : 0).append("\nexit\n");
            int loops = rnd.nextInt(40);
            String asm = "r6 = r1\nr1 = " + loops + "\nr2 = cb ll\nr3 = r6\nr4 = 0\ncall 181\nr7 = *(u64 *)(r6 + 8)\n"
                    + "r0 ^= r7\nexit\n" + cb;
            Program code = LlvmAssembler.assemble(asm);
            byte[] input = new byte[64];
            rnd.nextBytes(input);
            String[] outcome = new String[2];
            for (Engine engine : Engine.values()) {
                try (Vm vm = Vm.load(code, VmOptions.defaults().withHelpers(LOOP), engine)) {
                    if (engine == Engine.JIT) assertEquals(1, JitInfo.of(vm).orElseThrow().inlinedLoops(), asm);
                    long r0 = vm.run(input.clone());
                    outcome[engine.ordinal()] = "r0 = " + r0 + ", memory " + java.util.HexFormat.of().formatHex(vm.inputBytes())
                            + ", " + vm.instructionCount() + " instructions";
                }
            }
            assertEquals(outcome[0], outcome[1], "seed " + seed + ":\n" + asm);
        }
    }
}
