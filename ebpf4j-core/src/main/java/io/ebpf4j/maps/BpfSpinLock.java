package io.ebpf4j.maps;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The protocol of a {@code struct bpf_spin_lock} in the arena: one 4-byte word, 0 when free and 1
 * when held. {@code BPF_F_LOCK} map updates take it here, so the runtime's
 * {@code bpf_spin_lock}/{@code bpf_spin_unlock} helpers must use the same two methods to exclude
 * them. The word must be 4-byte aligned in native memory (map values are 8-byte aligned).
 * Like the kernel's lock, it is not reentrant: a program the verifier accepted never takes it twice.
 */
public final class BpfSpinLock {
    private static final VarHandle WORD = ValueLayout.JAVA_INT.varHandle();

    private BpfSpinLock() {}

    /** Takes the lock at {@code offset} of {@code segment}, spinning (then yielding) while another thread holds it. */
    public static void lock(MemorySegment segment, long offset) {
        int spins = 0;
        while (!WORD.compareAndSet(segment, offset, 0, 1)) {
            if (++spins < 128) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Releases the lock at {@code offset} of {@code segment}. */
    public static void unlock(MemorySegment segment, long offset) {
        WORD.setRelease(segment, offset, 0);
    }
}
