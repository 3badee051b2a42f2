package io.ebpf4j.verifier;

import static io.ebpf4j.verifier.VerifierRulesTest.accepted;
import static io.ebpf4j.verifier.VerifierRulesTest.rejected;

import io.ebpf4j.asm.LlvmAssembler;
import io.ebpf4j.object.ProgramType;
import io.ebpf4j.progtype.ProgTypes;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link VerifierOptions#allowDivisionByZero()}: BPF defines division and modulo by zero (RFC 9669
 * §4.1) and the kernel accepts a divisor that may be zero, so the default allows it; turned off, a
 * divisor that may be zero is refused as PREVAIL does without allow_division_by_zero.
 */
class DivisionByZeroOptionTest {

    static VerifierResult xdp(String asm, boolean allow) {
        VerifierEnv env = new VerifierEnv(ProgTypes.of(ProgramType.XDP).orElseThrow(), List.of(), EntryState.kernelDefault(), Set.of(), 0);
        return Verifier.verify(LlvmAssembler.assemble(asm, "test"), env, new VerifierOptions(0, allow, 1000, 20));
    }

    /** r3 = the packet's length, 0 for an empty packet (a number the verifier cannot prove non-zero). */
    static final String LEN = "r2 = *(u32 *)(r1 + 0)\nr3 = *(u32 *)(r1 + 4)\nr3 -= r2\n";

    @Test
    void aDivisorThatMayBeZeroIsRefusedOnlyWhenTheOptionIsOff() {
        for (String op : List.of("/=", "%=", "s/=", "s%=")) {
            String prog = LEN + "r0 = 100\nr0 " + op + " r3\nr0 = 0\nexit";
            rejected(xdp(prog, false), "Possible division by zero");
            accepted(xdp(prog, true)); // the kernel's rule: x/0 is 0, x%0 is x
            // the same division after proving the divisor non-zero
            accepted(xdp(LEN + "if r3 == 0 goto +2\nr0 = 100\nr0 " + op + " r3\nr0 = 0\nexit", false));
        }
    }

    @Test
    void a32BitDivisionLooksAtTheLow32BitsOnly() {
        // r3 = 2^32 is not zero, but its low half, the ALU32 divisor, is
        String prog = "r3 = 1\nr3 <<= 32\nw0 = 100\nw0 /= w3\nr0 = 0\nexit";
        rejected(xdp(prog, false), "Possible division by zero");
        accepted(xdp(prog.replace("w0 /= w3", "r0 /= r3"), false));
    }
}
