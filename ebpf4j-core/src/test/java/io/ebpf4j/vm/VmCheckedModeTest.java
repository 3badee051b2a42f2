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

    /**
     * Every little-endian load and store (LDX, ST and STX with modes MEM and MEMSX, each width). In checked mode the
     * interpreter runs them outside its dispatch loop ({@link PreparedProgram#CHECKED_ACCESS}), so each must still give
     * what RFC 9669 §5 says, written out here: loads zero-extend, MEMSX loads sign-extend, stores write the low bytes
     * (ST's immediate sign-extended to 64 bits first), little-endian. The input is 0x80 0x81 ... 0x87; each store
     * goes over a slot that held -1.
     */
    @Test
    void everyWidthOfLoadAndStoreGivesTheRfcValuesInCheckedMode() {
        byte[] in = {(byte) 0x80, (byte) 0x81, (byte) 0x82, (byte) 0x83, (byte) 0x84, (byte) 0x85, (byte) 0x86, (byte) 0x87};
        String fill = "r2 = -1\n*(u64 *)(r10 - 8) = r2\nr3 = 0x0102030405060708 ll\n";
        String back = "\nr0 = *(u64 *)(r10 - 8)\nexit\n";
        Object[][] cases = {
            {"r0 = *(u8 *)(r1 + 0)\nexit\n", 0x80L},
            {"r0 = *(s8 *)(r1 + 0)\nexit\n", 0xffff_ffff_ffff_ff80L},
            {"r0 = *(u16 *)(r1 + 0)\nexit\n", 0x8180L},
            {"r0 = *(s16 *)(r1 + 0)\nexit\n", 0xffff_ffff_ffff_8180L},
            {"r0 = *(u32 *)(r1 + 0)\nexit\n", 0x8382_8180L},
            {"r0 = *(s32 *)(r1 + 0)\nexit\n", 0xffff_ffff_8382_8180L},
            {"r0 = *(u64 *)(r1 + 0)\nexit\n", 0x8786_8584_8382_8180L},
            {fill + "*(u8 *)(r10 - 8) = 0x12" + back, 0xffff_ffff_ffff_ff12L},
            {fill + "*(u16 *)(r10 - 8) = 0x1234" + back, 0xffff_ffff_ffff_1234L},
            {fill + "*(u32 *)(r10 - 8) = 0x12345678" + back, 0xffff_ffff_1234_5678L},
            {fill + "*(u64 *)(r10 - 8) = -2" + back, -2L},
            {fill + "*(u8 *)(r10 - 8) = r3" + back, 0xffff_ffff_ffff_ff08L},
            {fill + "*(u16 *)(r10 - 8) = r3" + back, 0xffff_ffff_ffff_0708L},
            {fill + "*(u32 *)(r10 - 8) = r3" + back, 0xffff_ffff_0506_0708L},
            {fill + "*(u64 *)(r10 - 8) = r3" + back, 0x0102_0304_0506_0708L},
            // an ld_imm64 whose value's low byte is an LDX opcode (0x79): its second slot is a value, not an instruction
            {"r0 = 0x1122334400000079 ll\nexit\n", 0x1122_3344_0000_0079L},
        };
        for (Object[] c : cases) {
            String asm = (String) c[0];
            assertEquals((long) c[1], run(asm, CHECKED, in), () -> "checked: " + asm);
            assertEquals((long) c[1], run(asm, VmOptions.defaults(), in), () -> "unchecked: " + asm);
        }
    }

    /** Checked mode's dispatch array differs from the usual one exactly at the loads and stores. */
    @Test
    void checkedModeTakesOnlyLoadsAndStoresOutOfTheDispatchLoop() {
        Program p = LlvmAssembler.assemble("""
                r0 = 0x1122334400000079 ll
                r2 = r1
                r2 += 1
                r3 = *(u8 *)(r2 + 0)
                *(u32 *)(r10 - 4) = r3
                *(u16 *)(r10 - 8) = 7
                r1 = r10
                r1 += -4
                r4 = 1
                lock *(u32 *)(r1 + 0) += r4
                exit
                """);
        PreparedProgram prepared = PreparedProgram.prepare(p, CHECKED);
        long[] d = prepared.dispatch, c = prepared.checkedDispatch();
        assertEquals(d.length, c.length);
        java.util.List<Integer> changed = new java.util.ArrayList<>();
        for (int s = 0; s < d.length; s++) {
            if (d[s] != c[s]) {
                changed.add(s);
                assertEquals(PreparedProgram.CHECKED_ACCESS, (int) c[s] & 0xff, "opcode of slot " + s);
                assertEquals(d[s] >>> 8, c[s] >>> 8, "the rest of slot " + s);
            }
        }
        // slots: 0-1 ld_imm64, 2 mov+add (fused), 3 add, 4 load, 5 STX, 6 ST, 7-9, 10 the atomic (out of the loop already)
        assertEquals(java.util.List.of(4, 5, 6), changed);
        assertTrue(prepared.checkedDispatch() == c, "made once");
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
