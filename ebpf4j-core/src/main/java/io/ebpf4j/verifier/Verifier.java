package io.ebpf4j.verifier;

import io.ebpf4j.isa.Program;
import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.ProgramType;

/**
 * The verifier: proves a program safe for its type by abstract interpretation over each function's
 * control-flow graph (see docs/architecture.md, "Verifier").
 */
public final class Verifier {
    private Verifier() {}

    /** Verify one linked program of an object (maps from the linked program, context from the program type). */
    public static VerifierResult verify(BpfObject object, LinkedProgram program, ProgramType type, VerifierOptions options) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Low-level: raw instructions with an explicit environment (used by tests such as the PREVAIL harness). */
    public static VerifierResult verify(Program code, VerifierEnv env, VerifierOptions options) {
        throw new UnsupportedOperationException("skeleton");
    }
}
