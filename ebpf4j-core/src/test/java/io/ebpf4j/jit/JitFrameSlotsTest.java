package io.ebpf4j.jit;

import static io.ebpf4j.isa.Opcodes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.Vm;
import io.ebpf4j.vm.VmOptions;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Frame slots kept in JVM locals ({@link FrameSlots}): which slots the JIT keeps (and which it must not), and that
 * a program gives the interpreter's results with them — r0, the instruction count, and the stack bytes after the run,
 * which the kept slots must reach by every way out of a function (exit, an exception, a stop, the budget, a split
 * function's chunks). Values are checked against RFC 9669 §5 (a store writes the low bytes, {@code LDX MEM}
 * zero-extends, {@code MEMSX} sign-extends), not only against the interpreter.
 */
class JitFrameSlotsTest {

    static VmOptions verified() {
        return JitDifferentialTest.options().withVerified(true);
    }

    static int kept(Program p, VmOptions options) {
        try (Vm vm = Vm.load(p, options, Engine.JIT)) {
            return JitInfo.of(vm).orElseThrow().keptFrameSlots();
        }
    }

    /** Runs {@code p} on both engines with {@link #verified()}; asserts the same outcome and returns it. */
    static JitDifferentialTest.Outcome same(Program p) {
        byte[] input = new byte[64];
        for (int i = 0; i < input.length; i++) input[i] = (byte) (i * 7 + 1);
        var interpreted = JitDifferentialTest.run(p, input, Engine.INTERPRETER, ByteOrder.LITTLE_ENDIAN, verified());
        var compiled = JitDifferentialTest.run(p, input, Engine.JIT, ByteOrder.LITTLE_ENDIAN, verified());
        assertEquals(interpreted, compiled);
        return compiled;
    }

    /** The 8 stack bytes below the entry frame's r10 at {@code off} (little-endian hex) in an outcome. */
    static String frameBytes(JitDifferentialTest.Outcome o, int off, int n) {
        String stack = o.stack();
        int end = stack.length() + 2 * off; // the entry frame is the top of the stack region
        return stack.substring(end, end + 2 * n);
    }

