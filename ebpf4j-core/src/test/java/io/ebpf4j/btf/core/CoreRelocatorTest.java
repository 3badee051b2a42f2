package io.ebpf4j.btf.core;

import static io.ebpf4j.btf.core.BtfBuilder.bf;
import static io.ebpf4j.btf.core.BtfBuilder.m;
import static org.junit.jupiter.api.Assertions.*;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfExt;
import io.ebpf4j.btf.BtfKind;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.isa.Program;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CO-RE relocation on hand-built BTF: each expected value is worked out from the layouts in the comments. */
class CoreRelocatorTest {

    // ------------------------------------------------------------------ helpers

    static BtfExt.CoreRelo relo(int slot, int typeId, String access, CoreReloKind kind) {
        return new BtfExt.CoreRelo(slot * 8, typeId, access, kind.number());
    }

    /** {@code r1 = imm} (ALU64 mov). */
    static Insn mov(int imm) {
        return new Insn(Opcodes.ALU64 | Opcodes.MOV | Opcodes.K, 1, 0, 0, imm);
    }

    /** {@code r0 = *(size *)(r1 + off)}. */
    static Insn ldx(int size, int off) {
        return new Insn(Opcodes.LDX | Opcodes.MEM | size, 0, 1, off, 0);
    }

    /** {@code *(size *)(r1 + off) = r2}. */
    static Insn stx(int size, int off) {
        return new Insn(Opcodes.STX | Opcodes.MEM | size, 1, 2, off, 0);
    }

    static CoreResult run(Btf local, Btf target, Program p, BtfExt.CoreRelo... relos) {
        return new CoreRelocator(local, target).relocate("test", p, List.of(relos));
    }

    static CoreException fail(Btf local, Btf target, Program p, BtfExt.CoreRelo... relos) {
        return assertThrows(CoreException.class, () -> run(local, target, p, relos));
    }

    /** Local: {@code struct s { int a; int b; unsigned int c; char d; }} (size 16). */
    static final class Local {
        final BtfBuilder b = new BtfBuilder();
        final int tInt = b.intType("int", 4, true);
        final int tUint = b.intType("unsigned int", 4, false);
        final int tChar = b.intType("char", 1, true);
        final int s = b.struct("s", 16, m("a", tInt, 0), m("b", tInt, 32), m("c", tUint, 64), m("d", tChar, 96));
        final Btf btf = b.btf("local");
    }

    // ------------------------------------------------------------------ kinds

    @Test
    void kindNumbersAndNamesAreLibbpfs() {
        String[] names = {"byte_off", "byte_sz", "field_exists", "signed", "lshift_u64", "rshift_u64", "local_type_id",
            "target_type_id", "type_exists", "type_size", "enumval_exists", "enumval_value", "type_matches"};
        assertEquals(13, CoreReloKind.values().length);
        for (int i = 0; i < 13; i++) {
            assertEquals(i, CoreReloKind.of(i).number());
            assertEquals(names[i], CoreReloKind.of(i).libbpfName());
        }
        assertNull(CoreReloKind.of(13));
        assertNull(CoreReloKind.of(-1));
        assertTrue(CoreReloKind.FIELD_RSHIFT_U64.isFieldBased());
        assertTrue(CoreReloKind.TYPE_MATCHES.isTypeBased());
        assertTrue(CoreReloKind.ENUMVAL_VALUE.isEnumValueBased());
        assertFalse(CoreReloKind.ENUMVAL_VALUE.isTypeBased());
    }

    // ------------------------------------------------------------------ access strings

    @Nested
    class AccessStrings {
        @ParameterizedTest
        @ValueSource(strings = {"", ":0", "0:", "0::1", "a", "-1", "0:-1", "0:1x", "0 :1", " 0", "+1", "2147483648", "0:1:"})
        void malformedAccessStringsAreRejected(String s) {
            CoreTypes.Fail f = assertThrows(CoreTypes.Fail.class, () -> CoreSpec.parseAccessString(s));
            assertEquals(CoreException.Reason.BAD_ACCESS_STRING, f.reason);
        }

        @Test
        void wellFormedAccessStrings() {
            assertArrayEquals(new int[] {0}, CoreSpec.parseAccessString("0"));
            assertArrayEquals(new int[] {0, 1, 2}, CoreSpec.parseAccessString("0:1:2"));
            assertArrayEquals(new int[] {12, 0, 2147483647}, CoreSpec.parseAccessString("12:0:2147483647"));
            StringBuilder max = new StringBuilder("0");
            for (int i = 1; i < CoreSpec.MAX_LEN; i++) max.append(":0");
            assertEquals(64, CoreSpec.parseAccessString(max.toString()).length);
            assertThrows(CoreTypes.Fail.class, () -> CoreSpec.parseAccessString(max + ":0"), "65 elements is one too many");
        }

        @Test
        void badAccessStringFailsTheRelocationNamingIt() {
            Local l = new Local();
            CoreException e = fail(l.btf, l.btf, Program.of(mov(0), Insn.exit()), relo(0, l.s, "0::1", CoreReloKind.FIELD_BYTE_OFFSET));
            assertEquals(CoreException.Reason.BAD_ACCESS_STRING, e.reason());
            assertEquals("test", e.section());
            assertEquals(0, e.insn());
            assertTrue(e.getMessage().contains("section 'test'"), e.getMessage());
            assertTrue(e.getMessage().contains("byte_off [" + l.s + "] struct s \"0::1\""), e.getMessage());
        }

        @Test
        void typeBasedKindsNeedAccessStringZero() {
            Local l = new Local();
            CoreException e = fail(l.btf, l.btf, Program.of(mov(1)), relo(0, l.s, "1", CoreReloKind.TYPE_EXISTS));
            assertEquals(CoreException.Reason.BAD_ACCESS_STRING, e.reason());
        }

        @Test
        void memberIndexOutOfRange() {
            Local l = new Local();
            CoreException e = fail(l.btf, l.btf, Program.of(mov(0)), relo(0, l.s, "0:4", CoreReloKind.FIELD_BYTE_OFFSET));
            assertEquals(CoreException.Reason.BAD_ACCESS_STRING, e.reason());
            assertTrue(e.getMessage().contains("out of range"), e.getMessage());
        }

