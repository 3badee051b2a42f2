package io.ebpf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ebpf4j.vm.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ebpf4j run}: output, JSON, and exit status 0 / 1 / 2. */
class RunCommandTest {
    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    static Path shared() {
        String s = System.getProperty("ebpf4j.shared");
        assumeTrue(s != null && Files.isDirectory(Path.of(s, "bench")), "system property ebpf4j.shared names no shared folder: " + s);
        return Path.of(s);
    }

    static Path corpus() {
        Path c = Path.of("..", "corpus").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(c.resolve("corpus.json")), "no corpus at " + c);
        return c;
    }

    @Test
    void runsAnXdpProgramAndPrintsRetvalDataOutAndTime() {
        Path bench = shared().resolve("bench");
        Result r = run("run", bench.resolve("parse.kern.o").toString(), "--data", bench.resolve("pkt64.bin").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("retval: 956322114 (0x39005142)"), r.out());
        assertTrue(r.out().contains("data_out: 64 bytes"), r.out());
        assertTrue(r.out().contains("ns per run: "), r.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasRetvalDataOutMapsTraceAndNsPerRun() throws Exception {
        Path c = corpus();
        Result r = run("run", c.resolve("obj/helper_printk.o").toString(), "--data", c.resolve("inputs/tcp64.bin").toString(),
                "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> o = (Map<String, Object>) Json.parse(r.out().strip());
        assertEquals(BigInteger.TWO, o.get("retval"));
        assertEquals(HexFormatOf(Files.readAllBytes(c.resolve("inputs/tcp64.bin"))), o.get("data_out"));
        assertEquals("corpus: hello", ((List<Object>) o.get("trace")).get(0));
        assertTrue(((Map<String, Object>) o.get("maps")).containsKey("res"), "the changed map res is listed");
        assertTrue(o.get("ns_per_run") instanceof BigInteger);
    }

    private static String HexFormatOf(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    @Test
    void dataHexRepeatAndSectionNameSelectTheRun() {
        Path c = corpus();
        // multi_prog_* objects hold several programs; select by section name
        Result r = run("run", c.resolve("obj/map_array.o").toString(), "--prog", "xdp", "--data-hex",
                "02000000000202000000000108004500003200014000400626c30a0000010a0000023039005000000001000000015018ffff662b0000",
                "--repeat", "3", "--dump-maps");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("maps:") && r.out().contains("arr:"), r.out());
        assertTrue(r.out().contains("(3 runs"), r.out());
    }

    @Test
    void aHelperTheTypeMayNotCallIsRejectedWithStatusOne() {
        Path c = corpus();
        // --no-verify: the runtime's own check (the verifier rejects it earlier, at the skb->data load)
        Result r = run("run", c.resolve("obj/tc_csum_replace.o").toString(), "--type", "xdp", "--data",
                c.resolve("inputs/tcp64.bin").toString(), "--no-verify");
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("not available to xdp programs") && r.err().contains("insn "), r.err());
        Result verified = run("run", c.resolve("obj/tc_csum_replace.o").toString(), "--type", "xdp", "--data",
                c.resolve("inputs/tcp64.bin").toString());
        assertEquals(1, verified.status(), verified.out() + verified.err());
        assertTrue(verified.err().contains("invalid bpf_context access") && verified.err().contains("insn "), verified.err());
    }

    @Test
    void noVerifyRunsInCheckedModeWhereAnOutOfRegionAccessFaults() {
        Path c = corpus();
        // rej_pkt_oob reads packet byte 23 after checking only 14 (the kernel rejects insn 6: "invalid access to
        // packet, off=23"); with a 20-byte packet the read is past data_end, a fault in checked mode
        Result r = run("run", c.resolve("rejected/obj/rej_pkt_oob.o").toString(), "--data-hex",
                "0000000000000000000000000000000000000000", "--no-verify");
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("insn 6 (") && r.err().contains("checked mode: 1-byte read at 0x")
                && r.err().contains("is outside the packet [data_meta, data_end)"), r.err());
        // rej_rodata_write stores into .rodata (the kernel rejects insn 3: "write into map forbidden")
        Result ro = run("run", c.resolve("rejected/obj/rej_rodata_write.o").toString(), "--data",
                c.resolve("inputs/tcp64.bin").toString(), "--no-verify");
        assertEquals(1, ro.status(), ro.out() + ro.err());
        assertTrue(ro.err().contains("insn 3 (") && ro.err().contains("checked mode: 8-byte write")
                && ro.err().contains("programs may only read it"), ro.err());
        // the JIT runs in checked mode too: the same fault at the same instruction, word for word
        Result jit = run("run", c.resolve("rejected/obj/rej_rodata_write.o").toString(), "--data",
                c.resolve("inputs/tcp64.bin").toString(), "--no-verify", "--engine", "jit");
        assertEquals(1, jit.status(), jit.out() + jit.err());
        assertEquals(ro.err(), jit.err());
        Result jitPkt = run("run", c.resolve("rejected/obj/rej_pkt_oob.o").toString(), "--data-hex",
                "0000000000000000000000000000000000000000", "--no-verify", "--engine", "jit");
        assertEquals(1, jitPkt.status(), jitPkt.out() + jitPkt.err());
        assertEquals(r.err(), jitPkt.err());
        assertTrue(run("run", "--help").out().contains("checked mode"));
    }

    @Test
    void aFaultingProgramExitsWithOneNamingTheInstruction() {
        Path bench = shared().resolve("bench");
        // as a "memory" program r1 points at the packet, so parse's ctx->data load yields a wild pointer
        Result r = run("run", bench.resolve("parse.kern.o").toString(), "--type", "memory", "--data",
                bench.resolve("pkt64.bin").toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("program 'prog': insn "), r.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void btfSetsTheCoReTargetOfTheRun() throws Exception {
        // exp-linux-6.18/prog.o records sizeof(struct task_struct) and its target BTF id (CO-RE
        // type_size and target_type_id) in its results map: each run must give the values of the
        // --btf it was given, read here straight from that BTF
        Path dir = shared().resolve("core-testdata/exp-linux-6.18");
        assumeTrue(Files.isRegularFile(dir.resolve("prog.o")), "no " + dir.resolve("prog.o"));
        for (String target : List.of("min_target_linux_6.18.btf", "min_target_cilium_7.1.btf")) {
            io.ebpf4j.btf.Btf btf = io.ebpf4j.btf.Btf.read(dir.resolve(target));
            int taskStruct = btf.typeIdsByName("task_struct").stream()
                    .filter(id -> btf.type(id) instanceof io.ebpf4j.btf.BtfType.Struct).findFirst().orElseThrow();
            Path args = Files.write(tmp.resolve("args.bin"), new byte[64]); // raw_tp/sys_enter: struct pt_regs *, long id
            Result r = run("run", dir.resolve("prog.o").toString(), "--btf", dir.resolve(target).toString(),
                    "--ctx", args.toString(), "--json", "--dump-maps");
            assertEquals(0, r.status(), r.err());
            Map<String, Object> o = (Map<String, Object>) Json.parse(r.out().strip());
            Map<String, Object> value = (Map<String, Object>) ((Map<String, Object>) ((List<Object>) ((Map<String, Object>)
                    o.get("maps")).get("results")).get(0)).get("value");
            assertEquals(BigInteger.valueOf(btf.sizeOf(taskStruct)), value.get("task_sz"), target);
            assertEquals(BigInteger.valueOf(taskStruct), value.get("task_btf_id"), target);
        }
        Result baseOnly = run("run", dir.resolve("prog.o").toString(), "--base-btf", dir.resolve("min_target_linux_6.18.btf").toString());
        assertEquals(2, baseOnly.status());
        assertTrue(baseOnly.err().contains("--base-btf needs --btf"), baseOnly.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void warmUpRunsLeaveTheMeasuredTestRunAsTheKernelHasIt() throws Exception {
        // pkt_swap_macs swaps the MACs on every run and counts runs in .bss: with the packet,
        // maps and global data persisting over the 3 runs of one test run, the kernel's recorded
        // result holds only if the warm-up ran elsewhere
        Path c = corpus();
        Map<String, Object> oracle = (Map<String, Object>) ((Map<String, Object>)
                Json.parse(Files.readString(c.resolve("kernel-results/pkt_swap_macs.json")))).get("oracle");
        Map<String, Object> kernel = (Map<String, Object>) oracle.get("run");
        Object kernelBss = ((Map<String, Object>) oracle.get("maps")).get("pkt_swap_bss");
        for (String engine : List.of("interpreter", "jit")) {
            for (String warmup : List.of("0", "5000")) {
                Result r = run("run", c.resolve("obj/pkt_swap_macs.o").toString(), "--data", c.resolve("inputs/tcp64.bin").toString(),
                        "--repeat", "3", "--warmup", warmup, "--json", "--dump-maps", "--engine", engine);
                assertEquals(0, r.status(), r.err());
                Map<String, Object> o = (Map<String, Object>) Json.parse(r.out().strip());
                String what = engine + ", warm-up " + warmup;
                assertEquals(kernel.get("retval"), o.get("retval"), what);
                assertEquals(kernel.get("data_out"), o.get("data_out"), what);
                assertEquals(new BigInteger(warmup), o.get("warmup_runs"), what);
                // it has global data: warmed up on a scratch runtime, in either engine
                assertEquals(warmup.equals("0") ? null : "scratch runtime", o.get("warmup_on"), what);
                assertEquals(kernelBss, ((Map<String, Object>) o.get("maps")).get("pkt_swap.bss"), what);
            }
        }
    }

    /**
     * The JIT compiles each runtime's program to a class of its own, so a warm-up on a scratch runtime leaves the
     * measured one's code cold. A verified program without maps, global data or helpers (parse, hash1k) is warmed up
     * on the measured runtime itself: its result is the kernel's (bench-kernel.json) and the one without warm-up.
     * Programs with a map (pkt_swap_macs' .bss) or a helper (helper_ktime) still warm up on a scratch runtime, and
     * the text says that the JIT's code starts cold.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theJitWarmsUpTheMeasuredRuntimeWhenRunsChangeNothing() throws Exception {
        Path bench = shared().resolve("bench");
        for (String[] k : List.of(new String[] {"parse", "pkt64.bin", "956322114"}, new String[] {"hash1k", "buf1k.bin", null})) {
            String[] base = {"run", bench.resolve(k[0] + ".kern.o").toString(), "--data", bench.resolve(k[1]).toString(), "--repeat",
                    "3", "--json", "--engine", "jit"};
            Map<String, Object> warm = (Map<String, Object>) Json.parse(runOk(concat(base, "--warmup", "2000")).strip());
            Map<String, Object> cold = (Map<String, Object>) Json.parse(runOk(concat(base, "--warmup", "0")).strip());
            assertEquals("measured runtime", warm.get("warmup_on"), k[0]);
            assertEquals(BigInteger.valueOf(2000), warm.get("warmup_runs"), k[0]);
            if (k[2] != null) assertEquals(new BigInteger(k[2]), warm.get("retval"), k[0]);
            assertEquals(cold.get("retval"), warm.get("retval"), k[0]);
            assertEquals(cold.get("data_out"), warm.get("data_out"), k[0]);
            assertEquals(cold.get("instructions"), warm.get("instructions"), k[0]);
        }
        Path c = corpus();
        Result ktime = run("run", c.resolve("obj/helper_ktime.o").toString(), "--data", c.resolve("inputs/tcp64.bin").toString(),
                "--repeat", "3", "--warmup", "100", "--engine", "jit");
        assertEquals(0, ktime.status(), ktime.err());
        assertTrue(ktime.out().contains("100 warm-up runs before, on the scratch runtime; the JIT's code of this runtime starts cold"),
                ktime.out());
    }

    private static String runOk(String... args) throws Exception {
        Result r = run(args);
        assertEquals(0, r.status(), r.err());
        return r.out();
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void usageAndLoadErrorsExitWithTwo() throws Exception {
        Path bench = shared().resolve("bench");
        assertEquals(2, run("run").status());
        assertEquals(2, run("run", tmp.resolve("absent.o").toString()).status());
        Files.write(tmp.resolve("junk.o"), new byte[] {1, 2, 3});
        assertEquals(2, run("run", tmp.resolve("junk.o").toString()).status());
        Result tooShort = run("run", bench.resolve("parse.kern.o").toString(), "--data-hex", "0102");
        assertEquals(2, tooShort.status());
        assertTrue(tooShort.err().contains("EINVAL"), tooShort.err());
        Result noProg = run("run", bench.resolve("parse.kern.o").toString(), "--prog", "nope");
        assertEquals(2, noProg.status());
        assertTrue(noProg.err().contains("prog (xdp)"), noProg.err());
        assertEquals(2, run("run", bench.resolve("parse.kern.o").toString(), "--type", "kprobe").status());
    }
}
