package io.ebpf4j.jit;

/**
 * Unwinds compiled frames without a stack trace: a helper stopped the program
 * ({@link #STOP}, caught by the outermost run), or a legacy packet load failed ({@link #LD_ABS_EXIT},
 * which ends the innermost run with r0 = 0, as the kernel's {@code bpf_gen_ld_abs} does).
 */
final class JitControl extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final JitControl STOP = new JitControl();
    static final JitControl LD_ABS_EXIT = new JitControl();

    private JitControl() {
        super(null, null, false, false);
    }
}
