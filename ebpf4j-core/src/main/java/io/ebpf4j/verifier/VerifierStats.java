package io.ebpf4j.verifier;

/**
 * Figures of one verification.
 *
 * @param insnsProcessed    instructions interpreted (each visit counts)
 * @param statesJoined      joins of two states at a merge point
 * @param nanos             wall-clock time
 * @param loopsWidened      widenings applied at loop heads
 * @param functionAnalyses  analyses of a called function (bpf-to-bpf call, callx target, callback or global
 *                          function on its own): one per distinct (function, entry state, call chain)
 * @param memoHits          calls whose callee analysis was reused from an earlier call with the same entry
 *                          state (issue #6: results memoized per function and entry state)
 */
public record VerifierStats(int insnsProcessed, int statesJoined, long nanos, int loopsWidened, int functionAnalyses, int memoHits) {

    /** Figures of a verification that analysed no called function. */
    public VerifierStats(int insnsProcessed, int statesJoined, long nanos, int loopsWidened) {
        this(insnsProcessed, statesJoined, nanos, loopsWidened, 0, 0);
    }
}
