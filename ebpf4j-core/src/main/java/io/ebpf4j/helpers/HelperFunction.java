package io.ebpf4j.helpers;

/**
 * The Java implementation of a helper: {@code r0 = f(r1, ..., r5)}. Pointer arguments are BPF
 * addresses; reach the bytes through {@link HelperContext}. A helper reports what the program
 * did wrong by throwing a {@link HelperException}; the engine adds the calling instruction.
 */
@FunctionalInterface
public interface HelperFunction {
    long call(HelperContext context, long r1, long r2, long r3, long r4, long r5);
}
