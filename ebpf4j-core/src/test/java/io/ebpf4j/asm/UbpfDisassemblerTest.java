package io.ebpf4j.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.conformance.ConformanceFile;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.InsnValidator;
import io.ebpf4j.isa.Program;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@link UbpfDisassembler} output reads back through {@link UbpfAssembler} to the identical program. */
class UbpfDisassemblerTest {

    /** Why the shared conformance fixtures cannot be used, or null when they are there. */
    static String fixturesMissing() {
        String shared = System.getProperty("ebpf4j.shared");
        if (shared == null || shared.isBlank()) return "system property ebpf4j.shared is not set, so the conformance fixtures cannot be found";
        Path dir = Path.of(shared, "conformance", "tests");
        return Files.isDirectory(dir) ? null : "no conformance fixtures at " + dir;
    }

    /** The conformance test files, from the shared fixtures (skips with a reason when they are absent). */
    static List<Path> conformanceFiles() throws IOException {
        String missing = fixturesMissing();
        Assumptions.assumeTrue(missing == null, missing);
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("ebpf4j.shared"), "conformance", "tests"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".data")).sorted().toList();
        }
    }

    static void assertRoundTrip(Program p) {
        String text = UbpfDisassembler.disassemble(p);
        Program back = UbpfAssembler.assemble(text, "disassembly");
        assertEquals(p, back, () -> "round trip differs; disassembly:\n" + text);
        assertArrayEquals(p.encode(ByteOrder.LITTLE_ENDIAN), back.encode(ByteOrder.LITTLE_ENDIAN));
        assertArrayEquals(p.encode(ByteOrder.BIG_ENDIAN), back.encode(ByteOrder.BIG_ENDIAN));
        // the disassembly is a fixed point
        assertEquals(text, UbpfDisassembler.disassemble(back));
    }

    @TestFactory
    Stream<DynamicTest> conformanceRoundTrip() throws IOException {
        String missing = fixturesMissing();
        if (missing != null) {
            // a skipped test (rather than an aborted factory) so that the reason shows in the report
            return Stream.of(DynamicTest.dynamicTest("conformance fixtures", () -> Assumptions.assumeTrue(false, missing)));
        }
        List<Path> files = conformanceFiles();
        assertEquals(313, files.size(), "number of conformance files");
        return files.stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
            ConformanceFile f = ConformanceFile.read(path);
            Program p = f.assemble();
            assertRoundTrip(p);
        }));
    }

    // ------------------------------------------------------------------ output format

    @Test
    void labelsForTargetsAndLiteralsForTheRest() {
        Program p = UbpfAssembler.assemble("""
                jeq %r1, 0, +2
                lddw %r0, 0x1122334455667788
                ja -4
                call local +0
                ja +100
                ja -5
                exit
                """);
        // "ja +100" leaves the program and "ja -5" lands in the second slot of the lddw: both stay literal
        assertEquals("""
                L0:
                jeq %r1, 0, L3
                lddw %r0, 0x1122334455667788
                L3:
                ja L0
                call local L5
                L5:
                ja +100
                ja -5
                exit
                """, UbpfDisassembler.disassemble(p));
        assertRoundTrip(p);
    }

    @Test
    void jumpIntoTheMiddleOfLddwStaysLiteral() {
        Program p = UbpfAssembler.assemble("ja +1\nlddw %r0, 1\nexit\n");
        assertEquals("ja +1\nlddw %r0, 1\nexit\n", UbpfDisassembler.disassemble(p));
        assertRoundTrip(p);
    }

    @Test
    void readableImmediatesAndMemoryOperands() {
        Program p = UbpfAssembler.assemble("""
                mov %r0, -1
                mov32 %r0, 0x80000000
                lddw %r1, -5
                lddw %r1, 0x8000000000000000
                ldxdw %r0, [%r10-8]
                ldxw %r0, [%r1]
                stb [%r1+2], 255
                lock fetch and32 [%r1+4], %r2
                be16 %r3
                bswap64 %r3
                sdiv32 %r0, %r1
                movsx1632 %r1, %r2
                call %r2
                call 5
                exit
                """);
        assertEquals("""
                mov %r0, -1
                mov32 %r0, 0x80000000
                lddw %r1, -5
                lddw %r1, 0x8000000000000000
                ldxdw %r0, [%r10-8]
                ldxw %r0, [%r1]
                stb [%r1+2], 255
                lock fetch and32 [%r1+4], %r2
                be16 %r3
                bswap64 %r3
                sdiv32 %r0, %r1
                movsx1632 %r1, %r2
                call %r2
                call 5
                exit
                """, UbpfDisassembler.disassemble(p));
    }

    @Test
    void extensionSyntax() {
        Program p = Program.of(
                Insn.ldImm64(1, 1, 3),                                  // map_fd
                Insn.ldImm64(1, 2, 3L | 16L << 32),                     // map_value with offset
                Insn.ldImm64(2, 3, 0x77),                               // btf_id
                Insn.ldImm64(2, 4, 8),                                  // func, target = slot 6 + 1 + 8 = 15
                Insn.ldImm64(3, 5, 0),                                  // map_idx
                Insn.ldImm64(3, 6, 1L | 8L << 32),                      // map_idx_value
                new Insn(0x85, 0, 2, 2, 1234),                          // kfunc with module index
                new Insn(0xe5, 0, 0, -2, 0),                            // may_goto, slot 13 -> 12
                new Insn(0x06, 0, 0, 0, -3),                            // gotol, slot 14 -> 12
                new Insn(0xbf, 1, 2, 1, 1 << 16),                       // addr_space_cast
                new Insn(0x20, 0, 0, 0, 4),                             // ld_abs w
                new Insn(0x50, 0, 3, 0, 2),                             // ld_ind b
                Insn.exit());
        p.validate();
        assertEquals("""
                lddw %r1, map_fd 3
                lddw %r1, map_value 3, 16
                lddw %r2, btf_id 119
                lddw %r2, func L15
                lddw %r3, map_idx 0
                lddw %r3, map_idx_value 1, 8
                L12:
                call runtime 1234, 2
                may_goto L12
                ja32 L12
                L15:
                addr_space_cast %r1, %r2, 1, 0
                ldabsw 4
                ldindb %r3, 2
                exit
                """, UbpfDisassembler.disassemble(p));
        assertRoundTrip(p);
    }

    @Test
    void invalidInstructionsUseTheRawForm() {
        Program p = Program.of(
                new Insn(0xff, 15, 14, -1, 0x12345678),
                new Insn(0x18, 11, 9, (short) 7, 1, 2),
                new Insn(0x07, 0, 1, 0, 5),                             // src set on an immediate add
                Insn.exit());
        String text = UbpfDisassembler.disassemble(p);
        assertTrue(text.startsWith(".insn 0xff, 15, 14, -1, 0x12345678  # invalid: "), text);
        assertTrue(text.contains(".insn 0x18, 11, 9, 7, 1, 2  # invalid: "), text);
        assertTrue(text.contains(".insn 0x07, 0, 1, 0, 5  # invalid: reserved src field"), text);
        assertRoundTrip(p);
    }

    @Test
    void singleInstruction() {
        assertEquals("ja -1", UbpfDisassembler.disassemble(new Insn(0x05, 0, 0, -1, 0)));
        assertEquals("lock cmpxchg [%r10-8], %r1", UbpfDisassembler.disassemble(new Insn(0xdb, 10, 1, -8, 0xf1)));
    }

    // ------------------------------------------------------------------ exhaustive and random

    /** Field values that reach every valid encoding: byte-swap widths, atomic ops, movsx and sdiv offsets, address spaces. */
    private static final int[] IMMS = {0, 1, 16, 32, 64, 0x40, 0x41, 0x50, 0x51, 0xa0, 0xa1, 0xe1, 0xf1,
            1 << 16, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x12345678};
    private static final int[] OFFS = {0, 1, 8, 16, 32, -1, 2, Short.MIN_VALUE, Short.MAX_VALUE};

    @Test
    void everyValidEncodingHasASymbolicFormThatRoundTrips() {
        int valid = 0;
        for (int opcode = 0; opcode < 256; opcode++) {
            for (int src = 0; src <= 11; src++) {
                for (int dst : new int[] {0, 10}) {
                    for (int off : OFFS) {
                        for (int imm : IMMS) {
                            Insn in = new Insn(opcode, dst, src, (short) off, imm, opcode == 0x18 ? imm ^ 0x5a5a : 0);
                            if (InsnValidator.problem(in) != null) continue;
                            valid++;
                            String text = UbpfDisassembler.disassemble(in);
                            assertFalse(text.startsWith(".insn"), () -> "valid " + in + " has no symbolic form: " + text);
                            Program p = Program.of(in, Insn.exit());
                            assertEquals(p, UbpfAssembler.assemble(UbpfDisassembler.disassemble(p)), text);
                        }
                    }
                }
            }
        }
        assertTrue(valid > 10_000, "valid encodings covered: " + valid);
    }

    @Test
    void randomProgramsRoundTrip() {
        Random rnd = new Random(9669);
        int[] opcodes = validOpcodes();
        for (int n = 0; n < 3000; n++) {
            List<Insn> insns = new ArrayList<>();
            int count = 1 + rnd.nextInt(24);
            for (int i = 0; i < count; i++) {
                int opcode = rnd.nextInt(8) == 0 ? rnd.nextInt(256) : opcodes[rnd.nextInt(opcodes.length)];
                int dst = rnd.nextInt(10) == 0 ? rnd.nextInt(16) : rnd.nextInt(11);
                int src = rnd.nextInt(3) == 0 ? rnd.nextInt(16) : 0;
                int off = switch (rnd.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> rnd.nextInt(count * 2) - count;
                    case 2 -> OFFS[rnd.nextInt(OFFS.length)];
                    default -> (short) rnd.nextInt();
                };
                int imm = switch (rnd.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> rnd.nextInt(count * 2) - count;
                    case 2 -> IMMS[rnd.nextInt(IMMS.length)];
                    default -> rnd.nextInt();
                };
                int imm2 = opcode == 0x18 && rnd.nextBoolean() ? rnd.nextInt() : 0;
                insns.add(new Insn(opcode, dst, src, (short) off, imm, imm2));
            }
            assertRoundTrip(new Program(insns));
        }
    }

    /** Opcodes for which some field values are valid. */
    private static int[] validOpcodes() {
        List<Integer> out = new ArrayList<>();
        for (int opcode = 0; opcode < 256; opcode++) {
            if (anyValid(opcode)) out.add(opcode);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean anyValid(int opcode) {
        for (int off : OFFS) {
            for (int imm : IMMS) {
                if (InsnValidator.problem(new Insn(opcode, 1, 0, (short) off, imm, 0)) == null
                        || InsnValidator.problem(new Insn(opcode, 0, 1, (short) off, imm, 0)) == null) {
                    return true;
                }
            }
        }
        return false;
    }
}
