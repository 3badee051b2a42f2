package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ebpf4j.helpers.Helper;
import io.ebpf4j.helpers.HelperProto;
import io.ebpf4j.maps.RingBufMap;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.vm.BpfRuntimeException;
import io.ebpf4j.vm.RunResult;
import io.ebpf4j.vm.Runtime;
import io.ebpf4j.vm.RuntimeOptions;
import io.ebpf4j.vm.TestRun;
import io.ebpf4j.vm.TraceLog;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The Java embedding API: user helpers as lambdas, the trace stream, reading a ring buffer from Java. */
class EmbeddingTest {

    static byte[] args(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) b.putLong(x);
        return b.array();
    }

    @Test
    void programsCallHelpersRegisteredAsJavaLambdasAndTheirTraceIsStreamed() {
        Helper add = new Helper(1000, "java_add", HelperProto.scalars(2), (ctx, a, b, c, d, e) -> a + b);
        try (Runtime rt = Runtime.load(Fixtures.object("embed.o"), RuntimeOptions.defaults().withHelper(add))) {
            List<TraceLog.Line> seen = new CopyOnWriteArrayList<>();
            rt.trace().subscribe(seen::add);
            RunResult r = rt.program("call_java").run(TestRun.context(args(40, 2)).onCpu(0));
            assertEquals(42, r.retval());
            assertEquals(List.of("sum=42"), r.trace());
            assertEquals(List.of(new TraceLog.Line(0, "sum=42")), seen);
            assertEquals("sum=42", rt.trace().drain().get(0).text());
        }
    }

    @Test
    void anUnregisteredHelperIdIsALoadError() {
        BpfRuntimeException e = assertThrows(BpfRuntimeException.class, () -> Runtime.load(Fixtures.object("embed.o")));
        assertTrue(e.getMessage().contains("unknown helper #1000") && e.getMessage().contains("program 'call_java': insn "),
                e.getMessage());
    }

    @Test
    void ringBufferRecordsCanBeConsumedFromJava() throws Exception {
        Path corpus = CorpusCase.dir();
        assumeTrue(CorpusCase.missing(corpus) == null, "no corpus");
        try (Runtime rt = Runtime.load(BpfObject.open(corpus.resolve("obj/ringbuf_output.o")))) {
            rt.program("ringbuf_output").run(new TestRun(Files.readAllBytes(corpus.resolve("inputs/tcp64.bin")), null, 40, 0));
            // ringbuf_output.c: per run a 100-byte record (u32 run number, then bytes 0..95) and an empty one;
            // runs 1..34 store both, run 35 only the empty one, later runs nothing
            List<byte[]> records = ((RingBufMap) rt.map("rb").orElseThrow()).drain();
            assertEquals(34 * 2 + 1, records.size());
            for (int run = 1; run <= 34; run++) {
                byte[] full = records.get(2 * (run - 1));
                assertEquals(100, full.length);
                assertEquals(run, ByteBuffer.wrap(full).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
                for (int i = 0; i < 96; i++) assertEquals(i, full[4 + i]);
                assertArrayEquals(new byte[0], records.get(2 * run - 1));
            }
            assertArrayEquals(new byte[0], records.get(68));
        }
    }
}
