package io.ebpf4j.progtype;

import io.ebpf4j.object.ProgramType;
import java.util.List;

/**
 * Program types whose context is free-form bytes given by the caller:
 * <ul>
 * <li>{@code BPF_PROG_TYPE_SYSCALL} — {@code bpf_prog_test_run_syscall}: at most {@code U16_MAX}
 *     bytes of context, no {@code data_in}, no repeat (-EINVAL); r1 points to a copy of the
 *     context (NULL without one) and the context is copied back after the run, so writes show in
 *     {@code ctx_out};</li>
 * <li>{@code BPF_PROG_TYPE_RAW_TRACEPOINT} — {@code bpf_prog_test_run_raw_tp}: the context is the
 *     tracepoint's arguments, at most {@code MAX_BPF_FUNC_ARGS} (12) u64s, no {@code data_in},
 *     no {@code ctx_out}, no repeat.</li>
 * </ul>
 * {@code retval} is the low 32 bits of r0.
 */
final class CtxBytesOps implements ProgTypeOps {
    private final ProgramType type;
    private final int maxCtx;

    CtxBytesOps(ProgramType type) {
        this.type = type;
        this.maxCtx = type == ProgramType.SYSCALL ? 0xffff : 12 * 8;
    }

    @Override
    public ProgramType type() {
        return type;
    }

    @Override
    public String name() {
        return type == ProgramType.SYSCALL ? "syscall" : "raw_tracepoint";
    }

    @Override
    public int contextSize() {
        return 0;
    }

    @Override
    public List<ContextField> contextFields() {
        return List.of();
    }

    @Override
    public boolean allowsHelper(int helperId) {
        return HelperSets.TRACING.get(helperId);
    }

    @Override
    public PreparedRun prepare(SlotMemory mem, TestRunInput input) {
        String fn = type == ProgramType.SYSCALL ? "bpf_prog_test_run_syscall" : "bpf_prog_test_run_raw_tp";
        if (input.data() != null) throw new TestRunException(22, fn + ": no data_in for " + name() + " programs");
        if (input.repeat() > 1) throw new TestRunException(22, fn + ": " + name() + " programs run once (no repeat)");
        byte[] ctx = input.ctx() == null ? new byte[0] : input.ctx();
        if (ctx.length > maxCtx) {
            throw new TestRunException(22, fn + ": the context (" + ctx.length + " bytes) exceeds " + maxCtx + " bytes");
        }
        TestRunLayout.requireRoom(mem, 0, ctx.length, "no packet");
        long addr = mem.ctxAddress();
        // memdup_user: the program gets exactly the caller's bytes (the verifier keeps its loads below ctx_size_in)
        TestRunLayout.copyIn(mem, addr, ctx);
        long r1 = ctx.length == 0 ? 0 : addr;
        boolean copyBack = type == ProgramType.SYSCALL && ctx.length > 0;
        return new TestRunLayout.Run(r1, 0, null, 0, 0, r0 -> new TestRunOutput(r0 & 0xffff_ffffL, null,
                copyBack ? TestRunLayout.copyOut(mem, addr, ctx.length) : null));
    }
}
