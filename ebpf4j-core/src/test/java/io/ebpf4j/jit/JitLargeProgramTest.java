package io.ebpf4j.jit;

import static io.ebpf4j.isa.Opcodes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.Vm;
import io.ebpf4j.vm.VmOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Functions too large for one JVM method (HotSpot compiles no method above 8,000 bytes of
 * bytecode) are split into chunk methods: every method stays under the limit, and the split code
 * gives the interpreter's results — on random programs with long functions and on a program of
 * 1,000,000 instructions (whose compile time this test prints).
 */
class JitLargeProgramTest {

    @Property(tries = 40)
    void splitFunctionsAgreeWithTheInterpreter(@ForAll long seed) {
        Program program = RandomPrograms.generate(seed, 1500);
        byte[] input = new byte[64];
        new Random(seed).nextBytes(input);
        var interpreted = JitDifferentialTest.run(program, input, Engine.INTERPRETER);
        var compiled = JitDifferentialTest.run(program, input, Engine.JIT);
        assertEquals(interpreted, compiled, "seed " + seed);
        try (Vm vm = Vm.load(program, JitDifferentialTest.options(), Engine.JIT)) {
            JitInfo info = JitInfo.of(vm).orElseThrow();
            assertTrue(info.largestMethod() <= JitInfo.HUGE_METHOD_LIMIT, () -> "largest method " + info);
        }
    }

    /**
     * In a split function every load and store goes through a shared accessor method, which holds the only fault
     * handler: each access kind (sizes 1, 2, 4, 8; zero- and sign-extending loads, ST and STX) must read and write
     * the stack as the interpreter does, and an access outside the arena must end the run with the interpreter's
     * fault (same message, same instruction) and the same instruction count.
     */
    @Example
    void everyAccessKindInASplitFunctionBehavesAsInterpreted() {
        int[] sizes = {B, H, W, DW};
        List<Insn> ok = splitPrefix();
        for (int i = 0; i < sizes.length; i++) {
            int off = -16 * (i + 1);
            ok.add(new Insn(ST | MEM | sizes[i], 10, 0, off, 0x80 | 0x7f5a_8000 + i)); // top bit of each narrow part set
            ok.add(new Insn(LDX | MEM | sizes[i], 1, 10, off, 0));
            ok.add(Insn.alu(ALU64, XOR, 0, 1));
            ok.add(Insn.aluImm(ALU64, LSH, 0, 3));
            ok.add(new Insn(STX | MEM | sizes[i], 10, 6, off - 8, 0));
            ok.add(new Insn(LDX | (sizes[i] == DW ? MEM : MEMSX) | sizes[i], 1, 10, off - 8, 0));
            ok.add(Insn.alu(ALU64, ADD, 0, 1));
        }
        ok.add(Insn.exit());
        assertSplitAndEqual(new Program(ok).validate(), "accesses");
        for (int size : sizes) {
            for (int form : new int[] {LDX | MEM, LDX | MEMSX, ST | MEM, STX | MEM}) {
                if (form == (LDX | MEMSX) && size == DW) continue;
                List<Insn> bad = splitPrefix();
                // r6 holds a random 64-bit value: almost surely outside the arena
                bad.add((form & 7) == LDX ? new Insn(form | size, 0, 6, 24, 0) : form == (ST | MEM) ? new Insn(form | size, 6, 0, -24, 5) : new Insn(form | size, 6, 7, -24, 0));
                bad.add(Insn.exit());
                assertSplitAndEqual(new Program(bad).validate(), "fault of opcode 0x" + Integer.toHexString(form | size));
            }
        }
    }

    /** Enough straight-line ALU code that the function is split (r0, r6, r7 set). */
    /**
     * The size estimate that decides a split is an upper bound, so a function estimated above
     * {@code JitCompiler.SPLIT_ABOVE} is first built whole and kept whole where its bytecode fits (a split costs every
     * chunk boundary a pass of the registers through an array; the corpus's pkt_parse ran twice as fast whole). 700
     * ALU instructions with small immediates are estimated at 8,400 bytes and take about 6,300: one method. 2,000 do not fit: chunks. Both give the
     * interpreter's result.
     */
    @Example
    void aFunctionThatFitsWholeIsNotSplitEvenWhereTheEstimateIsAboveTheLine() {
        int whole = methods(aluRun(700)), split = methods(aluRun(2000));
        int single = methods(aluRun(10));
        assertEquals(single, whole, "700 instructions: as many methods as a 10-instruction program");
        assertTrue(split > single + 2, () -> "2,000 instructions: split into chunks (" + split + " methods against " + single + ")");
    }

    private static Program aluRun(int n) {
        List<Insn> out = new ArrayList<>();
        out.add(Insn.aluImm(ALU64, MOV, 0, 3));
        for (int i = 0; i < n; i++) out.add(Insn.aluImm(ALU64, i % 2 == 0 ? ADD : XOR, 0, i));
        out.add(Insn.exit());
        return new Program(out).validate();
    }