        @Test
        void indexingIntoAScalarIsRejected() {
            Local l = new Local();
            CoreException e = fail(l.btf, l.btf, Program.of(mov(0)), relo(0, l.s, "0:0:1", CoreReloKind.FIELD_BYTE_OFFSET));
            assertEquals(CoreException.Reason.BAD_ACCESS_STRING, e.reason());
        }

        @Test
        void enumeratorIndexOutOfRangeAndEnumOnStruct() {
            BtfBuilder b = new BtfBuilder();
            int e = b.enumType("e", 4, false, "A", 0, "B", 1);
            int s = b.struct("s", 0);
            Btf btf = b.btf("local");
            assertEquals(CoreException.Reason.BAD_ACCESS_STRING,
                    fail(btf, btf, Program.of(Insn.ldImm64(1, 0, 1)), relo(0, e, "2", CoreReloKind.ENUMVAL_EXISTS)).reason());
            assertEquals(CoreException.Reason.BAD_ACCESS_STRING,
                    fail(btf, btf, Program.of(Insn.ldImm64(1, 0, 1)), relo(0, e, "0:0", CoreReloKind.ENUMVAL_EXISTS)).reason());
            assertEquals(CoreException.Reason.BAD_ACCESS_STRING,
                    fail(btf, btf, Program.of(Insn.ldImm64(1, 0, 1)), relo(0, s, "0", CoreReloKind.ENUMVAL_EXISTS)).reason());
        }

        /**
         * {@code struct arr { int n; int x[4]; }} (20 bytes) → target {@code struct arr { long pad; int n; long x[4]; }}
         * (48 bytes): {@code &p[1].x[2]} ("1:1:2") is 20 + 4 + 2*4 = 32 locally, 48 + 16 + 2*8 = 80 in the target.
         */
        @Test
        void arrayIndicesInTheAccessString() {
            BtfBuilder lb = new BtfBuilder();
            int lInt = lb.intType("int", 4, true);
            int lArr = lb.array(lInt, lInt, 4);
            int lS = lb.struct("arr", 20, m("n", lInt, 0), m("x", lArr, 32));
            Btf local = lb.btf("local");
            BtfBuilder tb = new BtfBuilder();
            int tLong = tb.intType("long", 8, true);
            int tInt = tb.intType("int", 4, true);
            int tArr = tb.array(tLong, tInt, 4);
            tb.struct("arr", 48, m("pad", tLong, 0), m("n", tInt, 64), m("x", tArr, 128));
            Btf target = tb.btf("target");
            CoreResult r = run(local, target, Program.of(mov(32), mov(4), mov(4)),
                    relo(0, lS, "1:1:2", CoreReloKind.FIELD_BYTE_OFFSET),
                    relo(1, lS, "1:1:2", CoreReloKind.FIELD_BYTE_SIZE),
                    relo(2, lS, "0:1", CoreReloKind.FIELD_BYTE_OFFSET));
            assertEquals(80, r.program().insn(0).imm());
            assertEquals(8, r.program().insn(1).imm());
            assertEquals(16, r.program().insn(2).imm());
            CoreResolution res = r.relocations().get(0).resolution();
            assertEquals("<byte_off> [" + lS + "] struct arr[1].x[2] (1:1:2 @ offset 32)", res.localSpec());
            assertEquals("[1].x[2]", res.access());
            assertTrue(res.targetSpec().endsWith("[1].x[2] (1:2:2 @ offset 80)"), res.targetSpec());
        }

        /** A local index past the target array's end does not match: the field "does not exist" there. */
        @Test
        void arrayIndexPastTheTargetsEndDoesNotMatch() {
            BtfBuilder lb = new BtfBuilder();
            int lInt = lb.intType("int", 4, true);
            int lArr = lb.array(lInt, lInt, 8);
            int lS = lb.struct("arr", 32, m("x", lArr, 0));
            Btf local = lb.btf("local");
            BtfBuilder tb = new BtfBuilder();
            int tInt = tb.intType("int", 4, true);
            int tArr = tb.array(tInt, tInt, 4);
            tb.struct("arr", 16, m("x", tArr, 0));
            Btf target = tb.btf("target");
            CoreResult r = run(local, target, Program.of(mov(1), mov(20)),
                    relo(0, lS, "0:0:5", CoreReloKind.FIELD_EXISTS),
                    relo(1, lS, "0:0:5", CoreReloKind.FIELD_BYTE_OFFSET));
            assertEquals(0, r.program().insn(0).imm());
            assertTrue(r.relocations().get(1).poisoned());
        }

        /** {@code struct fl { int n; int data[]; }}: any index into the trailing flexible array is valid. */
        @Test
        void flexibleArrayIndexIsNotBoundsChecked() {
            BtfBuilder b = new BtfBuilder();
            int tInt = b.intType("int", 4, true);
            int flex = b.array(tInt, tInt, 0);
            int s = b.struct("fl", 4, m("n", tInt, 0), m("data", flex, 32));
            int s2 = b.struct("notlast", 8, m("data", flex, 0), m("n", tInt, 0));
            Btf btf = b.btf("local");
            CoreResult r = run(btf, btf, Program.of(mov(4 + 7 * 4)), relo(0, s, "0:1:7", CoreReloKind.FIELD_BYTE_OFFSET));
            assertTrue(r.relocations().getFirst().unchanged());
            // a zero-length array that is not the last member is not flexible
            assertEquals(CoreException.Reason.BAD_ACCESS_STRING,
                    fail(btf, btf, Program.of(mov(0)), relo(0, s2, "0:0:1", CoreReloKind.FIELD_BYTE_OFFSET)).reason());
        }
    }

    // ------------------------------------------------------------------ flavors and candidates

    @Nested
    class Flavors {
        @Test
        void essentialNames() {
            assertEquals("task_struct", CoreTypes.essentialName("task_struct___v1"));
            assertEquals("task_struct", CoreTypes.essentialName("task_struct___old"));
            assertEquals("a___b", CoreTypes.essentialName("a___b___c"), "only the last flavor is dropped");
            assertEquals("a____b", CoreTypes.essentialName("a____b"), "four underscores are no separator");
            assertEquals("foo___", CoreTypes.essentialName("foo___"), "a separator needs a suffix");
            assertEquals("___x", CoreTypes.essentialName("___x"), "and a prefix");
            assertEquals("_a", CoreTypes.essentialName("_a___b___"), "b___ has no suffix: the separator before b counts");
            assertEquals("x", CoreTypes.essentialName("x___1"));
            assertEquals("", CoreTypes.essentialName(""));
        }

