package io.ebpf4j.verifier;

import static io.ebpf4j.verifier.VerifierRulesTest.accepted;
import static io.ebpf4j.verifier.VerifierRulesTest.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.link.Linker;
import io.ebpf4j.maps.BpfMap;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.MapSpec;
import io.ebpf4j.vm.BpfRuntimeException;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.RunResult;
import io.ebpf4j.vm.Runtime;
import io.ebpf4j.vm.RuntimeOptions;
import io.ebpf4j.vm.TestRun;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code callx} through a function table in a global (issue #6): clang-19 writes
 * {@code static const unary_t ops[] = {f, g}} as {@code .rodata} bytes holding each function's
 * {@code .text} byte offset plus an {@code R_BPF_64_ABS64} relocation against {@code .text}
 * (llvm-readelf -r corpus/obj/callx_table.o: 7 entries at .rodata offsets 0..48). The linker writes
 * the function pointer the engines call there; the verifier trusts a table only in frozen
 * {@code .rodata}. Linux 6.18 refuses every callx ("unknown opcode 8d", recorded in
 * corpus/unsafe/kernel-results), so the expected results are what the C sources say.
 */
class CallxTableTest {

    static Path corpus() {
        return CorpusVerifierTest.corpus();
    }

    private static Path object(String rel) {
        Path p = corpus().resolve(rel);
        Assumptions.assumeTrue(Files.exists(p), "corpus object " + p + " not found (run from ebpf4j-core)");
        return p;
    }

    @Test
    void theLoaderFindsEveryFunctionAddressInRodata() {
        BpfObject obj = BpfObject.open(object("obj/callx_table.o"));
        // corpus/src/callx_table.c: ops = {add1, dbl, neg, sq} then pair = {sub, mul, max2}, 8 bytes each
        List<String> names = obj.functionPointers().stream().map(BpfObject.FunctionPointer::function).toList();
        assertEquals(List.of("add1", "dbl", "neg", "sq", "sub", "mul", "max2"), names);
        List<Integer> offsets = obj.functionPointers().stream().map(BpfObject.FunctionPointer::offset).toList();
        assertEquals(List.of(0, 8, 16, 24, 32, 40, 48), offsets);
        obj.functionPointers().forEach(f -> assertEquals(8, f.size(), "R_BPF_64_ABS64 is 8 bytes"));
        MapSpec rodata = obj.maps().get(obj.functionPointers().get(0).mapIndex());
        assertEquals(MapSpec.Kind.RODATA, rodata.kind());
    }

    @Test
    void theLinkerAppendsEveryTableFunctionAndWritesItsFunctionPointer() {
        BpfObject obj = BpfObject.open(object("obj/callx_table.o"));
        LinkedProgram lp = Linker.link(obj, "callx_table");
        // no call or ld_imm64 names these functions: only the table does, so the linker must append all 7
        for (String f : List.of("add1", "dbl", "neg", "sq", "sub", "mul", "max2")) {
            assertTrue(lp.function(f).isPresent(), f + " is linked");
        }
        assertEquals(7, lp.dataFunctions().size());
        for (LinkedProgram.DataFunction f : lp.dataFunctions()) {
            byte[] c = lp.maps().get(f.mapIndex()).contents();
            long v = ByteBuffer.wrap(c, f.offset(), 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            LinkedProgram.Function fn = lp.function(f.function()).orElseThrow();
            assertEquals(LinkedProgram.functionPointer(fn.startSlot()), v, f.function() + " at offset " + f.offset());
            assertEquals(fn.startIndex(), f.startIndex());
        }
        // the object's own bytes are untouched (the ELF addend: add1 is at .text byte 0, dbl at 24)
        byte[] raw = obj.maps().get(lp.dataFunctions().get(0).mapIndex()).contents();
        assertEquals(0, ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
        assertEquals(24, ByteBuffer.wrap(raw, 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    @Test
    void theCorpusTableProgramIsAcceptedAndComputesWhatItsCSays() {
        Path obj = object("obj/callx_table.o");
        accepted(CorpusVerifierTest.verify(obj, "callx_table", null));
        for (Engine engine : new Engine[] {Engine.INTERPRETER, Engine.JIT}) {
            try (Runtime rt = Runtime.load(BpfObject.open(obj), RuntimeOptions.defaults().withEngine(engine))) {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 3; j++) {
                        // the C source's comment: ops[i](7), ops[2](5), pair[j](10, 3)
                        long op = switch (i) { case 0 -> 8; case 1 -> 14; case 2 -> -7; default -> 49; };
                        long pair = switch (j) { case 0 -> 7; case 1 -> 30; default -> 10; };
                        byte[] pkt = new byte[64];
                        pkt[0] = (byte) (i + 4 * j); // data[0] & 3 == i
                        pkt[1] = (byte) (j + 3 * i); // data[1] % 3 == j
                        RunResult r = rt.program("callx_table").run(TestRun.data(pkt));
                        String what = engine + " i=" + i + " j=" + j;
                        assertEquals(2, r.retval(), what + ": XDP_PASS");
                        BpfMap res = rt.map("res").orElseThrow();
                        assertEquals(op, slot(res, 0), what + ": res[0]");
                        assertEquals(-5, slot(res, 1), what + ": res[1]");
                        assertEquals(pair, slot(res, 2), what + ": res[2]");
                    }
                }
            }
        }
    }

    @Test
    void aTableIndexThatMayLeaveTheTableIsRefusedWithTheOffsets() {
        // t.f[data[0] & 7]: offsets 0..56 of .rodata, of which 32..56 hold the numbers t.salt
        VerifierResult v = CorpusVerifierTest.verify(object("unsafe/obj/callx_table_oob_bad.o"), "callx_table_oob_bad", null);
        rejected(v, "callx target");
        rejected(v, "offset 32 holds no function's address");
        rejected(v, "at offsets 0..56 (8-byte entries 0..7)");
        rejected(v, "the function table there spans offsets 0..24: 4 entries");
        // the twin, t.f[data[0] & 3], is accepted
        accepted(CorpusVerifierTest.verify(object("unsafe/obj/callx_table_ok.o"), "callx_table_ok", null));
    }

    @Test
    void aTableInWritableDataIsRefused() {
        VerifierResult v = CorpusVerifierTest.verify(object("unsafe/obj/callx_table_data_bad.o"), "callx_table_data_bad", null);
        rejected(v, "callx target");
        rejected(v, "user space and the program may overwrite it");
    }

    @Test
    void theTwinRunsInBothEnginesWithTheCResult() {
        Path obj = object("unsafe/obj/callx_table_ok.o");
        for (Engine engine : new Engine[] {Engine.INTERPRETER, Engine.JIT}) {
            try (Runtime rt = Runtime.load(BpfObject.open(obj), RuntimeOptions.defaults().withEngine(engine))) {
                for (int i = 0; i < 4; i++) {
                    // t.f[i](7) + t.salt[i] > 0: 8+1, 14+2, -7+3 = -4, 49+4 -> PASS, PASS, DROP, PASS
                    long expect = i == 2 ? 1 : 2;
                    byte[] pkt = new byte[64];
                    pkt[0] = (byte) i;
                    RunResult r = rt.program("callx_table_ok").run(TestRun.data(pkt));
                    assertEquals(expect, r.retval(), engine + " i=" + i);
                }
            }
        }
    }

    @Test
    void programsShareATableOnlyWhereItsFunctionsSitAtTheSameSlots() {
        // corpus/src/callx_table_shared.c: same_a and same_b have equal code before the table's functions,
        // other_c is one instruction longer, so its add1/dbl land at other slots of its linked program
        Path obj = object("obj/callx_table_shared.o");
        for (String p : List.of("same_a", "same_b", "other_c")) accepted(CorpusVerifierTest.verify(obj, p, null));
        BpfObject o = BpfObject.open(obj);
        assertEquals(Linker.link(o, "same_a").maps(), Linker.link(o, "same_b").maps(), "same_a and same_b fill the table alike");
        assertTrue(!Linker.link(o, "same_a").maps().equals(Linker.link(o, "other_c").maps()), "other_c fills it differently");

        BpfRuntimeException all = assertThrows(BpfRuntimeException.class, () -> Runtime.load(BpfObject.open(obj)));
        assertTrue(all.getMessage().contains("program 'other_c': the function table in map")
                && all.getMessage().contains("cannot share a function table"), all.getMessage());

        for (Engine engine : new Engine[] {Engine.INTERPRETER, Engine.JIT}) {
            RuntimeOptions ab = RuntimeOptions.defaults().withEngine(engine)
                    .withPrograms(new java.util.LinkedHashSet<>(List.of("same_a", "same_b")));
            try (Runtime rt = Runtime.load(BpfObject.open(obj), ab)) {
                for (int i = 0; i < 2; i++) {
                    byte[] pkt = new byte[64];
                    pkt[0] = (byte) i;
                    long expect = i == 0 ? 8 : 14; // ops[i](7): add1 / dbl
                    assertEquals(expect, rt.program("same_a").run(TestRun.data(pkt)).retval(), engine + " same_a i=" + i);
                    assertEquals(expect, rt.program("same_b").run(TestRun.data(pkt)).retval(), engine + " same_b i=" + i);
                }
                // other_c loaded later into this runtime: the table was filled for same_a
                BpfRuntimeException late = assertThrows(BpfRuntimeException.class, () -> rt.program("other_c"));
                assertTrue(late.getMessage().contains("cannot share a function table"), late.getMessage());
            }
            try (Runtime rt = Runtime.load(BpfObject.open(obj), RuntimeOptions.defaults().withEngine(engine)
                    .withPrograms(java.util.Set.of("other_c")))) {
                for (int i = 0; i < 2; i++) {
                    byte[] pkt = new byte[64];
                    pkt[0] = (byte) i;
                    assertEquals(i == 0 ? 108 : 114, rt.program("other_c").run(TestRun.data(pkt)).retval(), engine + " other_c i=" + i);
                }
            }
        }
    }

    private static long slot(BpfMap m, int k) {
        byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(k).array();
        return ByteBuffer.wrap(m.lookup(key)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
