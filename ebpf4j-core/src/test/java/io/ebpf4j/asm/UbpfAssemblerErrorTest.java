package io.ebpf4j.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every {@link UbpfAssembler} error is an {@link AsmException} naming the source, the line and the reason. */
class UbpfAssemblerErrorTest {

    /** Assembles {@code source}, expects a failure on {@code line} whose message contains {@code fragment}. */
    static AsmException fails(String source, int line, String fragment) {
        AsmException e = assertThrows(AsmException.class, () -> UbpfAssembler.assemble(source, "t.s"));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("t.s:" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' should contain '" + fragment + "'");
        return e;
    }

    /** One bad instruction on line 2 (after a good one) and the message fragment it must produce. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            foo %r1, %r2                 | unknown mnemonic 'foo'
            ADD %r1, %r2                 | mnemonics are lower case: 'add'
            movsx3232 %r1, %r2           | unknown mnemonic 'movsx3232'
            le8 %r1                      | unknown mnemonic 'le8'
            add %r1                      | wrong operand count: 'add' takes 2 operands
            add %r1, %r2, %r3            | found 3 operands
            exit %r0                     | 'exit' takes no operands, found 1 operand
            neg %r1, 1                   | 'neg' takes 1 operand
            jeq %r1, 1                   | 'jeq' takes 3 operands
            ldxw %r1                     | 'ldxw' takes 2 operands
            call                         | 'call' takes an id
            call local                   | 'call local' takes 1 operand: target, found none
            call runtime 1, 2, 3         | 'call runtime' takes an id and an optional offset, found 3 operands
            lddw %r1                     | 'lddw' takes %dst, imm64 or %dst, KIND A[, B], found 1 operand
            lock                         | 'lock' needs an operation
            lock fetch nand [%r1], %r2   | unknown atomic operation 'nand'
            lock add [%r1]               | 'lock add' takes 2 operands
            add %r11, 1                  | bad register '%r11': registers are %r0..%r10
            add %r1, %r01                | bad register '%r01'
            add %rx, 1                   | bad register '%rx'
            add r1, 1                    | expected a register %r0..%r10, found 'r1'
            call %r16                    | bad register '%r16'
            ldxw %r1, [r2+4]             | expected a register %r0..%r10, found 'r2'
            mov %r0, 0x100000000         | immediate 0x100000000 out of range: hex immediates are unsigned and at most 0xffffffff
            mov %r0, 2147483648          | immediate 2147483648 out of range: decimal immediates must fit in int32
            mov %r0, -2147483649         | decimal immediates must fit in int32
            stw [%r1], 4294967295        | immediate 4294967295 out of range
            mov %r0, 1.5                 | expected a number for the immediate, found '1.5'
            mov %r0, zero                | expected a number for the immediate, found 'zero'
            jeq %r0, %r, +1              | bad register '%r'
            lddw %r0, 0x10000000000000000 | lddw takes up to 0xffffffffffffffff
            lddw %r0, -9223372036854775809 | out of range
            lddw %r0, %r1                | expected a 64-bit immediate, found the register '%r1'
            lddw %r0, map 1              | unknown lddw source kind 'map'
            ldxw %r0, [%r1+32768]        | memory offset 32768 out of range: it must fit in int16 (-32768..32767)
            ldxw %r0, [%r1-32769]        | memory offset -32769 out of range
            stw [%r1+0x8000], 1          | memory offset 32768 out of range
            ldxw %r0, [%r1*4]            | bad memory operand '[%r1*4]'
            ldxw %r0, %r1                | bad memory operand '%r1'
            ldxw %r0, [%r1+x]            | bad offset '+x'
            ja +32768                    | jump offset 32768 out of range: it must fit in int16
            ja -32769                    | jump offset -32769 out of range
            jeq %r1, 0, +1x              | expected a number for the target, found '+1x'
            ja nowhere                   | undefined label 'nowhere'
            ja 3                         | undefined label '3' (a literal offset needs a sign: +3)
            ja [x]                       | bad jump target '[x]'
            call runtime 1, 40000        | call offset 40000 out of range
            addr_space_cast %r1, %r2, 65536, 0 | address spaces of addr_space_cast must be 0..65535
            .insn 0x100, 0, 0, 0, 0      | .insn opcode must be 0..0xff
            .insn 0x07, 16, 0, 0, 0      | .insn register fields must be 0..15
            .insn 0x07, 0, 0, 0, 0, 1    | only for opcode 0x18
            .insn 0x07                   | '.insn' takes 5 or 6 operands
            """)
    void badInstruction(String bad, String fragment) {
        fails("mov %r0, 0\n" + bad + "\nexit\n", 2, fragment);
    }

    @Test
    void labelErrors() {
        fails("a:\nexit\na:\nexit\n", 3, "duplicate label 'a' (first defined on line 1)");
        fails("exit:\nexit\n", 1, "the label name 'exit' is reserved");
        fails("start: mov %r0, 1\nexit\n", 1, "unexpected 'mov' after label 'start:'");
        fails("a-b:\nexit\n", 1, "bad label 'a-b:'");
        fails(":\nexit\n", 1, "bad label ':'");
        fails("mov %r0, 0\nja exit\n", 2, "label 'exit' means the first exit instruction, but the program has none");
    }

    @Test
    void undefinedLabelIsReportedOnTheLineThatUsesIt() {
        fails("mov %r0, 0\n\n# comment\njne %r0, 1, missing\nexit\n", 4, "undefined label 'missing'");
    }

    @Test
    void labelTooFarForTheSixteenBitOffset() {
        StringBuilder src = new StringBuilder("ja far\n");
        src.append("mov %r0, 0\n".repeat(32768));
        src.append("far:\nexit\n");
        fails(src.toString(), 1, "label 'far' is 32768 slots away, beyond the 16-bit jump offset (-32768..32767); use ja32");
        // one slot less is fine, and ja32 reaches any distance
        UbpfAssembler.assemble(src.toString().replaceFirst("mov %r0, 0\n", ""));
        UbpfAssembler.assemble(src.toString().replaceFirst("ja far", "ja32 far"));
    }

    @Test
    void defaultSourceName() {
        AsmException e = assertThrows(AsmException.class, () -> UbpfAssembler.assemble("nop"));
        assertEquals("<input>:1: unknown mnemonic 'nop'", e.getMessage());
    }

    @Test
    void carriageReturnLinesAreCountedOnce() {
        fails("mov %r0, 0\r\nmov %r0, 1\r\nbad\r\n", 3, "unknown mnemonic 'bad'");
    }
}