        /** Local {@code struct s___v2 { int b; }} matches target {@code struct s { long a; int b; }}: b at 8. */
        @Test
        void localFlavorMatchesTheBareTargetName() {
            BtfBuilder lb = new BtfBuilder();
            int lInt = lb.intType("int", 4, true);
            int lS = lb.struct("s___v2", 4, m("b", lInt, 0));
            Btf local = lb.btf("local");
            BtfBuilder tb = new BtfBuilder();
            int tLong = tb.intType("long", 8, true);
            int tInt = tb.intType("int", 4, true);
            int tS = tb.struct("s", 16, m("a", tLong, 0), m("b", tInt, 64));
            List<String> trace = new ArrayList<>();
            CoreResult r = new CoreRelocator(local, tb.btf("target"), trace::add)
                    .relocate("test", Program.of(ldx(Opcodes.W, 0)), List.of(relo(0, lS, "0:0", CoreReloKind.FIELD_BYTE_OFFSET)));
            assertEquals(8, r.program().insn(0).off());
            assertEquals(tS, r.relocations().getFirst().targetTypeId());
            assertTrue(trace.contains("CO-RE relocating [" + lS + "] struct s___v2: found target candidate [" + tS
                    + "] struct s in [vmlinux]"), trace.toString());
        }

        /** Target flavors are candidates too, and agreeing candidates are no ambiguity. */
        @Test
        void agreeingFlavoredCandidatesAreFineDisagreeingOnesAreAmbiguous() {
            Local l = new Local();
            BtfBuilder tb = new BtfBuilder();
            int tInt = tb.intType("int", 4, true);
            tb.struct("s", 8, m("a", tInt, 0), m("b", tInt, 32));
            tb.struct("s___2", 12, m("x", tInt, 0), m("a", tInt, 0), m("b", tInt, 32));
            tb.struct("s___3", 12, m("b", tInt, 64));
            Btf target = tb.btf("target");
            CoreResult ok = run(l.btf, target, Program.of(ldx(Opcodes.W, 0)), relo(0, l.s, "0:0", CoreReloKind.FIELD_BYTE_OFFSET));
            assertEquals(2, ok.relocations().getFirst().resolution().candidates().stream().filter(c -> c.matching()).count());
            assertEquals(3, ok.relocations().getFirst().resolution().candidates().size());
            CoreException e = fail(l.btf, target, Program.of(ldx(Opcodes.W, 4)), relo(0, l.s, "0:1", CoreReloKind.FIELD_BYTE_OFFSET));
            assertEquals(CoreException.Reason.AMBIGUOUS, e.reason());
            assertTrue(e.getMessage().contains("field offset ambiguity: 64 != 32"), e.getMessage());
        }

        /**
         * libbpf keeps one candidate list per local type for the whole object and prunes it to the
         * candidates that matched: after {@code .a} matched only {@code s}, {@code .z} (only in
         * {@code s___2}) finds nothing, in any section.
         */
        @Test
        void candidateListIsPrunedAcrossRelocationsLikeLibbpfsCache() {
            BtfBuilder lb = new BtfBuilder();
            int lInt = lb.intType("int", 4, true);
            int lS = lb.struct("s", 8, m("a", lInt, 0), m("z", lInt, 32));
            Btf local = lb.btf("local");
            BtfBuilder tb = new BtfBuilder();
            int tInt = tb.intType("int", 4, true);
            tb.struct("s", 4, m("a", tInt, 0));
            tb.struct("s___2", 8, m("y", tInt, 0), m("z", tInt, 32));
            Btf target = tb.btf("target");
            CoreRelocator r = new CoreRelocator(local, target);
            r.relocate("one", Program.of(mov(1)), List.of(relo(0, lS, "0:0", CoreReloKind.FIELD_EXISTS)));
            CoreResult two = r.relocate("two", Program.of(mov(1)), List.of(relo(0, lS, "0:1", CoreReloKind.FIELD_EXISTS)));
            assertEquals(0, two.program().insn(0).imm(), "pruned: s___2 is no longer a candidate");
            CoreResult fresh = new CoreRelocator(local, target)
                    .relocate("two", Program.of(mov(1)), List.of(relo(0, lS, "0:1", CoreReloKind.FIELD_EXISTS)));
            assertEquals(1, fresh.program().insn(0).imm(), "a fresh relocator still sees s___2");
        }

        /** Kinds must agree: a local struct never takes a target union or typedef of the same name as candidate. */
        @Test
        void candidatesNeedACompatibleKind() {
            Local l = new Local();
            BtfBuilder tb = new BtfBuilder();
            int tInt = tb.intType("int", 4, true);
            tb.union("s", 4, m("a", tInt, 0));
            tb.typedef("s", tInt);
            CoreResult r = run(l.btf, tb.btf("target"), Program.of(mov(1)), relo(0, l.s, "0", CoreReloKind.TYPE_EXISTS));
            assertEquals(0, r.program().insn(0).imm());
            assertTrue(r.relocations().getFirst().resolution().candidates().isEmpty());
        }

        /** ENUM and ENUM64 are compatible kinds; enumerator names match modulo flavor. */
        @Test
        void enumAndEnum64AreCandidatesOfEachOther() {
            BtfBuilder lb = new BtfBuilder();
            int le = lb.enumType("e", 4, false, "A", 1, "B___new", 2);
            Btf local = lb.btf("local");
            BtfBuilder tb = new BtfBuilder();
            tb.enum64("e", 8, false, "B", 0x1_0000_0002L, "A", 7);
            Btf target = tb.btf("target");
            CoreResult r = run(local, target, Program.of(Insn.ldImm64(1, 0, 2), Insn.ldImm64(1, 0, 1)),
                    relo(0, le, "1", CoreReloKind.ENUMVAL_VALUE), relo(2, le, "0", CoreReloKind.ENUMVAL_VALUE));
            assertEquals(0x1_0000_0002L, r.program().insn(0).imm64());
            assertEquals(7, r.program().insn(1).imm64());
        }
    }

    // ------------------------------------------------------------------ matching

