package io.ebpf4j.vm;

import io.ebpf4j.isa.Program;

/**
 * A program prepared to run standalone, with its own memory arena ({@link VmMemory}): the engine
 * of the conformance suite and of raw bytecode ({@code ebpf4j run-raw}). Programs of an object
 * run in a {@link Runtime} instead, which shares one arena among maps and CPU slots. Prepare once with
 * {@link #load}, then {@link #run} as often as needed: runs reuse the arena, registers and call
 * frames, and allocate nothing. A Vm is not thread-safe (one run at a time; load one Vm per
 * thread) and not reentrant (a helper must not run the same Vm).
 *
 * <p>Semantics are those of RFC 9669 plus the Linux extensions the validator accepts:
 * <ul>
 * <li>On entry r1 and r2 are the run's arguments (for {@link #run(byte[])}: the input's address
 *     and length), r10 the top of a fresh stack frame, every other register 0.</li>
 * <li>bpf-to-bpf calls get a fresh frame; r6-r9 and r10 are restored for the caller; at most
 *     {@link VmOptions#maxCallDepth()} frames. {@code callx rN} calls a function pointer made by
 *     {@code ld_imm64 src=4}, or else the registered helper whose id is in rN.</li>
 * <li>{@code may_goto} mirrors the kernel's rewrite in {@code do_misc_fixups}
 *     (kernel/bpf/verifier.c, count-based form, v6.9+): each call of a function that contains
 *     {@code may_goto} starts with a counter of {@code BPF_MAX_LOOPS} (8M) in its frame; each
 *     {@code may_goto} falls through and decrements the counter while it is not 0, and jumps once
 *     it is 0. (Kernels since 6.13 on x86-64/arm64 use a time-based variant instead.)</li>
 * <li>Legacy {@code ld_abs}/{@code ld_ind} (RFC 9669 §5.5) read big-endian from the input of
 *     the run; an access outside it ends the program with r0 = 0, as the kernel's
 *     {@code bpf_gen_ld_abs} does.</li>
 * <li>Atomic instructions are atomic read-modify-writes of the arena (VarHandles), and must be
 *     aligned to their size, as the kernel's verifier demands; a misaligned one is a
 *     {@link BpfRuntimeException}.</li>
 * </ul>
 */
public interface Vm extends AutoCloseable {

    /**
     * Validates and prepares {@code program}: decodes it once, resolves helper calls,
     * {@code ld_imm64} references and function pointers, and allocates the arena.
     *
     * @throws io.ebpf4j.isa.IsaException if the program is malformed
     * @throws BpfRuntimeException        if it calls an unknown helper, references a map or BTF
     *                                    object without a resolver, or uses an unsupported instruction
     */
    static Vm load(Program program, VmOptions options) {
        return new StandaloneVm(PreparedProgram.prepare(program, options), options);
    }

    /**
     * {@link #load(Program, VmOptions)} on the given engine: {@link Engine#JIT} compiles the program
     * to JVM bytecode now (same results as the interpreter).
     */
    static Vm load(Program program, VmOptions options, Engine engine) {
        return new StandaloneVm(PreparedProgram.prepare(program, options), options, engine);
    }

    /**
     * {@link #load(Program, VmOptions, Engine)} with memory in {@code byteOrder}: with
     * {@link java.nio.ByteOrder#BIG_ENDIAN} the program runs as on a big-endian CPU (as the
     * {@link Runtime} runs a {@code -target bpfeb} object): loads, stores and atomics read and write
     * big-endian, {@code le16/32/64} swap and {@code be16/32/64} only truncate (RFC 9669 §4.2).
     * Legacy packet loads stay in network order.
     */
    static Vm load(Program program, VmOptions options, Engine engine, java.nio.ByteOrder byteOrder) {
        boolean bigEndian = java.util.Objects.requireNonNull(byteOrder, "byteOrder") == java.nio.ByteOrder.BIG_ENDIAN;
        return new StandaloneVm(PreparedProgram.prepare(program, options, bigEndian), options, engine, byteOrder);
    }

    /** {@link #load(Program, VmOptions)} with {@link VmOptions#defaults()}. */
    static Vm load(Program program) {
        return load(program, VmOptions.defaults());
    }

    Program program();

    VmOptions options();

    /** The memory arena: regions, stack, input. */
    VmMemory memory();

    /**
     * Copies {@code input} into the input region and runs the program with r1 = its address and
     * r2 = its length. The program may modify the input; read it back with {@link #inputBytes()}.
     *
     * @return r0 at the entry function's {@code exit}
     * @throws BpfRuntimeException on a memory fault, too deep a call chain, an invalid
     *                             {@code callx} target or an exhausted instruction budget
     */
    long run(byte[] input);

    /**
     * Runs with the first {@code length} bytes of the input region as they are now (written
     * through {@link VmMemory#slice} at {@link VmMemory#inputAddress()}), r1 = their address,
     * r2 = {@code length}: the zero-copy variant of {@link #run(byte[])}.
     */
    long runInPlace(int length);

    /** Runs with the given r1 and r2 and no input (legacy packet loads see an empty packet). */
    long run(long r1, long r2);

    /** The input bytes of the last run as the program left them. */
    byte[] inputBytes();

    /** Number of instructions the last completed run executed ({@code ld_imm64} counts once). */
    long instructionCount();

    /** Frees the arena. The Vm cannot run afterwards. */
    @Override
    void close();
}
