package io.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link BtfCDumper} on hand-built BTF: cycles C cannot express end in a {@link BtfException}
 * (never a hang or a {@link StackOverflowError}), deep chains are bounded, malformed-but-parseable
 * graphs are dumped or rejected cleanly, and the corner cases of naming and ordering print what
 * bpftool v7.1 prints (the expected texts below were checked against
 * {@code bpftool btf dump file B format c} on the same blobs).
 */
class BtfCDumpRobustnessTest {

    // ------------------------------------------------------------------ a BTF writer for tests

    /** Writes raw little-endian BTF (Documentation/bpf/btf.rst §2); each add returns the new type id. */
    static final class Blob {
        record M(String name, int type, int bitOffset, int bitSize) {}

        record P(String name, int type) {}

        record V(String name, long value) {}

        private final ByteArrayOutputStream types = new ByteArrayOutputStream();
        private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
        private final Map<String, Integer> stringOffsets = new HashMap<>();
        private int nextId = 1;

        Blob() {
            strings.write(0);
            stringOffsets.put("", 0);
        }

        static M m(String name, int type, int bitOffset) {
            return new M(name, type, bitOffset, 0);
        }

        static M bf(String name, int type, int bitOffset, int bitSize) {
            return new M(name, type, bitOffset, bitSize);
        }

        static P p(String name, int type) {
            return new P(name, type);
        }

        static V v(String name, long value) {
            return new V(name, value);
        }

        int str(String s) {
            return stringOffsets.computeIfAbsent(s, k -> {
                int off = strings.size();
                strings.writeBytes(k.getBytes(StandardCharsets.UTF_8));
                strings.write(0);
                return off;
            });
        }

        /** The id the next added type gets. */
        int nextId() {
            return nextId;
        }

        private void u32(int v) {
            types.write(v);
            types.write(v >>> 8);
            types.write(v >>> 16);
            types.write(v >>> 24);
        }

        private int header(String name, BtfKind kind, int vlen, boolean kflag, int sizeOrType) {
            u32(str(name));
            u32((kflag ? 1 << 31 : 0) | kind.number() << 24 | (vlen & 0xffff));
            u32(sizeOrType);
            return nextId++;
        }

        int intType(String name, int size, int encoding, int bits) {
            int id = header(name, BtfKind.INT, 0, false, size);
            u32(encoding << 24 | bits);
            return id;
        }

        int intType(String name, int size, boolean signed) {
            return intType(name, size, signed ? BtfType.Int.SIGNED : 0, size * 8);
        }

        int floatType(String name, int size) {
            return header(name, BtfKind.FLOAT, 0, false, size);
        }

        int ptr(int type) {
            return header("", BtfKind.PTR, 0, false, type);
        }

        int typedef(String name, int type) {
            return header(name, BtfKind.TYPEDEF, 0, false, type);
        }

        int qual(BtfKind kind, int type) {
            return header("", kind, 0, false, type);
        }

        int typeTag(String name, int type) {
            return header(name, BtfKind.TYPE_TAG, 0, false, type);
        }

        int array(int elem, int index, int nelems) {
            int id = header("", BtfKind.ARRAY, 0, false, 0);
            u32(elem);
            u32(index);
            u32(nelems);
            return id;
        }

        int struct(String name, int size, M... members) {
            return composite(BtfKind.STRUCT, name, size, members);
        }

        int union(String name, int size, M... members) {
            return composite(BtfKind.UNION, name, size, members);
        }

        private int composite(BtfKind kind, String name, int size, M... members) {
            boolean kflag = false;
            for (M m : members) kflag |= m.bitSize() != 0;
            int id = header(name, kind, members.length, kflag, size);
            for (M m : members) {
                u32(str(m.name()));
                u32(m.type());
                u32(kflag ? m.bitSize() << 24 | (m.bitOffset() & 0xffffff) : m.bitOffset());
            }
            return id;
        }

        int enumType(String name, int size, boolean signed, V... values) {
            int id = header(name, BtfKind.ENUM, values.length, signed, size);
            for (V v : values) {
                u32(str(v.name()));
                u32((int) v.value());
            }
            return id;
        }

        int enum64(String name, int size, boolean signed, V... values) {
            int id = header(name, BtfKind.ENUM64, values.length, signed, size);
            for (V v : values) {
                u32(str(v.name()));
                u32((int) v.value());
                u32((int) (v.value() >>> 32));
            }
            return id;
        }

