package io.ebpf4j.jit;

/** What a compiled program's hidden class implements: its entry and a dispatch over its functions. */
interface JitProgram {
    /**
     * Runs the entry function at call depth {@code depth} with frame pointer {@code fp}. When the
     * program tail-calls, returns at once with the slot's pending request set (the caller loops).
     */
    long entry(JitState s, long r1, long r2, long r3, long r4, long r5, long fp, int depth);

    /** Runs the function starting at {@code slot} (a callback or {@code callx} target) as a subprogram. */
    long call(JitState s, int slot, long r1, long r2, long r3, long r4, long r5, long fp, int depth);
}
