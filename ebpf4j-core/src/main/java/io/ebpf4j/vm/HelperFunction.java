package io.ebpf4j.vm;

/**
 * The Java implementation of a helper: {@code r0 = f(r1, ..., r5)}. Pointer arguments are BPF
 * addresses; use {@link HelperContext#memory()} to reach the bytes.
 */
@FunctionalInterface
public interface HelperFunction {
    long call(HelperContext context, long r1, long r2, long r3, long r4, long r5);
}
