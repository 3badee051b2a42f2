package io.ebpf4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.isa.Program;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.Json;
import io.ebpf4j.vm.Runtime;
import io.ebpf4j.vm.RuntimeOptions;
import io.ebpf4j.vm.TestRun;
import io.ebpf4j.vm.Vm;
import io.ebpf4j.vm.VmOptions;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object {@link LargeProgramObject} writes is the program {@link LargeProgram} generates: loaded and linked by
 * our loader (entry in {@code xdp}, functions in {@code .text}, {@code R_BPF_64_32} calls), it returns what the
 * program run directly returns, on both engines; and where bpf() is permitted the kernel (through
 * ../shared/tools/kernel-oracle, which loads it with bpftool/libbpf) accepts it and returns the same.
 */
class LargeProgramObjectTest {
    private static final int SIZE = 3_000;

    private static long direct(Program p) {
        try (Vm vm = Vm.load(p, VmOptions.defaults(), Engine.INTERPRETER)) {
            return vm.run(new byte[64]);
        }
    }

    @Test
    void withoutBranchesTheFunctionsHaveNoConditionalJumps() {
        Program p = LargeProgram.generate(JitCompileReport.SEED, SIZE, false);
        assertEquals(SIZE, p.size());
        for (Insn in : p.insns()) {
            int cls = in.opcode() & 0x07;
            boolean jump = (cls == Opcodes.JMP || cls == Opcodes.JMP32) && in.opcode() != Opcodes.CALL_IMM
                    && in.opcode() != (Opcodes.JMP | Opcodes.EXIT);
            assertTrue(!jump, "conditional jump " + in);
        }
    }

    @Test
    void ourLoaderLinksTheObjectIntoTheSameProgram() {
        for (boolean branches : new boolean[] {false, true}) {
            Program p = LargeProgram.generate(JitCompileReport.SEED, SIZE, branches);
            long expected = direct(p);
            BpfObject obj = BpfObject.open(LargeProgramObject.object(p), "lp.o");
            for (Engine e : Engine.values()) {
                try (Runtime rt = Runtime.load(obj, RuntimeOptions.defaults().withCpus(1).withEngine(e))) {
                    var r = rt.program("prog").run(TestRun.data(new byte[64]));
                    assertEquals((int) expected, (int) r.retval(), e + ", branches " + branches);
                }
            }
        }
    }

    @Test
    void theKernelLoadsItAndAgrees(@TempDir Path dir) throws Exception {
        Path oracle = Path.of(System.getProperty("ebpf4j.shared", "../shared"), "tools", "kernel-oracle");
        assumeTrue(Files.isExecutable(oracle), "no kernel-oracle at " + oracle.toAbsolutePath().normalize());
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isDirectory(Path.of("/sys/fs/bpf")),
                "bpf() needs root and /sys/fs/bpf");
        Program p = LargeProgram.generate(JitCompileReport.SEED, SIZE, false);
        Path o = dir.resolve("lp.o");
        Files.write(o, LargeProgramObject.object(p));
        Path pkt = dir.resolve("pkt.bin");
        Files.write(pkt, new byte[64]);
        Process proc = new ProcessBuilder(List.of(oracle.toString(), o.toString(), "prog", "--data", pkt.toString(), "--json",
                "--no-maps")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "kernel-oracle did not finish");
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) Json.parse(out);
        assumeTrue(j.get("error") == null || !String.valueOf(j.get("error")).contains("Operation not permitted"),
                "bpf() not permitted: " + j.get("error"));
        assertEquals(Boolean.TRUE, j.get("accepted"), out);
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) j.get("run");
        assertEquals(BigInteger.valueOf(direct(p) & 0xffff_ffffL), run.get("retval"), out);
    }
}
