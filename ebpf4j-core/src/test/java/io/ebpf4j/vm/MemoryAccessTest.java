package io.ebpf4j.vm;

import static io.ebpf4j.isa.Opcodes.*;
import static io.ebpf4j.vm.Code.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.isa.Insn;
import org.junit.jupiter.api.Test;

/** RFC 9669 §5: loads, stores, atomics, legacy packet access; the arena's bounds. */
class MemoryAccessTest {
    private static final byte[] BYTES = {(byte) 0x81, (byte) 0x82, (byte) 0x83, (byte) 0x84,
            (byte) 0x85, (byte) 0x86, (byte) 0x87, (byte) 0x88, 0x11, 0x22};

    private static long runWith(byte[] input, Insn... insns) {
        try (Vm vm = Vm.load(prog(insns))) {
            return vm.run(input);
        }
    }

    @Test
    void entryRegistersHoldInputAddressAndLength() {
        try (Vm vm = Vm.load(prog(movr(0, 1), exit()))) {
            assertEquals(vm.memory().inputAddress(), vm.run(BYTES));
            assertTrue(vm.memory().inputAddress() > 0 && vm.memory().inputAddress() < 1L << 32);
        }
        assertEquals(10L, runWith(BYTES, movr(0, 2), exit()));
    }

    @Test
    void loadsAreLittleEndianAndZeroExtend() {
        assertEquals(0x81L, runWith(BYTES, ldx(B, 0, 1, 0), exit()));
        assertEquals(0x8382L, runWith(BYTES, ldx(H, 0, 1, 1), exit()));   // unaligned
        assertEquals(0x8483_8281L, runWith(BYTES, ldx(W, 0, 1, 0), exit()));
        assertEquals(0x2211_8887_8685_8483L, runWith(BYTES, ldx(DW, 0, 1, 2), exit()));
    }

    @Test
    void signExtendingLoads() {
        assertEquals((byte) 0x81, runWith(BYTES, new Insn(LDX | MEMSX | B, 0, 1, 0, 0), exit()));
        assertEquals((short) 0x8281, runWith(BYTES, new Insn(LDX | MEMSX | H, 0, 1, 0, 0), exit()));
        assertEquals(0xffff_ffff_8483_8281L, runWith(BYTES, new Insn(LDX | MEMSX | W, 0, 1, 0, 0), exit()));
    }

    @Test
    void storesOnTheStack() {
        assertEquals(0xffff_ffff_ffff_fffeL, run(st(DW, 10, -8, -2), ldx(DW, 0, 10, -8), exit()));
        assertEquals(0xfffeL, run(st(DW, 10, -8, 0), st(H, 10, -8, -2), ldx(DW, 0, 10, -8), exit()));
        assertEquals(0x1234_5678L, run(mov(1, 0x1234_5678), st(DW, 10, -8, 0), stx(W, 10, 1, -8), ldx(DW, 0, 10, -8), exit()));
        assertEquals(0x78L, run(mov(1, 0x1234_5678), st(DW, 10, -8, 0), stx(B, 10, 1, -8), ldx(DW, 0, 10, -8), exit()));
        assertEquals(0xab_cdL, run(mov(1, 0xabcd), stx(H, 10, 1, -2), ldx(H, 0, 10, -2), exit()));
        assertEquals(0x0102_0304_0506_0708L, run(lddw(1, 0x0102_0304_0506_0708L), stx(DW, 10, 1, -16), ldx(DW, 0, 10, -16), exit()));
        assertEquals(0x7fL, run(st(B, 10, -1, 0x37f), ldx(B, 0, 10, -1), exit()));
        assertEquals(0x5678L, run(st(W, 10, -4, 0x1234_5678), ldx(H, 0, 10, -4), exit()));
    }

    @Test
    void programsWriteIntoTheInputAndItCanBeReadBack() {
        try (Vm vm = Vm.load(prog(st(B, 1, 0, 0x7f), mov(0, 0), exit()))) {
            vm.run(new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {0x7f, 2, 3}, vm.inputBytes());
            vm.run(new byte[] {9});
            assertArrayEquals(new byte[] {0x7f}, vm.inputBytes());
        }
    }

    @Test
    void runsReuseTheArena() {
        try (Vm vm = Vm.load(prog(ldx(B, 0, 1, 0), exit()))) {
            var segment = vm.memory().segment();
            for (int i = 0; i < 100; i++) assertEquals(i, vm.run(new byte[] {(byte) i, 0, 0}));
            org.junit.jupiter.api.Assertions.assertSame(segment, vm.memory().segment());
        }
    }

    @Test
    void runInPlaceUsesTheInputRegionAsWritten() {
        try (Vm vm = Vm.load(prog(ldx(W, 0, 1, 0), alu64r(ADD, 0, 2), exit()))) {
            VmMemory mem = vm.memory();
            mem.write(mem.inputAddress(), new byte[] {1, 0, 0, 0, 0, 0});
            assertEquals(1 + 6, vm.runInPlace(6));
            assertThrows(BpfRuntimeException.class, () -> vm.runInPlace(mem.inputCapacity() + 1));
        }
    }

