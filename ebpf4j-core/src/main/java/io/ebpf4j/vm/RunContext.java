package io.ebpf4j.vm;

import io.ebpf4j.helpers.HelperContext;
import io.ebpf4j.helpers.HelperEnvironment;
import io.ebpf4j.helpers.HelperException;
import io.ebpf4j.helpers.PacketBuffer;
import io.ebpf4j.helpers.Redirect;
import io.ebpf4j.maps.BpfMap;
import io.ebpf4j.maps.Errno;
import io.ebpf4j.object.MapType;
import io.ebpf4j.object.ProgramType;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link HelperContext} of one CPU slot: reused by every run on the slot, reset at the start
 * of each. The interpreter checks {@link #pending} after every helper call (one field read) to
 * learn whether the helper asked to stop the program or to tail-call another.
 */
final class RunContext implements HelperContext {
    /** {@link #pending} values. */
    static final int NONE = 0, STOP = 1, TAIL_CALL = 2;
    /** Kernel {@code MAX_TAIL_CALL_CNT} (include/linux/bpf.h). */
    static final int MAX_TAIL_CALL_CNT = 33;

    private final MemoryArena arena;
    private final int cpu;
    private final RuntimeServices services;
    Interpreter interpreter;
    /** The JIT engine of this slot when the runtime compiles programs (it then runs the callbacks). */
    JitBridge.SlotEngine jit;

    // ---- per run
    int pending;
    long stopValue;
    boolean stopped;
    PreparedProgram tailTarget;
    int tailCalls;
    ProgramType programType = ProgramType.UNSPEC;
    PacketBuffer packet;
    final List<String> trace = new ArrayList<>();
    final List<Redirect> redirects = new ArrayList<>();
    long heldLock;

    RunContext(MemoryArena arena, int cpu, RuntimeServices services) {
        this.arena = arena;
        this.cpu = cpu;
        this.services = services;
    }

    /**
     * Clears the per-run state before a top-level run. Reference fields are written only when
     * they change: each reference store costs the garbage collector's write barriers, and this
     * runs once per program run (the standalone Vm's whole overhead on tiny programs).
     */
    void beginRun(ProgramType type, PacketBuffer packetBuffer) {
        pending = NONE;
        stopValue = 0;
        stopped = false;
        if (tailTarget != null) tailTarget = null;
        tailCalls = 0;
        if (programType != type) programType = type;
        if (packet != packetBuffer) packet = packetBuffer;
        if (!trace.isEmpty()) trace.clear();
        if (!redirects.isEmpty()) redirects.clear();
        heldLock = 0;
    }

    @Override
    public MemorySegment segment() {
        return arena.segment();
    }

    @Override
    public java.nio.ByteOrder byteOrder() {
        return arena.byteOrder();
    }

    @Override
    public long baseAddress() {
        return MemoryArena.BASE;
    }

    @Override
    public boolean inArena(long address, long length) {
        return arena.inArena(address, length);
    }

    @Override
    public MemorySegment slice(long address, long length) {
        if (!arena.inArena(address, length)) {
            throw new HelperException(String.format("%d bytes at 0x%x are outside the memory arena %s", length, address,
                    arena.describe(address)));
        }
        return arena.segment().asSlice(address - MemoryArena.BASE, length);
    }

    @Override
    public MemorySegment writableSlice(long address, long length) {
        if (!arena.isWritable(address, length)) {
            if (arena.inArena(address, length)) {
                throw new HelperException(String.format("%d bytes at 0x%x are read-only for programs %s", length, address,
                        arena.describe(address)));
            }
            throw new HelperException(String.format("%d bytes at 0x%x are outside the memory arena %s", length, address,
                    arena.describe(address)));
        }
        return arena.segment().asSlice(address - MemoryArena.BASE, length);
    }

    @Override
    public int cpu() {
        return cpu;
    }

    @Override
    public BpfMap map(long pointer) {
        return services.mapAt(pointer);
    }

    @Override
    public BpfMap mapContaining(long address) {
        return services.mapContaining(address);
    }

    @Override
    public long heldSpinLock() {
        return heldLock;
    }

    @Override
    public void heldSpinLock(long address) {
        heldLock = address;
    }

    @Override
    public ProgramType programType() {
        return programType;
    }

    @Override
    public PacketBuffer packet() {
        return packet;
    }

    @Override
    public HelperEnvironment environment() {
        return services.environment();
    }

    @Override
    public long callFunction(long functionPointer, long r1, long r2, long r3, long r4, long r5) {
        if (jit != null) return jit.callback(functionPointer, r1, r2, r3, r4, r5);
        return interpreter.callback(functionPointer, r1, r2, r3, r4, r5);
    }

    /**
     * {@code bpf_tail_call}, in the order of the kernel interpreter's {@code JMP_TAIL_CALL}
     * (kernel/bpf/core.c): an index at or past {@code max_entries} fails; then, once 33 tail calls
     * happened, every further one fails; the count goes up before the slot is read, so a tail
     * call into an empty slot still counts.
     */
    @Override
    public long tailCall(long mapPointer, long index) {
        BpfMap map = services.mapAt(mapPointer);
        if (map == null || map.type() != MapType.PROG_ARRAY) {
            throw new HelperException(String.format("bpf_tail_call: r2 = 0x%x is not a program array", mapPointer));
        }
        long i = index & 0xffff_ffffL; // u32 index = BPF_R3
        if (i >= Integer.toUnsignedLong(map.spec().maxEntries())) return -Errno.ENOENT;
        if (tailCalls >= MAX_TAIL_CALL_CNT) return -Errno.ENOENT;
        tailCalls++;
        PreparedProgram target = services.tailCallTarget(map, (int) i);
        if (target == null) return -Errno.ENOENT;
        tailTarget = target;
        pending = TAIL_CALL;
        return 0;
    }

    @Override
    public void stop(long result) {
        stopped = true;
        stopValue = result;
        pending = STOP;
    }

    @Override
    public boolean stopRequested() {
        return stopped;
    }

    @Override
    public void trace(String line) {
        trace.add(line);
        services.trace(cpu, line);
    }

    @Override
    public void redirect(Redirect redirect) {
        redirects.add(redirect);
    }

}
