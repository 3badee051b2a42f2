package io.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ebpf4j.btf.BtfParserTest.Shared;
import io.ebpf4j.elf.ElfFile;
import io.ebpf4j.elf.ElfSection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Robustness of the BTF and .BTF.ext parsers and of {@link BtfDumper}: mutated fixture blobs
 * (byte flips, truncation, header and type-record fields overwritten with extreme values) either
 * parse, decode and dump, or fail with a {@link BtfException}; never another exception, an
 * OutOfMemoryError or a hang (each try runs on one reused worker thread under a time limit).
 */
class BtfFuzzTest {

    /**
     * A blob to mutate: BTF (over {@code base} when split) and, when the object has one, its
     * .BTF.ext; with the offsets of the BTF's type records (from parsing it) to aim mutations at.
     */
    record Seed(String name, byte[] btf, Btf base, byte[] ext, ByteOrder order, int[] typeOffsets) {}

    private static final List<Seed> SEEDS = loadSeeds();

    private static List<Seed> loadSeeds() {
        List<Seed> seeds = new ArrayList<>();
        byte[] edge = BtfDumpExpectedTest.resourceBytes("btf-expected/handmade/edge-cases.btf");
        seeds.add(seed("edge-cases.btf", edge, null, null));
        byte[] tiny = tinyBtf();
        for (byte[] ext : goFuzzCorpus()) seeds.add(seed("go-corpus", tiny, null, ext));
        Shared.dir().ifPresent(shared -> {
            try (Stream<Path> files = Files.walk(shared.resolve("core-testdata"))) {
                for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                    String n = p.getFileName().toString();
                    if (n.endsWith(".elf") || n.endsWith(".o")) {
                        ElfFile elf = ElfFile.read(p);
                        Optional<ElfSection> btf = elf.section(".BTF");
                        if (btf.isEmpty()) continue;
                        byte[] ext = elf.section(".BTF.ext").map(ElfSection::data).orElse(null);
                        seeds.add(seed(n, btf.get().data(), null, ext));
                    } else if (n.equals("btf_testmod.btf")) {
                        Btf base = Btf.parse(Files.readAllBytes(p.resolveSibling(n + ".base")), "base");
                        seeds.add(seed(n, Files.readAllBytes(p), base, null));
                    } else if (n.endsWith(".btf") || n.endsWith(".btf.base")) {
                        seeds.add(seed(n, Files.readAllBytes(p), null, null));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return List.copyOf(seeds);
    }

    private static Seed seed(String name, byte[] btfBytes, Btf base, byte[] ext) {
        Btf btf = Btf.parse(btfBytes, name, base);
        int[] offsets = new int[btf.typeCount() - btf.firstTypeId()];
        for (int i = 0; i < offsets.length; i++) offsets[i] = btf.typeOffset(btf.firstTypeId() + i);
        return new Seed(name, btfBytes, base, ext, btf.byteOrder(), offsets);
    }

    /** A valid blob with a few strings for the .BTF.ext corpus to refer to. */
    private static byte[] tinyBtf() {
        BtfParserTest.Blob b = new BtfParserTest.Blob();
        b.intType("int", 4, BtfType.Int.SIGNED, 32).type("", BtfKind.FUNC_PROTO, 0, false, 1)
                .type("main", BtfKind.FUNC, 1, false, 2);
        b.str("socket");
        b.str("int main(void) { return 0; }");
        return b.build();
    }

    /**
     * The .BTF.ext inputs of cilium/ebpf's Go fuzz corpus ({@code btf/testdata/fuzz/FuzzExtInfo},
     * "go test fuzz v1" files whose first line is a {@code []byte("...")} literal).
     */
    static List<byte[]> goFuzzCorpus() {
        Optional<Path> shared = Shared.dir();
        if (shared.isEmpty()) return List.of();
        Path dir = shared.get().resolve(Shared.BTF_TESTDATA + "fuzz/FuzzExtInfo");
        if (!Files.isDirectory(dir)) return List.of();
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(p, StandardCharsets.ISO_8859_1);
                if (lines.size() >= 2 && lines.get(1).startsWith("[]byte(\"")) out.add(goBytes(lines.get(1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Decodes a Go {@code []byte("...")} literal with {@code \xNN}, {@code \\} and {@code \"} escapes. */
    static byte[] goBytes(String literal) {
        String s = literal.substring("[]byte(\"".length(), literal.lastIndexOf("\")"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                case '0' -> out.write(0);
                default -> out.write(e);
            }
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ mutations

    /** A value to write: absolute, or relative to the (current) blob length. */
    record Val(long raw, boolean relativeToLength) {
        int resolve(int length) {
            return (int) (relativeToLength ? length + raw : raw);
        }
    }

    /** Applies to the BTF ({@code ext == false}) or to the .BTF.ext blob (when the seed has one). */
    sealed interface Mutation {
        boolean ext();

        byte[] apply(byte[] bytes, Seed seed);
    }

    record FlipByte(boolean ext, int pos, int xor) implements Mutation {
        public byte[] apply(byte[] bytes, Seed seed) {
            if (bytes.length > 0) bytes[pos % bytes.length] ^= (byte) xor;
            return bytes;
        }
    }

    record Truncate(boolean ext, int pos) implements Mutation {
        public byte[] apply(byte[] bytes, Seed seed) {
            return bytes.length == 0 ? bytes : Arrays.copyOf(bytes, pos % bytes.length);
        }
    }

    /** Header u32 fields: BTF hdr_len, type_off, type_len, str_off, str_len; .BTF.ext also core_relo off/len. */
    record SetHeaderField(boolean ext, int field, Val value) implements Mutation {
        public byte[] apply(byte[] bytes, Seed seed) {
            int fields = ext ? 7 : 5;
            write(bytes, 4 + 4 * (field % fields), value.resolve(bytes.length), seed.order());
            return bytes;
        }
    }

    /** An aligned u32 anywhere (records of .BTF.ext, members and enumerators of BTF). */
    record SetWord(boolean ext, int pos, Val value) implements Mutation {
        public byte[] apply(byte[] bytes, Seed seed) {
            if (bytes.length >= 4) write(bytes, (pos % (bytes.length / 4)) * 4, value.resolve(bytes.length), seed.order());
            return bytes;
        }
    }

    /**
     * A field of one type record: name_off, info, size/type, the first words of its data, or only
     * the kind, the vlen or the kind_flag of info.
     */
    record SetTypeField(int type, int field, Val value) implements Mutation {
        public boolean ext() {
            return false;
        }

        public byte[] apply(byte[] bytes, Seed seed) {
            if (seed.typeOffsets().length == 0) return bytes;
            int p = seed.typeOffsets()[type % seed.typeOffsets().length];
            if (p + 12 > bytes.length) return bytes;
            ByteBuffer b = ByteBuffer.wrap(bytes).order(seed.order());
            int v = value.resolve(bytes.length);
            int info = b.getInt(p + 4);
            switch (field % 8) {
                case 0 -> write(bytes, p, v, seed.order());
                case 1 -> write(bytes, p + 4, v, seed.order());
                case 2 -> write(bytes, p + 8, v, seed.order());
                case 3 -> write(bytes, p + 12, v, seed.order());
                case 4 -> write(bytes, p + 16, v, seed.order());
                case 5 -> write(bytes, p + 4, (info & 0xe0ffffff) | ((v & 0x1f) << 24), seed.order()); // kind
                case 6 -> write(bytes, p + 4, (info & 0xffff0000) | (v & 0xffff), seed.order());       // vlen
                default -> write(bytes, p + 4, info ^ 0x80000000, seed.order());                       // kind_flag
            }
            return bytes;
        }
    }

    static void write(byte[] bytes, int offset, int value, ByteOrder order) {
        if (offset >= 0 && offset + 4 <= bytes.length) ByteBuffer.wrap(bytes).order(order).putInt(offset, value);
    }

    private static final long[] INTERESTING = {0, 1, 2, 3, 4, 8, 12, 16, 24, 32, 0x7f, 0x80, 0xff, 0x100, 0xfff,
            0xffff, 0x10000, 0x7fffffffL, 0x80000000L, 0xffffffffL, 0xfffffffeL, 0xfffffff0L, 0x7ffffffcL};

    @Provide
    Arbitrary<Integer> seedIndex() {
        return Arbitraries.integers().between(0, SEEDS.size() - 1);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> any = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Integer> xor = Arbitraries.integers().between(1, 255);
        Arbitrary<Boolean> ext = Arbitraries.of(false, false, true);
        Arbitrary<Val> value = Arbitraries.oneOf(
                Arbitraries.of(Arrays.stream(INTERESTING).boxed().toList()).map(v -> new Val(v, false)),
                Arbitraries.longs().between(0, 0x2000).map(v -> new Val(v, false)),
                Arbitraries.integers().map(v -> new Val(v, false)),
                Arbitraries.longs().between(-64, 64).map(v -> new Val(v, true)));
        Arbitrary<Mutation> mutation = Arbitraries.frequencyOf(
                weight(3, Combinators.combine(ext, any, xor).as(FlipByte::new)),
                weight(1, Combinators.combine(ext, any).as(Truncate::new)),
                weight(3, Combinators.combine(ext, any, value).as(SetHeaderField::new)),
                weight(3, Combinators.combine(ext, any, value).as(SetWord::new)),
                weight(5, Combinators.combine(any, any, value).as(SetTypeField::new)));
        return mutation.list().ofMinSize(1).ofMaxSize(4);
    }

    private static Tuple.Tuple2<Integer, Arbitrary<? extends Mutation>> weight(int w, Arbitrary<? extends Mutation> a) {
        return Tuple.of(w, a);
    }

    @Property(tries = 2000)
    void mutatedBlobsParseDecodeAndDumpOrFailWithBtfException(@ForAll("seedIndex") int seedIndex,
                                                              @ForAll("mutations") List<Mutation> mutations) {
        Seed seed = SEEDS.get(seedIndex);
        byte[] btf = seed.btf().clone();
        byte[] ext = seed.ext() == null ? null : seed.ext().clone();
        for (Mutation m : mutations) {
            if (m.ext() && ext != null) ext = m.apply(ext, seed);
            else btf = m.apply(btf, seed);
        }
        Statistics.label("outcome").collect(exerciseWithTimeLimit(btf, seed.base(), ext, seed.btf()));
    }

    private static final long TIME_LIMIT_SECONDS = 10;
    private static ExecutorService worker = newWorker();

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "btf-fuzz");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@link #exercise} on the worker thread under the time limit; returns the outcome label.
     * Any throwable other than a BtfException, and a hang, fails the try with the original cause.
     */
    private static String exerciseWithTimeLimit(byte[] btf, Btf base, byte[] ext, byte[] originalBtf) {
        Future<String> result = worker.submit(() -> exercise(btf, base, ext, originalBtf));
        try {
            return result.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            worker.shutdownNow();
            worker = newWorker(); // the old thread may be stuck for good
            return fail("parsing, decoding or dumping did not finish within " + TIME_LIMIT_SECONDS + " s: a hang");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err; // AssertionError, OutOfMemoryError, StackOverflowError
            throw new AssertionError(cause);
        }
    }

    /** Parse, decode every type, walk the helpers, dump; then the .BTF.ext against the BTF (or the original). */
    private static String exercise(byte[] btfBytes, Btf base, byte[] ext, byte[] originalBtf) {
        String outcome;
        Btf btf;
        try {
            btf = Btf.parse(btfBytes, "mutant", base);
            outcome = "btf ok";
        } catch (BtfException e) {
            assertTrue(e.getMessage().startsWith("mutant: "), e.getMessage());
            btf = null;
            outcome = "btf rejected";
        }
        if (btf != null) {
            try {
                walk(btf);
            } catch (BtfException e) {
                fail("a BTF that parsed failed later: " + e.getMessage(), e);
            }
        }
        if (ext != null) {
            Btf strings = btf != null ? btf : Btf.parse(originalBtf, "original", base);
            try {
                BtfExt info = BtfExt.parse(ext, strings, "mutant.ext");
                int records = 0;
                for (var l : info.funcInfos().values()) records += l.size();
                for (var l : info.lineInfos().values()) records += l.size();
                for (var l : info.coreRelos().values()) records += l.size();
                assertTrue(records <= ext.length / 8, "more records than bytes allow");
                outcome += ", ext ok";
            } catch (BtfException e) {
                assertTrue(e.getMessage().startsWith("mutant.ext: "), e.getMessage());
                outcome += ", ext rejected";
            }
        }
        return outcome;
    }

    /**
     * Everything a parsed Btf offers: decoding and the dump must not fail once parse succeeded;
     * the graph helpers may reject a type (no size, a cycle) but only with a BtfException.
     */
    private static void walk(Btf btf) {
        for (int id = 0; id < btf.typeCount(); id++) {
            BtfType t = btf.type(id);
            assertEquals(id, t.id());
            if (id > 0 && !t.name().isEmpty()) assertTrue(btf.typeIdsByName(t.name()).contains(id), "name index of " + id);
            try {
                btf.skipModsAndTypedefs(id);
            } catch (BtfException expected) {
                // a cycle or a chain longer than the limit
            }
            try {
                btf.sizeOf(id);
            } catch (BtfException expected) {
                // a type without a size, or a cycle
            }
        }
        CountingWriter w = new CountingWriter();
        try {
            BtfDumper.dump(btf, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(w.lines >= btf.typeCount() - btf.firstTypeId(), "one line per type at least");
    }

    /** Counts characters and lines, keeps nothing. */
    static final class CountingWriter extends Writer {
        long chars, lines;

        @Override
        public void write(char[] buf, int off, int len) {
            chars += len;
            for (int i = off; i < off + len; i++) if (buf[i] == '\n') lines++;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    // ------------------------------------------------------------------ exhaustive small cases

    @Example
    void everyTruncationOfTheEdgeCaseBlobIsRejected() {
        byte[] blob = SEEDS.getFirst().btf();
        for (int len = 0; len < blob.length; len++) {
            // the header's section lengths then describe more data than there is
            assertEquals("btf rejected", exerciseWithTimeLimit(Arrays.copyOf(blob, len), null, null, blob), "cut at " + len);
        }
    }

    @Example
    void everySingleByteCorruptionOfTheEdgeCaseBlobIsHandled() {
        byte[] blob = SEEDS.getFirst().btf();
        int parsed = 0;
        for (int pos = 0; pos < blob.length; pos++) {
            for (int xor : new int[] {0x01, 0x80, 0xff}) {
                byte[] b = blob.clone();
                b[pos] ^= (byte) xor;
                if (exerciseWithTimeLimit(b, null, null, blob).equals("btf ok")) parsed++;
            }
        }
        assertTrue(parsed > 0, "some corruptions (names, values) still parse");
    }

    @Example
    void goFuzzCorpusIsHandled() {
        List<byte[]> corpus = goFuzzCorpus();
        if (Shared.dir().isEmpty()) return;
        assertEquals(3, corpus.size());
        Btf tiny = Btf.parse(tinyBtf(), "tiny");
        for (byte[] ext : corpus) {
            try {
                BtfExt.parse(ext, tiny, "go-corpus");
            } catch (BtfException e) {
                assertTrue(e.getMessage().startsWith("go-corpus: "), e.getMessage());
            }
        }
    }

    @Example
    void fixturesAreUsedWhenAvailable() {
        long fixtures = SEEDS.stream().filter(s -> !s.name().equals("edge-cases.btf") && !s.name().equals("go-corpus")).count();
        if (Shared.dir().isPresent()) {
            assertTrue(fixtures >= 70, "fixture seeds: " + fixtures);
            assertTrue(SEEDS.stream().filter(s -> s.ext() != null).count() >= 50, "seeds with .BTF.ext");
            assertTrue(SEEDS.stream().anyMatch(s -> s.base() != null), "a split seed");
        } else {
            assertEquals(0, fixtures);
        }
    }
}