    @Test
    void inputLargerThanTheCapacityGrowsTheArena() {
        try (Vm vm = Vm.load(prog(movr(3, 1), alu64r(ADD, 3, 2), ldx(B, 0, 3, -1), exit()), VmOptions.defaults().withInputCapacity(4))) {
            byte[] big = new byte[100];
            big[99] = 42;
            assertEquals(42L, vm.run(big));
            assertEquals(100, vm.inputBytes().length);
        }
    }

    @Test
    void strayPointerIsACleanErrorNamingTheInstruction() {
        BpfRuntimeException e = assertThrows(BpfRuntimeException.class,
                () -> run(mov(1, 0), ldx(DW, 0, 1, 0), exit()));
        assertEquals(1, e.slot());
        assertEquals(LDX | MEM | DW, e.opcode());
        assertTrue(e.getMessage().startsWith("insn 1 (ldxdw, opcode 0x79): read of 8 bytes at 0x0 is outside the memory arena"), e.getMessage());
    }

    @Test
    void writesPastTheArenaAndStackUnderflowAreErrors() {
        BpfRuntimeException e;
        try (Vm vm = Vm.load(prog(stx(DW, 1, 1, 0), exit()), VmOptions.defaults().withInputCapacity(4))) {
            e = assertThrows(BpfRuntimeException.class, () -> vm.run(new byte[4]));
        }
        assertTrue(e.getMessage().contains("write of 8 bytes") && e.getMessage().contains("runs past the end"), e.getMessage());
        // below the deepest frame: r10 - 8*512 - 8 with the default layout
        e = assertThrows(BpfRuntimeException.class, () -> run(st(DW, 10, -4104, 1), exit()));
        assertEquals(0, e.slot());
        assertTrue(e.getMessage().contains("write of 8 bytes at 0xffffff8"), e.getMessage());
        e = assertThrows(BpfRuntimeException.class, () -> run(lddw(1, Long.MAX_VALUE), ldx(B, 0, 1, 1), exit()));
        assertEquals(2, e.slot());
    }

    @Test
    void regionTableNamesStackAndInput() {
        try (Vm vm = Vm.load(prog(mov(0, 0), exit()))) {
            VmMemory mem = vm.memory();
            assertEquals("stack frame 0", mem.regionOf(mem.stackTop(0) - 1).name());
            assertEquals("stack frame 7", mem.regionOf(VmMemory.BASE).name());
            assertEquals("input", mem.regionOf(mem.inputAddress()).name());
            assertEquals(null, mem.regionOf(0));
            assertEquals(9, mem.regions().size());
        }
    }

    // ---- atomics (RFC 9669 §5.3)

    private static Insn atomic(int size, int op, int src) {
        return new Insn(STX | ATOMIC | size, 10, src, -8, op);
    }

    /** Stack slot [r10-8] = mem, r1 = src, r0 = r0init; runs {@code a}; returns {mem, r0, r1}. */
    private static long[] atomicRun(long mem, long src, long r0, Insn a) {
        long[] out = new long[3];
        for (int i = 0; i < 3; i++) {
            Insn result = switch (i) {
                case 0 -> ldx(DW, 0, 10, -8);
                case 1 -> mov(9, 0); // r0 stays
                default -> movr(0, 1);
            };
            out[i] = run(lddw(2, mem), stx(DW, 10, 2, -8), lddw(1, src), lddw(0, r0), a, result, exit());
        }
        return out;
    }

    @Test
    void atomic64Operations() {
        assertArrayEquals(new long[] {15, 0, 5}, atomicRun(10, 5, 0, atomic(DW, ATOMIC_ADD, 1)));
        assertArrayEquals(new long[] {15, 0, 10}, atomicRun(10, 5, 0, atomic(DW, ATOMIC_ADD | FETCH, 1)));
        assertArrayEquals(new long[] {0b1110, 0, 0b1100}, atomicRun(0b1100, 0b0110, 0, atomic(DW, ATOMIC_OR | FETCH, 1)));
        assertArrayEquals(new long[] {0b0100, 0, 0b0110}, atomicRun(0b1100, 0b0110, 0, atomic(DW, ATOMIC_AND, 1)));
        assertArrayEquals(new long[] {0b1010, 0, 0b1100}, atomicRun(0b1100, 0b0110, 0, atomic(DW, ATOMIC_XOR | FETCH, 1)));
        assertArrayEquals(new long[] {5, 0, 10}, atomicRun(10, 5, 0, atomic(DW, XCHG, 1)));
        assertArrayEquals(new long[] {5, 10, 5}, atomicRun(10, 5, 10, atomic(DW, CMPXCHG, 1)));
        assertArrayEquals(new long[] {10, 10, 5}, atomicRun(10, 5, 11, atomic(DW, CMPXCHG, 1)));
    }

