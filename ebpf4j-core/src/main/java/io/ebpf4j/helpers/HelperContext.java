package io.ebpf4j.helpers;

import io.ebpf4j.maps.BpfMap;
import io.ebpf4j.object.ProgramType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What a helper sees of the running program: the memory arena (every pointer argument is a BPF
 * address in it), the CPU slot it runs on, the runtime's maps, the program's packet, callbacks
 * into BPF code, and the environment (clock, task, trace output). One instance per CPU slot,
 * valid only during the helper call.
 */
public interface HelperContext {

    /**
     * The byte order of the program's memory: little-endian, or big-endian for a big-endian
     * object. Helpers that read or write integers in memory (not bytes) use it.
     */
    default java.nio.ByteOrder byteOrder() {
        return java.nio.ByteOrder.LITTLE_ENDIAN;
    }

    /** The whole arena; segment offset 0 is BPF address {@link #baseAddress()}. */
    MemorySegment segment();

    /** BPF address of segment offset 0. */
    long baseAddress();

    /** Whether {@code [address, address + length)} lies inside the arena. */
    boolean inArena(long address, long length);

    /**
     * A view of {@code length} bytes at {@code address} that the program may read.
     *
     * @throws HelperException if the range is not inside the arena
     */
    MemorySegment slice(long address, long length);

    /**
     * A view of {@code length} bytes at {@code address} that the program may write: not in a
     * read-only region ({@code .rodata}, frozen maps).
     *
     * @throws HelperException if the range is not writable by the program
     */
    MemorySegment writableSlice(long address, long length);

    /** Copies {@code length} bytes at {@code address}. */
    default byte[] read(long address, int length) {
        return slice(address, length).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Writes {@code bytes} at {@code address} (program-writable memory only). */
    default void write(long address, byte[] bytes) {
        MemorySegment.copy(bytes, 0, writableSlice(address, bytes.length), ValueLayout.JAVA_BYTE, 0, bytes.length);
    }

    /** The CPU slot this run executes on (what {@code bpf_get_smp_processor_id} returns). */
    int cpu();

    /** The map whose pointer ({@code ld_imm64} of a map, or an inner map) is {@code pointer}, or null. */
    BpfMap map(long pointer);

    /**
     * The map owning the arena memory at {@code address} (e.g. the ring buffer of a record
     * {@code bpf_ringbuf_reserve} returned), or null.
     */
    BpfMap mapContaining(long address);

    /** Address of the {@code bpf_spin_lock} this run holds, or 0 (the verifier allows one at a time). */
    long heldSpinLock();

    /** Records the lock this run holds (0 when it releases it). */
    void heldSpinLock(long address);

    /** The running program's type. */
    ProgramType programType();

    /** The running program's packet ({@link XdpBuff} or {@link SkBuff}), or null for types without one. */
    PacketBuffer packet();

    /** The clock, task identity, random numbers, probe-able memory and trace output of the runtime. */
    HelperEnvironment environment();

    /**
     * Calls the BPF function {@code functionPointer} (an {@code ld_imm64 src=BPF_PSEUDO_FUNC} value
     * of the running program) with r1-r5 in a new stack frame, as {@code bpf_loop} and
     * {@code bpf_for_each_map_elem} call their callbacks, and returns its r0.
     *
     * @throws HelperException if it is not a function of the running program
     */
    long callFunction(long functionPointer, long r1, long r2, long r3, long r4, long r5);

    /**
     * {@code bpf_tail_call}: if {@code index} names a program in the program array at
     * {@code mapPointer} and fewer than {@code MAX_TAIL_CALL_CNT} (33) tail calls happened in this
     * run, the running program is replaced by it when the helper returns. Returns 0 when the tail
     * call will happen, a negative errno when it fails (the program then goes on after the call).
     */
    long tailCall(long mapPointer, long index);

    /**
     * Ends the program when the helper returns, as if the entry function executed {@code exit}
     * with {@code r0 = result}. The helper's own return value is then ignored.
     */
    void stop(long result);

    /** Whether {@link #stop(long)} was called during this helper call. */
    boolean stopRequested();

    /** Appends one line of trace output ({@code bpf_trace_printk}) to this run's trace. */
    void trace(String line);

    /** Records a redirect decision ({@code bpf_redirect}, {@code bpf_redirect_map}) for the run's result. */
    void redirect(Redirect redirect);
}
