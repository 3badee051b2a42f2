package io.ebpf4j.progtype;

import io.ebpf4j.object.ProgramType;
import java.util.List;

/**
 * What the runtime (and the verifier) need to know about one program type: the kernel's
 * {@code struct bpf_verifier_ops} (its context layout and which helpers its programs may call,
 * {@code get_func_proto}) and {@code struct bpf_prog_ops} (how {@code BPF_PROG_TEST_RUN} runs it:
 * net/bpf/test_run.c). Find one with {@link ProgTypes#of}.
 */
public interface ProgTypeOps {

    /** The kernel's program type this describes ({@link ProgramType#UNSPEC} for the "memory" type). */
    ProgramType type();

    /** A short name, as {@code bpftool prog load ... type NAME} and the CLI's {@code --type} spell it. */
    String name();

    /** {@code sizeof} the context structure, or 0 when the context is free-form bytes (syscall, raw tracepoint) or absent. */
    int contextSize();

    /** The context's fields (empty for free-form contexts). */
    List<ContextField> contextFields();

    /** Whether programs of this type may call the helper {@code helperId} ({@code get_func_proto} answers non-NULL). */
    boolean allowsHelper(int helperId);

    /**
     * Lays a test run out in the slot's memory as the kernel's {@code bpf_prog_test_run_*} would.
     *
     * @throws TestRunException when the kernel would refuse the input
     */
    PreparedRun prepare(SlotMemory memory, TestRunInput input);
}
