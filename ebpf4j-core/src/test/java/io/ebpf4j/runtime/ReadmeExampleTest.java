package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.helpers.Helper;
import io.ebpf4j.helpers.HelperProto;
import io.ebpf4j.maps.BpfMap;
import io.ebpf4j.maps.MapFlags;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.vm.RunResult;
import io.ebpf4j.vm.Runtime;
import io.ebpf4j.vm.RuntimeOptions;
import io.ebpf4j.vm.TestRun;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The example of README.md's "Embedding in Java" section: the code between the README markers
 * below is the README's snippet, character for character (checked here), and it runs on
 * {@code src/test/resources/runtime/readme.o} (source {@code readme.c} beside it).
 */
class ReadmeExampleTest {
    static final Path SOURCE = Path.of("src/test/java/io/ebpf4j/runtime/ReadmeExampleTest.java");
    static final Path README = Path.of("../README.md");
    static final String BEGIN = "// README:begin", END = "// README:end";

    // README:begin
    static List<String> addWithJava(Path objectFile) {
        List<String> out = new ArrayList<>();
        // the program calls helper 1000: implement it as a Java lambda, with its prototype (two plain values)
        Helper javaAdd = new Helper(1000, "java_add", HelperProto.scalars(2), (ctx, a, b, c, d, e) -> a + b);
        try (Runtime rt = Runtime.load(BpfObject.open(objectFile), RuntimeOptions.defaults().withHelper(javaAdd))) {
            rt.trace().subscribe(line -> out.add("trace: " + line.text()));   // bpf_printk output, as trace_pipe

            BpfMap calls = rt.map("calls").orElseThrow();                     // write a map from Java
            calls.update(u32(7), u64(100), MapFlags.BPF_ANY);

            // struct args { u32 key; u32 pad; long a; long b; }, the context of the syscall program "add"
            byte[] args = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putInt(0).putLong(40).putLong(2).array();
            RunResult r = rt.program("add").run(TestRun.context(args)); // as BPF_PROG_TEST_RUN
            out.add("retval: " + r.retval());

            for (byte[] k = calls.nextKey(null); k != null; k = calls.nextKey(k)) { // iterate and read
                out.add("calls[" + le(k) + "] = " + le(calls.lookup(k)));
            }
        } // close() frees the arena and the maps
        return out;
    }

    static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static long le(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        return b.length == 4 ? buf.getInt() : buf.getLong();
    }
    // README:end

    @Test
    void theReadmeExampleRuns() {
        // readme.c: java_add(40, 2) = 42 is printed and returned; key 7 held 100 and the run adds 1
        assertEquals(List.of("trace: sum=42", "retval: 42", "calls[7] = 101"),
                addWithJava(Path.of("src/test/resources/runtime/readme.o")));
    }

    @Test
    void theReadmeShowsExactlyTheCodeThisTestRuns() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(README) && Files.isRegularFile(SOURCE),
                "README.md or this test's source is not where the build runs tests (module directory)");
        assertEquals(region(Files.readString(SOURCE)), readmeSnippet(Files.readString(README)),
                "README.md's \"Embedding in Java\" snippet must equal the code between the README markers of " + SOURCE);
    }

    /** The lines between the markers, with the indentation they share removed. */
    static String region(String source) {
        List<String> lines = source.lines().toList();
        int from = -1, to = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(BEGIN)) from = i + 1;
            if (lines.get(i).strip().equals(END)) to = i;
        }
        List<String> body = lines.subList(from, to);
        int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String l : body) sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        return sb.toString();
    }

    /** The first ```java block after the "## Embedding in Java" heading. */
    static String readmeSnippet(String readme) {
        int section = readme.indexOf("\n## Embedding in Java\n");
        if (section < 0) return "(README.md has no \"## Embedding in Java\" section)";
        int start = readme.indexOf("```java\n", section);
        int end = readme.indexOf("\n```\n", start);
        return readme.substring(start + "```java\n".length(), end + 1);
    }
}
