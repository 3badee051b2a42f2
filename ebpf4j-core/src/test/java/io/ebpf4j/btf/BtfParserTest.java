package io.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ebpf4j.elf.ElfFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The BTF parser: hand-checked facts per kind (from the fixtures and from blobs built here),
 * both byte orders, split BTF, longer headers, and malformed blobs rejected with a
 * {@link BtfException} whose message says where and why (Documentation/bpf/btf.rst §2).
 */
class BtfParserTest {

    // ------------------------------------------------------------------ test support

    /** The shared fixture directory (system property {@code ebpf4j.shared}), used by the BTF tests. */
    static final class Shared {
        private Shared() {}

        static final String BTF_TESTDATA = "core-testdata/cilium-ebpf/btf/testdata/";
        static final String TESTDATA = "core-testdata/cilium-ebpf/testdata/";
        static final String EXP = "core-testdata/exp-linux-6.18/";

        static Optional<Path> dir() {
            String prop = System.getProperty("ebpf4j.shared");
            if (prop == null || prop.isBlank()) return Optional.empty();
            Path d = Path.of(prop);
            return Files.isDirectory(d.resolve("core-testdata")) ? Optional.of(d) : Optional.empty();
        }

        /** Why the fixtures are unavailable, for a skipped test's report. */
        static String absentReason() {
            String prop = System.getProperty("ebpf4j.shared");
            return "shared BTF fixtures unavailable: system property ebpf4j.shared is "
                    + (prop == null ? "unset" : "'" + prop + "', which has no core-testdata directory");
        }

        /** The fixture at {@code relative}, or skips the calling test with the reason. */
        static Path require(String relative) {
            Optional<Path> d = dir();
            assumeTrue(d.isPresent(), Shared::absentReason);
            Path p = d.get().resolve(relative);
            assumeTrue(Files.isRegularFile(p), () -> "fixture " + p + " is missing");
            return p;
        }

        /** A fixture's bytes, gunzipped when its name ends with .gz. */
        static byte[] bytes(Path p) {
            try {
                if (p.toString().endsWith(".gz")) {
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(p), 1 << 16)) {
                        return in.readAllBytes();
                    }
                }
                return Files.readAllBytes(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Raw BTF or an object's .BTF, gunzipped when needed, over {@code base} (may be null). */
        static Btf btf(Path p, Btf base) {
            byte[] b = bytes(p);
            if (b.length >= 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F') {
                ElfFile elf = ElfFile.parse(b, p.toString());
                return Btf.parse(elf.section(".BTF").orElseThrow().data(), p + ": section .BTF", base);
            }
            return Btf.parse(b, p.toString(), base);
        }

        static Btf btf(String relative) {
            return btf(require(relative), null);
        }

        static Btf splitTestmod() {
            Btf base = btf(require(BTF_TESTDATA + "btf_testmod.btf.base"), null);
            return btf(require(BTF_TESTDATA + "btf_testmod.btf"), base);
        }
    }

    /** Builds BTF blobs type by type (btf.rst §2): header, type section, string section. */
    static final class Blob {
        final ByteOrder order;
        private final ByteArrayOutputStream types = new ByteArrayOutputStream();
        private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
        private final Map<String, Integer> stringOffsets = new HashMap<>();
        int hdrLen = 24;

        Blob(ByteOrder order) {
            this.order = order;
            strings.write(0);
            stringOffsets.put("", 0);
        }

        Blob() {
            this(ByteOrder.LITTLE_ENDIAN);
        }

        /** The offset of {@code s} in the string section, added on first use ("" is 0). */
        int str(String s) {
            return stringOffsets.computeIfAbsent(s, k -> {
                int off = strings.size();
                strings.writeBytes(k.getBytes(StandardCharsets.UTF_8));
                strings.write(0);
                return off;
            });
        }

