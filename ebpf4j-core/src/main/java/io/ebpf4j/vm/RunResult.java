package io.ebpf4j.vm;

import io.ebpf4j.helpers.Redirect;
import java.util.List;

/**
 * What a {@link BpfProgram#run test run} reports, as {@code BPF_PROG_TEST_RUN} does, plus what
 * the runtime can tell beyond it.
 *
 * @param retval       {@code test.retval}: the low 32 bits of r0 (all 64 for the "memory" type)
 * @param r0           r0 at exit, all 64 bits
 * @param dataOut      {@code data_out}: the packet (or buffer) after the last run, or null
 * @param ctxOut       {@code ctx_out}: the context after the last run, or null when the type or
 *                     the input has none
 * @param durationNs   nanoseconds per run, averaged over the repetitions ({@code test.duration})
 * @param repeat       how many times the program ran
 * @param cpu          the CPU slot it ran on
 * @param instructions instructions the last run executed
 * @param trace        trace output of all repetitions ({@code bpf_trace_printk}), in order
 * @param redirects    redirects the last run asked for
 */
public record RunResult(long retval, long r0, byte[] dataOut, byte[] ctxOut, long durationNs, int repeat, int cpu,
                        long instructions, List<String> trace, List<Redirect> redirects) {

    /** Copies the lists; the record is immutable apart from the byte arrays it was given. */
    public RunResult {
        trace = List.copyOf(trace);
        redirects = List.copyOf(redirects);
    }
}
