package io.ebpf4j.verifier;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of verifying one program.
 *
 * @param accepted whether the program is proven safe
 * @param errors   why not (empty when accepted)
 * @param warnings remarks that do not reject the program
 * @param stats    figures
 * @param log      the log at the requested level (empty at level 0)
 * @param graph    the CFG of every function with the abstract state at each block's entry, when
 *                 {@link VerifierOptions#keepBlockStates()} asked for it ({@link Dot} draws it)
 */
public record VerifierResult(boolean accepted, List<VerifierError> errors, List<String> warnings,
                             VerifierStats stats, String log, Optional<VerifierGraph> graph) {
    public VerifierResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        log = log == null ? "" : log;
        graph = graph == null ? Optional.empty() : graph;
    }

    /** A result without a graph. */
    public VerifierResult(boolean accepted, List<VerifierError> errors, List<String> warnings, VerifierStats stats, String log) {
        this(accepted, errors, warnings, stats, log, Optional.empty());
    }
}