        /** Appends {@code struct btf_type} and its kind-specific u32 words. */
        Blob type(String name, BtfKind kind, int vlen, boolean kindFlag, int sizeOrType, int... extra) {
            return raw(str(name), kind.number(), vlen, kindFlag, sizeOrType, extra);
        }

        Blob raw(int nameOff, int kind, int vlen, boolean kindFlag, int sizeOrType, int... extra) {
            int info = (kindFlag ? 1 << 31 : 0) | (kind << 24) | vlen;
            u32(types, nameOff);
            u32(types, info);
            u32(types, sizeOrType);
            for (int w : extra) u32(types, w);
            return this;
        }

        Blob intType(String name, int size, int encoding, int bits) {
            return type(name, BtfKind.INT, 0, false, size, (encoding << 24) | bits);
        }

        byte[] typeSection() {
            return types.toByteArray();
        }

        byte[] stringSection() {
            return strings.toByteArray();
        }

        byte[] build() {
            return assemble(hdrLen, typeSection(), stringSection());
        }

        /** Header (magic, version 1, flags 0, hdr_len, type_off 0, type_len, str_off, str_len), types, strings. */
        byte[] assemble(int headerLength, byte[] typeSec, byte[] strSec) {
            ByteBuffer b = ByteBuffer.allocate(headerLength + typeSec.length + strSec.length).order(order);
            b.putShort((short) Btf.MAGIC).put((byte) 1).put((byte) 0);
            b.putInt(headerLength).putInt(0).putInt(typeSec.length).putInt(typeSec.length).putInt(strSec.length);
            b.position(headerLength);
            b.put(typeSec).put(strSec);
            return b.array();
        }

        private void u32(ByteArrayOutputStream out, int v) {
            byte[] w = ByteBuffer.allocate(4).order(order).putInt(v).array();
            out.writeBytes(w);
        }

        /** Overwrites the u32 at {@code offset} of {@code blob} in this blob's byte order. */
        void put(byte[] blob, int offset, int value) {
            ByteBuffer.wrap(blob).order(order).putInt(offset, value);
        }
    }

    /** A blob with one type of every kind (ids in the comments). */
    private static Blob everyKind(ByteOrder order) {
        Blob b = new Blob(order);
        b.intType("int", 4, BtfType.Int.SIGNED, 32);                                    // 1
        b.type("", BtfKind.PTR, 0, false, 1);                                           // 2
        b.intType("unsigned int", 4, 0, 32);                                            // 3
        b.type("", BtfKind.ARRAY, 0, false, 0, 1, 3, 10);                               // 4
        b.type("pair", BtfKind.STRUCT, 2, false, 8, b.str("a"), 1, 0, b.str("b"), 2, 32); // 5
        b.type("bits", BtfKind.UNION, 1, true, 4, b.str("x"), 1, (3 << 24) | 5);        // 6
        b.type("e", BtfKind.ENUM, 2, true, 4, b.str("MINUS"), -1, b.str("TEN"), 10);    // 7
        b.type("fw", BtfKind.FWD, 0, true, 0);                                          // 8
        b.type("t", BtfKind.TYPEDEF, 0, false, 5);                                      // 9
        b.type("", BtfKind.VOLATILE, 0, false, 1);                                      // 10
        b.type("", BtfKind.CONST, 0, false, 10);                                        // 11
        b.type("", BtfKind.RESTRICT, 0, false, 2);                                      // 12
        b.type("", BtfKind.FUNC_PROTO, 2, false, 1, b.str("p"), 2, 0, 0);               // 13 variadic
        b.type("f", BtfKind.FUNC, 1, false, 13);                                        // 14 global
        b.type("v", BtfKind.VAR, 0, false, 1, 2);                                       // 15 extern
        b.type(".data", BtfKind.DATASEC, 1, false, 4, 15, 0, 4);                        // 16
        b.type("double", BtfKind.FLOAT, 0, false, 8);                                   // 17
        b.type("tag", BtfKind.DECL_TAG, 0, false, 5, 1);                                // 18
        b.type("user", BtfKind.TYPE_TAG, 0, false, 1);                                  // 19
        b.type("e64", BtfKind.ENUM64, 1, false, 8, b.str("BIG"), 0xfffffffe, 0xffffffff); // 20
        return b;
    }

