package io.ebpf4j.verifier;

/**
 * How to verify.
 *
 * @param logLevel             0: verdict and errors; 1: plus the state at each branch; 2: plus the state at every instruction
 * @param allowDivisionByZero  division and modulo by a register that may be zero is allowed (true in BPF: RFC 9669 §4.1 defines it)
 * @param maxIterations        bound on the visits of one loop head before the analysis gives up naming the loop
 * @param maxErrors            stop collecting errors after this many
 */
public record VerifierOptions(int logLevel, boolean allowDivisionByZero, int maxIterations, int maxErrors) {

    public VerifierOptions {
        if (logLevel < 0 || logLevel > 2) throw new IllegalArgumentException("log level must be 0, 1 or 2: " + logLevel);
        if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be positive");
        if (maxErrors < 1) throw new IllegalArgumentException("maxErrors must be positive");
    }

    public VerifierOptions(int logLevel, boolean allowDivisionByZero, int maxIterations) {
        this(logLevel, allowDivisionByZero, maxIterations, 20);
    }

    public static VerifierOptions defaults() {
        return new VerifierOptions(0, true, 1000, 20);
    }

    public VerifierOptions withLogLevel(int level) {
        return new VerifierOptions(level, allowDivisionByZero, maxIterations, maxErrors);
    }
}