        int fwd(String name, boolean union) {
            return header(name, BtfKind.FWD, 0, union, 0);
        }

        int funcProto(int ret, P... params) {
            int id = header("", BtfKind.FUNC_PROTO, params.length, false, ret);
            for (P p : params) {
                u32(str(p.name()));
                u32(p.type());
            }
            return id;
        }

        int func(String name, int proto, int linkage) {
            return header(name, BtfKind.FUNC, linkage, false, proto);
        }

        int var(String name, int type, int linkage) {
            int id = header(name, BtfKind.VAR, 0, false, type);
            u32(linkage);
            return id;
        }

        int datasec(String name, int size, int... varOffsetSize) {
            int id = header(name, BtfKind.DATASEC, varOffsetSize.length / 3, false, size);
            for (int x : varOffsetSize) u32(x);
            return id;
        }

        int declTag(String name, int type, int componentIdx) {
            int id = header(name, BtfKind.DECL_TAG, 0, false, type);
            u32(componentIdx);
            return id;
        }

        byte[] bytes() {
            byte[] t = types.toByteArray();
            byte[] s = strings.toByteArray();
            ByteBuffer b = ByteBuffer.allocate(24 + t.length + s.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putShort((short) Btf.MAGIC).put((byte) 1).put((byte) 0);
            b.putInt(24).putInt(0).putInt(t.length).putInt(t.length).putInt(s.length);
            b.put(t).put(s);
            return b.array();
        }

        Btf btf() {
            return Btf.parse(bytes(), "test blob");
        }
    }

    /** The hand-built blobs that C can express, by name; BtfCDumpBpftoolTest checks them against bpftool. */
    static Map<String, java.util.function.Supplier<Blob>> expressibleBlobs() {
        Map<String, java.util.function.Supplier<Blob>> m = new java.util.LinkedHashMap<>();
        m.put("mutualStructs", BtfCDumpRobustnessTest::mutualStructs);
        m.put("typedefInsideStruct", BtfCDumpRobustnessTest::typedefInsideStruct);
        m.put("nameClashes", BtfCDumpRobustnessTest::nameClashes);
        m.put("anonymousEnums", BtfCDumpRobustnessTest::anonymousEnums);
        m.put("vaListAndPoly", BtfCDumpRobustnessTest::vaListAndPoly);
        m.put("oddMembers", BtfCDumpRobustnessTest::oddMembers);
        m.put("longQualifierChain", BtfCDumpRobustnessTest::longQualifierChain);
        return m;
    }

    static final String HEADER = """
            #ifndef __VMLINUX_H__
            #define __VMLINUX_H__

            #ifndef BPF_NO_PRESERVE_ACCESS_INDEX
            #pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)
            #endif

            """;

    static final String FOOTER = """
            #ifndef BPF_NO_PRESERVE_ACCESS_INDEX
            #pragma clang attribute pop
            #endif

            #endif /* __VMLINUX_H__ */
            """;

    /** The types part of a dump: without bpftool's guard and pragma lines. */
    static String body(String dump) {
        assertTrue(dump.startsWith(HEADER), () -> "no vmlinux.h header:\n" + dump);
        assertTrue(dump.endsWith(FOOTER), () -> "no vmlinux.h footer:\n" + dump);
        return dump.substring(HEADER.length(), dump.length() - FOOTER.length());
    }

    private static BtfException assertRejected(Blob b, String messagePart) {
        BtfException e = assertThrows(BtfException.class, () -> BtfCDumper.dump(b.btf()));
        assertTrue(e.getMessage().contains(messagePart), () -> "message '" + e.getMessage() + "' lacks '" + messagePart + "'");
        return e;
    }

    // ------------------------------------------------------------------ basics

    @Test
    void emptyBtfIsJustTheWrapper() {
        assertEquals(HEADER + FOOTER, BtfCDumper.dump(new Blob().btf()));
    }

