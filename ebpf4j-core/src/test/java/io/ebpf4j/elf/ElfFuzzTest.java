package io.ebpf4j.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * Robustness: corrupted and truncated objects (fixtures when the shared directory is available,
 * synthetic objects always) either parse into a consistent model or fail with an
 * {@link ElfException}; never another exception, an OutOfMemoryError or a hang.
 */
class ElfFuzzTest {

    /** A valid object to mutate, with where its headers and tables are (from parsing it). */
    record Seed(String name, byte[] bytes, ByteOrder order, List<Integer> sectionHeaders, List<int[]> sectionData,
                List<Table> tables) {}

    /** Entries of a symbol table ({@code symtab}) or relocation section. */
    record Table(boolean symtab, int offset, int entrySize, int count) {}

    private static final List<Seed> SEEDS = loadSeeds();

    private static List<Seed> loadSeeds() {
        List<Seed> seeds = new ArrayList<>();
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            seeds.add(seed("small-" + order, TestElfBuilder.smallObject(order)));
            TestElfBuilder ext = new TestElfBuilder(order).extendedNumbering().xindexShstrndx();
            ext.add(".text", Elf.SHT_PROGBITS, Elf.SHF_EXECINSTR | Elf.SHF_ALLOC, new byte[16]);
            seeds.add(seed("extended-" + order, ext.build()));
        }
        ElfFixtures.sharedDir().ifPresent(shared -> {
            for (String fixture : ElfFixtures.listFixtures(shared)) {
                try {
                    seeds.add(seed(fixture, Files.readAllBytes(shared.resolve(fixture))));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        return List.copyOf(seeds);
    }

    private static Seed seed(String name, byte[] bytes) {
        ElfFile elf = ElfFile.parse(bytes, name);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(elf.byteOrder());
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xffff;
        List<Integer> headers = new ArrayList<>();
        List<int[]> data = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        for (ElfSection s : elf.sections()) {
            headers.add((int) (shoff + (long) s.index() * shentsize));
            if (s.hasData() && s.size() > 0) {
                data.add(new int[] {(int) s.offset(), (int) s.size()});
            }
            if (s.type() == Elf.SHT_SYMTAB || s.type() == Elf.SHT_REL || s.type() == Elf.SHT_RELA) {
                int entsize = (int) s.entsize();
                if (s.size() > 0) {
                    tables.add(new Table(s.type() == Elf.SHT_SYMTAB, (int) s.offset(), entsize,
                            (int) (s.size() / entsize)));
                }
            }
        }
        return new Seed(name, bytes, elf.byteOrder(), headers, data, tables);
    }

    // ------------------------------------------------------------------ mutations

    /** A value to write: absolute, or relative to the (current) file length. */
    record Val(long raw, boolean relativeToLength) {
        long resolve(int length) {
            return relativeToLength ? length + raw : raw;
        }
    }

    sealed interface Mutation {
        byte[] apply(byte[] bytes, Seed seed);
    }

    record FlipByte(int pos, int xor) implements Mutation {
        public byte[] apply(byte[] bytes, Seed seed) {
            if (bytes.length > 0) {
                bytes[pos % bytes.length] ^= (byte) xor;
            }
            return bytes;
        }
    }

    record Truncate(int pos) implements Mutation {
        public byte[] apply(byte[] bytes, Seed seed) {
            return bytes.length == 0 ? bytes : Arrays.copyOf(bytes, pos % bytes.length);
        }
    }

    /** {offset, width} of e_ident[EI_CLASS], [EI_DATA], [EI_VERSION], e_type, e_shoff, e_shentsize, e_shnum, e_shstrndx. */
    static final int[][] HEADER_FIELDS = {{4, 1}, {5, 1}, {6, 1}, {16, 2}, {40, 8}, {58, 2}, {60, 2}, {62, 2}};

    /** {offset, width} of sh_name, sh_type, sh_flags, sh_offset, sh_size, sh_link, sh_info, sh_entsize. */
    static final int[][] SECTION_FIELDS = {{0, 4}, {4, 4}, {8, 8}, {24, 8}, {32, 8}, {40, 4}, {44, 4}, {56, 8}};

    /** {offset, width} of st_name, st_info, st_shndx, st_value, st_size. */
    static final int[][] SYMBOL_FIELDS = {{0, 4}, {4, 1}, {6, 2}, {8, 8}, {16, 8}};

    record SetHeaderField(int field, Val value) implements Mutation {
        public byte[] apply(byte[] bytes, Seed seed) {
            int[] f = HEADER_FIELDS[field % HEADER_FIELDS.length];
            write(bytes, f[0], f[1], value.resolve(bytes.length), seed.order());
            return bytes;
        }
    }

    record SetSectionField(int section, int field, Val value) implements Mutation {
        public byte[] apply(byte[] bytes, Seed seed) {
            if (!seed.sectionHeaders().isEmpty()) {
                int base = seed.sectionHeaders().get(section % seed.sectionHeaders().size());
                int[] f = SECTION_FIELDS[field % SECTION_FIELDS.length];
                write(bytes, base + f[0], f[1], value.resolve(bytes.length), seed.order());
            }
            return bytes;
        }
    }

    /** Writes a field of a symbol or relocation entry; for relocations, r_offset, r_info, or its sym or type half. */
    record SetEntryField(int table, int entry, int field, Val value) implements Mutation {
        public byte[] apply(byte[] bytes, Seed seed) {
            if (seed.tables().isEmpty()) {
                return bytes;
            }
            Table t = seed.tables().get(table % seed.tables().size());
            int base = t.offset() + (entry % t.count()) * t.entrySize();
            long v = value.resolve(bytes.length);
            if (t.symtab()) {
                int[] f = SYMBOL_FIELDS[field % SYMBOL_FIELDS.length];
                write(bytes, base + f[0], f[1], v, seed.order());
            } else {
                boolean le = seed.order() == ByteOrder.LITTLE_ENDIAN;
                switch (field % 4) {
                    case 0 -> write(bytes, base, 8, v, seed.order());
                    case 1 -> write(bytes, base + 8, 8, v, seed.order());
                    case 2 -> write(bytes, base + (le ? 12 : 8), 4, v, seed.order()); // ELF64_R_SYM
                    default -> write(bytes, base + (le ? 8 : 12), 4, v, seed.order()); // ELF64_R_TYPE
                }
            }
            return bytes;
        }
    }

    /** Flips a byte inside one section's data: string tables lose terminators, tables get odd values. */
    record FlipInSection(int section, int pos, int xor) implements Mutation {
        public byte[] apply(byte[] bytes, Seed seed) {
            if (!seed.sectionData().isEmpty()) {
                int[] d = seed.sectionData().get(section % seed.sectionData().size());
                int p = d[0] + pos % d[1];
                if (p < bytes.length) {
                    bytes[p] ^= (byte) xor;
                }
            }
            return bytes;
        }
    }

    static void write(byte[] bytes, int offset, int width, long value, ByteOrder order) {
        if (offset < 0 || offset + width > bytes.length) {
            return;
        }
        for (int i = 0; i < width; i++) {
            int shift = 8 * (order == ByteOrder.LITTLE_ENDIAN ? i : width - 1 - i);
            bytes[offset + i] = (byte) (value >>> shift);
        }
    }

    private static final long[] INTERESTING = {0, 1, 2, 3, 4, 8, 16, 24, 63, 64, 65, 0x7f, 0x80, 0xff, 0x100,
            0xfeff, 0xff00, 0xff01, 0xfff1, 0xfff2, 0xffff, 0x10000, 0x7fffffffL, 0x80000000L, 0xffffffffL,
            0x100000000L, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2, -8, -16, -24, -64};

    @Provide
    Arbitrary<Integer> seedIndex() {
        return Arbitraries.integers().between(0, SEEDS.size() - 1);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> any = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Integer> xor = Arbitraries.integers().between(1, 255);
        Arbitrary<Val> value = Arbitraries.oneOf(
                Arbitraries.of(Arrays.stream(INTERESTING).boxed().toList()).map(v -> new Val(v, false)),
                Arbitraries.longs().between(0, 0x10000).map(v -> new Val(v, false)),
                Arbitraries.longs().map(v -> new Val(v, false)),
                Arbitraries.longs().between(-80, 80).map(v -> new Val(v, true)));
        Arbitrary<Mutation> mutation = Arbitraries.frequencyOf(
                weight(3, Combinators.combine(any, xor).as(FlipByte::new)),
                weight(1, any.map(Truncate::new)),
                weight(3, Combinators.combine(any, value).as(SetHeaderField::new)),
                weight(5, Combinators.combine(any, any, value).as(SetSectionField::new)),
                weight(4, Combinators.combine(any, any, any, value).as(SetEntryField::new)),
                weight(3, Combinators.combine(any, any, xor).as(FlipInSection::new)));
        return mutation.list().ofMinSize(1).ofMaxSize(4);
    }

    private static Tuple.Tuple2<Integer, Arbitrary<? extends Mutation>> weight(int w, Arbitrary<? extends Mutation> a) {
        return Tuple.of(w, a);
    }

    @Property(tries = 2000)
    void mutatedObjectsParseConsistentlyOrFailWithElfException(@ForAll("seedIndex") int seedIndex,
                                                              @ForAll("mutations") List<Mutation> mutations) {
        Seed seed = SEEDS.get(seedIndex);
        byte[] bytes = seed.bytes().clone();
        for (Mutation m : mutations) {
            bytes = m.apply(bytes, seed);
        }
        Statistics.label("outcome").collect(parseOrReject(bytes));
    }

    private static final long TIME_LIMIT_SECONDS = 10;
    private static ExecutorService worker = newWorker();

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "elf-fuzz-parser");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Parses on a worker thread under a time limit (one reused thread: a thread per call, as
     * {@code assertTimeoutPreemptively} makes, costs more than the parse); returns "parsed" or
     * "rejected"; any other outcome, including a hang, fails the test with the original throwable.
     */
    private static String parseOrReject(byte[] bytes) {
        Future<String> result = worker.submit(() -> parseOrRejectNow(bytes));
        try {
            return result.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            worker.shutdownNow();
            worker = newWorker(); // the old thread may be stuck for good
            return fail("parsing did not finish within " + TIME_LIMIT_SECONDS + " s: a hang");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new AssertionError(cause);
        }
    }

    private static String parseOrRejectNow(byte[] bytes) {
        ElfFile elf;
        try {
            elf = ElfFile.parse(bytes, "mutant");
        } catch (ElfException e) {
            assertTrue(e.getMessage().startsWith("mutant: "), e.getMessage());
            return "rejected";
        }
        exercise(elf);
        return "parsed";
    }

    /** Reads everything a parsed file offers and checks the invariants the reader promises. */
    private static void exercise(ElfFile elf) {
        int n = elf.sections().size();
        for (ElfSection s : elf.sections()) {
            assertNotNull(s.name());
            byte[] data = s.data();
            assertEquals(s.hasData() ? s.size() : 0, data.length);
            assertEquals(data.length, s.buffer().remaining());
            assertTrue(elf.section(s.name()).isPresent());
        }
        for (ElfSymbol sym : elf.symbols()) {
            assertNotNull(sym.name());
            if (sym.isDefinedInSection()) {
                assertTrue(sym.shndx() >= 0 && sym.shndx() < n, "symbol section " + sym.shndx());
            }
        }
        for (ElfRelocationSection rs : elf.relocations()) {
            long symbols = rs.symbolTable().size() / Elf.SYM_SIZE;
            for (ElfRelocation r : rs.relocations()) {
                assertTrue(Integer.toUnsignedLong(r.symbolIndex()) < symbols);
                if (elf.type() == Elf.ET_REL && rs.target().index() != 0) {
                    assertTrue(Long.compareUnsigned(r.offset(), rs.target().size()) < 0);
                }
            }
            assertTrue(elf.relocationsFor(rs.target()).contains(rs));
        }
    }

    @Example
    void everyTruncationOfSmallObjectsIsRejected() {
        for (Seed seed : SEEDS.subList(0, 4)) {
            for (int len = 0; len < seed.bytes().length; len++) {
                byte[] cut = Arrays.copyOf(seed.bytes(), len);
                // the section header table is the last thing in these files, so no prefix is whole
                assertEquals("rejected", parseOrReject(cut), seed.name() + " cut at " + len);
            }
        }
    }

    @Example
    void everySingleByteCorruptionOfSmallObjectsIsHandled() {
        for (Seed seed : SEEDS.subList(0, 4)) {
            for (int pos = 0; pos < seed.bytes().length; pos++) {
                for (int xor : new int[] {0x01, 0x80, 0xff}) {
                    byte[] bytes = seed.bytes().clone();
                    bytes[pos] ^= (byte) xor;
                    parseOrReject(bytes);
                }
            }
        }
    }

    @Example
    void fixturesAreUsedWhenAvailable() {
        int fixtures = SEEDS.size() - 4;
        Path shared = ElfFixtures.sharedDir().orElse(null);
        if (shared != null) {
            assertTrue(fixtures >= 70, "fixtures loaded as fuzz seeds: " + fixtures);
        } else {
            assertEquals(0, fixtures);
        }
    }
}