    private static int methods(Program program) {
        byte[] input = new byte[64];
        assertEquals(JitDifferentialTest.run(program, input, Engine.INTERPRETER), JitDifferentialTest.run(program, input, Engine.JIT));
        try (Vm vm = Vm.load(program, JitDifferentialTest.options(), Engine.JIT)) {
            JitInfo info = JitInfo.of(vm).orElseThrow();
            assertTrue(info.largestMethod() <= JitInfo.HUGE_METHOD_LIMIT, info::toString);
            return info.methods();
        }
    }

    private static List<Insn> splitPrefix() {
        Random rnd = new Random(11);
        List<Insn> out = new ArrayList<>();
        out.add(Insn.aluImm(ALU64, MOV, 0, 3));
        out.add(Insn.ldImm64(6, 0, 0x5a5a_0000_0000_0000L | rnd.nextInt()));
        out.add(Insn.ldImm64(7, 0, rnd.nextLong()));
        for (int i = 0; i < 3000; i++) out.add(Insn.aluImm(rnd.nextBoolean() ? ALU64 : ALU, i % 2 == 0 ? ADD : XOR, 7, rnd.nextInt()));
        return out;
    }

    private static void assertSplitAndEqual(Program program, String what) {
        byte[] input = new byte[64];
        var interpreted = JitDifferentialTest.run(program, input, Engine.INTERPRETER);
        var compiled = JitDifferentialTest.run(program, input, Engine.JIT);
        assertEquals(interpreted, compiled, what);
        if (what.startsWith("fault")) assertTrue(interpreted.result().contains("Exception"), () -> what + ": " + interpreted);
        try (Vm vm = Vm.load(program, JitDifferentialTest.options(), Engine.JIT)) {
            assertTrue(JitInfo.of(vm).orElseThrow().methods() > 6, () -> what + ": not split");
            assertChunksNamedForTheCompileCommand(vm, what);
        }
    }

