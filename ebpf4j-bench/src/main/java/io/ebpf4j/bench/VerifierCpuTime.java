package io.ebpf4j.bench;

import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.link.Linker;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.ProgramSpec;
import io.ebpf4j.verifier.Verifier;
import io.ebpf4j.verifier.VerifierOptions;
import io.ebpf4j.verifier.VerifierResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The verifier's thread CPU time per program (median and minimum of rounds after warm-up), for a
 * machine too loaded for JMH's wall-clock scores: other processes take the cores, not this
 * thread's CPU time. Arguments: {@code WARMUP ROUNDS FILE.o:PROGRAM...}; run with the benchmarks
 * jar on the class path:
 * {@code java -cp ebpf4j-bench/target/ebpf4j-benchmarks.jar io.ebpf4j.bench.VerifierCpuTime 30 15 ../shared/bench/calls.kern.o:prog}.
 */
public final class VerifierCpuTime {
    private VerifierCpuTime() {}

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: VerifierCpuTime WARMUP ROUNDS FILE.o:PROGRAM...");
            System.exit(2);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int warmup = Integer.parseInt(args[0]), rounds = Integer.parseInt(args[1]);
        for (int k = 2; k < args.length; k++) {
            int colon = args[k].lastIndexOf(':');
            BpfObject obj = BpfObject.open(Path.of(args[k].substring(0, colon)));
            String name = args[k].substring(colon + 1);
            ProgramSpec spec = obj.program(name).orElseThrow(() -> new IllegalArgumentException("no program " + name));
            LinkedProgram lp = Linker.link(obj, name);
            VerifierResult r = null;
            for (int i = 0; i < warmup; i++) r = Verifier.verify(obj, lp, spec.type(), VerifierOptions.defaults());
            long[] t = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long c0 = mx.getCurrentThreadCpuTime();
                r = Verifier.verify(obj, lp, spec.type(), VerifierOptions.defaults());
                t[i] = mx.getCurrentThreadCpuTime() - c0;
            }
            Arrays.sort(t);
            System.out.printf("%-55s %s, %d insns processed, %d loop iterations unrolled: CPU median %.2f ms, min %.2f ms (%d rounds)%n",
                    args[k], r.accepted() ? "verified" : "rejected", r.stats().insnsProcessed(), r.stats().loopIterationsUnrolled(),
                    t[rounds / 2] / 1e6, t[0] / 1e6, rounds);
        }
    }
}
