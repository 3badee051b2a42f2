package io.ebpf4j.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shared fixture object loads, or fails with the error its source says it should
 * ({@link ObjectFixtures#MUST_FAIL}); and the big-endian build of each object gives the same spec
 * as the little-endian one.
 */
class ObjectFixturesTest {

    @TestFactory
    Stream<DynamicTest> everyFixtureLoadsOrFailsAsItsSourceSays() {
        Optional<Path> shared = ObjectFixtures.shared();
        if (shared.isEmpty()) return ObjectFixtures.unavailable();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : ObjectFixtures.all(shared.get())) {
            String phrase = ObjectFixtures.expectedFailure(p);
            String name = shared.get().relativize(p).toString();
            if (phrase == null) {
                tests.add(DynamicTest.dynamicTest("loads " + name, () -> {
                    BpfObject o = BpfObject.open(p);
                    assertEquals(o.byteOrder(), o.elf().byteOrder());
                    for (ProgramSpec f : o.functions()) {
                        // every function decodes and passes the encoding rules on its own (targets may be elsewhere)
                        assertTrue(f.slotCount() > 0, f.name());
                    }
                }));
            } else {
                tests.add(DynamicTest.dynamicTest("refuses " + name, () -> {
                    LoadException e = assertThrows(LoadException.class, () -> BpfObject.open(p));
                    assertTrue(e.getMessage().contains(phrase), e.getMessage());
                    assertTrue(e.getMessage().startsWith(p.toString()), "names the file: " + e.getMessage());
                }));
            }
        }
        assertFalse(tests.isEmpty(), "no fixture objects found under " + shared.get());
        return tests.stream();
    }

    /** A description of everything in a spec that does not depend on the byte order. */
    static String describe(BpfObject o, boolean withCode) {
        StringBuilder b = new StringBuilder();
        b.append("license ").append(o.license()).append('\n');
        for (ProgramSpec p : o.functions()) {
            b.append(p.name()).append(' ').append(p.sectionName()).append(' ').append(p.type()).append(' ')
                    .append(p.expectedAttachType()).append(' ').append(p.subprogram()).append(' ').append(p.btfFuncId())
                    .append(' ').append(withCode ? p.instructions().insns() : p.instructions().slotCount()).append(' ').append(p.relocations()).append('\n');
        }
        for (MapSpec m : o.maps()) {
            // data contents are in the target's byte order: compare everything else, and the size
            b.append(m.withContents(new byte[0])).append(' ').append(m.contents().length).append(' ')
                    .append(m.initialSlots()).append(' ').append(m.variables()).append(' ').append(m.keyTypeId()).append(' ')
                    .append(m.valueTypeId()).append(' ').append(m.pinning()).append(' ').append(m.innerMap()).append('\n');
        }
        for (ExternSpec e : o.externs()) b.append(e).append('\n');
        return b.toString();
    }

    @TestFactory
    Stream<DynamicTest> bothByteOrdersGiveTheSameSpec() {
        Optional<Path> shared = ObjectFixtures.shared();
        if (shared.isEmpty()) return ObjectFixtures.unavailable();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path el : ObjectFixtures.all(shared.get())) {
            String n = el.getFileName().toString();
            if (!n.endsWith("-el.elf") || ObjectFixtures.expectedFailure(el) != null) continue;
            Path eb = el.resolveSibling(n.replace("-el.elf", "-eb.elf"));
            if (!eb.toFile().isFile()) continue;
            tests.add(DynamicTest.dynamicTest(n.replace("-el.elf", ""), () -> {
                // the same object name for both, so global data maps get the same names
                String objName = n.replace("-el.elf", "");
                BpfObject l = BpfObject.open(java.nio.file.Files.readAllBytes(el), objName);
                BpfObject b = BpfObject.open(java.nio.file.Files.readAllBytes(eb), objName);
                assertEquals(java.nio.ByteOrder.LITTLE_ENDIAN, l.byteOrder());
                assertEquals(java.nio.ByteOrder.BIG_ENDIAN, b.byteOrder());
                // relocs_read.c builds its test values with byte-order dependent constants
                boolean withCode = !objName.equals("relocs_read");
                assertEquals(describe(l, withCode), describe(b, withCode));
            }));
        }
        assertTrue(tests.size() >= 20, "expected the el/eb pairs of the cilium fixtures, found " + tests.size());
        return tests.stream();
    }
}