    @Test
    void atomic32OperationsZeroExtendWhatTheyLoad() {
        long mem = 0x1234_5678_ffff_fff0L;
        assertArrayEquals(new long[] {0x1234_5678_ffff_fff5L, 0, 0xffff_fff0L}, atomicRun(mem, 5, 0, atomic(W, ATOMIC_ADD | FETCH, 1)));
        assertArrayEquals(new long[] {0x1234_5678_ffff_fff5L, 0, 5}, atomicRun(mem, 5, 0, atomic(W, ATOMIC_ADD, 1)));
        assertArrayEquals(new long[] {0x1234_5678_0000_0005L, 0, 0xffff_fff0L}, atomicRun(mem, 5, 0, atomic(W, XCHG, 1)));
        assertArrayEquals(new long[] {0x1234_5678_0000_0010L, 0, 0xffff_fff0L}, atomicRun(mem, 0x10, 0, atomic(W, ATOMIC_AND | FETCH, 1)));
        assertArrayEquals(new long[] {0x1234_5678_ffff_ffffL, 0, 0xffff_fff0L}, atomicRun(mem, 0xf, 0, atomic(W, ATOMIC_OR | FETCH, 1)));
        assertArrayEquals(new long[] {0x1234_5678_ffff_ff0fL, 0, 0xffff_fff0L}, atomicRun(mem, 0xff, 0, atomic(W, ATOMIC_XOR | FETCH, 1)));
        // cmpxchg compares the low 32 bits of r0 and loads the old value zero-extended
        assertArrayEquals(new long[] {0x1234_5678_0000_0005L, 0xffff_fff0L, 5}, atomicRun(mem, 5, 0x7_ffff_fff0L, atomic(W, CMPXCHG, 1)));
        assertArrayEquals(new long[] {mem, 0xffff_fff0L, 5}, atomicRun(mem, 5, 1, atomic(W, CMPXCHG, 1)));
    }

    @Test
    void misalignedAtomicsAreRejectedAsTheVerifierWould() {
        BpfRuntimeException e = assertThrows(BpfRuntimeException.class,
                () -> run(mov(1, 1), st(DW, 10, -16, 0), new Insn(STX | ATOMIC | DW, 10, 1, -12, ATOMIC_ADD), mov(0, 0), exit()));
        assertEquals(2, e.slot());
        assertTrue(e.getMessage().contains("misaligned atomic access of 8 bytes"), e.getMessage());
        e = assertThrows(BpfRuntimeException.class,
                () -> run(mov(1, 1), new Insn(STX | ATOMIC | W, 10, 1, -6, ATOMIC_ADD | FETCH), mov(0, 0), exit()));
        assertTrue(e.getMessage().contains("4-byte alignment"), e.getMessage());
        // 4-byte aligned 32-bit atomics are fine
        assertEquals(1L, run(mov(1, 1), st(W, 10, -4, 0), new Insn(STX | ATOMIC | W, 10, 1, -4, ATOMIC_ADD), ldx(W, 0, 10, -4), exit()));
    }

    // ---- legacy packet access (RFC 9669 §5.5)

    @Test
    void ldAbsAndLdIndReadBigEndianFromTheInput() {
        byte[] pkt = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06};
        assertEquals(0x0102_0304L, runWith(pkt, new Insn(LD | ABS | W, 0, 0, 0, 0), exit()));
        assertEquals(0x0506L, runWith(pkt, new Insn(LD | ABS | H, 0, 0, 0, 4), exit()));
        assertEquals(0x06L, runWith(pkt, new Insn(LD | ABS | B, 0, 0, 0, 5), exit()));
        assertEquals(0x0304_0506L, runWith(pkt, mov(3, 1), new Insn(LD | IND | W, 0, 3, 0, 1), exit()));
        assertEquals(0x0203L, runWith(pkt, mov(3, 3), new Insn(LD | IND | H, 0, 3, 0, -2), exit()));
    }

    @Test
    void ldAbsOutOfBoundsExitsWithZero() {
        byte[] pkt = {0x01, 0x02, 0x03, 0x04};
        assertEquals(0L, runWith(pkt, mov(0, 7), new Insn(LD | ABS | W, 0, 0, 0, 1), mov(0, 9), exit()));
        assertEquals(0L, runWith(pkt, mov(3, -1), new Insn(LD | IND | B, 0, 3, 0, 0), mov(0, 9), exit()));
        assertEquals(9L, runWith(pkt, new Insn(LD | ABS | B, 0, 0, 0, 3), mov(0, 9), exit()));
        assertEquals(0L, run(new Insn(LD | ABS | B, 0, 0, 0, 0), mov(0, 9), exit())); // no input at all
    }
}