    @Test
    void appendableAndStringAgreeAndIoErrorsPropagate() throws IOException {
        Blob b = new Blob();
        int i = b.intType("int", 4, true);
        b.struct("s", 4, Blob.m("x", i, 0));
        Btf btf = b.btf();
        StringBuilder sb = new StringBuilder();
        BtfCDumper.dump(btf, sb);
        assertEquals(BtfCDumper.dump(btf), sb.toString());
        assertEquals("struct s {\n\tint x;\n};\n\n", body(sb.toString()));

        Writer failing = new Writer() {
            @Override public void write(char[] cbuf, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
            @Override public void flush() {}
            @Override public void close() {}
        };
        IOException e = assertThrows(IOException.class, () -> BtfCDumper.dump(btf, failing));
        assertEquals("disk full", e.getMessage());
    }

    // ------------------------------------------------------------------ cycles C can express

    static Blob mutualStructs() {
        Blob b = new Blob();
        int i = b.intType("int", 4, true);       // 1
        int a = b.nextId();                      // 2: struct a { struct b *b; struct a *self; int v; }
        int pb = a + 1;                          // 3
        int pa = a + 2;                          // 4
        int sb = a + 3;                          // 5
        b.struct("a", 24, Blob.m("b", pb, 0), Blob.m("self", pa, 64), Blob.m("v", i, 128));
        b.ptr(sb);
        b.ptr(a);
        b.struct("b", 8, Blob.m("a", pa, 0));
        return b;
    }

    @Test
    void selfAndMutuallyReferencingStructsGetForwardDeclarations() {
        assertEquals("""
                struct b;

                struct a {
                \tstruct b *b;
                \tstruct a *self;
                \tint v;
                };

                struct b {
                \tstruct a *a;
                };

                """, body(BtfCDumper.dump(mutualStructs().btf())));
    }

    /** typedef struct node node_t; struct node { node_t *next; int v; }; */
    static Blob typedefInsideStruct() {
        Blob b = new Blob();
        int i = b.intType("int", 4, true);       // 1
        int td = b.typedef("node_t", 4);         // 2
        int p = b.ptr(td);                       // 3
        b.struct("node", 16, Blob.m("next", p, 0), Blob.m("v", i, 64)); // 4
        return b;
    }

    @Test
    void typedefOfAStructUsedInsideIt() {
        assertEquals("""
                struct node;

                typedef struct node node_t;

                struct node {
                \tnode_t *next;
                \tint v;
                };

                """, body(BtfCDumper.dump(typedefInsideStruct().btf())));
    }

    // ------------------------------------------------------------------ cycles C cannot express

    @Test
    void pointerToItself() {
        Blob b = new Blob();
        b.ptr(1);
        assertRejected(b, "cycle");
    }

    @Test
    void typedefOfItself() {
        Blob b = new Blob();
        b.typedef("loop", 1);
        assertRejected(b, "cycle");
    }

    @Test
    void qualifierCycle() {
        Blob b = new Blob();
        b.qual(BtfKind.CONST, 2);
        b.qual(BtfKind.VOLATILE, 3);
        b.typeTag("t", 1);
        assertRejected(b, "cycle");
    }

    @Test
    void typedefOfPointerToItself() {
        Blob b = new Blob();
        b.typedef("t", 2); // typedef t *t;
        b.ptr(1);
        assertRejected(b, "cycle");
    }

    @Test
    void prototypeTakingPointerToItself() {
        Blob b = new Blob();
        int i = b.intType("int", 4, true);       // 1
        b.funcProto(i, Blob.p("self", 3));       // 2
        b.ptr(2);                                // 3
        assertRejected(b, "cycle");
    }

    @Test
    void prototypeReturningItself() {
        Blob b = new Blob();
        b.funcProto(1);
        assertRejected(b, "cycle");
    }

    @Test
    void arrayOfItself() {
        Blob b = new Blob();
        b.array(1, 1, 4);
        assertRejected(b, "cycle");
    }

    @Test
    void structContainingItself() {
        Blob b = new Blob();
        b.struct("s", 8, Blob.m("me", 1, 0));
        assertRejected(b, "unsatisfiable type cycle");
    }

    @Test
    void structsContainingEachOther() {
        Blob b = new Blob();
        b.struct("a", 8, Blob.m("b", 2, 0));
        b.struct("b", 8, Blob.m("a", 1, 0));
        assertRejected(b, "unsatisfiable type cycle");
    }

    @Test
    void anonymousStructPointingToItself() {
        // an anonymous struct is defined inline, even behind a pointer: no way to forward-declare it
        Blob b = new Blob();
        b.struct("outer", 8, Blob.m("p", 2, 0));  // 1
        b.ptr(3);                                 // 2
        b.struct("", 8, Blob.m("self", 2, 0));    // 3
        assertRejected(b, "unsatisfiable type cycle");
    }

    @Test
    void typedefOfAnonymousStructContainingIt() {
        // typedef struct { t x; } t;
        Blob b = new Blob();
        b.typedef("t", 2);
        b.struct("", 8, Blob.m("x", 1, 0));
        assertRejected(b, "unsatisfiable type cycle");
    }

    // ------------------------------------------------------------------ depth bounds

    static Blob longQualifierChain() {
        Blob b = new Blob();
        int t = b.intType("int", 4, true);
        for (int k = 0; k < 200; k++) t = b.qual(BtfKind.CONST, t);
        b.typedef("cint", t);
        return b;
    }

    @Test
    void longQualifierChainWithinTheBoundIsDumped() {
        String body = body(BtfCDumper.dump(longQualifierChain().btf()));
        assertEquals("typedef " + "const ".repeat(200) + "int cint;\n\n", body);
    }

    /**
     * Runs a dump on a thread with a 1 MiB stack (the JVM's default for new threads on 64-bit
     * Linux; surefire runs tests with 8 MiB); returns what it threw, or null.
     */
    private static Throwable dumpOnSmallStack(Btf btf) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread th = new Thread(null, () -> {
            try {
                BtfCDumper.dump(btf);
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "btf-c-dump-small-stack", 1024 * 1024);
        th.start();
        th.join(60_000);
        assertTrue(!th.isAlive(), "dump did not finish");
        return thrown.get();
    }

    @Test
    void chainsDeeperThanTheBoundAreRejectedWithoutStackOverflow() throws Exception {
        int levels = 50_000;
        // 50k nested anonymous structs, 50k pointers to pointers, 50k arrays of arrays, 50k
        // prototypes returning pointers to prototypes: each rejected as too deep, on a thread
        // with an ordinary stack
        Map<String, Blob> blobs = new java.util.LinkedHashMap<>();
        Blob nested = new Blob();
        int t = nested.intType("int", 4, true);
        for (int k = 0; k < levels; k++) t = nested.struct("", 4, Blob.m("m", t, 0));
        nested.struct("top", 4, Blob.m("m", t, 0));
        blobs.put("nested anonymous structs", nested);
        Blob ptrs = new Blob();
        t = ptrs.intType("int", 4, true);
        for (int k = 0; k < levels; k++) t = ptrs.ptr(t);
        ptrs.typedef("deep", t);
        blobs.put("pointers", ptrs);
        Blob arrays = new Blob();
        t = arrays.intType("int", 4, true);
        for (int k = 0; k < levels; k++) t = arrays.array(t, 1, 1);
        arrays.typedef("deep", t);
        blobs.put("arrays", arrays);
        Blob protos = new Blob();
        t = protos.intType("int", 4, true);
        for (int k = 0; k < levels; k++) t = protos.ptr(protos.funcProto(t, Blob.p("x", t)));
        protos.typedef("deep", t);
        blobs.put("prototypes", protos);

        for (Map.Entry<String, Blob> e : blobs.entrySet()) {
            Throwable thrown = dumpOnSmallStack(e.getValue().btf());
            if (!(thrown instanceof BtfException)) fail(e.getKey() + ": expected a BtfException, got " + thrown, thrown);
            assertTrue(thrown.getMessage().contains("deeper than") || thrown.getMessage().contains("longer than"),
                    e.getKey() + ": " + thrown.getMessage());
        }
    }

    @Test
    void longChainsOfDefinitionsAreFineBecauseEachIsDefinedOnce() throws Exception {
        // typedef int t0; typedef t0 t1; ... and struct s1 { struct s0 m; } ...: ordering visits
        // them in id order, so no deep recursion
        Blob typedefs = new Blob();
        int t = typedefs.intType("int", 4, true);
        for (int k = 0; k < 50_000; k++) t = typedefs.typedef("t" + k, t);
        Blob structs = new Blob();
        t = structs.intType("int", 4, true);
        for (int k = 0; k < 50_000; k++) t = structs.struct("s" + k, 4, Blob.m("m", t, 0));
        for (Blob b : List.of(typedefs, structs)) {
            Throwable thrown = dumpOnSmallStack(b.btf());
            if (thrown != null) fail("expected a dump, got " + thrown, thrown);
        }
        assertTrue(BtfCDumper.dump(typedefs.btf()).contains("typedef t49998 t49999;\n"));
    }

    // ------------------------------------------------------------------ malformed but parseable

    static Blob oddMembers() {
        Blob b = new Blob();
        int i = b.intType("int", 4, true);              // 1
        int proto = b.funcProto(i, Blob.p("x", i));     // 2
        int func = b.func("f", proto, 1);               // 3
        int var = b.var("v", i, 1);                     // 4
        int sec = b.datasec(".data", 4, var, 0, 4);     // 5
        int tag = b.declTag("tag", i, -1);              // 6
        b.struct("odd", 16, Blob.m("func", func, 0), Blob.m("var", var, 32), Blob.m("sec", sec, 64),
                Blob.m("tag", tag, 96), Blob.m("proto", proto, 128), Blob.m("nothing", 0, 128));
        b.typedef("td_func", func);
        b.array(0, i, 3);
        b.typedef("void_arr", 9);
        b.enumType("empty_enum", 4, false);
        b.enum64("zero_size", 0, true, Blob.v("Z", -1));
        b.struct("too_small", 1, Blob.bf("big", i, 60, 30), Blob.m("after", i, 0xfff0));
        return b;
    }

    @Test
    void kindsThatCannotBeMembersAreDumpedWithoutCrashing() {
        String dump = BtfCDumper.dump(oddMembers().btf());
        assertTrue(dump.contains("struct odd {"), dump);
        assertTrue(dump.contains("enum empty_enum;"), dump);
        assertTrue(dump.contains("\tZ = -1LL,"), dump);
    }

    static Blob nameClashes() {
        Blob b = new Blob();
        int i = b.intType("int", 4, true);                   // 1
        b.struct("foo", 4, Blob.m("a", i, 0));                // 2
        b.union("foo", 4, Blob.m("b", i, 0));                 // 3 -> foo___2 (same namespace)
        b.enumType("foo", 4, false, Blob.v("bar", 1));       // 4 -> foo___3
        b.typedef("bar", i);                                 // 5 -> bar___2: enumerators share typedefs' namespace
        b.typedef("foo", i);                                 // 6 -> stays foo (other namespace)
        b.enumType("e", 4, true, Blob.v("bar", -2), Blob.v("bar", 3)); // 7
        b.fwd("foo", false);                                 // 8 -> fwds keep their name
        return b;
    }

    @Test
    void namesClashAcrossTypesAndEnumeratorsAsLibbpfRenamesThem() {
        assertEquals("""
                struct foo {
                \tint a;
                };

                union foo___2 {
                \tint b;
                };

                enum foo___3 {
                \tbar = 1,
                };

                typedef int bar___2;

                typedef int foo;

                enum e {
                \tbar___3 = -2,
                \tbar___4 = 3,
                };

                struct foo;

                """, body(BtfCDumper.dump(nameClashes().btf())));
    }

    static Blob anonymousEnums() {
        Blob b = new Blob();
        int i = b.intType("unsigned int", 4, false);          // 1
        b.enumType("", 4, false, Blob.v("TOP", 1));          // 2: unreferenced: printed on its own
        int inner = b.enumType("", 4, false, Blob.v("IN", 2)); // 3: referenced: inline only
        b.struct("s", 8, Blob.m("e", inner, 0), Blob.m("u", i, 32));
        return b;
    }

    @Test
    void anonymousEnumsAtTopLevelOnlyWhenNothingRefersToThem() {
        assertEquals("""
                enum {
                \tTOP = 1,
                };

                struct s {
                \tenum {
                \t\tIN = 2,
                \t} e;
                \tunsigned int u;
                };

                """, body(BtfCDumper.dump(anonymousEnums().btf())));
    }

    static Blob vaListAndPoly() {
        Blob b = new Blob();
        int c = b.intType("char", 1, true);
        int p = b.ptr(c);
        b.typedef("__builtin_va_list", p);
        b.typedef("__gnuc_va_list", 0);
        int poly = b.intType("__Poly8_t", 1, false);
        b.typedef("poly8", poly); // the alias is printed when something uses the INT
        b.intType("__Poly16_t", 2, false); // unused: nothing printed
        return b;
    }

    @Test
    void vaListTypedefsAreHandledLikeLibbpf() {
        assertEquals("""
                typedef __builtin_va_list __gnuc_va_list;

                typedef unsigned char __Poly8_t;

                typedef __Poly8_t poly8;

                """, body(BtfCDumper.dump(vaListAndPoly().btf())));
    }
}
