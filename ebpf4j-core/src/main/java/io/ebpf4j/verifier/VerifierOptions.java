package io.ebpf4j.verifier;

/**
 * How to verify.
 *
 * @param logLevel             0: verdict and errors; 1: plus the state at each branch; 2: plus the state at every instruction
 * @param allowDivisionByZero  division and modulo by a register that may be zero is allowed (true in BPF: RFC 9669 §4.1 defines it)
 * @param maxIterations        bound on the visits of one loop head before the analysis gives up naming the loop
 * @param maxErrors            stop collecting errors after this many
 * @param keepBlockStates      keep the CFG and the abstract state at each block's entry in {@link VerifierResult#graph()}
 *                             (for {@code ebpf4j verify --dot}; off by default: it costs memory and time)
 */
public record VerifierOptions(int logLevel, boolean allowDivisionByZero, int maxIterations, int maxErrors, boolean keepBlockStates) {

    public VerifierOptions {
        if (logLevel < 0 || logLevel > 2) throw new IllegalArgumentException("log level must be 0, 1 or 2: " + logLevel);
        if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be positive");
        if (maxErrors < 1) throw new IllegalArgumentException("maxErrors must be positive");
    }

    public VerifierOptions(int logLevel, boolean allowDivisionByZero, int maxIterations, int maxErrors) {
        this(logLevel, allowDivisionByZero, maxIterations, maxErrors, false);
    }

    public VerifierOptions(int logLevel, boolean allowDivisionByZero, int maxIterations) {
        this(logLevel, allowDivisionByZero, maxIterations, 20);
    }

    public static VerifierOptions defaults() {
        return new VerifierOptions(0, true, 1000, 20);
    }

    public VerifierOptions withLogLevel(int level) {
        return new VerifierOptions(level, allowDivisionByZero, maxIterations, maxErrors, keepBlockStates);
    }

    /** These options, keeping (or not) the per-block states for {@link VerifierResult#graph()}. */
    public VerifierOptions withKeepBlockStates(boolean keep) {
        return new VerifierOptions(logLevel, allowDivisionByZero, maxIterations, maxErrors, keep);
    }
}
