package io.ebpf4j.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.asm.LlvmAssembler;
import io.ebpf4j.isa.Program;
import org.junit.jupiter.api.Test;

/**
 * Checked mode of a standalone {@link Vm} ({@link VmOptions#withChecked}) on small assembled programs. The rule is the
 * kernel's stack model: each function has one frame of MAX_BPF_STACK (512) bytes, {@code [r10 - 512, r10)}
 * (include/linux/filter.h MAX_BPF_STACK; kernel verifier.c check_stack_access_within_bounds), and only the frames of
 * the functions on the call chain exist. The input region is the run's memory buffer.
 */
class VmCheckedModeTest {
    private static final VmOptions CHECKED = VmOptions.defaults().withChecked(true);

    /**
     * Runs the program in both engines, which must agree: the same r0, or the same fault (the JIT compiles the same
     * region check before each access, and the same budget).
     */
    private static long run(String asm, VmOptions options, byte[] input) {
        Program p = LlvmAssembler.assemble(asm);
        long interpreted;
        try {
            interpreted = run(p, options, input, Engine.INTERPRETER);
        } catch (BpfRuntimeException e) {
            BpfRuntimeException j = assertThrows(BpfRuntimeException.class, () -> run(p, options, input, Engine.JIT),
                    "the interpreter faulted, the JIT did not: " + e.getMessage());
            assertEquals(e.getMessage(), j.getMessage(), "the engines fault differently");
            throw e;
        }
        assertEquals(interpreted, run(p, options, input, Engine.JIT), "JIT result");
        return interpreted;
    }

    private static long run(Program p, VmOptions options, byte[] input, Engine engine) {
        try (Vm vm = Vm.load(p, options, engine)) {
            return vm.run(input);
        }
    }

    private static String fault(String asm, byte[] input) {
        return assertThrows(BpfRuntimeException.class, () -> run(asm, CHECKED, input)).getMessage();
    }

    @Test
    void accessesInsideTheFrameAndTheInputRunAsBefore() {
        String asm = """
                *(u64 *)(r10 - 512) = r2
                r0 = *(u64 *)(r10 - 512)
                r3 = *(u8 *)(r1 + 3)
                r0 += r3
                exit
                """;
        byte[] in = {1, 2, 3, 40};
        assertEquals(44, run(asm, CHECKED, in));
        assertEquals(44, run(asm, VmOptions.defaults(), in));
    }

    @Test
    void aReadAtR10IsPastTheFrame() {
        String msg = fault("r0 = *(u64 *)(r10 + 0)\nexit\n", new byte[8]);
        assertTrue(msg.contains("insn 0 (") && msg.contains("checked mode: 8-byte read at 0x")
                && msg.contains("is outside any region (nearest: stack frame 0 ["), msg);
        // unchecked, r10 + 0 is the first byte of the input region that follows the stack: no fault
        assertEquals(0x0807060504030201L, run("r0 = *(u64 *)(r10 + 0)\nexit\n", VmOptions.defaults(),
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
    }

    @Test
    void theFrameOfAFunctionNotOnTheCallChainIsNoRegion() {
        String msg = fault("*(u64 *)(r10 - 520) = r1\nr0 = 0\nexit\n", new byte[8]);
        assertTrue(msg.contains("insn 0 (") && msg.contains("8-byte write at")
                && msg.contains("is in cpu 0: stack frame 1") && msg.contains("below the running function's frame (call depth 0)"), msg);
    }

    @Test
    void aCalleeMayUseItsCallersFrameButNotStraddleTwoFrames() {
        // the callee writes through a pointer into its caller's frame: allowed (the kernel passes PTR_TO_STACK)
        assertEquals(7, run("""
                r1 = r10
                r1 += -8
                call sub
                r0 = *(u64 *)(r10 - 8)
                exit
                sub:
                r2 = 7
                *(u64 *)(r1 + 0) = r2
                r0 = 0
                exit
                """, CHECKED, new byte[1]));
        // a write across the top of the callee's frame into the caller's
        String msg = fault("""
                call sub
                exit
                sub:
                *(u64 *)(r10 - 4) = r1
                r0 = 0
                exit
                """, new byte[1]);
        assertTrue(msg.contains("insn 2 (") && msg.contains("runs past the end of cpu 0: stack frame 1"), msg);
    }

    @Test
    void anAccessMayNotRunPastTheInput() {
        // an input region of 16 bytes: an 8-byte read at offset 12 crosses its end
        String msg = assertThrows(BpfRuntimeException.class, () -> run("r0 = *(u64 *)(r1 + 12)\nexit\n",
                CHECKED.withInputCapacity(16), new byte[16])).getMessage();
        assertTrue(msg.contains("insn 0 (") && msg.contains("is outside the input [0x"), msg);
    }

    @Test
    void anEndlessLoopStopsAtTheDefaultBudget() {
        String msg = fault("r0 = 0\nloop: r0 += 1\ngoto loop\n", new byte[1]);
        assertTrue(msg.contains("instruction budget of " + RegionCheck.DEFAULT_BUDGET + " exhausted"), msg);
    }

    @Test
    void theBudgetFaultsAtTheSameInstructionInBothEngines() {
        // 3 + 2 * 3 instructions per iteration: a budget of 40 runs out at the taken jump (insn 3) of an iteration
        String asm = "r0 = 0\nr1 = 0\nloop: r0 += 1\nr1 += 2\nif r1 < 1000 goto loop\nexit\n";
        String msg = assertThrows(BpfRuntimeException.class, () -> run(asm, CHECKED.withInstructionBudget(40), new byte[1]))
                .getMessage();
        assertTrue(msg.contains("insn 4 (") && msg.contains("instruction budget of 40 exhausted"), msg);
    }

    @Test
    void aCheckedFaultInALargeSplitFunctionNamesTheInstruction() {
        // a function long enough for the JIT to split it into chunk methods: the fault is still at its instruction
        StringBuilder asm = new StringBuilder("r0 = 0\n");
        for (int i = 0; i < 3000; i++) asm.append("*(u64 *)(r10 - ").append(8 + 8 * (i % 64)).append(") = r0\nr0 += 1\n");
        asm.append("r0 = *(u32 *)(r10 + 4)\nexit\n");
        String msg = fault(asm.toString(), new byte[8]);
        assertTrue(msg.contains("insn 6001 (") && msg.contains("checked mode: 4-byte read"), msg);
    }
}
