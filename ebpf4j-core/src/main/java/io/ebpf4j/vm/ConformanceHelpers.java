package io.ebpf4j.vm;

import io.ebpf4j.helpers.Helper;

/**
 * The helpers the bpf_conformance suite expects (its README, "What the programs expect from the
 * runtime"): id 5 is uBPF's "unwind" helper, which returns r1 and, when that is 0, ends the program
 * with r0 = 0 (uBPF: {@code ubpf_set_unwind_function_index}). Used by the conformance tests and
 * the CLI's conformance plugin.
 */
public final class ConformanceHelpers {
    private ConformanceHelpers() {}

    public static final int UNWIND_ID = 5;

    /** Helper 5, "unwind": returns r1; if r1 is 0 the program stops with r0 = 0. */
    public static final Helper UNWIND = Helper.of(UNWIND_ID, "unwind", (ctx, r1, r2, r3, r4, r5) -> {
        if (r1 == 0) ctx.stop(0);
        return r1;
    });

    /** Default options plus the conformance helpers. */
    public static VmOptions options() {
        return VmOptions.defaults().withHelpers(UNWIND);
    }
}