    static String le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (v >>> (8 * i));
        return HexFormat.of().formatHex(b);
    }

    private static Insn stx(int size, int off, int src) {
        return new Insn(STX | MEM | size, 10, src, off, 0);
    }

    private static Insn ldx(int size, boolean sx, int dst, int off) {
        return new Insn(LDX | (sx ? MEMSX : MEM) | size, dst, 10, off, 0);
    }

    /**
     * Four slots, one per size, each written and read back with zero- and sign-extending loads: the JIT keeps all
     * four, and the registers get RFC 9669's values (the low bytes of the stored value, extended).
     */
    static List<Insn> sizesProgram() {
        List<Insn> p = new ArrayList<>();
        p.add(Insn.ldImm64(1, 0, 0xf1e2d3c4b5a69788L));
        p.add(stx(DW, -8, 1));
        p.add(stx(W, -12, 1));
        p.add(stx(H, -14, 1));
        p.add(stx(B, -15, 1));
        p.add(ldx(DW, false, 2, -8));  // 0xf1e2d3c4b5a69788
        p.add(ldx(W, false, 3, -12));  // 0xb5a69788
        p.add(ldx(W, true, 4, -12));   // 0xffffffffb5a69788
        p.add(ldx(H, false, 5, -14));  // 0x9788
        p.add(ldx(H, true, 6, -14));   // 0xffffffffffff9788
        p.add(ldx(B, false, 7, -15));  // 0x88
        p.add(ldx(B, true, 8, -15));   // 0xffffffffffffff88
        p.add(new Insn(ST | MEM | DW, 10, 0, -8, -5)); // imm sign-extended: 0xfffffffffffffffb
        p.add(ldx(DW, false, 9, -8));
        return p;
    }

    /** r0 = the sum of r2..r9 (mod 2^64). */
    static void sum(List<Insn> p) {
        p.add(Insn.aluImm(ALU64, MOV, 0, 0));
        for (int r = 2; r <= 9; r++) p.add(Insn.alu(ALU64, ADD, 0, r));
        p.add(Insn.exit());
    }

    static final long SIZES_SUM = 0xf1e2d3c4b5a69788L + 0xb5a69788L + 0xffffffffb5a69788L + 0x9788L + 0xffffffffffff9788L + 0x88L
            + 0xffffffffffffff88L + 0xfffffffffffffffbL;

    @Example
    void eachSizeIsKeptAndReadsBackAsRfc9669Says() {
        List<Insn> p = sizesProgram();
        sum(p);
        Program program = new Program(p).validate();
        assertEquals(4, kept(program, verified()));
        var o = same(program);
        assertEquals("r0 = 0x" + Long.toHexString(SIZES_SUM), o.result());
        // written back: the arena holds the last store of each slot when the run is over
        assertEquals(le(-5L, 8), frameBytes(o, -8, 8));
        assertEquals(le(0xb5a69788L, 4), frameBytes(o, -12, 4));
        assertEquals(le(0x9788L, 2), frameBytes(o, -14, 2));
        assertEquals(le(0x88L, 1), frameBytes(o, -15, 1));
    }

    @Example
    void nothingIsKeptWithoutTheVerifiedPromiseOrInCheckedMode() {
        List<Insn> p = sizesProgram();
        sum(p);
        Program program = new Program(p).validate();
        assertEquals(0, kept(program, JitDifferentialTest.options()));
        assertEquals(0, kept(program, verified().withChecked(true)));
    }

    /** {@link #sizesProgram} with {@code extra} after its first instruction (r3 = 0, r4 = 0 first), summed into r0. */
    static Program withExtra(Insn... extra) {
        List<Insn> p = sizesProgram();
        p.addAll(1, List.of(extra));
        p.addFirst(Insn.aluImm(ALU64, MOV, 4, 0));
        p.addFirst(Insn.aluImm(ALU64, MOV, 3, 0));
        sum(p);
        return new Program(p).validate();
    }

    /**
     * A pointer made from r10 that may reach anywhere in the frame keeps the whole frame in the arena: stored to
     * memory, given to a bpf-to-bpf call, used with an unknown offset, returned. The results stay RFC 9669's.
     */
    @Example
    void aPointerThatMayReachAnywhereKeepsNothing() {
        Insn[][] escapes = {
                {new Insn(STX | MEM | DW, 10, 10, -32, 0)},                                        // *(u64 *)(r10 - 32) = r10
                {Insn.alu(ALU64, MOV, 4, 10), new Insn(STX | MEM | DW, 10, 4, -32, 0)},            // r4 = r10; *(r10 - 32) = r4
                {Insn.alu(ALU64, MOV, 4, 10), Insn.alu(ALU64, ADD, 4, 3),                          // r4 = r10 + r3 (unknown)
                        new Insn(ST | MEM | B, 4, 0, -40, 1)},                                     // *(u8 *)(r4 - 40) = 1
                {Insn.alu(ALU64, MOV, 4, 10), Insn.aluImm(ALU64, MUL, 4, 1),                       // r4 *= 1: unknown
                        new Insn(ST | MEM | B, 4, 0, -40, 1)},
        };
        for (Insn[] e : escapes) {
            Program program = withExtra(e);
            assertEquals(0, kept(program, verified()), () -> Arrays.toString(e));
            assertEquals("r0 = 0x" + Long.toHexString(SIZES_SUM), same(program).result(), () -> Arrays.toString(e));
        }
        // given to a bpf-to-bpf call (which may move it anywhere), or returned
        List<Insn> call = sizesProgram();
        call.add(Insn.alu(ALU64, MOV, 1, 10));
        call.add(new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, 10));
        sum(call); // 10 instructions: the callee follows
        call.add(Insn.aluImm(ALU64, MOV, 0, 0));
        call.add(Insn.exit());
        Program p = new Program(call).validate();
        assertEquals(0, kept(p, verified()));
        assertEquals("r0 = 0x" + Long.toHexString(SIZES_SUM), same(p).result());
        List<Insn> ret = sizesProgram();
        ret.add(Insn.alu(ALU64, MOV, 0, 10));
        ret.add(Insn.exit());
        p = new Program(ret).validate();
        assertEquals(0, kept(p, verified()));
        same(p);
    }

    /**
     * Pointers with a known offset keep only the bytes they reach in the arena: a helper given {@code r10 - 12}
     * reaches {@code [-12, 0)} (the slots at -8 and -12 stay in the arena, -14 and -15 are kept); an access through
     * a copy of r10 reaches its own bytes; a compare with r10 reaches nothing. In a program with function pointers a
     * helper given a frame pointer may call BPF code with it: nothing is kept.
     */
    @Example
    void pointersWithAKnownOffsetKeepOnlyWhatTheyReach() {
        Program helper = withExtra(Insn.alu(ALU64, MOV, 1, 10), Insn.aluImm(ALU64, ADD, 1, -12),
                new Insn(CALL_IMM, 0, 0, 0, 1)); // helper 1 (mix) with r1 = r10 - 12
        assertEquals(2, kept(helper, verified()));
        same(helper);
        Program copy = withExtra(Insn.alu(ALU64, MOV, 4, 10), Insn.aluImm(ALU64, SUB, 4, 16),
                new Insn(ST | MEM | H, 4, 0, 2, 7)); // *(u16 *)(r10 - 14) = 7 through r4 = r10 - 16
        assertEquals(3, kept(copy, verified()));
        assertEquals("r0 = 0x" + Long.toHexString(SIZES_SUM), same(copy).result());
        Program compare = withExtra(Insn.alu(ALU64, MOV, 4, 10), new Insn(JMP | JEQ | X, 10, 4, 0, 0));
        assertEquals(4, kept(compare, verified()));
        assertEquals("r0 = 0x" + Long.toHexString(SIZES_SUM), same(compare).result());
        List<Insn> fp = new ArrayList<>(helper.insns());
        fp.addFirst(Insn.ldImm64(5, PSEUDO_FUNC, -1L)); // a function pointer to the entry
        Program withPointers = new Program(fp).validate();
        assertEquals(0, kept(withPointers, verified()));
    }

    /** Helper 9: writes the 8 bytes 42 at r1 (as a helper fills a buffer it is given) and returns 0. */
    static final io.ebpf4j.helpers.Helper FILL = io.ebpf4j.helpers.Helper.of(9, "fill", (ctx, r1, r2, r3, r4, r5) -> {
        ctx.write(r1, new byte[] {42, 0, 0, 0, 0, 0, 0, 0});
        return 0;
    });

    /**
     * A helper writes through the frame pointer it is given, and the program then reads the slot through r10: the
     * slot stays in the arena (kept in a local, the read would miss the helper's write). Slots below the pointer
     * are still kept.
     */
    @Example
    void aHelperWritingThroughAFramePointerIsSeen() {
        List<Insn> p = new ArrayList<>();
        p.add(new Insn(ST | MEM | DW, 10, 0, -8, 1));
        p.add(new Insn(ST | MEM | DW, 10, 0, -16, 5));
        p.add(ldx(DW, false, 6, -8));  // 1
        p.add(ldx(DW, false, 7, -16)); // 5
        p.add(Insn.alu(ALU64, MOV, 1, 10));
        p.add(Insn.aluImm(ALU64, ADD, 1, -8));
        p.add(new Insn(CALL_IMM, 0, 0, 0, 9));
        p.add(ldx(DW, false, 0, -8));  // 42, written by the helper
        p.add(ldx(DW, false, 8, -16)); // 5
        p.add(Insn.alu(ALU64, ADD, 0, 6));
        p.add(Insn.alu(ALU64, ADD, 0, 7));
        p.add(Insn.alu(ALU64, ADD, 0, 8));
        p.add(Insn.exit());
        Program program = new Program(p).validate();
        VmOptions options = verified().withHelpers(FILL);
        try (Vm vm = Vm.load(program, options, Engine.JIT)) {
            assertEquals(1, JitInfo.of(vm).orElseThrow().keptFrameSlots()); // -16, not -8
            assertEquals(42 + 1 + 5 + 5, vm.run(new byte[8]));
        }
        try (Vm vm = Vm.load(program, options, Engine.INTERPRETER)) {
            assertEquals(42 + 1 + 5 + 5, vm.run(new byte[8]));
        }
    }

    /**
     * A slot read with another size than it is written with, or touched by an atomic, stays in the arena; the other
     * slots are still kept. The mixed read sees the low bytes (little-endian memory), as the interpreter does.
     */
    @Example
    void mixedSizesAndAtomicsStayInTheArena() {
        List<Insn> p = sizesProgram();
        p.add(stx(DW, -24, 1));
        p.add(ldx(W, false, 2, -20));                                   // the high half of r1: 0xf1e2d3c4
        p.add(Insn.aluImm(ALU64, MOV, 3, 5));
        p.add(new Insn(STX | MEM | DW, 10, 3, -32, 0));
        p.add(new Insn(STX | ATOMIC | DW, 10, 3, -32, ATOMIC_ADD));        // *(u64 *)(r10 - 32) += 5
        p.add(ldx(DW, false, 3, -32));                                  // 10
        sum(p);
        Program program = new Program(p).validate();
        assertEquals(4, kept(program, verified()));
        long expected = SIZES_SUM - 0xf1e2d3c4b5a69788L - 0xb5a69788L + 0xf1e2d3c4L + 10;
        var o = same(program);
        assertEquals("r0 = 0x" + Long.toHexString(expected), o.result());
        assertEquals(le(10, 8), frameBytes(o, -32, 8));
    }

    /** A slot read before anything wrote it reads what the arena held: the previous run's value here. */
    @Example
    void aSlotReadBeforeItIsWrittenReadsTheArena() {
        List<Insn> p = new ArrayList<>();
        p.add(ldx(DW, false, 0, -8));
        p.add(Insn.aluImm(ALU64, ADD, 0, 1));
        p.add(stx(DW, -8, 0));
        p.add(ldx(DW, false, 2, -8));
        p.add(stx(DW, -8, 2));
        p.add(Insn.exit());
        Program program = new Program(p).validate();
        assertEquals(1, kept(program, verified()));
        for (Engine e : Engine.values()) {
            try (Vm vm = Vm.load(program, verified(), e)) {
                long[] r0 = new long[3];
                for (int i = 0; i < 3; i++) r0[i] = vm.run(new byte[8]);
                assertEquals("[1, 2, 3]", Arrays.toString(r0), e.toString());
            }
        }
    }

    /**
     * The ways out of a function by an exception write the kept slots back too: a helper that stops the program,
     * the instruction budget in a loop, and a fault of another access. The stack after the run is the
     * interpreter's, and holds the values the program stored.
     */
    @Example
    void exceptionsWriteTheKeptSlotsBack() {
        // stop: helper 3 with r1 odd ends the run with r0 = r2
        List<Insn> stop = sizesProgram();
        stop.add(Insn.aluImm(ALU64, MOV, 1, 1));
        stop.add(Insn.aluImm(ALU64, MOV, 2, 77));
        stop.add(new Insn(CALL_IMM, 0, 0, 0, 3));
        sum(stop);
        var o = same(new Program(stop).validate());
        assertEquals("r0 = 0x4d", o.result());
        assertEquals(le(-5L, 8), frameBytes(o, -8, 8));
        assertEquals(le(0x88L, 1), frameBytes(o, -15, 1));
        // the budget (20,000) ends an endless loop that increments a kept slot
        List<Insn> loop = new ArrayList<>();
        loop.add(new Insn(ST | MEM | DW, 10, 0, -16, 0));
        loop.add(ldx(DW, false, 1, -16));
        loop.add(Insn.aluImm(ALU64, ADD, 1, 1));
        loop.add(stx(DW, -16, 1));
        loop.add(new Insn(JA_OP, 0, 0, -4, 0));
        loop.add(Insn.exit());
        Program lp = new Program(loop).validate();
        assertEquals(1, kept(lp, verified()));
        o = same(lp);
        assertTrue(o.result().contains("budget"), o.result());
        long stored = Long.reverseBytes(Long.parseUnsignedLong(frameBytes(o, -16, 8), 16));
        assertTrue(stored > 4000, "the loop's count in the arena: " + stored);
        // a fault: a load far outside the arena after the stores
        List<Insn> fault = sizesProgram();
        fault.add(Insn.ldImm64(1, 0, 0x7000_0000_0000L));
        fault.add(new Insn(LDX | MEM | DW, 0, 1, 0, 0));
        fault.add(Insn.exit());
        o = same(new Program(fault).validate());
        assertTrue(!o.result().startsWith("r0"), o.result());
        assertEquals(le(-5L, 8), frameBytes(o, -8, 8));
    }

    /** A caller and its callee keep their own slots; each frame ends as the interpreter leaves it. */
    @Example
    void callerAndCalleeKeepTheirOwnFrames() {
        List<Insn> p = new ArrayList<>();
        p.add(Insn.aluImm(ALU64, MOV, 6, 3));
        p.add(stx(DW, -8, 6));
        p.add(Insn.aluImm(ALU64, MOV, 1, 40));
        p.add(new Insn(CALL_IMM, 0, PSEUDO_CALL, 0, 6)); // f at slot 10
        p.add(ldx(DW, false, 2, -8));
        p.add(Insn.alu(ALU64, ADD, 0, 2));
        p.add(stx(DW, -8, 0));
        p.add(ldx(DW, false, 3, -8));
        p.add(Insn.alu(ALU64, MOV, 0, 3));
        p.add(Insn.exit());
        // f(r1): its own slot -8 = r1 * 2, read back twice
        p.add(Insn.alu(ALU64, MOV, 0, 1));
        p.add(Insn.aluImm(ALU64, MUL, 0, 2));
        p.add(stx(DW, -8, 0));
        p.add(ldx(DW, false, 0, -8));
        p.add(ldx(DW, false, 4, -8));
        p.add(Insn.alu(ALU64, ADD, 0, 4));
        p.add(Insn.exit());
        Program program = new Program(p).validate();
        assertEquals(2, kept(program, verified()));
        var o = same(program);
        assertEquals("r0 = 0xa3", o.result()); // 40*2*2 + 3
        assertEquals(le(0xa3, 8), frameBytes(o, -8, 8));
    }

    /**
     * One straight-line function long enough to be split into chunks, with five kept slots of every size written and
     * read all along it: each chunk reads slots that earlier chunks wrote. r0 and the frame bytes are checked against a
     * model of RFC 9669 §5 (a store keeps the low bytes, {@code LDX MEM} zero-extends, {@code MEMSX} sign-extends);
     * then the same program stopped by the instruction budget leaves the frame as the interpreter does.
     */
    @Example
    void splitFunctionCarriesKeptSlotsFromChunkToChunk() {
        int[] offs = {-8, -16, -20, -22, -23};
        int[] sizes = {DW, DW, W, H, B};
        int[] bytes = {8, 8, 4, 2, 1};
        long[] model = new long[offs.length]; // each slot's stored value, truncated to its size
        List<Insn> p = new ArrayList<>();
        p.add(Insn.aluImm(ALU64, MOV, 0, 1));
        for (int k = 0; k < offs.length; k++) p.add(stx(sizes[k], offs[k], 0));
        java.util.Arrays.fill(model, 1);
        long r0 = 1;
        Random rnd = new Random(7);
        for (int i = 0; i < 700; i++) {
            int a = rnd.nextInt(offs.length), b = rnd.nextInt(offs.length);
            boolean sx = bytes[a] != 8 && rnd.nextBoolean();
            p.add(ldx(sizes[a], sx, 1, offs[a]));
            long v = model[a];
            long r1 = sx ? v << (64 - 8 * bytes[a]) >> (64 - 8 * bytes[a]) : v;
            p.add(Insn.aluImm(ALU64, MUL, 0, 31));
            p.add(Insn.alu(ALU64, ADD, 0, 1));
            r0 = r0 * 31 + r1;
            p.add(stx(sizes[b], offs[b], 0));
            model[b] = bytes[b] == 8 ? r0 : r0 & ((1L << (8 * bytes[b])) - 1);
            p.add(Insn.aluImm(ALU64, XOR, 0, i));
            r0 ^= i;
        }
        p.add(Insn.exit());
        Program program = new Program(p).validate();
        try (Vm vm = Vm.load(program, verified(), Engine.JIT)) {
            JitInfo info = JitInfo.of(vm).orElseThrow();
            assertTrue(info.methods() > 8, "split into chunks: " + info.methods() + " methods");
            assertEquals(offs.length, info.keptFrameSlots());
        }
        var o = same(program);
        assertEquals("r0 = 0x" + Long.toHexString(r0), o.result());
        for (int k = 0; k < offs.length; k++) assertEquals(le(model[k], bytes[k]), frameBytes(o, offs[k], bytes[k]), "slot " + offs[k]);
        // over the budget: the interpreter (and the JIT, which charges a straight run at its end) stops at the exit,
        // and the error leaves through the split function's driver, which must write the slots to the arena
        VmOptions budget = verified().withInstructionBudget(2000);
        byte[] input = new byte[64];
        var interpreted = JitDifferentialTest.run(program, input, Engine.INTERPRETER, ByteOrder.LITTLE_ENDIAN, budget);
        var compiled = JitDifferentialTest.run(program, input, Engine.JIT, ByteOrder.LITTLE_ENDIAN, budget);
        assertTrue(compiled.result().contains("budget"), compiled.result());
        assertEquals(interpreted, compiled);
    }

    /**
     * Random programs that keep the {@code verified} promise (every access through r10 or inside the input buffer):
     * both engines give the same r0, input bytes, stack bytes and instruction count. The generator's loops, calls,
     * callx, helpers that stop or call back, may_goto and the budget all leave functions with kept slots.
     */
    @Property(tries = 1000)
    void enginesAgreeOnVerifiedShapedPrograms(@ForAll long seed) {
        check(seed, 40);
    }

    /** The same with functions long enough to be split into chunks that pass the kept slots through their array. */
    @Property(tries = 25)
    void splitFunctionsPassTheirKeptSlotsAlong(@ForAll long seed) {
        check(seed, 1500);
    }

    /** The same with big-endian memory (the runtime's big-endian load and store forms, as for a bpfeb object). */
    @Property(tries = 250)
    void enginesAgreeOnVerifiedShapedProgramsWithBigEndianMemory(@ForAll long seed) {
        check(seed, 40, ByteOrder.BIG_ENDIAN);
    }

    static void check(long seed, int length) {
        check(seed, length, ByteOrder.LITTLE_ENDIAN);
    }

    static void check(long seed, int length, ByteOrder order) {
        Program program = RandomPrograms.generate(seed, length, true);
        byte[] input = new byte[64];
        new Random(seed * 31 + 7).nextBytes(input);
        var interpreted = JitDifferentialTest.run(program, input, Engine.INTERPRETER, order, verified());
        var compiled = JitDifferentialTest.run(program, input, Engine.JIT, order, verified());
        assertEquals(interpreted, compiled, () -> "seed " + seed + "\n"
                + io.ebpf4j.asm.LlvmDisassembler.OBJDUMP.listing(program, "prog"));
    }

    /** The property above is about kept slots: most of its programs have some, and split ones too. */
    @Example
    void theGeneratedProgramsKeepSlots() {
        int with = 0;
        for (long s = 0; s < 200; s++) if (kept(RandomPrograms.generate(s, 40, true), verified()) > 0) with++;
        assertTrue(with >= 80, "programs with kept slots: " + with + " of 200");
        int split = 0;
        for (long s = 0; s < 5; s++) {
            Program p = RandomPrograms.generate(s, 1500, true);
            try (Vm vm = Vm.load(p, verified(), Engine.JIT)) {
                JitInfo info = JitInfo.of(vm).orElseThrow();
                if (info.keptFrameSlots() > 0 && info.methods() > 10) split++;
            }
        }
        assertTrue(split >= 2, "split programs with kept slots: " + split + " of 5");
    }
}
