package io.ebpf4j.verifier;

/**
 * Figures of one verification.
 *
 * @param insnsProcessed instructions interpreted (each visit counts)
 * @param statesJoined   joins of two states at a merge point
 * @param nanos          wall-clock time
 * @param loopsWidened   widenings applied at loop heads
 */
public record VerifierStats(int insnsProcessed, int statesJoined, long nanos, int loopsWidened) {}