    @Nested
    class Matching {
        /**
         * Target {@code struct s { int x; union { long y; struct { int pad; int a; }; }; int b; }}: local
         * {@code .a} is found through two anonymous members at 64 + 32 = bit 96 → byte 12; raw spec 0:1:1:1.
         */
        @Test
        void fieldsAreFoundThroughAnonymousMembers() {
            Local l = new Local();
            BtfBuilder tb = new BtfBuilder();
            int tInt = tb.intType("int", 4, true);
            int tLong = tb.intType("long", 8, true);
            int inner = tb.struct("", 8, m("pad", tInt, 0), m("a", tInt, 32));
            int un = tb.union("", 8, m("y", tLong, 0), m("", inner, 0));
            int tS = tb.struct("s", 24, m("x", tInt, 0), m("", un, 64), m("b", tInt, 128));
            CoreResult r = run(l.btf, tb.btf("target"), Program.of(ldx(Opcodes.W, 0), ldx(Opcodes.W, 4)),
                    relo(0, l.s, "0:0", CoreReloKind.FIELD_BYTE_OFFSET), relo(1, l.s, "0:1", CoreReloKind.FIELD_BYTE_OFFSET));
            assertEquals(12, r.program().insn(0).off());
            assertEquals(16, r.program().insn(1).off());
            assertEquals("<byte_off> [" + tS + "] struct s.a (0:1:1:1 @ offset 12)", r.relocations().get(0).resolution().targetSpec());
        }

        /** bpf_core_fields_are_compat: int vs struct of the same name is no match; int vs int of another size is. */
        @Test
        void fieldTypeCompatibility() {
            Local l = new Local();
            BtfBuilder tb = new BtfBuilder();
            int tShort = tb.intType("short", 2, true);
            int inner = tb.struct("in", 4);
            int tPtr = tb.ptr(0);
            tb.struct("s", 24, m("a", inner, 0), m("b", tShort, 32), m("c", tPtr, 64), m("d", tShort, 128));
            Btf target = tb.btf("target");
            CoreResult r = new CoreRelocator(l.btf, target).relocateAll("t", Program.of(mov(1), mov(1), mov(1), mov(1)),
                    List.of(relo(0, l.s, "0:0", CoreReloKind.FIELD_EXISTS), relo(1, l.s, "0:1", CoreReloKind.FIELD_EXISTS),
                            relo(2, l.s, "0:2", CoreReloKind.FIELD_EXISTS), relo(3, l.s, "0:3", CoreReloKind.FIELD_EXISTS)));
            assertEquals(0, r.program().insn(0).imm(), "int a vs struct a");
            assertEquals(1, r.program().insn(1).imm(), "int b vs short b");
            assertEquals(0, r.program().insn(2).imm(), "unsigned int c vs pointer c");
            assertEquals(1, r.program().insn(3).imm(), "char d vs short d");
        }

        /** Pointers match any pointer; named enums must agree (modulo flavor) unless one is anonymous. */
        @Test
        void pointerAndEnumFieldCompatibility() {
            BtfBuilder lb = new BtfBuilder();
            int lInt = lb.intType("int", 4, true);
            int lPtr = lb.ptr(lInt);
            int lE = lb.enumType("color", 4, false, "RED", 0);
            int lS = lb.struct("s", 16, m("p", lPtr, 0), m("e", lE, 64), m("f", lE, 96));
            Btf local = lb.btf("local");
            BtfBuilder tb = new BtfBuilder();
            int tVoid = tb.ptr(0);
            int tE = tb.enumType("color___x", 4, false, "RED", 0);
            int tE2 = tb.enumType("shape", 4, false, "SQUARE", 0);
            tb.struct("s", 16, m("p", tVoid, 0), m("e", tE, 64), m("f", tE2, 96));
            CoreResult r = new CoreRelocator(local, tb.btf("target")).relocateAll("t", Program.of(mov(1), mov(1), mov(1)),
                    List.of(relo(0, lS, "0:0", CoreReloKind.FIELD_EXISTS), relo(1, lS, "0:1", CoreReloKind.FIELD_EXISTS),
                            relo(2, lS, "0:2", CoreReloKind.FIELD_EXISTS)));
            assertEquals(1, r.program().insn(0).imm());
            assertEquals(1, r.program().insn(1).imm());
            assertEquals(0, r.program().insn(2).imm());
        }

        /** bpf_core_types_are_compat: typedef s_t to a struct vs a typedef s_t to an int. */
        @Test
        void typeExistsUsesTypesAreCompat() {
            BtfBuilder lb = new BtfBuilder();
            int lInt = lb.intType("int", 4, true);
            int lS = lb.struct("s", 4, m("a", lInt, 0));
            int lT = lb.typedef("s_t", lS);
            int lP = lb.typedef("fn_t", lb.ptr(lb.funcProto(lInt, lInt, lb.ptr(lS))));
            Btf local = lb.btf("local");
            BtfBuilder tb = new BtfBuilder();
            int tInt = tb.intType("int", 4, true);
            int tLong = tb.intType("long", 8, true);
            tb.typedef("s_t", tInt);
            int tS = tb.struct("s", 4);
            tb.typedef("fn_t", tb.ptr(tb.funcProto(tLong, tInt, tb.ptr(tS))));
            CoreResult r = run(local, tb.btf("target"), Program.of(mov(1), mov(1)),
                    relo(0, lT, "0", CoreReloKind.TYPE_EXISTS), relo(1, lP, "0", CoreReloKind.TYPE_EXISTS));
            assertEquals(0, r.program().insn(0).imm(), "struct vs int behind the typedef");
            assertEquals(1, r.program().insn(1).imm(), "prototypes with compatible ints and pointers");
        }

