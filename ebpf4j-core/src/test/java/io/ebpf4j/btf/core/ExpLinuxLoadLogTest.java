package io.ebpf4j.btf.core;

import static io.ebpf4j.btf.core.CoreFixtures.EXP;
import static org.junit.jupiter.api.Assertions.*;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfType;
import io.ebpf4j.btf.core.CoreFixtures.Obj;
import io.ebpf4j.isa.Insn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code exp-linux-6.18/prog.o} against the kernels libbpf relocated it for: {@code load.log}
 * ({@code bpftool -d prog load} on the 6.18 kernel) and the {@code min_core_btf_*.log} traces.
 * libbpf 1.1 applies CO-RE before appending subprograms, so "insn #N" in its CO-RE lines counts
 * from the start of the subprogram {@code fill}, which starts .text: section slots. Only the
 * verifier log numbers the linked program ({@code fill} appended at 35, "func#1 @35").
 */
class ExpLinuxLoadLogTest {
    static final String SECTION = ".text";
    static final String PROG = "fill";
    static final Pattern PATCHED = Pattern.compile(
            "prog '(\\S+)': relo #(\\d+): patched insn #(\\d+) \\((ALU/ALU64|LDX/ST/STX|LDIMM64)\\) (imm|off|imm64) (\\d+) -> (\\d+)");
    static final Pattern POISONED = Pattern.compile("prog '(\\S+)': relo #(\\d+): substituting insn #(\\d+) w/ invalid insn");
    static final Pattern SPEC = Pattern.compile("prog '(\\S+)': relo #(\\d+): <(\\w+)> \\[(\\d+)\\] .*");

    /** One relocation's outcome as libbpf's log states it. */
    record Outcome(int relo, String kind, int insn, String insnClass, long oldValue, long newValue, boolean poisoned) {}

    static Obj prog() {
        return Obj.load(CoreFixtures.require(EXP + "/prog.o"));
    }

