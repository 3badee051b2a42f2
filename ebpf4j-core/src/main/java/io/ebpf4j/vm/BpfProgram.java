package io.ebpf4j.vm;

import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.maps.BpfSpinLock;
import io.ebpf4j.object.ProgramSpec;
import io.ebpf4j.object.ProgramType;
import io.ebpf4j.progtype.PreparedRun;
import io.ebpf4j.progtype.ProgTypeOps;
import io.ebpf4j.progtype.TestRunInput;
import io.ebpf4j.progtype.TestRunOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * A program of a {@link Runtime}, linked and ready to run: the equivalent of a loaded program fd
 * that {@code BPF_PROG_TEST_RUN} runs. Safe to run from several threads at once: each run takes
 * a CPU slot of the runtime (any free one, or the one {@link TestRun#onCpu} asks for).
 *
 * <p>The run variants follow the program type's test run ({@link ProgTypeOps}): packet types
 * (XDP, socket filter, tc) take the packet as {@code data} and optionally a context; syscall and
 * raw tracepoint programs take a context; the "memory" type takes a buffer (r1 = its address,
 * r2 = its length).
 */
public final class BpfProgram {
    private final Runtime runtime;
    private final LinkedProgram linked;
    private final ProgTypeOps ops;
    private final PreparedProgram prepared;
    private final int id;

    BpfProgram(Runtime runtime, LinkedProgram linked, ProgTypeOps ops, PreparedProgram prepared, int id) {
        this.runtime = runtime;
        this.linked = linked;
        this.ops = ops;
        this.prepared = prepared;
        this.id = id;
    }

    /** The program's (function) name. */
    public String name() {
        return linked.name();
    }

    /** The ELF section it came from. */
    public String sectionName() {
        return linked.entry().sectionName();
    }

    /** The program's spec in the object (section, type, instructions as compiled). */
    public ProgramSpec spec() {
        return linked.entry();
    }

    /** The linked instructions, maps and line info. */
    public LinkedProgram linked() {
        return linked;
    }

    /** The type it runs as. */
    public ProgramType type() {
        return ops.type();
    }

    /** Its type's context layout, helper list and test-run behaviour. */
    public ProgTypeOps typeOps() {
        return ops;
    }

    /** Its id in the runtime: what a program array holds to tail-call it. */
    public int id() {
        return id;
    }

    /** The runtime the program belongs to (closing it ends the program too). */
    public Runtime runtime() {
        return runtime;
    }

    PreparedProgram prepared() {
        return prepared;
    }

    /** Runs with {@code data} as the packet (packet types) or buffer ("memory" type). */
    public RunResult run(byte[] data) {
        return run(TestRun.data(data));
    }

    /** Runs with a packet and a context ({@code ctx_in}). */
    public RunResult run(byte[] data, byte[] ctx) {
        return run(TestRun.data(data).withCtx(ctx));
    }

    /** Runs with only a context (syscall, raw tracepoint). */
    public RunResult runWithContext(byte[] ctx) {
        return run(TestRun.context(ctx));
    }

    /**
     * One {@code BPF_PROG_TEST_RUN}: lays the input out in a CPU slot as the kernel's test run
     * for the type does, runs the program {@code repeat} times on that state, and reads the results back.
     *
     * @throws io.ebpf4j.progtype.TestRunException if the kernel would refuse the input
     * @throws BpfRuntimeException                 if the program faults (names the instruction)
     */
    public RunResult run(TestRun request) {
        runtime.ensureOpen();
        int cpu = request.cpu() >= 0 ? runtime.acquire(request.cpu()) : runtime.acquireAny();
        try {
            Interpreter in = runtime.interpreter(cpu);
            JitBridge.SlotEngine jit = runtime.jit(cpu);
            JitBridge.Code code = jit == null ? null : JitBridge.code(prepared);
            RunContext ctx = in.context();
            PreparedRun run = ops.prepare(runtime.slotMemory(cpu), new TestRunInput(request.dataRef(), request.ctxRef(), request.repeat()));
            int n = Math.max(1, request.repeat());
            List<String> trace = new ArrayList<>();
            long r0 = 0;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ctx.beginRun(ops.type(), run.packet());
                try {
                    // checked mode: the slot's region rule serves both engines
                    if (in.checked()) in.contextSize(ops.contextSize());
                    if (jit != null) {
                        jit.legacyPacket(run.inputAddress(), run.inputLength());
                        r0 = jit.run(code, run.r1(), run.r2());
                    } else {
                        in.legacyPacket(run.inputAddress(), run.inputLength());
                        r0 = in.run(prepared, run.r1(), run.r2());
                    }
                } catch (RuntimeException e) {
                    unlock(ctx);
                    throw e;
                }
                if (ctx.heldLock != 0) {
                    long held = ctx.heldLock;
                    unlock(ctx);
                    throw new BpfRuntimeException(String.format("program '%s' exited holding the bpf_spin_lock at 0x%x"
                            + " (the kernel's verifier rejects this: \"bpf_spin_unlock is missing\")", name(), held));
                }
                if (!ctx.trace.isEmpty()) trace.addAll(ctx.trace);
            }
            long elapsed = System.nanoTime() - start;
            TestRunOutput out = run.finish(r0);
            return new RunResult(out.retval(), r0, out.dataOut(), out.ctxOut(), elapsed / n, n, cpu,
                    jit != null ? jit.instructionCount() : in.instructionCount(),
                    trace, ctx.redirects);
        } finally {
            runtime.release(cpu);
        }
    }

    /** Releases a spin lock a failed (or unverified) program still holds, so other slots do not deadlock. */
    private void unlock(RunContext ctx) {
        long held = ctx.heldLock;
        if (held == 0) return;
        ctx.heldLock = 0;
        BpfSpinLock.unlock(runtime.memory().segment(), held - MemoryArena.BASE);
    }

    @Override
    public String toString() {
        return "BpfProgram[" + name() + ", " + ops.name() + ", id " + id + "]";
    }
}
