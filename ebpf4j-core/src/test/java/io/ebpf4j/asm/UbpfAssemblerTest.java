package io.ebpf4j.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Encodings of {@link UbpfAssembler} checked against bytes written by hand from the encoding
 * table of {@code conformance/README.md} (byte 0 opcode, byte 1 dst | src << 4, bytes 2-3 int16
 * offset, bytes 4-7 int32 imm, all little-endian), one or more lines per table row.
 */
class UbpfAssemblerTest {

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static void assertEncodes(String asm, String hex) {
        Program p = UbpfAssembler.assemble(asm);
        assertEquals(HexFormat.of().formatHex(bytes(hex)), HexFormat.of().formatHex(p.encode(ByteOrder.LITTLE_ENDIAN)), asm);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            add %r1, %r2              | 0f 21 0000 00000000
            sub %r1, %r2              | 1f 21 0000 00000000
            mul %r1, %r2              | 2f 21 0000 00000000
            div %r1, %r2              | 3f 21 0000 00000000
            or %r1, %r2               | 4f 21 0000 00000000
            and %r1, %r2              | 5f 21 0000 00000000
            lsh %r1, %r2              | 6f 21 0000 00000000
            rsh %r1, %r2              | 7f 21 0000 00000000
            mod %r1, %r2              | 9f 21 0000 00000000
            xor %r1, %r2              | af 21 0000 00000000
            mov %r1, %r2              | bf 21 0000 00000000
            arsh %r1, %r2             | cf 21 0000 00000000
            add %r3, 0x12345678       | 07 03 0000 78563412
            sub %r3, 0x12345678       | 17 03 0000 78563412
            mul %r3, 0x12345678       | 27 03 0000 78563412
            div %r3, 0x12345678       | 37 03 0000 78563412
            or %r3, 0x12345678        | 47 03 0000 78563412
            and %r3, 0x12345678       | 57 03 0000 78563412
            lsh %r3, 0x12345678       | 67 03 0000 78563412
            rsh %r3, 0x12345678       | 77 03 0000 78563412
            mod %r3, 0x12345678       | 97 03 0000 78563412
            xor %r3, 0x12345678       | a7 03 0000 78563412
            mov %r3, 0x12345678       | b7 03 0000 78563412
            arsh %r3, 0x12345678      | c7 03 0000 78563412
            mov %r10, %r0             | bf 0a 0000 00000000
            """)
    void alu64(String asm, String hex) {
        assertEncodes(asm, hex);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            add32 %r1, %r2            | 0c 21 0000 00000000
            sub32 %r1, %r2            | 1c 21 0000 00000000
            mul32 %r1, %r2            | 2c 21 0000 00000000
            div32 %r1, %r2            | 3c 21 0000 00000000
            or32 %r1, %r2             | 4c 21 0000 00000000
            and32 %r1, %r2            | 5c 21 0000 00000000
            lsh32 %r1, %r2            | 6c 21 0000 00000000
            rsh32 %r1, %r2            | 7c 21 0000 00000000
            mod32 %r1, %r2            | 9c 21 0000 00000000
            xor32 %r1, %r2            | ac 21 0000 00000000
            mov32 %r1, %r2            | bc 21 0000 00000000
            arsh32 %r1, %r2           | cc 21 0000 00000000
            add32 %r9, -1             | 04 09 0000 ffffffff
            sub32 %r9, -1             | 14 09 0000 ffffffff
            mul32 %r9, -1             | 24 09 0000 ffffffff
            div32 %r9, -1             | 34 09 0000 ffffffff
            or32 %r9, -1              | 44 09 0000 ffffffff
            and32 %r9, -1             | 54 09 0000 ffffffff
            lsh32 %r9, -1             | 64 09 0000 ffffffff
            rsh32 %r9, -1             | 74 09 0000 ffffffff
            mod32 %r9, -1             | 94 09 0000 ffffffff
            xor32 %r9, -1             | a4 09 0000 ffffffff
            mov32 %r9, -1             | b4 09 0000 ffffffff
            arsh32 %r9, -1            | c4 09 0000 ffffffff
            """)
    void alu32(String asm, String hex) {
        assertEncodes(asm, hex);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            sdiv %r0, %r1             | 3f 10 0100 00000000
            sdiv %r0, 7               | 37 00 0100 07000000
            smod %r2, %r3             | 9f 32 0100 00000000
            smod %r2, 3               | 97 02 0100 03000000
            sdiv32 %r0, %r1           | 3c 10 0100 00000000
            sdiv32 %r4, -2            | 34 04 0100 feffffff
            smod32 %r5, %r6           | 9c 65 0100 00000000
            smod32 %r5, 10            | 94 05 0100 0a000000
            neg %r4                   | 87 04 0000 00000000
            neg32 %r4                 | 84 04 0000 00000000
            movsx864 %r1, %r2         | bf 21 0800 00000000
            movsx1664 %r1, %r2        | bf 21 1000 00000000
            movsx3264 %r1, %r2        | bf 21 2000 00000000
            movsx832 %r1, %r2         | bc 21 0800 00000000
            movsx1632 %r1, %r2        | bc 21 1000 00000000
            le16 %r1                  | d4 01 0000 10000000
            le32 %r1                  | d4 01 0000 20000000
            le64 %r1                  | d4 01 0000 40000000
            be16 %r1                  | dc 01 0000 10000000
            be32 %r1                  | dc 01 0000 20000000
            be64 %r1                  | dc 01 0000 40000000
            swap16 %r2                | d7 02 0000 10000000
            swap32 %r2                | d7 02 0000 20000000
            swap64 %r2                | d7 02 0000 40000000
            bswap16 %r1               | d7 01 0000 10000000
            bswap32 %r1               | d7 01 0000 20000000
            bswap64 %r1               | d7 01 0000 40000000
            """)
    void signedDivisionNegMovsxByteSwap(String asm, String hex) {
        assertEncodes(asm, hex);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            lddw %r1, 0x1122334455667788       | 18 01 0000 88776655  00 00 0000 44332211
            lddw %r0, -2                       | 18 00 0000 feffffff  00 00 0000 ffffffff
            lddw %r9, 18446744073709551615     | 18 09 0000 ffffffff  00 00 0000 ffffffff
            lddw %r2, 0x80000000               | 18 02 0000 00000080  00 00 0000 00000000
            ldxb %r1, [%r2+3]                  | 71 21 0300 00000000
            ldxh %r1, [%r2-2]                  | 69 21 feff 00000000
            ldxw %r1, [%r2]                    | 61 21 0000 00000000
            ldxdw %r1, [%r10-8]                | 79 a1 f8ff 00000000
            ldxsb %r0, [%r10-1]                | 91 a0 ffff 00000000
            ldxsh %r0, [%r10-2]                | 89 a0 feff 00000000
            ldxsw %r0, [%r10-4]                | 81 a0 fcff 00000000
            ldxb %r0, [%r1+0x2]                | 71 10 0200 00000000
            ldxw %r0, [%r1+32767]              | 61 10 ff7f 00000000
            ldxw %r0, [%r1-32768]              | 61 10 0080 00000000
            stb [%r1+2], 0x11                  | 72 01 0200 11000000
            sth [%r1+0x10], -1                 | 6a 01 1000 ffffffff
            stw [%r10-4], 0xffffffff           | 62 0a fcff ffffffff
            stdw [%r1-8], 5                    | 7a 01 f8ff 05000000
            stxb [%r10-1], %r3                 | 73 3a ffff 00000000
            stxh [%r1+4], %r2                  | 6b 21 0400 00000000
            stxw [%r1], %r2                    | 63 21 0000 00000000
            stxdw [%r10-16], %r9               | 7b 9a f0ff 00000000
            """)
    void loadsAndStores(String asm, String hex) {
        assertEncodes(asm, hex);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            lock add [%r1+4], %r2              | db 21 0400 00000000
            lock fetch add [%r1+4], %r2        | db 21 0400 01000000
            lock and [%r1+4], %r2              | db 21 0400 50000000
            lock fetch and [%r1+4], %r2        | db 21 0400 51000000
            lock or [%r1+4], %r2               | db 21 0400 40000000
            lock fetch or [%r1+4], %r2         | db 21 0400 41000000
            lock xor [%r1+4], %r2              | db 21 0400 a0000000
            lock fetch xor [%r1+4], %r2        | db 21 0400 a1000000
            lock xchg [%r10-8], %r1            | db 1a f8ff e1000000
            lock cmpxchg [%r10-8], %r1         | db 1a f8ff f1000000
            lock add32 [%r10-8], %r1           | c3 1a f8ff 00000000
            lock fetch add32 [%r1+4], %r2      | c3 21 0400 01000000
            lock and32 [%r1+4], %r2            | c3 21 0400 50000000
            lock fetch and32 [%r1+4], %r2      | c3 21 0400 51000000
            lock or32 [%r1+4], %r2             | c3 21 0400 40000000
            lock fetch or32 [%r1+4], %r2       | c3 21 0400 41000000
            lock xor32 [%r1+4], %r2            | c3 21 0400 a0000000
            lock fetch xor32 [%r1+4], %r2      | c3 21 0400 a1000000
            lock xchg32 [%r10-8], %r1          | c3 1a f8ff e1000000
            lock cmpxchg32 [%r10-8], %r1       | c3 1a f8ff f1000000
            """)
    void atomics(String asm, String hex) {
        assertEncodes(asm, hex);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            jeq %r1, %r2, +5          | 1d 21 0500 00000000
            jgt %r1, %r2, +5          | 2d 21 0500 00000000
            jge %r1, %r2, +5          | 3d 21 0500 00000000
            jset %r1, %r2, +5         | 4d 21 0500 00000000
            jne %r1, %r2, +5          | 5d 21 0500 00000000
            jsgt %r1, %r2, +5         | 6d 21 0500 00000000
            jsge %r1, %r2, +5         | 7d 21 0500 00000000
            jlt %r1, %r2, +5          | ad 21 0500 00000000
            jle %r1, %r2, +5          | bd 21 0500 00000000
            jslt %r1, %r2, +5         | cd 21 0500 00000000
            jsle %r1, %r2, +5         | dd 21 0500 00000000
            jeq %r1, 7, -1            | 15 01 ffff 07000000
            jgt %r1, 7, -1            | 25 01 ffff 07000000
            jge %r1, 7, -1            | 35 01 ffff 07000000
            jset %r1, 7, -1           | 45 01 ffff 07000000
            jne %r1, 7, -1            | 55 01 ffff 07000000
            jsgt %r1, 7, -1           | 65 01 ffff 07000000
            jsge %r1, 7, -1           | 75 01 ffff 07000000
            jlt %r1, 7, -1            | a5 01 ffff 07000000
            jle %r1, 7, -1            | b5 01 ffff 07000000
            jslt %r1, 7, -1           | c5 01 ffff 07000000
            jsle %r1, 7, -1           | d5 01 ffff 07000000
            jeq32 %r3, %r4, +0        | 1e 43 0000 00000000
            jgt32 %r3, %r4, +0        | 2e 43 0000 00000000
            jge32 %r3, %r4, +0        | 3e 43 0000 00000000
            jset32 %r3, %r4, +0       | 4e 43 0000 00000000
            jne32 %r3, %r4, +0        | 5e 43 0000 00000000
            jsgt32 %r3, %r4, +0       | 6e 43 0000 00000000
            jsge32 %r3, %r4, +0       | 7e 43 0000 00000000
            jlt32 %r3, %r4, +0        | ae 43 0000 00000000
            jle32 %r3, %r4, +0        | be 43 0000 00000000
            jslt32 %r3, %r4, +0       | ce 43 0000 00000000
            jsle32 %r3, %r4, +0       | de 43 0000 00000000
            jeq32 %r3, 0xffffff80, +2 | 16 03 0200 80ffffff
            jgt32 %r3, -128, +2       | 26 03 0200 80ffffff
            jge32 %r3, -128, +2       | 36 03 0200 80ffffff
            jset32 %r3, -128, +2      | 46 03 0200 80ffffff
            jne32 %r3, -128, +2       | 56 03 0200 80ffffff
            jsgt32 %r3, -128, +2      | 66 03 0200 80ffffff
            jsge32 %r3, -128, +2      | 76 03 0200 80ffffff
            jlt32 %r3, -128, +2       | a6 03 0200 80ffffff
            jle32 %r3, -128, +2       | b6 03 0200 80ffffff
            jslt32 %r3, -128, +2      | c6 03 0200 80ffffff
            jsle32 %r3, -128, +2      | d6 03 0200 80ffffff
            ja +3                     | 05 00 0300 00000000
            ja -2                     | 05 00 feff 00000000
            ja +32767                 | 05 00 ff7f 00000000
            ja32 +3                   | 06 00 0000 03000000
            ja32 -70000               | 06 00 0000 90eefeff
            call 5                    | 85 00 0000 05000000
            call %r2                  | 8d 02 0000 00000000
            call local +1             | 85 10 0000 01000000
            call helper 7             | 85 00 0000 07000000
            call runtime 9            | 85 20 0000 09000000
            exit                      | 95 00 0000 00000000
            """)
    void jumpsAndCalls(String asm, String hex) {
        assertEncodes(asm, hex);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gotol -1                           | 06 00 0000 ffffffff
            may_goto +2                        | e5 00 0200 00000000
            callx %r3                          | 8d 03 0000 00000000
            call kfunc 1234                    | 85 20 0000 d2040000
            call runtime 1234, 2               | 85 20 0200 d2040000
            lddw %r1, map_fd 3                 | 18 11 0000 03000000  00 00 0000 00000000
            lddw %r1, map_value 3, 16          | 18 21 0000 03000000  00 00 0000 10000000
            lddw %r2, btf_id 0x77              | 18 32 0000 77000000  00 00 0000 00000000
            lddw %r2, func -3                  | 18 42 0000 fdffffff  00 00 0000 00000000
            lddw %r3, map_idx 0                | 18 53 0000 00000000  00 00 0000 00000000
            lddw %r3, map_idx_value 1, 8       | 18 63 0000 01000000  00 00 0000 08000000
            ldabsw 4                           | 20 00 0000 04000000
            ldabsh 4                           | 28 00 0000 04000000
            ldabsb 4                           | 30 00 0000 04000000
            ldindw %r3, 2                      | 40 30 0000 02000000
            ldindh %r3, 2                      | 48 30 0000 02000000
            ldindb %r3, 2                      | 50 30 0000 02000000
            addr_space_cast %r1, %r2, 1, 0     | bf 21 0100 00000100
            addr_space_cast %r1, %r2, 0, 1     | bf 21 0100 01000000
            .insn 0xff, 15, 14, -1, 0x12345678 | ff ef ffff 78563412
            .insn 0x18, 11, 9, 7, 1, 2         | 18 9b 0700 01000000  00 00 0000 02000000
            """)
    void extensions(String asm, String hex) {
        assertEncodes(asm, hex);
    }

    // ------------------------------------------------------------------ labels and targets

    @Test
    void labelsCountSlotsAndLddwTakesTwo() {
        Program p = UbpfAssembler.assemble("""
                ja done
                lddw %r0, 1
                done:
                exit
                """);
        assertEquals(2, p.insn(0).off());
        assertEquals(4, p.slotCount());
    }

    @Test
    void backwardLabelAndTargetFormula() {
        // README: label_slot - (this_slot + 1)
        Program p = UbpfAssembler.assemble("""
                top:
                mov %r0, 0
                add %r0, 1
                jlt %r0, 10, top
                ja32 top
                call local top
                exit
                """);
        assertEquals(-3, p.insn(2).off());
        assertEquals(-4, p.insn(3).imm());
        assertEquals(0, p.insn(3).off());
        assertEquals(-5, p.insn(4).imm());
        assertEquals(1, p.insn(4).src());
    }

    @Test
    void exitIsTheFirstExitInstruction() {
        Program p = UbpfAssembler.assemble("""
                jeq %r1, 0, exit
                mov %r0, 1
                exit
                mov %r0, 2
                exit
                ja exit
                """);
        assertEquals(1, p.insn(0).off());
        assertEquals(-4, p.insn(5).off());
    }

    @Test
    void labelAtTheEndNamesTheSlotAfterTheLastInstruction() {
        Program p = UbpfAssembler.assemble("ja end\nexit\nend:\n");
        assertEquals(1, p.insn(0).off());
    }

    @Test
    void lddwFuncTakesALabel() {
        // like a call, relative to this slot + 1 (kernel: add_subprog(i + imm + 1)), although lddw is two slots
        Program p = UbpfAssembler.assemble("lddw %r1, func f\nexit\nf:\nexit\n");
        assertEquals(Insn.ldImm64(1, 4, 2), p.insn(0));
        p.validate();
    }

    // ------------------------------------------------------------------ lexical rules

    @Test
    void immediateRules() {
        // README: hex is unsigned up to 0xffffffff and stored as the 32-bit pattern; decimal is signed int32
        assertEquals(-128, UbpfAssembler.assemble("mov %r0, 0xffffff80").insn(0).imm());
        assertEquals(-128, UbpfAssembler.assemble("mov %r0, 0xFFFFFF80").insn(0).imm());
        assertEquals(Integer.MIN_VALUE, UbpfAssembler.assemble("mov %r0, -2147483648").insn(0).imm());
        assertEquals(Integer.MAX_VALUE, UbpfAssembler.assemble("mov %r0, 2147483647").insn(0).imm());
        assertEquals(-16, UbpfAssembler.assemble("mov %r0, -0x10").insn(0).imm());
        // lddw: hex unsigned 64-bit, decimal signed with '-'
        assertEquals(-1L, UbpfAssembler.assemble("lddw %r0, 0xffffffffffffffff").insn(0).imm64());
        assertEquals(Long.MIN_VALUE, UbpfAssembler.assemble("lddw %r0, -9223372036854775808").insn(0).imm64());
        assertEquals(0x8000000000000000L, UbpfAssembler.assemble("lddw %r0, 9223372036854775808").insn(0).imm64());
    }

    @Test
    void commentsBlankLinesCarriageReturnsAndSpacing() {
        Program p = UbpfAssembler.assemble("# header\r\n\r\n  mov %r0, 1   # trailing\r\n\tadd %r0,%r1\r\nldxw %r2, [ %r1 + 4 ]\r\nexit,\r\n");
        assertEquals(Program.of(
                Insn.aluImm(0x07, 0xb0, 0, 1),
                Insn.alu(0x07, 0x00, 0, 1),
                new Insn(0x61, 2, 1, 4, 0),
                Insn.exit()), p);
    }

    @Test
    void emptySourceIsAnEmptyProgram() {
        assertEquals(0, UbpfAssembler.assemble("# nothing\n\n").size());
    }

    @Test
    void bothByteOrdersFromTheSameProgram() {
        Program p = UbpfAssembler.assemble("stxdw [%r10-8], %r1");
        assertArrayEquals(bytes("7b 1a f8ff 00000000"), p.encode(ByteOrder.LITTLE_ENDIAN));
        // RFC 9669 §3.1: big-endian swaps the register nibbles and the byte order of off and imm
        assertArrayEquals(bytes("7b a1 fff8 00000000"), p.encode(ByteOrder.BIG_ENDIAN));
    }
}
