package io.ebpf4j.verifier;

import java.util.List;

/**
 * The outcome of verifying one program.
 *
 * @param accepted whether the program is proven safe
 * @param errors   why not (empty when accepted)
 * @param warnings remarks that do not reject the program
 * @param stats    figures
 * @param log      the log at the requested level (empty at level 0)
 */
public record VerifierResult(boolean accepted, List<VerifierError> errors, List<String> warnings,
                             VerifierStats stats, String log) {
    public VerifierResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        log = log == null ? "" : log;
    }
}
