package io.ebpf4j.verifier;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.asm.LlvmAssembler;
import io.ebpf4j.asm.LlvmDisassembler;
import io.ebpf4j.isa.Program;
import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.link.Linker;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.ProgramType;
import io.ebpf4j.vm.BpfProgram;
import io.ebpf4j.vm.RunResult;
import io.ebpf4j.vm.Runtime;
import io.ebpf4j.vm.RuntimeOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The verifier's soundness property (issue #5): a program the verifier accepts never faults. Random
 * well-formed XDP programs of random safety ({@link RandomXdpPrograms}) go through the real loader
 * (an ELF object in memory, {@link BpfObject#open(byte[], String)}, {@link Linker}), the verifier, and
 * when accepted run as XDP in a {@link Runtime} on 5-10 random packets of 14..200 bytes (the test run's
 * minimum is ETH_HLEN, net/bpf/test_run.c bpf_test_init). Each run is also made by
 * {@link CheckedXdpMachine}, which checks every access against its region, register reads, helper
 * arguments and the instruction budget: the runtime's interpreter checks accesses against its whole
 * arena only. A fault of either, or a disagreement between them on r0 or the packet left, fails the
 * property with the seed, the listing, the packet and the fault.
 *
 * <p>2,000 programs in CI ({@link #acceptedProgramsNeverFault}); the long run is
 * {@code -Debpf4j.sound.tries=100000} ({@link #longRun}, which goes on after a failure and reports
 * every one; {@code -Debpf4j.sound.seed=S} sets its first seed).
 */
class SoundnessPropertyTest {
    /** Instructions one run may execute: far more than any accepted generated program needs (loops of at most 40 turns). */
    static final long BUDGET = 1_000_000;
    /** may_goto turns per run; the kernel's BPF_MAX_LOOPS (8M) would only make may_goto loops slow. */
    static final long MAY_GOTO = 1_000;

    enum Verdict { REJECTED, ACCEPTED }

    /** Shapes counted in the long run's figures: name → a text of the program that shows it. */
    static final java.util.Map<String, String> FEATURES = java.util.Map.of(
            "variable stack offset", "r2 += r3",
            "variable packet/map value offset", "r4 += r3",
            "bpf_xdp_adjust_head", "call 44",
            "bpf_xdp_adjust_tail", "call 65",
            "map lookup", "call 1\n",
            "may_goto loop", "may_goto",
            "counted loop", "r4 = 0\nL",
            "stack cursor stepped in a loop", "r5 = r10\n    r5 += -",
            "ALU32 op", "w9",
            "sign-extending move", "(s8)");

    /**
     * What went wrong with one program.
     *
     * @param kind the fault without its numbers, to group failures of one cause
     */
    record Failure(long seed, String kind, String report) {}

    @Property(tries = 2000, shrinking = ShrinkingMode.OFF)
    void acceptedProgramsNeverFault(@ForAll long seed) {
        List<Failure> failures = new ArrayList<>();
        Verdict v = check(seed, failures);
        Statistics.collect(v);
        // otherwise the property proves nothing: the verifier must accept a good share and reject the rest
        Statistics.coverage(c -> {
            c.check(Verdict.ACCEPTED).percentage(p -> p >= 10.0);
            c.check(Verdict.REJECTED).percentage(p -> p >= 10.0);
        });
        assertTrue(failures.isEmpty(), () -> failures.getFirst().report());
    }

    @Test
    void longRun() {
        String tries = System.getProperty("ebpf4j.sound.tries");
        Assumptions.assumeTrue(tries != null && !tries.isBlank(),
                "the long soundness run is opt-in: -Debpf4j.sound.tries=100000 (CI runs 2,000 programs in acceptedProgramsNeverFault)");
        int n = Integer.parseInt(tries.strip());
        String s = System.getProperty("ebpf4j.sound.seed");
        long first = s == null || s.isBlank() ? new Random().nextLong() : Long.parseLong(s.strip());
        List<Failure> failures = new ArrayList<>();
        java.util.Map<String, List<Long>> kinds = new java.util.LinkedHashMap<>();
        java.util.Map<String, int[]> features = new java.util.TreeMap<>();
        int accepted = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long seed = first + i;
            int before = failures.size();
            Verdict v = check(seed, failures);
            if (v == Verdict.ACCEPTED) accepted++;
            String asm = RandomXdpPrograms.generate(seed).asm();
            FEATURES.forEach((name, text) -> {
                if (asm.contains(text)) features.computeIfAbsent(name, k -> new int[2])[v.ordinal()]++;
            });
            for (int f = before; f < failures.size(); f++) {
                List<Long> seeds = kinds.computeIfAbsent(failures.get(f).kind(), k -> new ArrayList<>());
                seeds.add(seed);
                if (seeds.size() <= 3) System.out.println(failures.get(f).report()); // the first three of each kind
            }
            if ((i + 1) % 1000 == 0) {
                System.out.printf("soundness long run: %d programs, %d accepted, %d failing, %.0f s%n", i + 1, accepted,
                        failures.size(), (System.nanoTime() - start) / 1e9);
            }
        }
        System.out.printf("soundness long run from seed %d: %d programs, %d accepted (%.1f%%), %d rejected, %d failing%s%n",
                first, n, accepted, 100.0 * accepted / n, n - accepted, failures.size(),
                failures.isEmpty() ? "" : ", seeds " + failures.stream().map(f -> Long.toString(f.seed())).distinct()
                        .limit(200).collect(Collectors.joining(" ")));
        features.forEach((name, c) -> System.out.printf("  %-40s %6d programs, %6d accepted%n", name, c[0] + c[1], c[1]));
        kinds.forEach((k, seeds) -> System.out.printf("  %6d x %s  (seeds %s)%n", seeds.size(), k,
                seeds.stream().limit(10).map(String::valueOf).collect(Collectors.joining(" "))));
        assertTrue(accepted >= n / 10 && n - accepted >= n / 10, "acceptance rate " + accepted + "/" + n + " proves little");
        assertTrue(failures.isEmpty(), failures.size() + " failing programs; the first:\n"
                + (failures.isEmpty() ? "" : failures.getFirst().report()));
    }

    /** Generates, verifies and (when accepted) runs the program of {@code seed}; adds what went wrong to {@code failures}. */
    static Verdict check(long seed, List<Failure> failures) {
        RandomXdpPrograms.Generated g = RandomXdpPrograms.generate(seed);
        Program code = LlvmAssembler.assemble(g.asm(), "seed " + seed);
        BpfObject object = BpfObject.open(XdpObjects.object(code, g.mapRefs()), "sound-" + seed + ".o");
        LinkedProgram linked = Linker.link(object, XdpObjects.PROGRAM);
        VerifierResult result;
        try {
            result = Verifier.verify(object, linked, ProgramType.XDP, VerifierOptions.defaults());
        } catch (RuntimeException e) {
            failures.add(new Failure(seed, kind("the verifier threw " + e), report(seed, linked.program(), null, "the verifier threw " + e)));
            return Verdict.REJECTED;
        }
        if (!result.accepted()) return Verdict.REJECTED;
        Random rnd = new Random(seed * 0x9E3779B97F4A7C15L + 1);
        AtomicLong clock = new AtomicLong();
        RuntimeOptions options = RuntimeOptions.defaults().withCpus(1).withContextCapacity(256).withPacketCapacity(4096)
                .withExtraMapMemory(4096).withInstructionBudget(BUDGET).withMayGotoLimit(MAY_GOTO).withClock(clock::get)
                .withRandomSeed(seed);
        try (Runtime rt = Runtime.load(object, options)) {
            BpfProgram program = rt.program(XdpObjects.PROGRAM);
            CheckedXdpMachine machine = new CheckedXdpMachine(program.linked(), BUDGET, MAY_GOTO, seed, 0);
            // the same runs with every region elsewhere (every byte of the addresses changed): where the
            // outcome changes, it depends on addresses
            CheckedXdpMachine[] moved = {
                new CheckedXdpMachine(program.linked(), BUDGET, MAY_GOTO, seed, 0x1234_5678L),
                new CheckedXdpMachine(program.linked(), BUDGET, MAY_GOTO, seed, 0x2468_ace0L)};
            int runs = 5 + rnd.nextInt(6);
            for (int i = 0; i < runs; i++) {
                byte[] packet = packet(rnd);
                long now = rnd.nextLong() >>> 1;
                clock.set(now);
                CheckedXdpMachine.Outcome expected = null;
                String fault = null;
                try {
                    expected = machine.run(packet, now);
                } catch (CheckedXdpMachine.Fault f) {
                    fault = "checked run: " + f.getMessage();
                }
                boolean addressFree = expected != null;
                for (CheckedXdpMachine m : moved) {
                    if (expected == null) break;
                    try {
                        CheckedXdpMachine.Outcome other = m.run(packet, now);
                        addressFree &= other.r0() == expected.r0() && Arrays.equals(other.packet(), expected.packet());
                    } catch (CheckedXdpMachine.Fault f) {
                        fault = "checked run at other addresses: " + f.getMessage();
                        break;
                    }
                }
                RunResult actual = null;
                try {
                    actual = program.run(packet);
                } catch (RuntimeException e) {
                    fault = (fault == null ? "" : fault + "\n") + "runtime: " + e;
                }
                // r0 and the packet are compared when they cannot depend on random numbers or on addresses
                // (a privileged program may turn a pointer into a number: kernel allow_ptr_leaks)
                if (fault == null && !g.nondeterministic() && addressFree
                        && (actual.r0() != expected.r0() || !Arrays.equals(actual.dataOut(), expected.packet()))) {
                    fault = String.format("the engines disagree: runtime r0=%d packet=%s, checked r0=%d packet=%s", actual.r0(),
                            HexFormat.of().formatHex(actual.dataOut()), expected.r0(), HexFormat.of().formatHex(expected.packet()));
                }
                if (fault != null) {
                    failures.add(new Failure(seed, kind(fault) + (g.asm().contains("may_goto") ? " [with a may_goto loop]" : ""), report(seed, program.linked().program(), packet, fault)));
                    break;
                }
            }
        }
        return Verdict.ACCEPTED;
    }

    /** 14..200 bytes (ETH_HLEN is the test run's minimum), random, zero or all-ones. */
    static byte[] packet(Random rnd) {
        byte[] p = new byte[14 + rnd.nextInt(187)];
        switch (rnd.nextInt(6)) {
            case 0 -> { } // zeros
            case 1 -> Arrays.fill(p, (byte) 0xff);
            default -> rnd.nextBytes(p);
        }
        return p;
    }

    /** The first line of a fault with numbers and instruction dumps blanked. */
    static String kind(String fault) {
        String first = fault.lines().findFirst().orElse("");
        return first.replaceAll("Insn\\[[^]]*]", "insn").replaceAll("-?(0x)?[0-9a-f]*[0-9][0-9a-f]*", "#");
    }

    static String report(long seed, Program code, byte[] packet, String fault) {
        return "verifier soundness: seed " + seed + " (rerun: -Debpf4j.sound.tries=1 -Debpf4j.sound.seed=" + seed + ")\n"
                + LlvmDisassembler.OBJDUMP.listing(code, XdpObjects.PROGRAM)
                + (packet == null ? "" : "packet (" + packet.length + " bytes): " + HexFormat.of().formatHex(packet) + "\n")
                + fault + "\n";
    }
}
