package io.ebpf4j.helpers;

/**
 * The Java implementation of a helper: {@code r0 = f(r1, ..., r5)}. Pointer arguments are BPF
 * addresses; reach the bytes through {@link HelperContext}. A helper reports what the program
 * did wrong by throwing a {@link HelperException}; the engine adds the calling instruction.
 */
@FunctionalInterface
public interface HelperFunction {
    /** Runs the helper for the program on {@code context}'s CPU slot with r1-r5 as they are at the call; the result becomes r0. Called on the program's thread. */
    long call(HelperContext context, long r1, long r2, long r3, long r4, long r5);
}
