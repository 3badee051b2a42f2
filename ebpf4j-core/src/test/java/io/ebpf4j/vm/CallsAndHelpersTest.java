package io.ebpf4j.vm;

import static io.ebpf4j.isa.Opcodes.*;
import static io.ebpf4j.vm.Code.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.helpers.Helper;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bpf-to-bpf calls, callx, helpers, the instruction budget and may_goto. */
class CallsAndHelpersTest {

    @Test
    void calleeGetsArgumentsAndCallerKeepsR6ToR9() {
        long r0 = run(
                mov(6, 6), mov(7, 7), mov(8, 8), mov(9, 9), mov(1, 3), mov(2, 4),
                callLocal(6),                          // slot 6 -> 13
                movr(1, 6), alu64r(ADD, 1, 7), alu64r(ADD, 1, 8), alu64r(ADD, 1, 9),
                alu64r(ADD, 0, 1),                     // r0 = callee result + 30
                exit(),
                // callee at slot 13: clobbers r6-r9, returns r1 * r2
                mov(6, 0), mov(7, 0), mov(8, 0), mov(9, 0),
                movr(0, 1), alu64r(MUL, 0, 2), exit());
        assertEquals(12 + 30, r0);
    }

    @Test
    void calleeHasItsOwnStackFrame() {
        long r0 = run(
                st(DW, 10, -8, 0x11), movr(6, 10),
                callLocal(5),                          // slot 2 -> 8
                ldx(DW, 1, 10, -8),                    // still 0x11
                alu64r(SUB, 6, 0),                     // caller r10 - callee r10
                alu64r(ADD, 6, 1), movr(0, 6), exit(),
                st(DW, 10, -8, 0x22), movr(0, 10), exit());
        assertEquals(512 + 0x11, r0);
    }

    /** main calls f(n) which recurses down to f(0): n + 2 frames. */
    private static Program recursion(int n) {
        return prog(mov(1, n), callLocal(1), exit(),
                jmp(JEQ, 1, 0, 2), alu64(SUB, 1, 1), callLocal(-3), mov(0, 77), exit());
    }

    @Test
    void eightFramesAreAllowed() {
        try (Vm vm = Vm.load(recursion(6))) {
            assertEquals(77L, vm.run(0, 0));
        }
    }

    @Test
    void aNinthFrameIsAnError() {
        try (Vm vm = Vm.load(recursion(7))) {
            BpfRuntimeException e = assertThrows(BpfRuntimeException.class, () -> vm.run(0, 0));
            assertEquals(5, e.slot());
            assertTrue(e.getMessage().contains("call depth exceeds 8"), e.getMessage());
        }
    }

    @Test
    void callxCallsAFunctionPointer() {
        long r0 = run(
                Insn.ldImm64(2, PSEUDO_FUNC, 5),       // slots 0-1, target 0 + 1 + 5 = 6 (kernel: i + imm + 1)
                mov(1, 20), callx(2), alu64(ADD, 0, 1), exit(),
                movr(0, 1), alu64(MUL, 0, 2), exit());
        assertEquals(41L, r0);
    }

    @Test
    void callxWithAHelperIdCallsTheHelper() {
        assertEquals(9L, run(ConformanceHelpers.options(), mov(1, 9), mov(2, 5), callx(2), exit()));
        // unwind with r1 = 0 ends the program with r0 = 0
        assertEquals(0L, run(ConformanceHelpers.options(), mov(1, 0), mov(2, 5), callx(2), mov(0, 3), exit()));
    }

    @Test
    void callxToAnythingElseIsAnError() {
        BpfRuntimeException e = assertThrows(BpfRuntimeException.class,
                () -> run(ConformanceHelpers.options(), mov(2, 6), callx(2), exit()));
        assertEquals(1, e.slot());
        assertTrue(e.getMessage().contains("r2 = 0x6 is neither"), e.getMessage());
        // a code address that is not a function entry
        e = assertThrows(BpfRuntimeException.class, () -> run(
                Insn.ldImm64(2, PSEUDO_FUNC, 4), alu64(ADD, 2, 8), callx(2), exit(), mov(0, 1), exit()));
        assertEquals(3, e.slot());
    }

    @Test
    void unknownHelperIsRejectedAtLoadTime() {
        BpfRuntimeException e = assertThrows(BpfRuntimeException.class,
                () -> Vm.load(prog(mov(1, 1), call(99), exit()), ConformanceHelpers.options()));
        assertEquals(1, e.slot());
        assertTrue(e.getMessage().contains("unknown helper 99"), e.getMessage());
    }

