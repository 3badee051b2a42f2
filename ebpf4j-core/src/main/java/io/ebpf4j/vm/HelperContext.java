package io.ebpf4j.vm;

/**
 * What a helper sees of the running program: the memory arena, and a way to end the run early.
 * One instance per VM, reused by every run; valid only during the helper call.
 */
public final class HelperContext {
    private final VmMemory memory;
    boolean stopRequested;
    long stopValue;

    HelperContext(VmMemory memory) {
        this.memory = memory;
    }

    /** The VM's memory arena, to read and write through pointer arguments. */
    public VmMemory memory() {
        return memory;
    }

    /**
     * Ends the program when the helper returns, as if the entry function executed {@code exit}
     * with {@code r0 = result} (used for uBPF's "unwind" helper). The helper's own return value is
     * then ignored.
     */
    public void stop(long result) {
        stopRequested = true;
        stopValue = result;
    }

    /** Whether {@link #stop(long)} was called during this helper call. */
    public boolean stopRequested() {
        return stopRequested;
    }

    void reset() {
        stopRequested = false;
        stopValue = 0;
    }
}
