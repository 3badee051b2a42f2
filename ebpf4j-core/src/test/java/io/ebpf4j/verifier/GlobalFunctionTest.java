package io.ebpf4j.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.link.Linker;
import io.ebpf4j.object.BpfObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Calls of global functions (BTF FUNC, global linkage) are checked against the function's BTF
 * signature, as the kernel's btf_check_subprog_arg_match does. The object is built from
 * src/test/resources/verifier/global_funcs.c (clang-19 -O2 -g -target bpf); each expected verdict
 * and message is the 6.18 kernel's, obtained with /work/shared/tools/kernel-oracle.
 */
class GlobalFunctionTest {

    static BpfObject object() throws IOException {
        try (InputStream in = GlobalFunctionTest.class.getResourceAsStream("/verifier/global_funcs.o")) {
            return BpfObject.open(in.readAllBytes(), "global_funcs.o");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // a ctx pointer where the signature says int: kernel "R1 is not a scalar"
            "gf_ptr_as_num_bad | false | R1 is not a scalar",
            "gf_num_ok         | true  | ",
            // a 4-byte stack buffer where the signature says u64 *: kernel "invalid read from stack R1 off=-4 size=8"
            "gf_short_buf_bad  | false | R1 off=-4 size=8",
            // NULL for a pointer argument: the callee was verified with it maybe NULL
            "gf_null_ok        | true  | "})
    void globalCallsAreCheckedAgainstTheBtfSignature(String program, boolean kernelAccepts, String message) throws IOException {
        BpfObject obj = object();
        LinkedProgram lp = Linker.link(obj, program);
        VerifierResult r = Verifier.verify(obj, lp, obj.program(program).orElseThrow().type(), VerifierOptions.defaults());
        String errors = r.errors().stream().map(VerifierError::format).collect(Collectors.joining("\n"));
        assertEquals(kernelAccepts, r.accepted(), program + ":\n" + errors);
        if (message != null) assertTrue(errors.contains(message), "expected '" + message + "' in:\n" + errors);
    }
}
