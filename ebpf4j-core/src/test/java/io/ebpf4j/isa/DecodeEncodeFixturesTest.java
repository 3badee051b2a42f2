package io.ebpf4j.isa;

import static org.junit.jupiter.api.Assertions.*;

import io.ebpf4j.elf.ElfFile;
import io.ebpf4j.elf.ElfSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** decode→encode is the identity on the code of every clang-built object in the shared fixtures. */
class DecodeEncodeFixturesTest {

    private static boolean hasCode(Path p) {
        return ElfFile.read(p).sections().stream().anyMatch(s -> s.isExecutable() && s.size() > 0);
    }

    @TestFactory
    Stream<DynamicTest> everyExecutableSectionRoundTrips() throws Exception {
        String shared = System.getProperty("ebpf4j.shared");
        Path root = shared == null ? null : Path.of(shared);
        if (root == null || !Files.isDirectory(root.resolve("core-testdata"))) {
            String reason = "shared fixtures not found (ebpf4j.shared=" + shared + ")";
            return Stream.of(DynamicTest.dynamicTest("shared fixtures", () -> Assumptions.abort(reason)));
        }
        List<Path> objects;
        try (Stream<Path> s = Stream.concat(Files.walk(root.resolve("core-testdata")), Files.walk(root.resolve("bench")))) {
            // objects whose executable sections are all empty (data-only fixtures) hold no code to check
            objects = s.filter(p -> p.toString().endsWith(".o") || p.toString().endsWith(".elf"))
                    .filter(DecodeEncodeFixturesTest::hasCode).sorted().toList();
        }
        assertTrue(objects.size() >= 60, "expected the shared objects, found " + objects.size());
        return objects.stream().map(p -> DynamicTest.dynamicTest(root.relativize(p).toString(), () -> {
            ElfFile elf = ElfFile.read(p);
            int checked = 0;
            for (ElfSection s : elf.sections()) {
                if (!s.isExecutable() || s.size() == 0) continue;
                byte[] code = s.data();
                Program program = Program.decode(code, elf.byteOrder());
                assertArrayEquals(code, program.encode(elf.byteOrder()), s.name());
                checked++;
            }
            assertTrue(checked > 0);
        }));
    }
}
