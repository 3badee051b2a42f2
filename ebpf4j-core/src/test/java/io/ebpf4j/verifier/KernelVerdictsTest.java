package io.ebpf4j.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.asm.LlvmAssembler;
import io.ebpf4j.object.ProgramType;
import io.ebpf4j.progtype.ProgTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Small programs whose verdict the Linux 6.18 kernel gave (src/test/resources/verifier/kernel-verdicts.txt,
 * recorded with kernel-oracle): ours must be the same, except where we deliberately differ, listed
 * here with the reason.
 */
class KernelVerdictsTest {
    /** Where ebpf4j's verdict differs from the kernel's on purpose. */
    static final Map<String, String> DIFFERENCES = Map.of(
            "r0ptr", "the kernel lets root return a pointer (allow_ptr_leaks); ebpf4j demands R0 be a number at exit (issue #5)",
            "stkread_bad", "the kernel lets root read uninitialised stack (allow_uninit_stack); ebpf4j reads only initialised bytes (issue #5)",
            "ptrdiff_ok", "the kernel makes ptr - ptr an unknown number (mark_reg_unknown); ebpf4j keeps the exact difference of two"
                    + " pointers with one base, so the access it guards is proven in the frame (sound, more precise)",
            "retstack_ok", "the kernel refuses any stack pointer as a callee's return value; ebpf4j refuses only pointers into the"
                    + " callee's own frame, which dies on return (returning the caller's pointer it was given is sound)");

    @TestFactory
    Stream<DynamicTest> verdictsAgreeWithTheKernel() throws IOException {
        List<String[]> cases;
        try (InputStream in = KernelVerdictsTest.class.getResourceAsStream("/verifier/kernel-verdicts.txt")) {
            cases = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\\|", 3)).collect(Collectors.toList());
        }
        assertEquals(44, cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c[0] + " (kernel: " + c[1] + ")", () -> {
            String asm = c[2].replace(';', '\n');
            VerifierEnv env = new VerifierEnv(ProgTypes.of(ProgramType.XDP).orElseThrow(), List.of(), EntryState.kernelDefault(), Set.of(), 0);
            VerifierResult r = Verifier.verify(LlvmAssembler.assemble(asm, c[0]), env, VerifierOptions.defaults());
            boolean kernel = c[1].equals("ACCEPTED");
            boolean expected = DIFFERENCES.containsKey(c[0]) ? !kernel : kernel;
            assertEquals(expected, r.accepted(), c[0] + (DIFFERENCES.containsKey(c[0]) ? " (differs on purpose: " + DIFFERENCES.get(c[0]) + ")" : "")
                    + ": " + r.errors().stream().map(VerifierError::format).collect(Collectors.joining("; ")));
        }));
    }
}
