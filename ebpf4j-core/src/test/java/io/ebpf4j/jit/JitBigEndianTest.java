package io.ebpf4j.jit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.asm.LlvmAssembler;
import io.ebpf4j.vm.BpfRuntimeException;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.Vm;
import io.ebpf4j.vm.VmOptions;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Programs run with big-endian memory ({@code Vm.load(..., ByteOrder.BIG_ENDIAN)}, as the runtime
 * runs a {@code -target bpfeb} object) in both engines, against what a big-endian CPU does by
 * RFC 9669: §5 loads and stores move the value in the host's order, so the most significant byte
 * sits at the lowest address; §4.2 {@code be16/32/64} convert to big-endian (on such a host: only
 * truncate) and {@code le16/32/64} swap; §5.3 atomics act on the value so stored.
 */
class JitBigEndianTest {
    private static final byte[] BYTES = HexFormat.of().parseHex("81828384858687881122");

    private static Vm load(Engine engine, ByteOrder order, String asm) {
        return Vm.load(LlvmAssembler.assemble(asm), VmOptions.defaults(), engine, order);
    }

    private static long run(Engine engine, String asm) {
        try (Vm vm = load(engine, ByteOrder.BIG_ENDIAN, asm)) {
            return vm.run(BYTES);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void loadsReadTheMostSignificantByteFirst(Engine engine) {
        assertEquals(0x81L, run(engine, "r0 = *(u8 *)(r1 + 0)\nexit"));
        assertEquals(0x8283L, run(engine, "r0 = *(u16 *)(r1 + 1)\nexit"));
        assertEquals(0x8182_8384L, run(engine, "r0 = *(u32 *)(r1 + 0)\nexit"));
        assertEquals(0x8384_8586_8788_1122L, run(engine, "r0 = *(u64 *)(r1 + 2)\nexit"));
        // RFC 9669 §5.2 sign-extending loads
        assertEquals((short) 0x8182, run(engine, "r0 = *(s16 *)(r1 + 0)\nexit"));
        assertEquals(0xffff_ffff_8182_8384L, run(engine, "r0 = *(s32 *)(r1 + 0)\nexit"));
        // the same program with little-endian memory, for contrast
        try (Vm vm = load(engine, ByteOrder.LITTLE_ENDIAN, "r0 = *(u32 *)(r1 + 0)\nexit")) {
            assertEquals(0x8483_8281L, vm.run(BYTES));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void storesWriteTheMostSignificantByteFirst(Engine engine) {
        String asm = """
                r2 = 0x0102030405060708 ll
                *(u64 *)(r1 + 0) = r2
                *(u32 *)(r1 + 8) = r2
                *(u16 *)(r1 + 12) = r2
                *(u8 *)(r1 + 14) = r2
                *(u64 *)(r1 + 16) = -2
                *(u32 *)(r1 + 24) = 0x11223344
                *(u16 *)(r1 + 28) = 0x5566
                r0 = 0
                exit
                """;
        try (Vm vm = load(engine, ByteOrder.BIG_ENDIAN, asm)) {
            vm.run(new byte[31]);
            assertArrayEquals(HexFormat.of().parseHex("0102030405060708" + "05060708" + "0708" + "08" + "00"
                    + "fffffffffffffffe" + "11223344" + "5566" + "00"), vm.inputBytes());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void leSwapsAndBeTruncates(Engine engine) {
        String load = "r0 = 0x0102030405060708 ll\n";
        assertEquals(0x0708L, run(engine, load + "r0 = be16 r0\nexit"));
        assertEquals(0x0506_0708L, run(engine, load + "r0 = be32 r0\nexit"));
        assertEquals(0x0102_0304_0506_0708L, run(engine, load + "r0 = be64 r0\nexit"));
        assertEquals(0x0807L, run(engine, load + "r0 = le16 r0\nexit"));
        assertEquals(0x0807_0605L, run(engine, load + "r0 = le32 r0\nexit"));
        assertEquals(0x0807_0605_0403_0201L, run(engine, load + "r0 = le64 r0\nexit"));
        // bswap (ALU64, RFC 9669 §4.2) swaps whatever the host's order
        assertEquals(0x0807L, run(engine, load + "r0 = bswap16 r0\nexit"));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void atomicsActOnTheBigEndianValue(Engine engine) {
        String init = """
                r2 = 0x0102030405060708 ll
                *(u64 *)(r10 - 8) = r2
                r3 = 0x10
                """;
        // the 64-bit value's least significant byte is its last byte
        assertEquals(0x18L, run(engine, init + "lock *(u64 *)(r10 - 8) += r3\nr0 = *(u8 *)(r10 - 1)\nexit"));
        // the 32-bit word at r10 - 8 is 0x01020304: its low byte is at r10 - 5
        assertEquals(0x14L, run(engine, init + "lock *(u32 *)(r10 - 8) += r3\nr0 = *(u8 *)(r10 - 5)\nexit"));
        assertEquals(0x0102_0304_0506_0708L, run(engine, init
                + "r3 = atomic_fetch_add((u64 *)(r10 - 8), r3)\nr0 = r3\nexit"));
        assertEquals(0x0102_0304L, run(engine, init + "w3 = atomic_fetch_or((u32 *)(r10 - 8), w3)\nr0 = r3\nexit"));
        assertEquals(0x0506_0708L, run(engine, init + "w3 = xchg32_32(r10 - 4, w3)\nr0 = r3\nexit"));
        // cmpxchg: equal to the big-endian value, so the store happens
        assertEquals(0x99L, run(engine, init + """
                r0 = 0x0102030405060708 ll
                r4 = 0x99
                r0 = cmpxchg_64(r10 - 8, r0, r4)
                r0 = *(u8 *)(r10 - 1)
                exit
                """));
        assertEquals(0x0102_0304L, run(engine, init + """
                w0 = 0x04030201
                w4 = 0x99
                w0 = cmpxchg32_32(r10 - 8, w0, w4)
                exit
                """));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void faultsReadAsInTheInterpreter(Engine engine) {
        String misaligned = "r2 = 1\nlock *(u64 *)(r10 - 12) += r2\nr0 = 0\nexit";
        BpfRuntimeException e = assertThrows(BpfRuntimeException.class, () -> run(engine, misaligned));
        assertTrue(e.getMessage().contains("misaligned atomic access of 8 bytes"), e.getMessage());
        assertEquals(message(Engine.INTERPRETER, misaligned), e.getMessage());
        String outside = "r2 = 0\nr0 = *(u32 *)(r2 + 16)\nexit";
        e = assertThrows(BpfRuntimeException.class, () -> run(engine, outside));
        assertTrue(e.getMessage().contains("read of 4 bytes at 0x10"), e.getMessage());
        assertEquals(message(Engine.INTERPRETER, outside), e.getMessage());
    }

    private static String message(Engine engine, String asm) {
        return assertThrows(BpfRuntimeException.class, () -> run(engine, asm)).getMessage();
    }
}