        /**
         * bpf_core_types_match: every local member must exist by name with a matching type; ints
         * need the same size and signedness; behind a pointer a struct matches a forward declaration.
         */
        @Test
        void typeMatches() {
            BtfBuilder lb = new BtfBuilder();
            int lInt = lb.intType("int", 4, true);
            int lNode = lb.struct("node", 8);
            int lNp = lb.ptr(lNode);
            int lS = lb.struct("s", 16, m("a", lInt, 0), m("next", lNp, 64));
            Btf local = lb.btf("local");

            BtfBuilder same = new BtfBuilder();
            int sInt = same.intType("int", 4, true);
            int sFwd = same.fwd("node", false);
            same.struct("s", 24, m("extra", sInt, 0), m("next", same.ptr(sFwd), 64), m("a", sInt, 128));
            BtfBuilder unsigned = new BtfBuilder();
            int uInt = unsigned.intType("int", 4, false);
            int uNode = unsigned.struct("node", 8);
            unsigned.struct("s", 16, m("a", uInt, 0), m("next", unsigned.ptr(uNode), 64));
            BtfBuilder missing = new BtfBuilder();
            int mInt = missing.intType("int", 4, true);
            missing.struct("s", 16, m("a", mInt, 0));
            BtfBuilder unionFwd = new BtfBuilder();
            int fInt = unionFwd.intType("int", 4, true);
            int fFwd = unionFwd.fwd("node", true);
            unionFwd.struct("s", 16, m("a", fInt, 0), m("next", unionFwd.ptr(fFwd), 64));

            Program p = Program.of(mov(1));
            BtfExt.CoreRelo r = relo(0, lS, "0", CoreReloKind.TYPE_MATCHES);
            assertEquals(1, run(local, same.btf("same"), p, r).program().insn(0).imm(), "reordered, extra member, fwd behind ptr");
            assertEquals(0, run(local, unsigned.btf("unsigned"), p, r).program().insn(0).imm(), "signedness differs");
            assertEquals(0, run(local, missing.btf("missing"), p, r).program().insn(0).imm(), "member missing");
            assertEquals(0, run(local, unionFwd.btf("unionFwd"), p, r).program().insn(0).imm(), "fwd of a union");
            // TYPE_EXISTS is looser: all of these are compatible structs
            BtfExt.CoreRelo ex = relo(0, lS, "0", CoreReloKind.TYPE_EXISTS);
            assertEquals(1, run(local, unsigned.btf("unsigned"), p, ex).program().insn(0).imm());
            assertEquals(1, run(local, missing.btf("missing"), p, ex).program().insn(0).imm());
        }

        /** Enum matching: same size, every local enumerator name present in the target. */
        @Test
        void enumTypeMatches() {
            BtfBuilder lb = new BtfBuilder();
            int le = lb.enumType("e", 4, false, "A", 0, "B", 1);
            Btf local = lb.btf("local");
            BtfBuilder more = new BtfBuilder();
            more.enumType("e", 4, false, "C", 5, "B", 9, "A", 8);
            BtfBuilder wide = new BtfBuilder();
            wide.enum64("e", 8, false, "A", 0, "B", 1);
            BtfBuilder fewer = new BtfBuilder();
            fewer.enumType("e", 4, false, "A", 0);
            Program p = Program.of(mov(1));
            BtfExt.CoreRelo r = relo(0, le, "0", CoreReloKind.TYPE_MATCHES);
            assertEquals(1, run(local, more.btf("more"), p, r).program().insn(0).imm());
            assertEquals(0, run(local, wide.btf("wide"), p, r).program().insn(0).imm());
            assertEquals(0, run(local, fewer.btf("fewer"), p, r).program().insn(0).imm());
        }

        /** Type-based kinds that find nothing give 0; TYPE_ID_LOCAL needs no target at all. */
        @Test
        void typeKindsWithoutTargetAndLocalId() {
            Local l = new Local();
            BtfBuilder tb = new BtfBuilder();
            tb.intType("int", 4, true);
            Btf target = tb.btf("target");
            CoreResult r = run(l.btf, target, Program.of(mov(1), Insn.ldImm64(1, 0, l.s), mov(16), mov(1), Insn.ldImm64(2, 0, l.s)),
                    relo(0, l.s, "0", CoreReloKind.TYPE_EXISTS), relo(1, l.s, "0", CoreReloKind.TYPE_ID_TARGET),
                    relo(3, l.s, "0", CoreReloKind.TYPE_SIZE), relo(4, l.s, "0", CoreReloKind.TYPE_MATCHES),
                    relo(5, l.s, "0", CoreReloKind.TYPE_ID_LOCAL));
            assertEquals(0, r.program().insn(0).imm());
            assertEquals(0, r.program().insn(1).imm64());
            assertEquals(0, r.program().insn(2).imm());
            assertEquals(0, r.program().insn(3).imm());
            assertEquals(l.s, r.program().insn(4).imm64());
            assertTrue(r.poisoned().isEmpty());
            // and no target at all
            CoreResult local = new CoreRelocator(l.btf, null).relocate("t", Program.of(Insn.ldImm64(1, 0, l.s)),
                    List.of(relo(0, l.s, "0", CoreReloKind.TYPE_ID_LOCAL)));
            assertTrue(local.relocations().getFirst().unchanged());
            CoreException e = assertThrows(CoreException.class, () -> new CoreRelocator(l.btf, null)
                    .relocate("t", Program.of(mov(1)), List.of(relo(0, l.s, "0", CoreReloKind.TYPE_EXISTS))));
            assertEquals(CoreException.Reason.NO_TARGET, e.reason());
        }

        /** libbpf can't look up anonymous types; an unknown kind is a bad record. */
        @Test
        void anonymousTypesAndUnknownKinds() {
            BtfBuilder lb = new BtfBuilder();
            int lInt = lb.intType("int", 4, true);
            int anon = lb.struct("", 4, m("a", lInt, 0));
            Btf local = lb.btf("local");
            assertEquals(CoreException.Reason.BAD_RELOCATION,
                    fail(local, local, Program.of(mov(1)), relo(0, anon, "0", CoreReloKind.TYPE_EXISTS)).reason());
            assertTrue(run(local, local, Program.of(Insn.ldImm64(1, 0, anon)), relo(0, anon, "0", CoreReloKind.TYPE_ID_LOCAL))
                    .relocations().getFirst().unchanged(), "local ids of anonymous types are fine");
            CoreException e = fail(local, local, Program.of(mov(1)), new BtfExt.CoreRelo(0, anon, "0", 13));
            assertEquals(CoreException.Reason.BAD_RELOCATION, e.reason());
            assertTrue(e.getMessage().contains("kind 13"), e.getMessage());
        }

