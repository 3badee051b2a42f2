package io.ebpf4j.vm;

/**
 * The inputs of one {@link BpfProgram#run(TestRun) test run}, as {@code BPF_PROG_TEST_RUN} takes
 * them: {@code data_in} (the packet, or the buffer of the "memory" type), {@code ctx_in},
 * {@code repeat}, and the CPU slot (the kernel's {@code BPF_F_TEST_RUN_ON_CPU}).
 *
 * @param data   the packet or buffer, or null
 * @param ctx    the context bytes, or null
 * @param repeat runs in a row on the same input state; 0 and 1 both mean once
 * @param cpu    the CPU slot to run on, or -1 for any free one
 */
public record TestRun(byte[] data, byte[] ctx, int repeat, int cpu) {

    /** Checks the arguments and copies the arrays, so a caller's later changes do not reach the run. */
    public TestRun {
        if (repeat < 0) throw new IllegalArgumentException("negative repeat: " + repeat);
        if (cpu < -1) throw new IllegalArgumentException("cpu must be -1 (any) or a slot number: " + cpu);
        data = data == null ? null : data.clone();
        ctx = ctx == null ? null : ctx.clone();
    }

    /** A run with this packet (or buffer). */
    public static TestRun data(byte[] data) {
        return new TestRun(data, null, 1, -1);
    }

    /** A run with only a context (syscall, raw tracepoint). */
    public static TestRun context(byte[] ctx) {
        return new TestRun(null, ctx, 1, -1);
    }

    /** A run with no input. */
    public static TestRun empty() {
        return new TestRun(null, null, 1, -1);
    }

    /** This run with another {@code data_in} (copied). */
    public TestRun withData(byte[] newData) {
        return new TestRun(newData, ctx, repeat, cpu);
    }

    /** This run with another {@code ctx_in} (copied). */
    public TestRun withCtx(byte[] newCtx) {
        return new TestRun(data, newCtx, repeat, cpu);
    }

    /** This run repeated {@code n} times on the same state ({@code BPF_PROG_TEST_RUN} {@code repeat}; 0 and 1 both mean once). */
    public TestRun withRepeat(int n) {
        return new TestRun(data, ctx, n, cpu);
    }

    /** This run on CPU slot {@code slot} (waiting for it if another thread uses it). */
    public TestRun onCpu(int slot) {
        return new TestRun(data, ctx, repeat, slot);
    }

    /** The packet without a copy, for the runtime (which copies it into the arena). */
    byte[] dataRef() {
        return data;
    }

    byte[] ctxRef() {
        return ctx;
    }

    /** A copy of {@code data_in}, or null. */
    @Override
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    /** A copy of {@code ctx_in}, or null. */
    @Override
    public byte[] ctx() {
        return ctx == null ? null : ctx.clone();
    }
}