    // ------------------------------------------------------------------ facts per kind

    @ParameterizedTest
    @EnumSource(Order.class)
    void everyKindDecodes(Order o) {
        Btf btf = Btf.parse(everyKind(o.order).build(), "every-kind");
        assertEquals(o.order, btf.byteOrder());
        assertEquals(21, btf.typeCount());
        assertEquals(new BtfType.Int(1, "int", 4, BtfType.Int.SIGNED, 0, 32), btf.type(1));
        assertEquals(new BtfType.Ptr(2, "", 1), btf.type(2));
        assertEquals(new BtfType.Array(4, "", 1, 3, 10), btf.type(4));
        assertEquals(new BtfType.Struct(5, "pair", false, 8, false,
                List.of(new BtfType.Member("a", 1, 0, 0), new BtfType.Member("b", 2, 32, 0))), btf.type(5));
        assertEquals(new BtfType.Struct(6, "bits", true, 4, true, List.of(new BtfType.Member("x", 1, 5, 3))), btf.type(6));
        assertEquals(new BtfType.Enum(7, "e", false, 4, true,
                List.of(new BtfType.EnumValue("MINUS", -1), new BtfType.EnumValue("TEN", 10))), btf.type(7));
        assertEquals(new BtfType.Fwd(8, "fw", true), btf.type(8));
        assertEquals(new BtfType.Typedef(9, "t", 5), btf.type(9));
        assertEquals(new BtfType.Qualifier(10, "", BtfKind.VOLATILE, 1), btf.type(10));
        assertEquals(new BtfType.Qualifier(11, "", BtfKind.CONST, 10), btf.type(11));
        assertEquals(new BtfType.Qualifier(12, "", BtfKind.RESTRICT, 2), btf.type(12));
        assertEquals(new BtfType.FuncProto(13, "", 1, List.of(new BtfType.Param("p", 2), new BtfType.Param("", 0))), btf.type(13));
        assertEquals(new BtfType.Func(14, "f", 13, 1), btf.type(14));
        assertEquals(new BtfType.Var(15, "v", 1, 2), btf.type(15));
        assertEquals(new BtfType.DataSec(16, ".data", 4, List.of(new BtfType.VarSecInfo(15, 0, 4))), btf.type(16));
        assertEquals(new BtfType.FloatType(17, "double", 8), btf.type(17));
        assertEquals(new BtfType.DeclTag(18, "tag", 5, 1, false), btf.type(18));
        assertEquals(new BtfType.Qualifier(19, "user", BtfKind.TYPE_TAG, 1), btf.type(19));
        assertEquals(new BtfType.Enum(20, "e64", true, 8, false, List.of(new BtfType.EnumValue("BIG", 0xfffffffffffffffeL))), btf.type(20));
        assertInstanceOf(BtfType.Void.class, btf.type(0));
        // helpers over the graph
        assertEquals(List.of(5), btf.typeIdsByName("pair"));
        assertEquals(btf.type(1), btf.skipModsAndTypedefs(11));
        assertEquals(40, btf.sizeOf(4));
        assertEquals(8, btf.sizeOf(9));
        assertEquals(8, btf.sizeOf(12));
    }

    enum Order {
        LITTLE_ENDIAN(ByteOrder.LITTLE_ENDIAN), BIG_ENDIAN(ByteOrder.BIG_ENDIAN);
        final ByteOrder order;

        Order(ByteOrder order) {
            this.order = order;
        }
    }