    @Test
    void helpersReceiveR1ToR5AndCanUseMemory() {
        List<long[]> seen = new ArrayList<>();
        long[] input = new long[1];
        Helper sum = Helper.of(1, "sum", (ctx, a, b, c, d, e) -> {
            seen.add(new long[] {a, b, c, d, e});
            return a + b + c + d + e + ctx.read(input[0], 1)[0];
        });
        try (Vm vm = Vm.load(prog(mov(1, 1), mov(2, 2), mov(3, 3), mov(4, 4), mov(5, 5), call(1), exit()),
                VmOptions.defaults().withHelpers(sum))) {
            input[0] = vm.memory().inputAddress();
            assertEquals(15 + 100, vm.run(new byte[] {100}));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), java.util.Arrays.stream(seen.get(0)).boxed().toList());
    }

    @Test
    void aHelperCanStopTheProgram() {
        VmOptions o = ConformanceHelpers.options();
        assertEquals(2L, run(o, mov(1, -1), call(5), mov(0, 2), exit()));   // call_unwind_fail
        assertEquals(0L, run(o, mov(1, 0), call(5), mov(0, 2), exit()));
        Helper stop = Helper.of(7, "stop", (ctx, a, b, c, d, e) -> {
            ctx.stop(a * 2);
            return 0;
        });
        // from a nested frame too
        assertEquals(42L, run(VmOptions.defaults().withHelpers(stop), mov(1, 21), callLocal(2), mov(0, 1), exit(), call(7), exit()));
    }

    @Test
    void helperExceptionsAreReportedAtTheCall() {
        Helper bad = Helper.of(3, "bad", (ctx, a, b, c, d, e) -> {
            throw new IllegalStateException("boom");
        });
        BpfRuntimeException e = assertThrows(BpfRuntimeException.class,
                () -> run(VmOptions.defaults().withHelpers(bad), mov(0, 0), call(3), exit()));
        assertEquals(1, e.slot());
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }

    // ---- instruction budget

    private static final Insn[] COUNT_DOWN = {mov(0, 10), alu64(SUB, 0, 1), jmp(JNE, 0, 0, -2), exit()};

    @Test
    void instructionCountIsExact() {
        try (Vm vm = Vm.load(prog(COUNT_DOWN))) {
            vm.run(0, 0);
            assertEquals(1 + 10 * 2 + 1, vm.instructionCount());
        }
        try (Vm vm = Vm.load(prog(lddw(0, 1), ja(0), exit()))) {
            vm.run(0, 0);
            assertEquals(3, vm.instructionCount());
        }
    }

    @Test
    void budgetStopsEndlessLoops() {
        BpfRuntimeException e = assertThrows(BpfRuntimeException.class,
                () -> run(VmOptions.defaults().withInstructionBudget(1000), mov(0, 0), ja(-1), exit()));
        assertEquals(1, e.slot());
        assertTrue(e.getMessage().contains("instruction budget of 1000 exhausted"), e.getMessage());
    }

    @Test
    void budgetIsExactAtTheLimit() {
        assertEquals(0L, run(VmOptions.defaults().withInstructionBudget(22), COUNT_DOWN));
        assertThrows(BpfRuntimeException.class, () -> run(VmOptions.defaults().withInstructionBudget(21), COUNT_DOWN));
        // straight-line code is charged at exit
        assertThrows(BpfRuntimeException.class, () -> run(VmOptions.defaults().withInstructionBudget(2), mov(0, 1), mov(0, 2), exit()));
    }

    // ---- may_goto

    private static Insn mayGoto(int off) {
        return new Insn(MAY_GOTO, 0, 0, off, 0);
    }

    /** r0 counts how often may_goto fell through before it jumped. */
    private static final Insn[] MAY_GOTO_LOOP = {mov(0, 0), mayGoto(2), alu64(ADD, 0, 1), ja(-3), exit()};

    @Test
    void mayGotoFallsThroughUntilTheCounterIsExhausted() {
        assertEquals(3L, run(VmOptions.defaults().withMayGotoLimit(3), MAY_GOTO_LOOP));
        assertEquals(VmOptions.BPF_MAX_LOOPS, run(MAY_GOTO_LOOP));
    }

    @Test
    void mayGotoCounterIsPerFrame() {
        // main: 2 iterations (limit 2), each calling f which loops 2 times on its own counter
        long r0 = run(VmOptions.defaults().withMayGotoLimit(2),
                mov(6, 0),
                mayGoto(3), callLocal(4), alu64r(ADD, 6, 0), ja(-4),
                movr(0, 6), exit(),
                mov(0, 0), mayGoto(2), alu64(ADD, 0, 1), ja(-3), exit());
        assertEquals(4L, r0);
    }

    // ---- load-time checks

    @Test
    void mapReferencesNeedAResolver() {
        Program p = prog(Insn.ldImm64(1, PSEUDO_MAP_FD, 3), mov(0, 0), exit());
        BpfRuntimeException e = assertThrows(BpfRuntimeException.class, () -> Vm.load(p));
        assertEquals(0, e.slot());
        assertTrue(e.getMessage().contains("no LdImm64Resolver"), e.getMessage());
        try (Vm vm = Vm.load(prog(Insn.ldImm64(0, PSEUDO_MAP_FD, 3), exit()),
                VmOptions.defaults().withResolver((slot, in) -> 0x1234_0000L + in.imm()))) {
            assertEquals(0x1234_0003L, vm.run(0, 0));
        }
    }

    @Test
    void kfuncCallsAreRejected() {
        assertThrows(BpfRuntimeException.class, () -> Vm.load(prog(new Insn(CALL_IMM, 0, PSEUDO_KFUNC_CALL, 0, 1), exit())));
    }

    @Test
    void fallingOffTheEndIsAnError() {
        BpfRuntimeException e = assertThrows(BpfRuntimeException.class, () -> run(mov(0, 0), mov(0, 1)));
        assertTrue(e.getMessage().contains("ran past the last instruction"), e.getMessage());
    }

    @Test
    void aClosedVmCannotRun() {
        Vm vm = Vm.load(prog(mov(0, 0), exit()));
        vm.close();
        assertThrows(BpfRuntimeException.class, () -> vm.run(0, 0));
    }

    @Test
    void runsAreRepeatableAndStartFromCleanRegisters() {
        try (Vm vm = Vm.load(prog(alu64(ADD, 6, 1), movr(0, 6), exit()))) {
            for (int i = 0; i < 1000; i++) assertEquals(1L, vm.run(new byte[8]));
        }
    }
}
