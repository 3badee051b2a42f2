/**
 * The verifier's numeric domain for scalar registers: {@link io.ebpf4j.verifier.domain.Tnum}
 * (known bits, as the kernel's {@code kernel/bpf/tnum.c}) and
 * {@link io.ebpf4j.verifier.domain.Scalar}, the reduced product of a tnum with signed and
 * unsigned bounds of the 64-bit value and of its low 32 bits (the kernel's
 * {@code bpf_reg_state} scalar fields). Transfer functions for every ALU operation, loads, byte
 * swaps and branch conditions are sound with respect to the interpreter's concrete semantics
 * (RFC 9669); an infeasible result is {@code null}.
 */
package io.ebpf4j.verifier.domain;