        /** Split target BTF: the base ("vmlinux") is searched first; the split part only when the base has nothing. */
        @Test
        void splitTargetSearchesTheBaseFirst() {
            Local l = new Local();
            BtfBuilder bb = new BtfBuilder();
            int bInt = bb.intType("int", 4, true);
            int bS = bb.struct("s", 8, m("b", bInt, 0), m("a", bInt, 32));
            Btf base = bb.btf("vmlinux");
            BtfBuilder sb = new BtfBuilder(base, ByteOrder.LITTLE_ENDIAN);
            int sS = sb.struct("s", 16, m("a", bInt, 64));
            int sT = sb.struct("t", 4, m("a", bInt, 0));
            Btf split = sb.btf("module.btf");
            assertEquals(base.typeCount(), sS, "split ids continue the base's");
            CoreResult r = run(l.btf, split, Program.of(ldx(Opcodes.W, 0)), relo(0, l.s, "0:0", CoreReloKind.FIELD_BYTE_OFFSET));
            assertEquals(4, r.program().insn(0).off(), "the base's s wins; the module's is never looked at");
            assertEquals(1, r.relocations().getFirst().resolution().candidates().size());

            BtfBuilder lb = new BtfBuilder();
            int lInt = lb.intType("int", 4, true);
            int lT = lb.struct("t", 8, m("x", lInt, 0), m("a", lInt, 32));
            Btf local = lb.btf("local");
            List<String> trace = new ArrayList<>();
            CoreResult m = new CoreRelocator(local, split, trace::add)
                    .relocate("t", Program.of(ldx(Opcodes.W, 4)), List.of(relo(0, lT, "0:1", CoreReloKind.FIELD_BYTE_OFFSET)));
            assertEquals(0, m.program().insn(0).off());
            assertEquals(sT, m.relocations().getFirst().targetTypeId());
            assertTrue(trace.contains("CO-RE relocating [" + lT + "] struct t: found target candidate [" + sT + "] struct t in [module]"),
                    trace.toString());
        }

        /** ENUMVAL_VALUE of a 32-bit enumerator is sign-extended to 64 bits, as libbpf's {@code __s32 val} is. */
        @Test
        void enumValuesAreSignExtendedLikeLibbpf() {
            BtfBuilder lb = new BtfBuilder();
            int le = lb.enumType("e", 4, false, "BIG", 1);
            Btf local = lb.btf("local");
            BtfBuilder tb = new BtfBuilder();
            tb.enumType("e", 4, false, "BIG", 0x8000_0000);
            CoreResult r = run(local, tb.btf("t"), Program.of(Insn.ldImm64(1, 0, 1)), relo(0, le, "0", CoreReloKind.ENUMVAL_VALUE));
            assertEquals(0xffff_ffff_8000_0000L, r.program().insn(0).imm64());
        }
    }

    // ------------------------------------------------------------------ bitfields

