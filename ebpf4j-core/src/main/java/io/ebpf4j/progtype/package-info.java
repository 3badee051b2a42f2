/**
 * Program types: each type's context layout, the helpers its programs may call, and how
 * {@code BPF_PROG_TEST_RUN} runs it ({@link io.ebpf4j.progtype.ProgTypeOps}, found through
 * {@link io.ebpf4j.progtype.ProgTypes}), mirroring the kernel's {@code bpf_verifier_ops} and
 * {@code bpf_prog_ops} and net/bpf/test_run.c.
 */
package io.ebpf4j.progtype;
