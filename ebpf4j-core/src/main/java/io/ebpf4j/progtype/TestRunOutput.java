package io.ebpf4j.progtype;

/**
 * What {@code BPF_PROG_TEST_RUN} gives back.
 *
 * @param retval  {@code test.retval}: the low 32 bits of r0 for kernel program types (the kernel's
 *                {@code u32 retval}), all 64 bits for the "memory" type of the conformance suite
 * @param dataOut {@code data_out}, or null for types without one
 * @param ctxOut  {@code ctx_out}, or null when the type or the input has none
 */
public record TestRunOutput(long retval, byte[] dataOut, byte[] ctxOut) {}
