package io.ebpf4j.progtype;

import io.ebpf4j.helpers.PacketBuffer;

/**
 * A test run laid out in a CPU slot's memory, ready to start: the entry registers, the packet the
 * helpers may change, and how to read the results back once the program has returned.
 */
public interface PreparedRun {

    /** r1 at entry: usually the context's address. */
    long r1();

    /** r2 at entry (the "memory" type's length; 0 otherwise). */
    long r2();

    /** The packet helpers operate on, or null. */
    PacketBuffer packet();

    /** Start of what legacy {@code ld_abs}/{@code ld_ind} read when there is no socket buffer. */
    long inputAddress();

    /** Length of that input. */
    int inputLength();

    /**
     * Reads back what the kernel's test run reports after the last repetition ({@code bpf_test_finish},
     * {@code bpf_ctx_finish}).
     *
     * @param r0 the program's return value (all 64 bits)
     */
    TestRunOutput finish(long r0);
}
