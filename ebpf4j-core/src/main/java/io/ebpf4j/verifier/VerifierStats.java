package io.ebpf4j.verifier;

import java.util.List;

/**
 * Figures of one verification.
 *
 * @param insnsProcessed         instructions interpreted (each visit counts, in every analysis of the program)
 * @param statesJoined           joins of two states at a merge point
 * @param nanos                  wall-clock time
 * @param loopsWidened           widenings applied at loop heads
 * @param functionAnalyses       analyses of a called function (bpf-to-bpf call, callx target, callback or global
 *                               function on its own): one per distinct (function, entry state, call chain)
 * @param memoHits               calls whose callee analysis was reused from an earlier call with the same entry
 *                               state (issue #6: results memoized per function and entry state)
 * @param loopsUnrolled          loops the final analysis ran iteration by iteration to their end, because widening
 *                               them alone gave errors (0 when every loop converged by widening)
 * @param loopIterationsUnrolled loop iterations run one by one, in every analysis of the program
 * @param unrolledLoopHeads      head instructions of the {@code loopsUnrolled} loops
 */
public record VerifierStats(int insnsProcessed, int statesJoined, long nanos, int loopsWidened, int functionAnalyses, int memoHits,
                            int loopsUnrolled, long loopIterationsUnrolled, List<Integer> unrolledLoopHeads) {

    public VerifierStats {
        unrolledLoopHeads = List.copyOf(unrolledLoopHeads);
    }

    /** Figures of a verification that analysed no called function and unrolled no loop. */
    public VerifierStats(int insnsProcessed, int statesJoined, long nanos, int loopsWidened) {
        this(insnsProcessed, statesJoined, nanos, loopsWidened, 0, 0, 0, 0, List.of());
    }
}