    /**
     * Every method with the chunk signature {@code (JitState, long[], int, int) long} is matched by the pattern of
     * {@link JitInfo#CHUNK_COMPILE_COMMAND}, the option that lets HotSpot compile chunks early, and no function entry
     * is (HotSpot's CompileCommand patterns: {@code class*::method*}, a trailing star a prefix match).
     */
    static void assertChunksNamedForTheCompileCommand(Vm vm, String what) {
        String option = JitInfo.CHUNK_COMPILE_COMMAND;
        String pattern = option.substring(option.indexOf(',') + 1, option.lastIndexOf(','));
        String classPrefix = pattern.substring(0, pattern.indexOf("*::"));
        String methodPrefix = pattern.substring(pattern.indexOf("::") + 2, pattern.length() - 1);
        Class<?> c = ((ProgramSupport) io.ebpf4j.vm.JitBridge.compiledForm(vm)).hiddenClass;
        assertTrue(c.getName().startsWith(classPrefix), () -> c.getName() + " does not match " + pattern);
        int chunks = 0;
        for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
            boolean chunk = java.util.Arrays.equals(m.getParameterTypes(), new Class<?>[] {JitState.class, long[].class, int.class, int.class});
            assertEquals(chunk, m.getName().startsWith(methodPrefix), () -> what + ": method " + m + " against " + pattern);
            if (chunk) chunks++;
        }
        assertTrue(chunks > 6, what + ": " + chunks + " chunk methods");
    }

    /**
     * One function of 1,000,000 instructions: ALU chains over r0, r6-r8 with varied constants, stack
     * stores and loads, conditional jumps up to 5,000 instructions ahead (across chunks), short
     * loops and calls of a small subprogram.
     */
    static Program million(long seed, int size) {
        Random rnd = new Random(seed);
        List<Insn> out = new ArrayList<>();
        out.add(Insn.aluImm(ALU64, MOV, 0, 1));
        for (int r = 6; r <= 8; r++) out.add(Insn.ldImm64(r, 0, rnd.nextLong()));
        int body = size - 6; // room for the final exit and the 4-instruction subprogram
        int[] aluOps = {ADD, SUB, MUL, OR, AND, XOR, LSH, RSH, ARSH};
        List<int[]> pendingJumps = new ArrayList<>(); // {insn index, target index}
        while (out.size() < body) {
            int i = out.size();
            int k = rnd.nextInt(100);
            if (k < 2 && body - i > 6000) {
                // conditional jump up to 5,000 instructions ahead
                int target = i + 1 + rnd.nextInt(5000);
                pendingJumps.add(new int[] {i, target});
                out.add(new Insn(JMP | (rnd.nextBoolean() ? JSET : JGT) | K, 6 + rnd.nextInt(3), 0, 0, rnd.nextInt()));
            } else if (k < 3) {
                out.add(new Insn(STX | MEM | DW, 10, 6 + rnd.nextInt(3), -8 * (1 + rnd.nextInt(64)), 0));
            } else if (k < 4) {
                out.add(new Insn(LDX | MEM | DW, 6 + rnd.nextInt(3), 10, -8 * (1 + rnd.nextInt(64)), 0));
            } else if (k == 5 && body - i > 10) {
                // a loop of at most 3 iterations however it is entered: r1 counts up, unsigned compare
                out.add(Insn.aluImm(ALU64, MOV, 1, 0));
                out.add(Insn.alu(ALU64, ADD, 0, 7));
                out.add(Insn.aluImm(ALU64, ADD, 1, 1));
                out.add(new Insn(JMP | JLT | K, 1, 0, -3, 3));
            } else if (k == 6 && body - i > 10) {
                out.add(Insn.alu(ALU64, MOV, 1, 0));
                out.add(new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, -1)); // fixed below
                out.add(Insn.alu(ALU64, XOR, 6, 0));
            } else {
                int op = aluOps[rnd.nextInt(aluOps.length)];
                int dst = rnd.nextBoolean() ? 0 : 6 + rnd.nextInt(3);
                out.add(rnd.nextBoolean() ? Insn.aluImm(rnd.nextBoolean() ? ALU64 : ALU, op, dst, rnd.nextInt())
                        : Insn.alu(ALU64, op, dst, rnd.nextBoolean() ? 0 : 6 + rnd.nextInt(3)));
            }
        }
        out.add(Insn.alu(ALU64, ADD, 0, 6));
        out.add(Insn.exit());
        int sub = out.size();
        out.add(Insn.alu(ALU64, MOV, 0, 1));
        out.add(Insn.aluImm(ALU64, MUL, 0, 0x9e3779b1));
        out.add(Insn.aluImm(ALU64, RSH, 0, 7));
        out.add(Insn.exit());
        // slots: ld_imm64 takes two
        int[] slot = new int[out.size() + 1];
        for (int i = 0, s = 0; i <= out.size(); i++) {
            slot[i] = s;
            if (i < out.size()) s += out.get(i).isWide() ? 2 : 1;
        }
        for (int[] j : pendingJumps) {
            Insn in = out.get(j[0]);
            out.set(j[0], new Insn(in.opcode(), in.dst(), 0, slot[j[1]] - slot[j[0]] - 1, in.imm()));
        }
        for (int i = 0; i < sub; i++) {
            Insn in = out.get(i);
            if (in.opcode() == CALL_IMM && in.src() == PSEUDO_CALL) out.set(i, new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, slot[sub] - slot[i] - 1));
        }
        return new Program(out).validate();
    }

    /**
     * Checked mode (a region check before every access) on a program of 200,000 instructions: the larger code still
     * splits into methods HotSpot compiles, and gives the interpreter's checked-mode result and count.
     */
    @Example
    void aLargeProgramInCheckedModeRunsAsInterpreted() {
        Program program = million(7, 200_000);
        VmOptions options = VmOptions.defaults().withChecked(true);
        long r0Interpreted, countInterpreted;
        try (Vm vm = Vm.load(program, options, Engine.INTERPRETER)) {
            r0Interpreted = vm.run(new byte[8]);
            countInterpreted = vm.instructionCount();
        }
        try (Vm vm = Vm.load(program, options, Engine.JIT)) {
            JitInfo info = JitInfo.of(vm).orElseThrow();
            assertEquals(r0Interpreted, vm.run(new byte[8]), "r0");
            assertEquals(countInterpreted, vm.instructionCount(), "instructions executed");
            assertTrue(info.largestMethod() <= JitInfo.HUGE_METHOD_LIMIT, () -> "largest method " + info);
        }
    }

    @Example
    void aMillionInstructionsCompileIntoMethodsHotSpotCompilesAndRunAsInterpreted() {
        Program program = million(42, 1_000_000);
        assertEquals(1_000_000, program.size());
        VmOptions options = VmOptions.defaults();
        long r0Interpreted, countInterpreted;
        try (Vm vm = Vm.load(program, options, Engine.INTERPRETER)) {
            r0Interpreted = vm.run(new byte[8]);
            countInterpreted = vm.instructionCount();
        }
        long t0 = System.nanoTime();
        try (Vm vm = Vm.load(program, options, Engine.JIT)) {
            long loadNanos = System.nanoTime() - t0;
            JitInfo info = JitInfo.of(vm).orElseThrow();
            long t1 = System.nanoTime();
            long r0 = vm.run(new byte[8]);
            long firstRun = System.nanoTime() - t1;
            assertEquals(r0Interpreted, r0, "r0");
            assertEquals(countInterpreted, vm.instructionCount(), "instructions executed");
            assertTrue(info.largestMethod() <= JitInfo.HUGE_METHOD_LIMIT, () -> "largest method " + info);
            System.out.printf("JIT of %,d instructions: compile %,d ms (%.1f µs per 1,000 instructions; class file generated in %,d ms), load %,d ms,"
                            + " class %,d bytes, %,d methods, largest %,d bytes; first run %,d µs for %,d instructions%n",
                    info.instructions(), info.compileNanos() / 1_000_000, info.compileNanos() / 1000.0 / (info.instructions() / 1000.0),
                    info.generateNanos() / 1_000_000, loadNanos / 1_000_000, info.classBytes(), info.methods(), info.largestMethod(), firstRun / 1000, countInterpreted);
        }
    }
}