    @Test
    void bothByteOrdersOfEveryFixtureDecodeToTheSameTypes() {
        Path dir = Shared.require(Shared.BTF_TESTDATA + "relocs-el.elf").getParent().getParent().getParent();
        int pairs = 0;
        for (String d : List.of("btf/testdata/", "testdata/")) {
            try (var files = Files.list(dir.resolve(d))) {
                for (Path el : files.filter(p -> p.toString().endsWith("-el.elf")).sorted().toList()) {
                    Path eb = el.resolveSibling(el.getFileName().toString().replace("-el.elf", "-eb.elf"));
                    if (!Files.exists(eb) || ElfFile.read(el).section(".BTF").isEmpty()) continue;
                    Btf l = Shared.btf(el, null), b = Shared.btf(eb, null);
                    assertEquals(ByteOrder.LITTLE_ENDIAN, l.byteOrder());
                    assertEquals(ByteOrder.BIG_ENDIAN, b.byteOrder());
                    assertEquals(l.typeCount(), b.typeCount(), el.toString());
                    for (int id = 1; id < l.typeCount(); id++) assertEquals(l.type(id), b.type(id), el + " type " + id);
                    pairs++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertTrue(pairs >= 30, "pairs compared: " + pairs);
    }

    @Test
    void relocsFixtureFactsInBothByteOrders() {
        for (String f : List.of("relocs-el.elf", "relocs-eb.elf")) {
            Btf btf = Shared.btf(Shared.BTF_TESTDATA + f);
            // hand-checked against relocs.c: struct s { int _1; char _2; unsigned int _3; }
            assertEquals(new BtfType.Struct(8, "s", false, 12, false, List.of(
                    new BtfType.Member("_1", 2, 0, 0), new BtfType.Member("_2", 7, 32, 0),
                    new BtfType.Member("_3", 9, 64, 0))), btf.type(8));
            assertEquals(new BtfType.Int(9, "unsigned int", 4, 0, 0, 32), btf.type(9));
            assertEquals(new BtfType.Typedef(10, "s_t", 8), btf.type(10));
            assertEquals(List.of(new BtfType.EnumValue("ZERO", 0), new BtfType.EnumValue("ONE", 1),
                    new BtfType.EnumValue("TWO", 2)), ((BtfType.Enum) btf.type(11)).values());
            assertEquals(new BtfType.Enum(22, "e64", true, 8, false, List.of(new BtfType.EnumValue("LARGE", 0x1ffffffffL))),
                    btf.type(22));
            assertEquals(new BtfType.Array(27, "", 10, 28, 10), btf.type(27));
            assertEquals(120, btf.sizeOf(27));
            assertEquals(new BtfType.Func(3, "type_ids", 1, 1), btf.type(3));
            assertEquals(List.of(35), btf.typeIdsByName("ambiguous___flavour"));
            assertEquals(btf.type(8), btf.skipModsAndTypedefs(10));
        }
    }

    @Test
    void bitfieldsWithKindFlag() {
        for (String f : List.of("relocs_read-el.elf", "relocs_read-eb.elf")) {
            BtfType.Struct bits = (BtfType.Struct) Shared.btf(Shared.BTF_TESTDATA + f).type(6);
            assertEquals("bits", bits.name());
            assertTrue(bits.kindFlag());
            assertEquals(16, bits.size());
            assertEquals(new BtfType.Member("x", 2, 0, 0), bits.members().get(0));
            assertEquals(new BtfType.Member("a", 7, 32, 4), bits.members().get(1));
            assertEquals(new BtfType.Member("f", 13, 42, 16), bits.members().get(6));
            assertEquals(new BtfType.Member("g", 13, 64, 30), bits.members().get(7));
        }
    }

    @Test
    void declTagsVarsAndDataSecs() {
        Btf tags = Shared.btf(Shared.BTF_TESTDATA + "tags-eb.elf");
        assertEquals(new BtfType.DeclTag(5, "b", 4, 0, false), tags.type(5));
        assertEquals(new BtfType.DeclTag(7, "e", 4, -1, false), tags.type(7));
        assertEquals(new BtfType.Func(9, "fwdDecl", 8, 2), tags.type(9));
        assertEquals(new BtfType.Var(26, "s1", 22, 1), tags.type(26));
        assertEquals(new BtfType.DataSec(38, ".bss", 0, List.of(new BtfType.VarSecInfo(26, 0, 2),
                new BtfType.VarSecInfo(32, 0, 1), new BtfType.VarSecInfo(36, 0, 1))), tags.type(38));
        assertEquals(2, tags.sizeOf(26));
    }

    @Test
    void splitBtfResolvesIdsAndNamesThroughItsBase() {
        Btf split = Shared.splitTestmod();
        Btf base = split.base();
        assertEquals(158, base.typeCount());
        assertEquals(158, split.firstTypeId());
        assertEquals(1602, split.typeCount());
        // ids below 158 are the base's
        assertEquals(new BtfType.Int(52, "int", 4, BtfType.Int.SIGNED, 0, 32), split.type(52));
        assertEquals(base.type(27), split.type(27));
        assertEquals(new BtfType.Qualifier(158, "", BtfKind.CONST, 1583), split.type(158));
        assertEquals(new BtfType.Typedef(1583, "u8", 1159), split.type(1583));
        assertEquals(new BtfType.Typedef(1517, "refcount_t", 106), split.type(1517));
        BtfType.Struct ctx = (BtfType.Struct) split.type(1330);
        assertEquals("bpf_testmod_ctx", ctx.name());
        assertEquals(List.of(new BtfType.Member("rcu", 27, 0, 0), new BtfType.Member("usage", 1517, 128, 0)), ctx.members());
        assertEquals("callback_head", split.type(ctx.members().get(0).type()).name()); // a base type
        // names: split name offsets continue the base's string section
        assertEquals(List.of(52), split.typeIdsByName("int"));
        assertEquals(List.of(1330), split.typeIdsByName("bpf_testmod_ctx"));
        assertEquals(base.stringsLength() + 10155, split.stringsLength()); // + str_len of the split header
        assertEquals("", split.string(0));
        // the split blob alone does not start with an empty string and refers to base ids
        assertThrows(BtfException.class, () -> Shared.btf(Shared.require(Shared.BTF_TESTDATA + "btf_testmod.btf"), null));
        assertTrue(split.toString().contains("split over"), split.toString());
    }

    @Test
    void splitBtfOverSplitBtfResolvesStringsThroughBothBases() {
        Blob b0 = new Blob();
        b0.intType("int", 4, BtfType.Int.SIGNED, 32);
        Btf base = Btf.parse(b0.build(), "base");
        Blob b1 = new Blob();
        b1.type("mid", BtfKind.TYPEDEF, 0, false, 1);
        // a split blob's strings: name offsets continue after the base's
        byte[] s1 = b1.stringSection();
        Btf mid = Btf.parse(b1.assemble(24, shift(b1.typeSection(), base.stringsLength()), s1), "mid", base);
        Blob b2 = new Blob();
        b2.type("top", BtfKind.PTR, 0, false, 2);
        Btf top = Btf.parse(b2.assemble(24, shift(b2.typeSection(), mid.stringsLength()), b2.stringSection()), "top", mid);
        assertEquals(new BtfType.Typedef(2, "mid", 1), top.type(2));
        assertEquals(new BtfType.Ptr(3, "top", 2), top.type(3));
        assertEquals("int", top.type(1).name());
        assertEquals("[3] PTR 'top' type_id=2\n", BtfDumper.dump(top));
    }

    /** Adds {@code delta} to the name offset of the single 12-byte type record in {@code typeSec}. */
    private static byte[] shift(byte[] typeSec, int delta) {
        byte[] t = typeSec.clone();
        ByteBuffer bb = ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(0, bb.getInt(0) + delta);
        return t;
    }

    @Test
    void headersLongerThan24BytesAreAccepted() {
        Path p = Shared.require(Shared.BTF_TESTDATA + "btf_testmod.btf.base");
        byte[] raw = Shared.bytes(p);
        assertEquals(32, ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getInt(4), "hdr_len of the fixture");
        assertEquals(158, Btf.parse(raw, "base").typeCount());
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            Blob b = everyKind(order);
            b.hdrLen = 40;
            Btf btf = Btf.parse(b.build(), "long-header");
            assertEquals(Btf.parse(everyKind(order).build(), "x").type(5), btf.type(5));
        }
    }

    @Test
    void laterChangesToTheCallersArrayDoNotReachTheParsedTypes() {
        byte[] blob = everyKind(ByteOrder.LITTLE_ENDIAN).build();
        Btf btf = Btf.parse(blob, "copy");
        java.util.Arrays.fill(blob, (byte) 0xff); // e.g. a reused read buffer
        assertEquals(new BtfType.Struct(5, "pair", false, 8, false,
                List.of(new BtfType.Member("a", 1, 0, 0), new BtfType.Member("b", 2, 32, 0))), btf.type(5));
        assertTrue(BtfDumper.dump(btf).startsWith("[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n"));
    }

    @Test
    void emptyBtfHasOnlyVoid() {
        Btf btf = Btf.parse(new Blob().build(), "empty");
        assertEquals(1, btf.typeCount());
        assertEquals("", BtfDumper.dump(btf));
        assertThrows(BtfException.class, () -> btf.type(1));
        assertThrows(BtfException.class, () -> btf.type(-1));
    }

    @Test
    void elfWithoutBtfAndNonBtfFilesAreRejected() {
        Path nobtf = Shared.require(Shared.TESTDATA + "loader_nobtf-el.elf");
        BtfException e = assertThrows(BtfException.class, () -> Btf.read(nobtf));
        assertTrue(e.getMessage().contains("no .BTF section"), e.getMessage());
        assertTrue(Btf.fromElf(ElfFile.read(nobtf)).isEmpty());
        Path prog = Shared.require(Shared.EXP + "prog.o");
        assertEquals(Btf.read(prog).typeCount(), Btf.fromElf(ElfFile.read(prog)).orElseThrow().typeCount());
        Path c = Shared.require(Shared.EXP + "prog.c");
        assertTrue(assertThrows(BtfException.class, () -> Btf.read(c)).getMessage().contains("bad BTF magic"));
    }

    // ------------------------------------------------------------------ malformed blobs

    private static String rejected(byte[] blob) {
        return rejected(blob, null);
    }

    private static String rejected(byte[] blob, Btf base) {
        BtfException e = assertThrows(BtfException.class, () -> Btf.parse(blob, "bad.btf", base));
        assertTrue(e.getMessage().startsWith("bad.btf: "), e.getMessage());
        return e.getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) assertTrue(message.contains(part), "'" + message + "' lacks '" + part + "'");
    }

    @Test
    void badMagicVersionAndHeader() {
        byte[] good = everyKind(ByteOrder.LITTLE_ENDIAN).build();
        byte[] b = good.clone();
        b[0] = 0x12;
        assertContains(rejected(b), "bad BTF magic 0xeb12", "expected 0xeb9f");
        b = good.clone();
        b[2] = 2;
        assertContains(rejected(b), "unsupported BTF version 2");
        assertContains(rejected(new byte[10]), "10 bytes is too short for a BTF header");
        Blob blob = new Blob();
        b = good.clone();
        blob.put(b, 4, 8);
        assertContains(rejected(b), "BTF header length 8 is invalid");
        b = good.clone();
        blob.put(b, 4, -1);
        assertContains(rejected(b), "BTF header length 4294967295 is invalid");
    }

    @Test
    void sectionsOutsideTheBlobOrOverlapping() {
        Blob blob = new Blob();
        byte[] good = everyKind(ByteOrder.LITTLE_ENDIAN).build();
        int typeLen = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        byte[] b = good.clone();
        blob.put(b, 12, typeLen + 4000);                  // type_len past the end
        assertContains(rejected(b), "type section", "past the end of the data");
        b = good.clone();
        blob.put(b, 20, 0x7fffffff);                      // str_len huge
        assertContains(rejected(b), "string section", "past the end of the data");
        b = good.clone();
        blob.put(b, 16, typeLen - 12);                    // strings start inside the types
        assertContains(rejected(b), "type and string sections overlap");
        b = good.clone();
        blob.put(b, 8, 2);                                // type_off not aligned
        assertContains(rejected(b), "type section offset 2 is not 4-byte aligned");
        b = good.clone();
        blob.put(b, 8, -4);                               // type_off + type_len overflows 32 bits
        assertContains(rejected(b), "type section", "past the end");
    }

    @Test
    void stringSectionMustStartAndEndWithNul() {
        Blob blob = everyKind(ByteOrder.LITTLE_ENDIAN);
        byte[] strs = blob.stringSection();
        strs[0] = 'x';
        assertContains(rejected(blob.assemble(24, blob.typeSection(), strs)), "must start with an empty string");
        strs = blob.stringSection();
        strs[strs.length - 1] = 'x';
        assertContains(rejected(blob.assemble(24, blob.typeSection(), strs)), "does not end with NUL");
        assertContains(rejected(blob.assemble(24, blob.typeSection(), new byte[0])), "must start with an empty string");
    }

    @Test
    void truncatedTypes() {
        Blob blob = everyKind(ByteOrder.LITTLE_ENDIAN);
        byte[] types = blob.typeSection();
        // a type record cut inside its 12-byte header
        byte[] cut = java.util.Arrays.copyOf(types, types.length - 20 + 6);
        assertContains(rejected(blob.assemble(24, cut, blob.stringSection())), "type 20 at offset", "is truncated");
        // the last ENUM64 keeps its header but loses an enumerator
        cut = java.util.Arrays.copyOf(types, types.length - 4);
        assertContains(rejected(blob.assemble(24, cut, blob.stringSection())), "type 20 (ENUM64, vlen 1) runs past the end");
        // a struct whose vlen claims more members than there are bytes
        Blob big = new Blob();
        big.intType("int", 4, 1, 32).type("s", BtfKind.STRUCT, 0xffff, false, 4, big.str("a"), 1, 0);
        assertContains(rejected(big.build()), "type 2 (STRUCT, vlen 65535) runs past the end of the type section");
    }

    @Test
    void unknownKinds() {
        for (int kind : new int[] {0, 20, 31}) {
            Blob b = new Blob();
            b.intType("int", 4, 1, 32).raw(0, kind, 0, false, 0);
            assertContains(rejected(b.build()), "type 2: unknown BTF kind " + kind);
        }
    }

    @Test
    void nameOffsetsOutsideTheStringSection() {
        Blob b = new Blob();
        b.intType("int", 4, 1, 32);
        int len = b.stringSection().length;
        b.raw(len, BtfKind.TYPEDEF.number(), 0, false, 1);
        assertContains(rejected(b.build()), "type 2: name offset " + len + " is outside the string section (" + len + " bytes)");
        Blob m = new Blob();
        m.intType("int", 4, 1, 32).type("s", BtfKind.STRUCT, 2, false, 8, m.str("a"), 1, 0, -5, 1, 32);
        assertContains(rejected(m.build()), "type 2: member 1 name offset 4294967291 is outside the string section");
        Blob e = new Blob();
        e.type("e", BtfKind.ENUM, 1, false, 4, 9999, 1);
        assertContains(rejected(e.build()), "type 1: enumerator 0 name offset 9999");
        Blob p = new Blob();
        p.type("", BtfKind.FUNC_PROTO, 1, false, 0, 9999, 0);
        assertContains(rejected(p.build()), "type 1: parameter 0 name offset 9999");
    }

    @Test
    void referencesToTypesThatDoNotExist() {
        Blob b = new Blob();
        b.intType("int", 4, 1, 32).type("p", BtfKind.PTR, 0, false, 3);
        assertContains(rejected(b.build()), "type 2: type refers to type 3, which does not exist (3 types)");
        Blob a = new Blob();
        a.intType("int", 4, 1, 32).type("", BtfKind.ARRAY, 0, false, 0, 1, 7, 4);
        assertContains(rejected(a.build()), "type 2: index type refers to type 7");
        Blob s = new Blob();
        s.type("s", BtfKind.UNION, 1, false, 4, s.str("a"), -1, 0);
        assertContains(rejected(s.build()), "type 1: member 0 type refers to type 4294967295");
        Blob d = new Blob();
        d.type(".bss", BtfKind.DATASEC, 1, false, 4, 2, 0, 4);
        assertContains(rejected(d.build()), "type 1: variable 0 refers to type 2");
        Blob f = new Blob();
        f.type("", BtfKind.FUNC_PROTO, 1, false, 0, 0, 5);
        assertContains(rejected(f.build()), "type 1: parameter 0 type refers to type 5");
    }

    @Test
    void splitBlobsMustMatchTheirBase() {
        Blob b0 = new Blob(ByteOrder.BIG_ENDIAN);
        b0.intType("int", 4, 1, 32);
        Btf base = Btf.parse(b0.build(), "base");
        Blob b1 = new Blob();
        b1.type("", BtfKind.PTR, 0, false, 1);
        assertContains(rejected(b1.build(), base), "split BTF byte order differs from its base's");
        Blob b2 = new Blob(ByteOrder.BIG_ENDIAN);
        b2.type("", BtfKind.PTR, 0, false, 3);
        assertContains(rejected(b2.build(), base), "type 2: type refers to type 3, which does not exist (3 types)");
    }

    @Test
    void cyclesAreReportedNotFollowedForever() {
        Blob b = new Blob();
        b.type("a", BtfKind.TYPEDEF, 0, false, 2).type("", BtfKind.CONST, 0, false, 1)  // 1 <-> 2
                .type("", BtfKind.ARRAY, 0, false, 0, 3, 3, 2)                          // 3: array of itself
                .type("p", BtfKind.PTR, 0, false, 4);                                   // 4: pointer to itself
        Btf btf = Btf.parse(b.build(), "cycles");
        assertContains(assertThrows(BtfException.class, () -> btf.skipModsAndTypedefs(1)).getMessage(), "cyclic");
        assertContains(assertThrows(BtfException.class, () -> btf.sizeOf(3)).getMessage(), "cyclic");
        assertEquals(8, btf.sizeOf(4));
        assertEquals("""
                [1] TYPEDEF 'a' type_id=2
                [2] CONST '(anon)' type_id=1
                [3] ARRAY '(anon)' type_id=3 index_type_id=3 nr_elems=2
                [4] PTR 'p' type_id=4
                """, BtfDumper.dump(btf));
    }

    @Test
    void stringLookupsOutsideTheSectionFail() {
        Btf btf = Btf.parse(everyKind(ByteOrder.LITTLE_ENDIAN).build(), "strs");
        assertEquals("int", btf.string(1));
        assertThrows(BtfException.class, () -> btf.string(btf.stringsLength()));
        assertThrows(BtfException.class, () -> btf.string(-1));
        assertNull(btf.base());
        assertFalse(btf.typeIdsByName("nothing").iterator().hasNext());
    }

    @Test
    void typeIdsByNameListsDuplicatesInIdOrder() {
        Blob b = new Blob();
        b.intType("int", 4, 1, 32).type("x", BtfKind.TYPEDEF, 0, false, 1).type("x", BtfKind.PTR, 0, false, 1);
        assertEquals(List.of(2, 3), Btf.parse(b.build(), "dups").typeIdsByName("x"));
        assertEquals(new ArrayList<Integer>(), Btf.parse(b.build(), "dups").typeIdsByName(""));
    }
}
