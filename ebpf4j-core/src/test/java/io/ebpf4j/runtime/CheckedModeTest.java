package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.object.BpfObject;
import io.ebpf4j.vm.BpfProgram;
import io.ebpf4j.vm.BpfRuntimeException;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.Runtime;
import io.ebpf4j.vm.RuntimeOptions;
import io.ebpf4j.vm.TestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Checked mode ({@link RuntimeOptions#withChecked}) on the corpus's unsafe programs, the ones the kernel's verifier
 * rejects (corpus/unsafe, corpus/rejected): run anyway, an access outside every region the program may touch is a
 * fault, and it is the instruction the kernel's verifier rejected (the last instruction its log prints before the
 * error). The kernel-accepted twins never fault in checked mode.
 *
 * <p>What the same programs do unchecked is documented by asserting that they do not fault there (unchecked, both
 * engines only bounds-check against the whole arena): the read or write lands in a neighbouring region. The JIT in
 * checked mode gives the interpreter's result or fault, word for word.
 */
class CheckedModeTest {

    /** A rejected program, the input that makes it step out of bounds, and the region rule it breaks. */
    private record Bad(String manifest, String name, byte[] data, String why) {}

    private static byte[] packet(int length, int firstByte) {
        byte[] p = new byte[length];
        if (length > 0) p[0] = (byte) firstByte;
        return p;
    }

    private static final List<Bad> BAD = List.of(
            // r10 + 0: just past the entry frame, in checked mode's guard above the stack
            new Bad("unsafe/unsafe.json", "stack_above_fp_bad", packet(64, 0), "is outside any region (nearest: cpu 0: stack frame 0 ["),
            // r10 - 520: in the frame of call depth 1, which is not active
            new Bad("unsafe/unsafe.json", "stack_below_frame_bad", packet(64, 0), "below the running function's frame"),
            new Bad("unsafe/unsafe.json", "stack_ptr_copy_oob_bad", packet(64, 0), "below the running function's frame"),
            // a callee writes 8 bytes past its caller's frame through a pointer argument
            new Bad("unsafe/unsafe.json", "callee_arg_ptr_oob_bad", packet(64, 0), "is outside any region (nearest: cpu 0: stack frame 0 ["),
            // the packet is 14 bytes: a 4-byte read at offset 12 crosses data_end
            new Bad("unsafe/unsafe.json", "pkt_oob_check_short_bad", packet(14, 0), "is outside the packet [data_meta, data_end)"),
            new Bad("rejected/rejected.json", "rej_pkt_oob", packet(20, 0), "is outside the packet [data_meta, data_end)"),
            // index 255 of a 16-byte stack array: above the frame
            new Bad("rejected/rejected.json", "rej_stack_oob", packet(64, 255), "stack frame 0"),
            // writes into read-only maps (.rodata; BPF_F_RDONLY_PROG)
            new Bad("rejected/rejected.json", "rej_rodata_write", packet(64, 0), "programs may only read it"),
            new Bad("unsafe/unsafe.json", "map_rdonly_prog_bad", packet(64, 0), "programs may only read it"),
            // xdp_md is 24 bytes: offset 64 is past it
            new Bad("unsafe/unsafe.json", "ctx_oob_bad", packet(64, 0), "is outside cpu 0: context"));

    @TestFactory
    Stream<DynamicTest> anAccessOutsideItsRegionFaultsAtTheInstructionTheKernelRejects() {
        Path dir = CorpusCase.dir();
        if (!Files.isRegularFile(dir.resolve("unsafe/unsafe.json"))) {
            return Stream.of(DynamicTest.dynamicTest("unsafe corpus not found",
                    () -> Assumptions.abort("no unsafe corpus at " + dir.resolve("unsafe/unsafe.json"))));
        }
        return BAD.stream().map(b -> DynamicTest.dynamicTest(b.name(), () -> {
            Map<String, Object> c = caseOf(dir, b.manifest(), b.name());
            int insn = kernelRejectedInsn(dir, b.manifest(), c);
            BpfRuntimeException e = assertThrows(BpfRuntimeException.class, () -> run(dir, c, b.data(), true),
                    b.name() + " ran to the end in checked mode");
            String msg = e.getMessage();
            assertTrue(msg.contains("insn " + insn + " ("), () -> "expected the fault at insn " + insn
                    + " (the kernel's verifier rejects it there), got: " + msg);
            assertTrue(msg.contains("checked mode: "), msg);
            assertTrue(msg.contains(b.why()), () -> "expected '" + b.why() + "' in: " + msg);
            // the JIT in checked mode: the same fault, word for word
            BpfRuntimeException j = assertThrows(BpfRuntimeException.class,
                    () -> run(dir, c, b.data(), true, 0, Engine.JIT), b.name() + " ran to the end in the JIT's checked mode");
            assertEquals(msg, j.getMessage(), "the JIT's checked-mode fault");
            // unchecked, the access is only bounds-checked against the arena: no region fault (either engine)
            for (Engine engine : Engine.values()) {
                try {
                    run(dir, c, b.data(), false, 0, engine);
                } catch (BpfRuntimeException unchecked) {
                    assertFalse(unchecked.getMessage().contains("checked mode"), unchecked.getMessage());
                }
            }
        }));
    }

    @SuppressWarnings("unchecked")
    @TestFactory
    Stream<DynamicTest> kernelAcceptedTwinsNeverFaultInCheckedMode() {
        Path dir = CorpusCase.dir();
        if (!Files.isRegularFile(dir.resolve("unsafe/unsafe.json"))) {
            return Stream.of(DynamicTest.dynamicTest("unsafe corpus not found",
                    () -> Assumptions.abort("no unsafe corpus at " + dir.resolve("unsafe/unsafe.json"))));
        }
        List<Map<String, Object>> accepted = new ArrayList<>();
        for (Map<String, Object> c : cases(dir, "unsafe/unsafe.json")) {
            Map<String, Object> verdict = (Map<String, Object>) c.get("kernel_verdict");
            if (verdict != null && Boolean.TRUE.equals(verdict.get("accepted"))) accepted.add(c);
        }
        assertTrue(accepted.size() > 30, "few kernel-accepted cases: " + accepted.size());
        return accepted.stream().flatMap(c -> Stream.of(packet(64, 0), packet(14, 255)).map(data ->
                DynamicTest.dynamicTest(c.get("name") + " (" + data.length + "-byte packet)", () -> {
                    long checked;
                    try {
                        checked = run(dir, c, data, true);
                    } catch (BpfRuntimeException e) {
                        assertFalse(e.getMessage().contains("checked mode"), () -> c.get("name") + ": " + e.getMessage());
                        // a failure that is not checked mode's (a helper's): the unchecked run fails the same way
                        BpfRuntimeException u = assertThrows(BpfRuntimeException.class, () -> run(dir, c, data, false));
                        assertEquals(u.getMessage(), e.getMessage());
                        BpfRuntimeException j = assertThrows(BpfRuntimeException.class, () -> run(dir, c, data, true, 0, Engine.JIT));
                        assertEquals(e.getMessage(), j.getMessage(), "JIT in checked mode");
                        return;
                    }
                    long unchecked = run(dir, c, data, false);
                    // the JIT's checked run gives the interpreter's
                    long jit = run(dir, c, data, true, 0, Engine.JIT);
                    if (!(isArenaAddress(jit) && isArenaAddress(checked))) assertEquals(checked, jit, "JIT in checked mode");
                    // a privileged program may return an address (return_ptr_xdp_ok); checked mode's stack guards move
                    // the slots, so only a number that is not an arena address must be the same
                    if (!(isArenaAddress(unchecked) && isArenaAddress(checked))) {
                        assertEquals(unchecked, checked, "checked mode changed the result");
                    }
                })));
    }

    @TestFactory
    Stream<DynamicTest> anEndlessLoopRunsOutOfTheBudget() {
        Path dir = CorpusCase.dir();
        if (!Files.isRegularFile(dir.resolve("unsafe/unsafe.json"))) {
            return Stream.of(DynamicTest.dynamicTest("unsafe corpus not found",
                    () -> Assumptions.abort("no unsafe corpus at " + dir.resolve("unsafe/unsafe.json"))));
        }
        return Stream.of(Engine.values()).map(engine -> DynamicTest.dynamicTest("loop_infinite_bad (" + engine + ")", () -> {
            Map<String, Object> c = caseOf(dir, "unsafe/unsafe.json", "loop_infinite_bad");
            // a small budget set by the options wins over checked mode's default
            BpfRuntimeException e = assertThrows(BpfRuntimeException.class, () -> run(dir, c, packet(64, 0), true, 1_000_000, engine));
            assertTrue(e.getMessage().contains("instruction budget of 1000000 exhausted"), e.getMessage());
            // without one, checked mode's default budget stops it
            BpfRuntimeException d = assertThrows(BpfRuntimeException.class, () -> run(dir, c, packet(64, 0), true, 0, engine));
            assertTrue(d.getMessage().contains("instruction budget of " + (1L << 28) + " exhausted"), d.getMessage());
            if (engine == Engine.JIT) {
                // at the same instruction as the interpreter
                BpfRuntimeException i = assertThrows(BpfRuntimeException.class,
                        () -> run(dir, c, packet(64, 0), true, 1_000_000, Engine.INTERPRETER));
                assertEquals(i.getMessage(), e.getMessage());
            }
        }));
    }

    // ------------------------------------------------------------------ helpers

    private static boolean isArenaAddress(long v) {
        return v >= io.ebpf4j.vm.MemoryArena.BASE && v < io.ebpf4j.vm.MemoryArena.BASE + io.ebpf4j.vm.MemoryArena.MAX_SIZE;
    }

    private static RuntimeOptions options(Map<String, Object> c, boolean checked, long budget) {
        String program = (String) c.get("program");
        return RuntimeOptions.defaults().withCpus(2).withPrograms(Set.of(program))
                .withProgramType(program, (String) c.get("type")).withChecked(checked).withInstructionBudget(budget);
    }

    private static long run(Path dir, Map<String, Object> c, byte[] data, boolean checked) throws Exception {
        return run(dir, c, data, checked, 0);
    }

    private static long run(Path dir, Map<String, Object> c, byte[] data, boolean checked, long budget) throws Exception {
        return run(dir, c, data, checked, budget, Engine.INTERPRETER);
    }

    private static long run(Path dir, Map<String, Object> c, byte[] data, boolean checked, long budget, Engine engine)
            throws Exception {
        BpfObject object = BpfObject.open(dir.resolve((String) c.get("object")));
        try (Runtime rt = Runtime.load(object, options(c, checked, budget).withEngine(engine))) {
            BpfProgram p = rt.program((String) c.get("program"));
            return p.run(new TestRun(data, null, 1, 0)).retval();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cases(Path dir, String manifest) {
        Map<String, Object> m = (Map<String, Object>) CorpusCase.json(dir.resolve(manifest));
        return (List<Map<String, Object>>) (List<?>) m.get("cases");
    }

    private static Map<String, Object> caseOf(Path dir, String manifest, String name) {
        return cases(dir, manifest).stream().filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in " + manifest));
    }

    private static final Pattern INSN_LINE = Pattern.compile("^(\\d+): \\(");

    /** The last instruction the kernel's verifier log prints before rejecting: where it found the bad access. */
    @SuppressWarnings("unchecked")
    private static int kernelRejectedInsn(Path dir, String manifest, Map<String, Object> c) {
        List<Object> log;
        Map<String, Object> verdict = (Map<String, Object>) c.get("kernel_verdict");
        if (verdict != null && verdict.get("decisive_log") != null) {
            log = (List<Object>) verdict.get("decisive_log");
        } else {
            Path result = dir.resolve(manifest).getParent().resolve("kernel-results/" + c.get("name") + ".json");
            Map<String, Object> r = (Map<String, Object>) CorpusCase.json(result);
            log = (List<Object>) ((Map<String, Object>) r.get("oracle")).get("log_tail");
        }
        int insn = -1;
        for (Object line : log) {
            Matcher m = INSN_LINE.matcher(String.valueOf(line));
            if (m.find()) insn = Integer.parseInt(m.group(1));
        }
        assertTrue(insn >= 0, () -> "no instruction in the kernel's log of " + c.get("name") + ": " + log);
        return insn;
    }
}
