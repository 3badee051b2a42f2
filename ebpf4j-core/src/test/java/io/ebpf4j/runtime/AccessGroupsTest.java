package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.jit.JitInfo;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.RunResult;
import io.ebpf4j.vm.Runtime;
import io.ebpf4j.vm.RuntimeOptions;
import io.ebpf4j.vm.TestRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JIT's access groups (io.ebpf4j.jit.AccessGroups): in a program that runs as verified (a Runtime not in checked mode), the loads and stores of a
 * basic block through one base register share one bounds check, the slice of the arena that the group's first access
 * takes. The corpus's packet programs (clang-built, in this repository) read and rewrite headers through one pointer,
 * so they have groups; checked mode has none.
 *
 * <p>The slice covers the whole group, so it must never be taken before a jump that guards a later access of the group:
 * a packet parser's later header fields are safe to read only once the {@code data_end} test before them passed. Each
 * program runs on every truncation of several packets (from the 14 bytes of an Ethernet header up), so every one of its
 * bounds tests fails on some input; the JIT must give the interpreter's retval and packet bytes on each.
 */
class AccessGroupsTest {
    private static final List<String> PACKETS = List.of("tcp64.bin", "tcp_opts72.bin", "udp60.bin", "vlan_udp64.bin",
            "ipv6_tcp74.bin", "tcp1514.bin");

    @ParameterizedTest
    @ValueSource(strings = {"pkt_parse.o:pkt_parse", "pkt_rewrite_ip.o:pkt_rewrite_ip", "pkt_swap_macs.o:pkt_swap_macs",
            "pkt_swap_macs.eb.o:pkt_swap_macs"})
    void packetProgramsShareBoundsChecksAndAgreeWithTheInterpreterOnEveryTruncation(String spec) throws IOException {
        Path dir = CorpusCase.dir();
        String why = CorpusCase.missing(dir);
        Assumptions.assumeTrue(why == null, why);
        String[] parts = spec.split(":");
        BpfObject object = BpfObject.open(dir.resolve("obj").resolve(parts[0]));
        String name = parts[1];
        RuntimeOptions options = RuntimeOptions.defaults().withCpus(1).withPrograms(Set.of(name));
        try (Runtime jit = Runtime.load(object, options.withEngine(Engine.JIT));
             Runtime checked = Runtime.load(object, options.withEngine(Engine.JIT).withChecked(true));
             Runtime interpreter = Runtime.load(object, options)) {
            JitInfo info = JitInfo.of(jit.program(name)).orElseThrow();
            // every group has three accesses or more (AccessGroups.MIN_ACCESSES); pkt_parse's are all pairs, so it has none
            assertTrue(info.accessGroups() >= (name.equals("pkt_parse") ? 0 : 1)
                    && info.groupedAccesses() >= 3 * info.accessGroups(), info::toString);
            JitInfo unverified = JitInfo.of(checked.program(name)).orElseThrow();
            assertEquals(0, unverified.accessGroups(), () -> "checked mode: " + unverified);
            int runs = 0;
            for (String packet : PACKETS) {
                byte[] full = Files.readAllBytes(dir.resolve("inputs").resolve(packet));
                for (int n = 14; n <= full.length; n++) {
                    byte[] data = Arrays.copyOf(full, n);
                    RunResult expected = interpreter.program(name).run(TestRun.data(data));
                    RunResult got = jit.program(name).run(TestRun.data(data));
                    String what = spec + " on " + n + " bytes of " + packet;
                    assertEquals(expected.retval(), got.retval(), what + ": retval");
                    assertArrayEquals(expected.dataOut(), got.dataOut(), what + ": data_out");
                    assertEquals(expected.instructions(), got.instructions(), what + ": instructions");
                    runs++;
                }
            }
            System.out.printf("%s: %d access groups (%d accesses), %d truncated packets%n", spec, info.accessGroups(),
                    info.groupedAccesses(), runs);
        }
    }

    /**
     * A parser written the way clang compiles the benchmark's {@code parse}: each {@code data_end} test jumps away on
     * failure and falls through to the fields it guards, which it reads (and writes) through the same register as the
     * fields before it. A group must end at each test: taken across one, its slice would cover fields the test had not
     * yet allowed, and where the packet lies near the arena's end, a packet the program rejects without a fault would
     * fault. The groups are counted (the three loads after each test, the three stores after the second and the third:
     * 5 groups of 15 accesses; with groups across the tests, 2; the context's two fields are too few for a group), and
     * every length from 14 to 64 bytes runs on both engines: the same retval and the same packet bytes (the stores).
     */
    @org.junit.jupiter.api.Test
    void aGroupEndsAtEachBoundsTestThatGuardsItsLaterFields() {
        io.ebpf4j.isa.Program code = io.ebpf4j.asm.LlvmAssembler.assemble(io.ebpf4j.verifier.XdpObjects.guarded(14, """
                r5 = *(u8 *)(r3 + 12)
                r6 = *(u8 *)(r3 + 13)
                r8 = *(u8 *)(r3 + 0)
                r7 = r5
                r7 <<= 8
                r7 |= r6
                r4 = r3
                r4 += 34
                if r4 > r2 goto out
                r5 = *(u16 *)(r3 + 14)
                r6 = *(u32 *)(r3 + 26)
                r9 = *(u32 *)(r3 + 30)
                r7 += r5
                r7 += r6
                r7 ^= r8
                *(u16 *)(r3 + 24) = r7
                *(u8 *)(r3 + 22) = 63
                *(u8 *)(r3 + 23) = r9
                r4 = r3
                r4 += 54
                if r4 > r2 goto out
                r5 = *(u64 *)(r3 + 34)
                r6 = *(u64 *)(r3 + 46)
                r8 = *(u32 *)(r3 + 42)
                r7 ^= r5
                r7 += r6
                *(u32 *)(r3 + 50) = r7
                *(u32 *)(r3 + 36) = r5
                *(u16 *)(r3 + 40) = r8
                r0 = 2
                """));
        BpfObject object = BpfObject.open(io.ebpf4j.verifier.XdpObjects.object(code, new int[0]), "groups.o");
        String name = io.ebpf4j.verifier.XdpObjects.PROGRAM;
        RuntimeOptions options = RuntimeOptions.defaults().withCpus(1).withPrograms(Set.of(name));
        byte[] full = new byte[64];
        new java.util.Random(5).nextBytes(full);
        try (Runtime jit = Runtime.load(object, options.withEngine(Engine.JIT)); Runtime interpreter = Runtime.load(object, options)) {
            JitInfo info = JitInfo.of(jit.program(name)).orElseThrow();
            assertEquals(5, info.accessGroups(), info::toString);
            assertEquals(15, info.groupedAccesses(), info::toString);
            java.util.Set<Long> retvals = new java.util.TreeSet<>();
            for (int n = 14; n <= full.length; n++) {
                byte[] data = Arrays.copyOf(full, n);
                RunResult expected = interpreter.program(name).run(TestRun.data(data));
                RunResult got = jit.program(name).run(TestRun.data(data));
                assertEquals(expected.retval(), got.retval(), n + " bytes: retval");
                assertArrayEquals(expected.dataOut(), got.dataOut(), n + " bytes: data_out");
                retvals.add(got.retval());
            }
            // the short packets stop at a test, the long ones run to the end
            assertEquals(java.util.Set.of(1L, 2L), retvals);
        }
    }
}
