package io.ebpf4j.isa;

import static io.ebpf4j.isa.Opcodes.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MalformedCodeTest {

    private static IsaException decodeAndValidate(String hex) {
        return assertThrows(IsaException.class,
                () -> Program.decode(HexFormat.of().parseHex(hex.replace(" ", "")), ByteOrder.LITTLE_ENDIAN).validate());
    }

    @Test
    void truncatedCodeNamesTheSlot() {
        IsaException e = decodeAndValidate("b7000000 00000000 9500");
        assertEquals(1, e.slot());
        assertTrue(e.getMessage().contains("not a multiple of 8"), e.getMessage());
    }

    @Test
    void truncatedLdImm64() {
        IsaException e = decodeAndValidate("b7000000 00000000 18010000 01000000");
        assertEquals(1, e.slot());
        assertTrue(e.getMessage().contains("truncated ld_imm64"), e.getMessage());
    }

    @Test
    void splitLdImm64() {
        // the second slot holds an instruction (exit) instead of the continuation
        IsaException e = decodeAndValidate("18010000 01000000 95000000 00000000");
        assertEquals(1, e.slot());
        assertTrue(e.getMessage().contains("split ld_imm64"), e.getMessage());
    }

    @Test
    void jumpIntoTheMiddleOfLdImm64() {
        // 0: ja +1 -> slot 2, which is the second half of the ld_imm64 at slot 1
        IsaException e = decodeAndValidate("05000100 00000000 18010000 01000000 00000000 00000000 95000000 00000000");
        assertEquals(0, e.slot());
        assertTrue(e.getMessage().contains("middle of the ld_imm64 at insn 1"), e.getMessage());
    }

    @Test
    void jumpOutOfTheProgram() {
        IsaException e = decodeAndValidate("05000500 00000000 95000000 00000000");
        assertEquals(0, e.slot());
        assertTrue(e.getMessage().contains("out of the program"), e.getMessage());
        IsaException back = decodeAndValidate("95000000 00000000 0500fdff 00000000");
        assertEquals(1, back.slot());
    }

    @Test
    void callOutOfTheProgram() {
        IsaException e = decodeAndValidate("85100000 07000000 95000000 00000000");
        assertTrue(e.getMessage().contains("call out of the program"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "ff000000 00000000 | unknown",                     // class ALU64, op 0xf
        "07100000 01000000 | reserved src",                // add r0, imm with src set
        "0f000000 01000000 | reserved imm",                // add r0, r0 with imm set
        "07000100 01000000 | reserved offset",             // add with off set
        "3f000200 00000000 | div/mod offset",              // div with off 2
        "bf010400 00000000 | invalid mov offset",          // movsx width 4
        "bc012000 00000000 | invalid mov offset",          // ALU32 movsx from 32 bits does not exist
        "d4000000 08000000 | byte swap width",             // le8
        "df000000 10000000 | byte swap",                   // ALU64 END with source X
        "87000000 01000000 | neg",                         // neg with imm
        "9d000000 00000000 | exit",                        // exit with source bit
        "96000000 00000000 | exit",                        // exit in JMP32
        "95010000 00000000 | reserved fields of exit",     // exit with dst
        "86000000 01000000 | call is not a JMP32",         // call in JMP32
        "85300000 01000000 | unknown call kind",           // call src 3
        "85010000 01000000 | reserved dst",                // call with dst set
        "8d010000 01000000 | callx",                       // callx with imm
        "f5000000 00000000 | unknown jump operation",      // JMP op 0xf
        "e6000000 00000000 | unknown opcode",              // JCOND in JMP32
        "e5010000 00000000 | may_goto",                    // may_goto with dst
        "0d000000 00000000 | ja takes no source",          // ja X
        "06000100 00000000 | gotol",                       // gotol with off
        "05000000 01000000 | ja",                          // ja with imm
        "1d010000 01000000 | reserved imm",                // jeq reg with imm
        "15100000 00000000 | reserved src",                // jeq imm with src
        "99000000 00000000 | sign-extending load has no DW", // ldxsdw
        "61010000 05000000 | reserved imm",                // ldxw with imm
        "e1000000 00000000 | unknown load mode",           // LDX mode 0xe0
        "62100000 00000000 | reserved src",                // stw with src
        "63000000 01000000 | reserved imm",                // stxw with imm
        "d3000000 00000000 | atomic operations need size", // atomic on a byte
        "db000000 02000000 | unknown atomic operation",    // atomic op 2
        "38000000 00000000 | no DW size",                  // ld_abs dw
        "20010000 00000000 | reserved fields",             // ld_abs with dst
        "00000000 00000000 | unknown load opcode",         // LD|IMM|W
        "18700000 00000000 00000000 00000000 | unknown ld_imm64 source", // src 7
    })
    void rejectsWithTheRule(String hex, String expected) {
        IsaException e = decodeAndValidate(hex);
        assertEquals(0, e.slot(), e.getMessage());
        assertTrue(e.getMessage().contains(expected.trim()), () -> "expected '" + expected.trim() + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("insn 0: "), e.getMessage());
    }

    @Test
    void badRegisterNumbers() {
        IsaException dst = decodeAndValidate("070b0000 01000000");
        assertTrue(dst.getMessage().contains("invalid dst register r11"), dst.getMessage());
        IsaException src = decodeAndValidate("0fc00000 00000000");
        assertTrue(src.getMessage().contains("invalid src register r12"), src.getMessage());
    }

    @Test
    void acceptsLinuxExtensions() {
        Program p = Program.of(
                new Insn(MAY_GOTO, 0, 0, 0, 0),
                new Insn(CALL_IMM, 0, PSEUDO_KFUNC_CALL, 1, 12345),
                new Insn(ALU64 | MOV | X, 1, 2, 1, 1),  // addr_space_cast(r2, 0, 1)
                Insn.ldImm64(1, PSEUDO_MAP_IDX_VALUE, 3),
                Insn.exit());
        assertDoesNotThrow(p::validate);
    }
}
