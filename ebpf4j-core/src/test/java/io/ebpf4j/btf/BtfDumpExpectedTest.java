package io.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ebpf4j.btf.BtfParserTest.Shared;
import io.ebpf4j.elf.ElfFile;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link BtfDumper} against what {@code bpftool btf dump file} printed for every BTF fixture: the
 * committed outputs in {@code src/test/resources/btf-expected/}, written by
 * {@code scripts/regen-btf-expected.sh} (bpftool v7.1.0). Compared line by line; a failure names
 * the first line that differs.
 */
class BtfDumpExpectedTest {

    private static final String ROOT = "btf-expected/";

    /** One line of {@code index.txt}: the fixture, its base (or ""), and the expected dump resource. */
    record Entry(String fixture, String base, String resource) {}

    static List<Entry> index() {
        List<Entry> out = new ArrayList<>();
        for (String line : resourceLines(ROOT + "index.txt")) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            assertEquals(3, f.length, "index.txt line: " + line);
            out.add(new Entry(f[0], f[1], f[2]));
        }
        return out;
    }

    static List<String> resourceLines(String resource) {
        try (InputStream raw = BtfDumpExpectedTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (raw == null) throw new IllegalStateException("missing test resource " + resource + " (run scripts/regen-btf-expected.sh)");
            InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
                return r.lines().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A resource's bytes, gunzipped when its name ends with .gz. */
    static byte[] resourceBytes(String resource) {
        try (InputStream raw = BtfDumpExpectedTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (raw == null) throw new IllegalStateException("missing test resource " + resource);
            return (resource.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compares a dump with the expected lines; fails naming the first differing line (1-based) and
     * both versions of it. Returns the number of lines compared.
     */
    static int assertSameLines(List<String> expected, String actual, String what) {
        if (!actual.isEmpty() && !actual.endsWith("\n")) fail(what + ": the dump does not end with a newline");
        List<String> got = actual.isEmpty() ? List.of() : actual.lines().toList();
        int n = Math.min(expected.size(), got.size());
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(got.get(i))) {
                fail(what + ": line " + (i + 1) + " differs\n  bpftool: " + expected.get(i) + "\n  ebpf4j:  " + got.get(i));
            }
        }
        if (expected.size() != got.size()) {
            fail(what + ": bpftool printed " + expected.size() + " lines, ebpf4j " + got.size() + "; first missing or extra line "
                    + (n + 1) + ": " + (expected.size() > n ? "bpftool: " + expected.get(n) : "ebpf4j: " + got.get(n)));
        }
        return n;
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureDumpsAsBpftoolDoes() {
        if (Shared.dir().isEmpty()) {
            return Stream.of(DynamicTest.dynamicTest("shared fixtures", () -> Assumptions.abort(Shared.absentReason())));
        }
        Path shared = Shared.dir().get();
        return index().stream().map(e -> DynamicTest.dynamicTest(e.fixture() + (e.base().isEmpty() ? "" : " over " + e.base()), () -> {
            Btf base = e.base().isEmpty() ? null : Shared.btf(shared.resolve(e.base()), null);
            Btf btf = Shared.btf(shared.resolve(e.fixture()), base);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
            BtfDumper.dump(btf, bytes);
            String text = bytes.toString(StandardCharsets.UTF_8);
            int lines = assertSameLines(resourceLines(ROOT + e.resource()), text, e.fixture());
            assertTrue(lines > 0, e.fixture() + ": empty dump");
            // byte for byte, and the Writer, String and per-type forms agree
            assertArrayEquals(resourceBytes(ROOT + e.resource()), bytes.toByteArray(), e.fixture() + ": bytes differ");
            StringWriter w = new StringWriter(text.length());
            BtfDumper.dump(btf, w);
            assertEquals(text, w.toString());
            if (text.length() < 1_000_000) {
                assertEquals(text, BtfDumper.dump(btf));
                StringBuilder sb = new StringBuilder();
                for (int id = btf.firstTypeId(); id < btf.typeCount(); id++) sb.append(BtfDumper.dumpType(btf, id));
                assertEquals(text, sb.toString());
            }
        }));
    }

    /** Every .elf/.o with a .BTF section and every raw BTF file under core-testdata has an expected dump. */
    @Test
    void everyBtfFixtureIsCovered() throws IOException {
        Path shared = Shared.dir().orElse(null);
        Assumptions.assumeTrue(shared != null, Shared::absentReason);
        Set<String> listed = new HashSet<>();
        for (Entry e : index()) listed.add(e.fixture());
        List<String> withoutBtf = new ArrayList<>();
        int covered = 0;
        try (Stream<Path> files = Files.walk(shared.resolve("core-testdata"))) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                String rel = shared.relativize(p).toString().replace('\\', '/');
                String name = p.getFileName().toString();
                boolean elf = name.endsWith(".elf") || name.endsWith(".o");
                boolean raw = name.endsWith(".btf") || name.endsWith(".btf.base") || name.endsWith(".btf.gz");
                if (!elf && !raw) continue;
                if (elf && ElfFile.read(p).section(".BTF").isEmpty()) {
                    withoutBtf.add(rel);
                    BtfException ex = assertThrows(BtfException.class, () -> Btf.read(p));
                    assertTrue(ex.getMessage().contains("no .BTF section"), ex.getMessage());
                    continue;
                }
                assertTrue(listed.contains(rel), rel + " has BTF but no expected dump: run scripts/regen-btf-expected.sh");
                covered++;
            }
        }
        assertEquals(List.of("core-testdata/cilium-ebpf/testdata/loader_nobtf-eb.elf",
                "core-testdata/cilium-ebpf/testdata/loader_nobtf-el.elf"), withoutBtf);
        assertEquals(listed.size(), covered, "index.txt lists fixtures that are not there");
    }

    /** The hand-made blob with the corners no fixture has (see the regen script); needs no shared files. */
    @Test
    void handMadeEdgeCasesDumpAsBpftoolDoes() {
        byte[] blob = resourceBytes(ROOT + "handmade/edge-cases.btf");
        Btf btf = Btf.parse(blob, "edge-cases.btf");
        int lines = assertSameLines(resourceLines(ROOT + "handmade/edge-cases.btf.txt"), BtfDumper.dump(btf), "edge-cases.btf");
        assertEquals(57, lines);
        // byte for byte, including the name that is not UTF-8 (type 19's third member), which
        // bpftool copies as it is
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            BtfDumper.dump(btf, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] expected = resourceBytes(ROOT + "handmade/edge-cases.btf.txt");
        assertArrayEquals(expected, bytes.toByteArray());
        String latin1 = new String(expected, StandardCharsets.ISO_8859_1);
        assertTrue(latin1.contains("\t'\u00c3\u00a9t\u00ff' type_id=1 bits_offset=32\n"), "raw name bytes in bpftool's output");
        assertTrue(BtfDumper.dumpType(btf, 19).contains("\t'\u00e9t\ufffd' type_id=1"), "decoded as UTF-8 with a replacement");
        // a name offset of "" prints '' and offset 0 prints '(anon)'; the decoded model has "" for both
        assertEquals("", btf.type(19).name());
        assertTrue(BtfDumper.dumpType(btf, 19).startsWith("[19] STRUCT '' size=8 vlen=3\n\t'' type_id=1 bits_offset=0\n\t'(anon)'"));
        // every type also decodes
        for (int id = 0; id < btf.typeCount(); id++) assertEquals(id, btf.type(id).id());
    }

    @Test
    void dumpTypeRejectsIdsOutsideTheBlob() {
        Btf btf = Btf.parse(resourceBytes(ROOT + "handmade/edge-cases.btf"), "edge-cases.btf");
        assertTrue(assertThrows(BtfException.class, () -> BtfDumper.dumpType(btf, 0)).getMessage().contains("type id 0 does not exist"));
        assertThrows(BtfException.class, () -> BtfDumper.dumpType(btf, btf.typeCount()));
        assertThrows(BtfException.class, () -> BtfDumper.dumpType(btf, -7));
    }

    @Test
    void dumpTypeOfSplitBtfReachesBaseTypes() {
        Btf split = Shared.splitTestmod();
        assertEquals("[52] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n", BtfDumper.dumpType(split, 52));
        assertEquals("[1330] STRUCT 'bpf_testmod_ctx' size=24 vlen=2\n\t'rcu' type_id=27 bits_offset=0\n"
                + "\t'usage' type_id=1517 bits_offset=128\n", BtfDumper.dumpType(split, 1330));
        assertTrue(BtfDumper.dump(split).startsWith("[158] CONST '(anon)' type_id=1583\n"));
    }
}
