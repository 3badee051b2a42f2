package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.jit.JitInfo;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.Runtime;
import io.ebpf4j.vm.RuntimeOptions;
import io.ebpf4j.vm.TestRun;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code bpf_map_lookup_elem} on an array map, written out in place by the JIT (an index check and an address, as the
 * kernel's verifier writes it: {@code array_map_gen_lookup}, kernel/bpf/arraymap.c) where the program runs as
 * verified (a Runtime not in checked mode) and r1 is the map's {@code ld_imm64} in the same block.
 */
class InlineLookupTest {

    /**
     * A program that looks up the u32 key at the start of the packet in a 4-entry array and counts the hits in the
     * element. bpf_map_lookup_elem's contract (include/uapi/linux/bpf.h; array_map_lookup_elem): element {@code key}
     * for {@code key < max_entries} as an unsigned 32-bit number, NULL otherwise. Keys in range, just past it, and
     * with the top bit set (negative as signed numbers) run in turn on both engines; the retval carries the element's
     * new count, so each run also shows what the earlier ones wrote.
     */
    @Test
    void arrayLookupsWrittenOutGiveTheElementOrNull() {
        countingLookups(false);
    }

    /**
     * The same on a per-CPU array in a runtime of two CPU slots, the runs alternating between them: each CPU counts in
     * its own copy of the element (include/uapi/linux/bpf.h: a per-CPU map's lookup gives the calling CPU's value).
     */
    @Test
    void perCpuArrayLookupsWrittenOutGiveTheCallingCpusElement() {
        countingLookups(true);
    }

    private static final String COUNTING = io.ebpf4j.verifier.XdpObjects.guarded(4, """
            r5 = *(u32 *)(r3 + 0)
            *(u32 *)(r10 - 4) = r5
            r2 = r10
            r2 += -4
            r1 = 0 ll
            call 1
            if r0 == 0 goto miss
            r1 = *(u64 *)(r0 + 8)
            r1 += 1
            *(u64 *)(r0 + 8) = r1
            r0 = r1
            r0 <<= 8
            r0 |= r5
            r0 &= 0xffffff
            goto out
            miss:
            r0 = 2
            """);

    private static void countingLookups(boolean perCpu) {
        io.ebpf4j.isa.Program code = io.ebpf4j.asm.LlvmAssembler.assemble(COUNTING);
        BpfObject object = BpfObject.open(io.ebpf4j.verifier.XdpObjects.object(code, new int[] {0}, perCpu), "lookups.o");
        String name = io.ebpf4j.verifier.XdpObjects.PROGRAM;
        int cpus = perCpu ? 2 : 1;
        RuntimeOptions options = RuntimeOptions.defaults().withCpus(cpus).withPrograms(Set.of(name));
        long[] keys = {0, 3, 1, 4, 3, 5, 255, 0x7fff_ffffL, 0x8000_0000L, 0xffff_fffeL, 0xffff_ffffL, 2, 3, 0, 3, 3};
        try (Runtime jit = Runtime.load(object, options.withEngine(Engine.JIT));
             Runtime checked = Runtime.load(object, options.withEngine(Engine.JIT).withChecked(true));
             Runtime interpreter = Runtime.load(object, options)) {
            assertEquals(1, JitInfo.of(jit.program(name)).orElseThrow().inlinedLookups());
            assertEquals(0, JitInfo.of(checked.program(name)).orElseThrow().inlinedLookups(), "checked mode: a call");
            Map<Long, Integer> hits = new HashMap<>();
            for (int i = 0; i < keys.length; i++) {
                long key = keys[i];
                int cpu = i % cpus;
                byte[] packet = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putInt((int) key).array();
                long expected;
                if (key < 4) {
                    int n = hits.merge(key * 16 + cpu, 1, Integer::sum);
                    expected = ((long) n << 8 | key) & 0xffffff;
                } else {
                    expected = 2;
                }
                String what = "key 0x" + Long.toHexString(key) + " on CPU " + cpu;
                TestRun run = TestRun.data(packet).onCpu(cpu);
                assertEquals(expected, interpreter.program(name).run(run).retval(), what + " (interpreter)");
                assertEquals(expected, jit.program(name).run(run).retval(), what + " (JIT)");
                assertEquals(expected, checked.program(name).run(run).retval(), what + " (checked JIT)");
            }
        }
    }

    /**
     * Update, lookup and delete on a hash map known where the program is compiled are the map's own operations called
     * directly. A sequence of operations (key and operation from the packet) against the helpers' contract
     * (include/uapi/linux/bpf.h, kernel/bpf/hashtab.c): update with BPF_ANY gives 0, or -E2BIG for a new key in a
     * full map (8 entries); lookup gives the value (here the key times 3) or NULL; delete gives 0 or -ENOENT. The
     * interpreter, the JIT and checked mode (where they stay helper calls) must all follow it.
     */
    @Test
    void hashMapOperationsCalledDirectlyFollowTheHelpersContract() {
        io.ebpf4j.isa.Program code = io.ebpf4j.asm.LlvmAssembler.assemble(io.ebpf4j.verifier.XdpObjects.guarded(8, """
                r6 = *(u32 *)(r3 + 0)
                r7 = *(u32 *)(r3 + 4)
                *(u32 *)(r10 - 4) = r6
                r8 = r6
                r8 *= 3
                *(u64 *)(r10 - 16) = r8
                *(u64 *)(r10 - 24) = r6
                if r7 == 0 goto update
                if r7 == 1 goto lookup
                r2 = r10
                r2 += -4
                r1 = 0 ll
                call 3
                goto out
                update:
                r2 = r10
                r2 += -4
                r3 = r10
                r3 += -24
                r1 = 0 ll
                r4 = 0
                call 2
                goto out
                lookup:
                r2 = r10
                r2 += -4
                r1 = 0 ll
                call 1
                if r0 == 0 goto none
                r0 = *(u64 *)(r0 + 8)
                goto out
                none:
                r0 = 0xdead
                """));
        BpfObject object = BpfObject.open(io.ebpf4j.verifier.XdpObjects.object(code, new int[] {1, 1, 1}), "hash.o");
        String name = io.ebpf4j.verifier.XdpObjects.PROGRAM;
        RuntimeOptions options = RuntimeOptions.defaults().withCpus(1).withPrograms(Set.of(name));
        int update = 0, lookup = 1, delete = 2;
        int[][] steps = {{5, lookup}, {5, update}, {5, lookup}, {5, update}, {6, delete}, {5, delete}, {5, delete},
                {1, update}, {2, update}, {3, update}, {4, update}, {5, update}, {6, update}, {7, update}, {8, update},
                {9, update}, {9, lookup}, {8, lookup}, {3, delete}, {9, update}, {9, lookup}, {3, lookup}};
        try (Runtime jit = Runtime.load(object, options.withEngine(Engine.JIT));
             Runtime checked = Runtime.load(object, options.withEngine(Engine.JIT).withChecked(true));
             Runtime interpreter = Runtime.load(object, options)) {
            assertEquals(3, JitInfo.of(jit.program(name)).orElseThrow().directMapCalls());
            assertEquals(0, JitInfo.of(checked.program(name)).orElseThrow().directMapCalls(), "checked mode: calls");
            Map<Long, Long> model = new HashMap<>();
            for (int[] step : steps) {
                long key = step[0];
                long expected = switch (step[1]) {
                    case 0 -> {
                        if (!model.containsKey(key) && model.size() == 8) yield -7; // -E2BIG
                        model.put(key, key * 3);
                        yield 0;
                    }
                    case 1 -> model.getOrDefault(key, 0xdeadL);
                    default -> model.remove(key) != null ? 0 : -2; // -ENOENT
                };
                byte[] packet = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putInt((int) key).putInt(step[1]).array();
                String what = (step[1] == update ? "update " : step[1] == lookup ? "lookup " : "delete ") + key;
                assertEquals(expected & 0xffff_ffffL, interpreter.program(name).run(TestRun.data(packet)).retval() & 0xffff_ffffL,
                        what + " (interpreter)");
                assertEquals(expected & 0xffff_ffffL, jit.program(name).run(TestRun.data(packet)).retval() & 0xffff_ffffL,
                        what + " (JIT)");
                assertEquals(expected & 0xffff_ffffL, checked.program(name).run(TestRun.data(packet)).retval() & 0xffff_ffffL,
                        what + " (checked JIT)");
            }
        }
    }

    /**
     * A key the block stored as a constant ({@code u32 key = 2; lookup(&arr, &key)}) makes the lookup's result a
     * constant (io.ebpf4j.jit.BlockConstants), but only while nothing has written the key's bytes since: four lookups
     * of one program, with the key 2 (in range), 7 (past the end), 2 overwritten by a register from the packet, and 2
     * with one byte overwritten through another pointer to the same frame bytes. The first two are constants, the last
     * two read the key. Each counts hits in its element and adds them to the result with its own weight; the expected
     * results follow the helper's contract for each packet byte.
     */
    @Test
    void aKeyStoredAsAConstantGivesAConstantLookupUntilItsBytesChange() {
        io.ebpf4j.isa.Program code = io.ebpf4j.asm.LlvmAssembler.assemble(io.ebpf4j.verifier.XdpObjects.guarded(4, """
                r6 = *(u8 *)(r3 + 0)
                r9 = 0
                *(u32 *)(r10 - 4) = 2
                """ + countedLookup("a", 1, 1000) + """
                *(u32 *)(r10 - 4) = 7
                """ + countedLookup("b", 1, 2000) + """
                *(u32 *)(r10 - 4) = 2
                *(u32 *)(r10 - 4) = r6
                """ + countedLookup("c", 10, 3000) + """
                *(u32 *)(r10 - 4) = 2
                r3 = r10
                r3 += -4
                *(u8 *)(r3 + 1) = r6
                """ + countedLookup("d", 100, 4000) + """
                r0 = r9
                r0 &= 0xffffff
                """));
        BpfObject object = BpfObject.open(io.ebpf4j.verifier.XdpObjects.object(code, new int[] {0, 0, 0, 0}), "keys.o");
        String name = io.ebpf4j.verifier.XdpObjects.PROGRAM;
        RuntimeOptions options = RuntimeOptions.defaults().withCpus(1).withPrograms(Set.of(name));
        try (Runtime jit = Runtime.load(object, options.withEngine(Engine.JIT)); Runtime interpreter = Runtime.load(object, options)) {
            JitInfo info = JitInfo.of(jit.program(name)).orElseThrow();
            assertEquals(4, info.inlinedLookups(), info::toString);
            assertEquals(2, info.constantKeys(), info::toString);
            long[] count = new long[4];
            for (int b : new int[] {0, 1, 2, 3, 4, 200, 0, 2, 0}) {
                long expected = 0;
                expected += ++count[2];                                    // key 2
                expected += 2000;                                          // key 7: NULL
                expected += b < 4 ? 10 * ++count[b] : 3000;                // key = the packet byte
                expected += b == 0 ? 100 * ++count[2] : 4000;              // key 2 | byte << 8
                byte[] packet = new byte[64];
                packet[0] = (byte) b;
                assertEquals(expected & 0xffffff, interpreter.program(name).run(TestRun.data(packet)).retval(), "byte " + b + " (interpreter)");
                assertEquals(expected & 0xffffff, jit.program(name).run(TestRun.data(packet)).retval(), "byte " + b + " (JIT)");
            }
        }
    }

    /**
     * Assembly: looks up the key at r10 - 4 in the array; on a hit, adds 1 to the element's first u64 and adds the new
     * count times {@code weight} to r9; on a miss, adds {@code miss} to r9.
     */
    private static String countedLookup(String label, int weight, int miss) {
        return """
                r2 = r10
                r2 += -4
                r1 = 0 ll
                call 1
                if r0 == 0 goto %1$s_miss
                r1 = *(u64 *)(r0 + 0)
                r1 += 1
                *(u64 *)(r0 + 0) = r1
                r1 *= %2$d
                r9 += r1
                goto %1$s_done
                %1$s_miss:
                r9 += %3$d
                %1$s_done:
                """.formatted(label, weight, miss);
    }

    /**
     * The corpus's packet parser and array program (clang-built, in this repository) have lookups written out, some of
     * them with constant keys (their results go to an array at constant indices).
     */
    @Test
    void corpusProgramsHaveTheirArrayLookupsWrittenOut() {
        Path dir = CorpusCase.dir();
        String why = CorpusCase.missing(dir);
        Assumptions.assumeTrue(why == null, why);
        for (String spec : new String[] {"pkt_parse.o:pkt_parse", "map_array.o:map_array"}) {
            String[] parts = spec.split(":");
            BpfObject object = BpfObject.open(dir.resolve("obj").resolve(parts[0]));
            RuntimeOptions options = RuntimeOptions.defaults().withCpus(1).withPrograms(Set.of(parts[1])).withEngine(Engine.JIT);
            try (Runtime rt = Runtime.load(object, options)) {
                JitInfo info = JitInfo.of(rt.program(parts[1])).orElseThrow();
                assertTrue(info.inlinedLookups() >= 1 && info.constantKeys() >= 1, () -> spec + ": " + info);
                System.out.println(spec + ": " + info.inlinedLookups() + " lookups written out, " + info.constantKeys()
                        + " of them with a constant key");
            }
        }
    }

    /**
     * The corpus's {@code bpf_loop} program: the six calls whose flags are a constant 0 (four in the program, the outer
     * loop's and the inner one in its callback) are written out as loops over the callback's method, as the kernel's
     * verifier writes them out ({@code inline_bpf_loop}); the two with flags 1 and with flags read from a global stay
     * helper calls. Its results are those the source documents and the kernel's recording shows
     * ({@code corpus/src/helper_loop.c}): 100 iterations, the sum of i * i below 100, 10 iterations with a stop at
     * index 9, 0 iterations, -E2BIG as the written-out form's 32-bit 0xfffffff9, -EINVAL for flags 1, 20 inner
     * iterations, and -E2BIG from the helper itself; on both engines.
     */
    @Test
    void corpusBpfLoopCallsAreWrittenOut() {
        Path dir = CorpusCase.dir();
        String why = CorpusCase.missing(dir);
        Assumptions.assumeTrue(why == null, why);
        BpfObject object = BpfObject.open(dir.resolve("obj").resolve("helper_loop.o"));
        long[] expected = {100, 328350, 10, 10, 0, 0xffff_fff9L, -22, 20, -7};
        for (Engine engine : Engine.values()) {
            RuntimeOptions options = RuntimeOptions.defaults().withCpus(1).withPrograms(Set.of("helper_loop")).withEngine(engine);
            try (Runtime rt = Runtime.load(object, options)) {
                if (engine == Engine.JIT) assertEquals(6, JitInfo.of(rt.program("helper_loop")).orElseThrow().inlinedLoops());
                assertEquals(110, rt.program("helper_loop").run(TestRun.data(new byte[64])).retval(), engine + ": retval");
                io.ebpf4j.maps.BpfMap res = rt.map("res").orElseThrow();
                for (int k = 0; k < expected.length; k++) {
                    byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(k).array();
                    long got = ByteBuffer.wrap(res.lookup(key)).order(ByteOrder.LITTLE_ENDIAN).getLong();
                    assertEquals(expected[k], got, engine + ": res[" + k + "]");
                }
            }
        }
    }
}