    /** libbpf's CO-RE lines of load.log, without the "libbpf: " prefix: "sec '.text': found ..." to the last relo line. */
    static List<String> loadLogCoreLines(Path log) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : CoreFixtures.lines(log)) {
            if (!line.startsWith("libbpf: ")) {
                if (in) break;
                continue;
            }
            String l = line.substring("libbpf: ".length());
            if (l.startsWith("sec '" + SECTION + "': found ") && l.endsWith(" CO-RE relocations")) in = true;
            else if (in && !l.startsWith("CO-RE relocating ") && !l.startsWith("prog '" + PROG + "': relo #")) break;
            if (in) out.add(l);
        }
        assertFalse(out.isEmpty(), "no CO-RE lines in " + log);
        return out;
    }

    /** The outcome of every relocation, from the spec, "patched insn" and "substituting insn" lines. */
    static Map<Integer, Outcome> outcomes(List<String> lines) {
        Map<Integer, String> kinds = new LinkedHashMap<>();
        Map<Integer, Outcome> out = new LinkedHashMap<>();
        for (String l : lines) {
            Matcher m = SPEC.matcher(l);
            if (m.matches()) kinds.putIfAbsent(Integer.parseInt(m.group(2)), m.group(3));
            m = PATCHED.matcher(l);
            if (m.matches()) {
                int relo = Integer.parseInt(m.group(2));
                out.put(relo, new Outcome(relo, kinds.get(relo), Integer.parseInt(m.group(3)), m.group(4),
                        Long.parseUnsignedLong(m.group(6)), Long.parseUnsignedLong(m.group(7)), false));
            }
            m = POISONED.matcher(l);
            if (m.matches()) {
                int relo = Integer.parseInt(m.group(2));
                int insn = Integer.parseInt(m.group(3));
                Outcome prev = out.get(relo);
                // a ld_imm64 is poisoned second slot first: keep the lowest slot
                if (prev == null || insn < prev.insn()) out.put(relo, new Outcome(relo, kinds.get(relo), insn, null, 0, 0, true));
            }
        }
        return out;
    }

    static Map<Integer, Outcome> outcomes(CoreResult r) {
        Map<Integer, Outcome> out = new LinkedHashMap<>();
        for (CoreRelocation c : r.relocations()) {
            String cls = c.poisoned() ? null : switch (c.original().cls()) {
                case io.ebpf4j.isa.Opcodes.ALU, io.ebpf4j.isa.Opcodes.ALU64 -> "ALU/ALU64";
                case io.ebpf4j.isa.Opcodes.LD -> "LDIMM64";
                default -> "LDX/ST/STX";
            };
            out.put(c.reloIndex(), new Outcome(c.reloIndex(), c.kind().libbpfName(), c.insn(), cls,
                    c.poisoned() ? 0 : c.oldValue(), c.poisoned() ? 0 : c.newValue(), c.poisoned()));
        }
        return out;
    }

    static CoreResult relocate(Obj obj, Btf target, String progName, List<String> trace) {
        return new CoreRelocator(obj.btf(), target, trace::add).relocate(SECTION, progName, obj.code(SECTION), obj.relos(SECTION));
    }

    static Btf liveKernelOrAbort() {
        Assumptions.assumeTrue(Files.isReadable(CoreFixtures.LIVE_VMLINUX),
                "no live kernel BTF: " + CoreFixtures.LIVE_VMLINUX + " is absent or unreadable");
        return Btf.read(CoreFixtures.LIVE_VMLINUX);
    }

    /** The lines that depend on the kernel's type ids: if they differ, the live kernel is not the one of the log. */
    static void abortUnlessSameKernel(List<String> expected, List<String> actual) {
        List<String> e = expected.stream().filter(l -> l.startsWith("CO-RE relocating ")).toList();
        List<String> a = actual.stream().filter(l -> l.startsWith("CO-RE relocating ")).toList();
        Assumptions.assumeTrue(e.equals(a), () -> "the live kernel (" + System.getProperty("os.version")
                + ") is not the 6.18 build load.log was made on: its candidates are " + a + ", the log's " + e);
    }

    /** Against the live kernel (the one load.log was made on): libbpf's whole CO-RE trace, line for line. */
    @Test
    void traceEqualsLoadLogAgainstTheLiveKernel() {
        Path log = CoreFixtures.require(EXP + "/load.log");
        Obj obj = prog();
        Btf live = liveKernelOrAbort();
        List<String> expected = loadLogCoreLines(log);
        List<String> trace = new ArrayList<>();
        CoreResult r = relocate(obj, live, PROG, trace);
        abortUnlessSameKernel(expected, trace);
        assertEquals(expected, trace);
        assertEquals(outcomes(expected), outcomes(r));
        System.out.printf("CO-RE prog.o against %s: %d relocations, trace identical to load.log (%d lines)%n",
                CoreFixtures.LIVE_VMLINUX, r.relocations().size(), trace.size());
    }

    /**
     * Against the minimized 6.18 target: the same patches as load.log (instruction, class, old and
     * new value, the poisoned one), except the target type id, which is the minimized BTF's own id
     * of {@code struct task_struct} instead of 114.
     */
    @Test
    void patchesEqualLoadLogAgainstTheMinimizedTarget() {
        Path log = CoreFixtures.require(EXP + "/load.log");
        Btf min = Btf.read(CoreFixtures.require(EXP + "/min_target_linux_6.18.btf"));
        Obj obj = prog();
        Map<Integer, Outcome> expected = outcomes(loadLogCoreLines(log));
        assertEquals(20, expected.size());
        int taskStruct = structId(min, "task_struct");
        Outcome id = expected.get(18);
        assertEquals(new Outcome(18, "target_type_id", 91, "LDIMM64", 19, 114, false), id);
        expected.put(18, new Outcome(18, id.kind(), id.insn(), id.insnClass(), id.oldValue(), taskStruct, false));
        CoreResult r = relocate(obj, min, PROG, new ArrayList<>());
        assertEquals(expected, outcomes(r));
        assertEquals(List.of(46), r.poisoned().stream().map(CoreRelocation::insn).toList());
        assertEquals(CorePatch.POISON, r.program().insnAtSlot(46));
        System.out.printf("CO-RE prog.o against min_target_linux_6.18.btf: %d relocations, same patches as load.log "
                + "(target type id %d for 114), 1 poisoned%n", r.relocations().size(), taskStruct);
    }

    /** The verifier part of load.log shows {@code call unknown#195896080} exactly where we poison (plus fill's offset). */
    @Test
    void verifierLogShowsThePoisonWhereWePutIt() {
        Path log = CoreFixtures.require(EXP + "/load.log");
        Btf min = Btf.read(CoreFixtures.require(EXP + "/min_target_linux_6.18.btf"));
        int fillAt = -1;
        Set<Integer> logged = new TreeSet<>();
        Pattern func = Pattern.compile("func#1 @(\\d+)");
        Pattern call = Pattern.compile("\\s*(\\d+): .*call unknown#195896080");
        for (String l : CoreFixtures.lines(log)) {
            Matcher m = func.matcher(l);
            if (m.matches()) fillAt = Integer.parseInt(m.group(1));
            m = call.matcher(l);
            if (m.matches()) logged.add(Integer.parseInt(m.group(1)));
        }
        assertEquals(35, fillAt);
        CoreResult r = relocate(prog(), min, PROG, new ArrayList<>());
        int offset = fillAt;
        assertEquals(logged, r.poisoned().stream().map(c -> c.insn() + offset).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(Set.of(81), logged);
    }

    /**
     * {@code min_core_btf_vs_cilium_7.1.log} is libbpf's candidate and matching trace of prog.o
     * against the full cilium 7.1 kernel BTF (vmlinux.btf.gz): ours is the same, line for line
     * (bpftool names the program '.text' there and patches nothing).
     */
    @Test
    void traceEqualsMinCoreBtfLogAgainstCiliumKernel() {
        Path log = CoreFixtures.require(EXP + "/min_core_btf_vs_cilium_7.1.log");
        Btf kernel = CoreFixtures.ciliumVmlinux(CoreFixtures.shared().orElseThrow());
        List<String> trace = new ArrayList<>();
        relocate(prog(), kernel, SECTION, trace);
        assertEquals(minCoreLog(log), withoutPatching(trace));
    }

    /** The same for {@code min_core_btf_vs_linux_6.18.log}, against the live kernel when it is that 6.18 build. */
    @Test
    void traceEqualsMinCoreBtfLogAgainstTheLiveKernel() {
        Path log = CoreFixtures.require(EXP + "/min_core_btf_vs_linux_6.18.log");
        Btf live = liveKernelOrAbort();
        List<String> trace = new ArrayList<>();
        relocate(prog(), live, SECTION, trace);
        List<String> expected = minCoreLog(log);
        abortUnlessSameKernel(expected, trace);
        assertEquals(expected, withoutPatching(trace));
    }

    static List<String> minCoreLog(Path log) {
        return CoreFixtures.lines(log).stream().filter(l -> l.startsWith("libbpf: "))
                .map(l -> l.substring("libbpf: ".length())).toList();
    }

    static List<String> withoutPatching(List<String> trace) {
        return trace.stream().filter(l -> !l.startsWith("sec ") && !l.contains(": patched insn #")
                && !l.contains(": substituting insn #")).toList();
    }

    /**
     * The cilium 7.1 kernel, full and minimized: values worked out from the target specs of
     * {@code min_core_btf_vs_cilium_7.1.log} ({@code task_struct.pid @ 2536}, {@code real_parent @ 2552},
     * {@code tgid @ 2540}, {@code in_execve @ 2464.3}, a 1-bit field of a 4-byte int: byte_off 2464,
     * byte_sz 4, lshift 64 - (3 + 1) = 60, rshift 63, unsigned), the size of task_struct as the BTF
     * states it, and the id of task_struct in each BTF (95333 in the full one, per the log).
     */
    @Test
    void patchesAgainstTheCiliumKernel() {
        Path shared = CoreFixtures.require(EXP + "/min_target_cilium_7.1.btf").getParent();
        for (boolean minimized : new boolean[] {false, true}) {
            Btf target = minimized ? Btf.read(shared.resolve("min_target_cilium_7.1.btf"))
                    : CoreFixtures.ciliumVmlinux(CoreFixtures.shared().orElseThrow());
            int task = structId(target, "task_struct");
            if (!minimized) assertEquals(95333, task);
            long size = ((BtfType.Struct) target.type(task)).size();
            long[][] expected = {
                // relo, insn, old, new (-1: poisoned)
                {0, 2, 1264, 2536}, {1, 11, 1280, 2552}, {2, 18, 1268, 2540}, {3, 27, 8, 2552}, {4, 34, 4, 2540},
                {5, 43, 1, 0}, {6, 46, 0, -1}, {7, 55, 24, 24}, {8, 66, 1192, 2464}, {9, 70, 8, 4}, {10, 74, 60, 60},
                {11, 75, 0, 0}, {12, 77, 63, 63}, {13, 79, 63, 63}, {14, 81, 1, 1}, {15, 84, 33, 33},
                {16, 87, 3264, size}, {17, 89, 1, 1}, {18, 91, 19, task}, {19, 94, 11, 11},
            };
            CoreResult r = relocate(prog(), target, SECTION, new ArrayList<>());
            assertEquals(expected.length, r.relocations().size());
            for (long[] e : expected) {
                CoreRelocation c = r.relocations().get((int) e[0]);
                assertEquals(e[1], c.insn(), c::describe);
                if (e[3] < 0) {
                    assertTrue(c.poisoned(), c::describe);
                    assertEquals(new Insn(0x85, 0, 0, 0, 195896080), r.program().insnAtSlot(c.insn()));
                } else {
                    assertFalse(c.poisoned(), c::describe);
                    assertEquals(e[2], c.oldValue(), c::describe);
                    assertEquals(e[3], c.newValue(), c::describe);
                }
            }
            System.out.printf("CO-RE prog.o against %s: 20 relocations checked (pid at 2536, task_struct %d bytes)%n",
                    minimized ? "min_target_cilium_7.1.btf" : "vmlinux.btf.gz (cilium 7.1)", size);
        }
    }

    /** The one struct of that name (checked independently of the relocator, through the BTF's name index). */
    static int structId(Btf btf, String name) {
        List<Integer> ids = btf.typeIdsByName(name).stream().filter(id -> btf.type(id) instanceof BtfType.Struct).toList();
        assertEquals(1, ids.size(), name + " in " + btf);
        return ids.getFirst();
    }
}