    /**
     * Local {@code struct bf { int x; unsigned int lo:3, hi:5; }} → target
     * {@code struct bf { unsigned short hi:5; unsigned short pad:2; unsigned short lo:3; long big:60; }}:
     * lo at bit 7 in a u16: byte_off 0, byte_sz 2, lshift (LE) 64 - (7 + 3 - 0) = 54, rshift 61.
     * In big-endian: lshift (8 - 2) * 8 + (7 - 0) = 55.
     */
    @Test
    void bitfieldRelocationsInBothByteOrders() {
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            BtfBuilder lb = new BtfBuilder(order);
            int lInt = lb.intType("int", 4, true);
            int lU = lb.intType("unsigned int", 4, false);
            int lS = lb.struct("bf", 8, m("x", lInt, 0), bf("lo", lU, 32, 3), bf("hi", lU, 35, 5));
            Btf local = lb.btf("local");
            BtfBuilder tb = new BtfBuilder(order);
            int tU16 = tb.intType("unsigned short", 2, false);
            int tLong = tb.intType("long", 8, true);
            tb.struct("bf", 16, bf("hi", tU16, 0, 5), bf("pad", tU16, 5, 2), bf("lo", tU16, 7, 3), bf("big", tLong, 64, 60));
            Btf target = tb.btf("target");
            // the compiler's values are not validated for bitfield offsets, sizes and left shifts
            CoreResult r = run(local, target, Program.of(mov(4), mov(4), mov(99), mov(0), mov(61)),
                    relo(0, lS, "0:1", CoreReloKind.FIELD_BYTE_OFFSET), relo(1, lS, "0:1", CoreReloKind.FIELD_BYTE_SIZE),
                    relo(2, lS, "0:1", CoreReloKind.FIELD_LSHIFT_U64), relo(3, lS, "0:1", CoreReloKind.FIELD_SIGNED),
                    relo(4, lS, "0:1", CoreReloKind.FIELD_RSHIFT_U64));
            assertEquals(0, r.program().insn(0).imm(), order.toString());
            assertEquals(2, r.program().insn(1).imm());
            assertEquals(order == ByteOrder.LITTLE_ENDIAN ? 54 : 55, r.program().insn(2).imm());
            assertEquals(0, r.program().insn(3).imm());
            assertEquals(61, r.program().insn(4).imm());
        }
    }

    /** RSHIFT and SIGNED are validated even for bitfields; a 60-bit field at bit 8 can't be read with one load. */
    @Test
    void bitfieldValidationAndUnreadableBitfields() {
        BtfBuilder lb = new BtfBuilder();
        int lU = lb.intType("unsigned int", 4, false);
        int lLong = lb.intType("long", 8, true);
        int lS = lb.struct("bf", 16, bf("lo", lU, 0, 3), bf("wide", lLong, 8, 60));
        Btf local = lb.btf("local");
        CoreException e = fail(local, local, Program.of(mov(60)), relo(0, lS, "0:0", CoreReloKind.FIELD_RSHIFT_U64));
        assertEquals(CoreException.Reason.INSN_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("unexpected insn #0 (ALU/ALU64) value: got 60, exp 61 -> 61"), e.getMessage());
        assertEquals(CoreException.Reason.INSN_MISMATCH,
                fail(local, local, Program.of(mov(1)), relo(0, lS, "0:0", CoreReloKind.FIELD_SIGNED)).reason());
        CoreException wide = fail(local, local, Program.of(mov(8)), relo(0, lS, "0:1", CoreReloKind.FIELD_BYTE_SIZE));
        assertEquals(CoreException.Reason.UNSATISFIABLE, wide.reason());
    }

    // ------------------------------------------------------------------ patching

    @Nested
    class Patching {
        /**
         * Target {@code struct s { long pad; unsigned short c; int a; }}: the u32 load of {@code c}
         * (local offset 8, 4 bytes) becomes a u16 load at 8; the s32 {@code a} keeps its size.
         */
        @Test
        void loadWidthFollowsTheTargetFieldSize() {
            Local l = new Local();
            BtfBuilder tb = new BtfBuilder();
            int tLong = tb.intType("long", 8, true);
            int tU16 = tb.intType("unsigned short", 2, false);
            int tInt = tb.intType("int", 4, true);
            tb.struct("s", 16, m("pad", tLong, 0), m("c", tU16, 64), m("a", tInt, 96));
            Btf target = tb.btf("target");
            List<String> trace = new ArrayList<>();
            CoreResult r = new CoreRelocator(l.btf, target, trace::add).relocate("t",
                    Program.of(ldx(Opcodes.W, 8), stx(Opcodes.W, 8), mov(8), ldx(Opcodes.W, 0)),
                    List.of(relo(0, l.s, "0:2", CoreReloKind.FIELD_BYTE_OFFSET), relo(1, l.s, "0:2", CoreReloKind.FIELD_BYTE_OFFSET),
                            relo(2, l.s, "0:2", CoreReloKind.FIELD_BYTE_OFFSET), relo(3, l.s, "0:0", CoreReloKind.FIELD_BYTE_OFFSET)));
            assertEquals(ldx(Opcodes.H, 8), r.program().insn(0));
            assertEquals(stx(Opcodes.H, 8), r.program().insn(1));
            assertEquals(mov(8), r.program().insn(2), "an ALU use is just patched");
            assertEquals(ldx(Opcodes.W, 12), r.program().insn(3));
            CoreRelocation c = r.relocations().getFirst();
            assertEquals(4, c.oldMemSize());
            assertEquals(2, c.newMemSize());
            assertTrue(c.describe().endsWith("8 -> 8 (access size 4 -> 2 bytes)"), c.describe());
            assertTrue(trace.contains("prog 't': relo #0: patched insn #0 (LDX/ST/STX) off 8 -> 8"), trace.toString());
            assertTrue(trace.contains("prog 't': relo #0: patched insn #0 (LDX/ST/STX) mem_sz 4 -> 2"), trace.toString());
        }

        /** A signed field whose size changes can't be loaded with another width: the load is poisoned. */
        @Test
        void signedWidthChangePoisonsTheLoad() {
            Local l = new Local();
            BtfBuilder tb = new BtfBuilder();
            int tLong = tb.intType("long", 8, true);
            tb.struct("s", 8, m("a", tLong, 0));
            CoreResult r = run(l.btf, tb.btf("target"), Program.of(ldx(Opcodes.W, 0), mov(0)),
                    relo(0, l.s, "0:0", CoreReloKind.FIELD_BYTE_OFFSET), relo(1, l.s, "0:0", CoreReloKind.FIELD_BYTE_OFFSET));
            assertEquals(CorePatch.POISON, r.program().insn(0));
            assertTrue(r.relocations().get(0).poisonReason().contains("size changes from 4 to 8"), r.relocations().get(0).poisonReason());
            assertEquals(mov(0), r.program().insn(1));
        }

        /** The load's width must be the local field's size before it can be changed. */
        @Test
        void loadOfUnexpectedWidthIsAnError() {
            Local l = new Local();
            BtfBuilder tb = new BtfBuilder();
            int tU16 = tb.intType("unsigned short", 2, false);
            tb.struct("s", 16, m("c", tU16, 64));
            CoreException e = fail(l.btf, tb.btf("target"), Program.of(ldx(Opcodes.B, 8)), relo(0, l.s, "0:2", CoreReloKind.FIELD_BYTE_OFFSET));
            assertEquals(CoreException.Reason.INSN_MISMATCH, e.reason());
            assertTrue(e.getMessage().contains("unexpected mem size: got 1, exp 4"), e.getMessage());
        }

        @Test
        void instructionMustHoldTheLocalValue() {
            Local l = new Local();
            CoreException alu = fail(l.btf, l.btf, Program.of(mov(5)), relo(0, l.s, "0:1", CoreReloKind.FIELD_BYTE_OFFSET));
            assertEquals(CoreException.Reason.INSN_MISMATCH, alu.reason());
            assertTrue(alu.getMessage().contains("unexpected insn #0 (ALU/ALU64) value: got 5, exp 4 -> 4"), alu.getMessage());
            CoreException mem = fail(l.btf, l.btf, Program.of(ldx(Opcodes.W, 6)), relo(0, l.s, "0:1", CoreReloKind.FIELD_BYTE_OFFSET));
            assertEquals(CoreException.Reason.INSN_MISMATCH, mem.reason());
            CoreException imm64 = fail(l.btf, l.btf, Program.of(Insn.ldImm64(1, 0, 17)), relo(0, l.s, "0", CoreReloKind.TYPE_SIZE));
            assertTrue(imm64.getMessage().contains("unexpected insn #0 (LDIMM64) value: got 17, exp 16 -> 16"), imm64.getMessage());
            // type ids are not validated (they change during linking)
            assertEquals(l.s, run(l.btf, l.btf, Program.of(Insn.ldImm64(1, 0, 999)), relo(0, l.s, "0", CoreReloKind.TYPE_ID_TARGET))
                    .program().insn(0).imm64());
        }

        @Test
        void offsetAboveShortMaxIsAnError() {
            Local l = new Local();
            BtfBuilder tb = new BtfBuilder();
            int tInt = tb.intType("int", 4, true);
            tb.struct("s", 40000, m("a", tInt, 8 * 32768));
            CoreException e = fail(l.btf, tb.btf("target"), Program.of(ldx(Opcodes.W, 0)), relo(0, l.s, "0:0", CoreReloKind.FIELD_BYTE_OFFSET));
            assertEquals(CoreException.Reason.VALUE_OUT_OF_RANGE, e.reason());
            // the same value fits an ALU immediate
            assertEquals(32768, run(l.btf, tb.btf("target"), Program.of(mov(0)), relo(0, l.s, "0:0", CoreReloKind.FIELD_BYTE_OFFSET))
                    .program().insn(0).imm());
        }

        @Test
        void onlyAluImmediateLoadStoreAndLdImm64CanBeRelocated() {
            Local l = new Local();
            Insn jump = new Insn(Opcodes.JMP | Opcodes.JEQ | Opcodes.K, 1, 0, 0, 4);
            assertEquals(CoreException.Reason.UNSUPPORTED_INSN,
                    fail(l.btf, l.btf, Program.of(jump), relo(0, l.s, "0:1", CoreReloKind.FIELD_BYTE_OFFSET)).reason());
            Insn addReg = Insn.alu(Opcodes.ALU64, Opcodes.ADD, 1, 2);
            assertEquals(CoreException.Reason.UNSUPPORTED_INSN,
                    fail(l.btf, l.btf, Program.of(addReg), relo(0, l.s, "0:1", CoreReloKind.FIELD_BYTE_OFFSET)).reason());
            Insn mapLoad = Insn.ldImm64(1, Opcodes.PSEUDO_MAP_FD, 16);
            assertEquals(CoreException.Reason.UNSUPPORTED_INSN,
                    fail(l.btf, l.btf, Program.of(mapLoad), relo(0, l.s, "0", CoreReloKind.TYPE_SIZE)).reason());
            // a record pointing into the middle of a ld_imm64, or past the end
            assertEquals(CoreException.Reason.BAD_RELOCATION,
                    fail(l.btf, l.btf, Program.of(Insn.ldImm64(1, 0, 16)), relo(1, l.s, "0", CoreReloKind.TYPE_SIZE)).reason());
            assertEquals(CoreException.Reason.BAD_RELOCATION,
                    fail(l.btf, l.btf, Program.of(mov(16)), relo(1, l.s, "0", CoreReloKind.TYPE_SIZE)).reason());
        }

        /**
         * Poisoning as libbpf's bpf_core_poison_insn: the instruction becomes {@code call 0xbad2310}
         * (opcode 0x85, all else 0, imm 195896080); a ld_imm64's two slots both become such calls.
         */
        @ParameterizedTest
        @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
        void poisonedInstructionsEncodeAsLibbpfWritesThem(String orderName) {
            ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            BtfBuilder lb = new BtfBuilder(order);
            int lInt = lb.intType("int", 4, true);
            int lS = lb.struct("gone", 4, m("f", lInt, 0));
            int lE = lb.enumType("en", 4, false, "GONE", 3);
            Btf local = lb.btf("local");
            BtfBuilder tb = new BtfBuilder(order);
            tb.intType("int", 4, true);
            tb.enumType("en", 4, false, "OTHER", 1);
            Btf target = tb.btf("target");
            Program code = Program.of(ldx(Opcodes.W, 0), Insn.ldImm64(1, 0, 3), mov(0), Insn.exit());
            List<String> trace = new ArrayList<>();
            CoreResult r = new CoreRelocator(local, target, trace::add).relocate("t", code,
                    List.of(relo(0, lS, "0:0", CoreReloKind.FIELD_BYTE_OFFSET), relo(1, lE, "0", CoreReloKind.ENUMVAL_VALUE),
                            relo(3, lS, "0:0", CoreReloKind.FIELD_BYTE_OFFSET)));
            Insn poison = new Insn(0x85, 0, 0, 0, 195896080);
            assertEquals(List.of(poison, poison, poison, poison, Insn.exit()), r.program().insns());
            assertEquals(code.slotCount(), r.program().slotCount(), "slot layout unchanged");
            assertEquals(List.of(poison, poison), r.relocations().get(1).patched());
            assertTrue(r.relocations().stream().allMatch(CoreRelocation::poisoned));
            byte[] bytes = r.program().encode(order);
            String slot = order == ByteOrder.LITTLE_ENDIAN ? "850000001023ad0b" : "850000000bad2310";
            assertEquals(slot.repeat(4) + (order == ByteOrder.LITTLE_ENDIAN ? "9500000000000000" : "9500000000000000"),
                    HexFormat.of().formatHex(bytes));
            assertEquals(r.program(), Program.decode(bytes, order), "the patched code decodes back to itself");
            r.program().validate(); // and is still well-formed code: the verifier is what rejects a reachable poison
            assertEquals(List.of(
                    "sec 't': found 3 CO-RE relocations",
                    "prog 't': relo #0: <byte_off> [" + lS + "] struct gone.f (0:0 @ offset 0)",
                    "prog 't': relo #0: no matching targets found",
                    "prog 't': relo #0: substituting insn #0 w/ invalid insn",
                    "CO-RE relocating [" + lE + "] enum en: found target candidate [2] enum en in [vmlinux]",
                    "prog 't': relo #1: <enumval_value> [" + lE + "] enum en::GONE = 3",
                    "prog 't': relo #1: non-matching candidate #0 <enumval_value> [2] enum en::OTHER = 1",
                    "prog 't': relo #1: no matching targets found",
                    "prog 't': relo #1: substituting insn #2 w/ invalid insn",
                    "prog 't': relo #1: substituting insn #1 w/ invalid insn",
                    "prog 't': relo #2: <byte_off> [" + lS + "] struct gone.f (0:0 @ offset 0)",
                    "prog 't': relo #2: no matching targets found",
                    "prog 't': relo #2: substituting insn #3 w/ invalid insn"), trace);
        }

        /** relocateAll records failures and applies the rest. */
        @Test
        void relocateAllKeepsGoing() {
            Local l = new Local();
            CoreResult r = new CoreRelocator(l.btf, l.btf).relocateAll("t", Program.of(mov(5), mov(4)),
                    List.of(relo(0, l.s, "0:1", CoreReloKind.FIELD_BYTE_OFFSET), relo(1, l.s, "0:1", CoreReloKind.FIELD_BYTE_OFFSET)));
            assertFalse(r.ok());
            assertEquals(1, r.failures().size());
            assertEquals(mov(5), r.program().insn(0), "a failed relocation leaves its instruction alone");
            assertTrue(r.relocations().get(1).unchanged());
            assertTrue(r.failures().getFirst().describe().startsWith("t insn 0: byte_off struct s 0:1 (.b) => error: unexpected insn #0"),
                    r.failures().getFirst().describe());
        }
    }
}
