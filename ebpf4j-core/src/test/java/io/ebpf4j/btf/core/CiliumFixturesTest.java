package io.ebpf4j.btf.core;

import static io.ebpf4j.btf.core.CoreFixtures.CILIUM;
import static org.junit.jupiter.api.Assertions.*;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfExt;
import io.ebpf4j.btf.core.CoreFixtures.Obj;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cilium/ebpf CO-RE fixtures (core-testdata/README.md §1): {@code relocs-*.elf} against its own
 * BTF, {@code relocs_read-*.elf} against {@code relocs_read_tgt-*.elf}, {@code relocs_enum-*.elf}.
 */
class CiliumFixturesTest {
    static final Set<String> AMBIGUOUS = Set.of("socket/err_ambiguous", "socket/err_ambiguous_flavour");

    /**
     * Every {@code socket/*} program relocated against the object's own BTF keeps every
     * instruction (each fixup resolves to the local value), except the two programs whose
     * {@code bpf_core_type_id_kernel} has two candidates ({@code ambiguous} and
     * {@code ambiguous___flavour}) with different ids. One relocator per object, like libbpf.
     */
    @TestFactory
    Stream<DynamicNode> relocsAgainstTheirOwnBtf() {
        Optional<Path> shared = CoreFixtures.shared();
        if (shared.isEmpty()) return CoreFixtures.abortedFactory(CoreFixtures.unavailable());
        return Stream.of("relocs-el.elf", "relocs-eb.elf").map(name -> {
            Obj obj = Obj.load(shared.get().resolve(CILIUM).resolve(name));
            CoreRelocator relocator = new CoreRelocator(obj.btf(), obj.btf());
            int[] counts = new int[3]; // unchanged, ambiguous, sections
            List<DynamicNode> tests = new ArrayList<>();
            for (String section : obj.ext().coreRelos().keySet()) {
                tests.add(DynamicTest.dynamicTest(section, () -> {
                    assertTrue(section.startsWith("socket/"), section);
                    Program code = obj.code(section);
                    List<BtfExt.CoreRelo> relos = obj.relos(section);
                    counts[2]++;
                    if (AMBIGUOUS.contains(section)) {
                        CoreException e = assertThrows(CoreException.class, () -> relocator.relocate(section, code, relos));
                        assertEquals(CoreException.Reason.AMBIGUOUS, e.reason());
                        assertEquals(section, e.section());
                        assertTrue(e.getMessage().contains("target_type_id"), e.getMessage());
                        assertTrue(e.getMessage().contains("relocation decision ambiguity"), e.getMessage());
                        assertTrue(e.getMessage().contains("struct ambiguous___flavour") && e.getMessage().contains("struct ambiguous "),
                                e.getMessage());
                        counts[1] += relos.size();
                        return;
                    }
                    CoreResult r = relocator.relocate(section, code, relos);
                    assertEquals(relos.size(), r.relocations().size());
                    for (CoreRelocation c : r.relocations()) {
                        assertTrue(c.unchanged(), c::describe);
                        assertEquals(c.oldValue(), c.newValue(), c::describe);
                        assertFalse(c.poisoned(), c::describe);
                        if (c.kind() != CoreReloKind.TYPE_ID_LOCAL) assertTrue(c.resolution().found(), c::describe);
                    }
                    assertEquals(code, r.program(), "every instruction unchanged");
                    counts[0] += relos.size();
                }));
            }
            tests.add(DynamicTest.dynamicTest("all 103 records checked", () -> {
                int total = obj.ext().coreRelos().values().stream().mapToInt(List::size).sum();
                assertEquals(103, total, "README: 103 CO-RE records");
                assertEquals(101, counts[0], "unchanged");
                assertEquals(2, counts[1], "ambiguous");
                System.out.printf("CO-RE %s: %d records in %d sections: %d relocated to their local value, %d ambiguous%n",
                        name, total, counts[2], counts[0], counts[1]);
            }));
            return DynamicContainer.dynamicContainer(name, tests);
        });
    }

    /**
     * {@code relocs_read} against {@code relocs_read_tgt}. Expected values worked out by hand from
     * the two C sources (bit offsets as in the target's comment block):
     * <pre>
     * struct s    { char a; char b; }                      a@0, b@1 (local: b@0, a@1)
     * struct bits { u8 b:2 @0, a:4 @2; my_u32 d:2 @6; u16 c:1 @8; enum e:1 @9;
     *               u16 f @16 (not a bitfield); u32 g:30 @32; }
     * bitfield:     byte_sz = size of the field's int type, grown until the field fits;
     *               byte_off = bit/8 rounded down to byte_sz
     *               lshift LE = 64 - (bit + bits - 8*byte_off), BE = 8*(8 - byte_sz) + bit - 8*byte_off
     *               rshift = 64 - bits
     * a: off 0 sz 1 lshift 58/58 rshift 60     b: off 0 sz 1 lshift 62/56 rshift 62
     * d: off 0 sz 4 lshift 56/38 rshift 62     c: off 0 sz 2 lshift 55/56 rshift 63
     * e: off 0 sz 4 lshift 54/41 rshift 63     f: off 2 sz 2 lshift 48/48 rshift 48 (16-bit field)
     * g: off 4 sz 4 lshift 34/32 rshift 34     all unsigned: signed 0
     * nonexist, nonexist.non_exist, NON_EXIST: absent from the target → 0
     * </pre>
     */
    @ParameterizedTest
    @ValueSource(strings = {"el", "eb"})
    void relocsReadAgainstRelocsReadTgt(String endian) {
        Path dir = CoreFixtures.require(CILIUM + "/relocs_read-" + endian + ".elf").getParent();
        Obj obj = Obj.load(dir.resolve("relocs_read-" + endian + ".elf"));
        Btf target = Btf.read(dir.resolve("relocs_read_tgt-" + endian + ".elf"));
        boolean le = endian.equals("el");
        assertEquals(le ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN, obj.btf().byteOrder());
        // slot -> expected new value
        Map<Integer, Long> expected = new LinkedHashMap<>();
        expected.put(5, 0L);   // s.a: LDX off 1 -> 0
        expected.put(10, 1L);  // s.b: LDX off 0 -> 1
        long[][] fields = {
            // first slot of the group, byte_off, byte_sz, lshift LE, lshift BE, rshift
            {15, 0, 1, 58, 58, 60},   // a
            {42, 0, 1, 62, 56, 62},   // b
            {69, 0, 4, 56, 38, 62},   // d
            {96, 0, 2, 55, 56, 63},   // c
            {123, 0, 4, 54, 41, 63},  // e
            {150, 2, 2, 48, 48, 48},  // f
            {177, 4, 4, 34, 32, 34},  // g
        };
        // each group: byte_off @+0, byte_sz @+4, lshift @+19, signed @+20, rshift @+22 and @+24
        for (long[] f : fields) {
            int s = (int) f[0];
            expected.put(s, f[1]);
            expected.put(s + 4, f[2]);
            expected.put(s + 19, le ? f[3] : f[4]);
            expected.put(s + 20, 0L);
            expected.put(s + 22, f[5]);
            expected.put(s + 24, f[5]);
        }
        expected.put(205, 0L); // type_exists(struct nonexist)
        expected.put(208, 0L); // field_exists(nonexist.non_exist)
        expected.put(210, 0L); // enumval_exists(NON_EXIST), a ld_imm64
        List<BtfExt.CoreRelo> relos = obj.relos(".text");
        assertEquals(47, relos.size(), "README: 47 records");
        Program code = obj.code(".text");
        CoreResult r = new CoreRelocator(obj.btf(), target).relocate(".text", code, relos);
        assertEquals(expected.keySet(), r.relocations().stream().map(CoreRelocation::insn).collect(java.util.stream.Collectors.toSet()));
        int changed = 0;
        for (CoreRelocation c : r.relocations()) {
            assertFalse(c.poisoned(), c::describe);
            assertEquals(expected.get(c.insn()), c.newValue(), c::describe);
            Insn after = r.program().insnAtSlot(c.insn());
            long inInsn = switch (after.cls()) {
                case io.ebpf4j.isa.Opcodes.LDX -> after.off();
                case io.ebpf4j.isa.Opcodes.LD -> after.imm64();
                default -> after.imm();
            };
            assertEquals(expected.get(c.insn()), inInsn, c::describe);
            if (!c.unchanged()) changed++;
        }
        // kinds per group, as the C source reads each bitfield with BPF_CORE_READ_BITFIELD
        assertEquals(CoreReloKind.FIELD_LSHIFT_U64, kindAt(r, 34));
        assertEquals(CoreReloKind.FIELD_SIGNED, kindAt(r, 35));
        assertEquals(CoreReloKind.FIELD_RSHIFT_U64, kindAt(r, 201));
        assertEquals(CoreReloKind.ENUMVAL_EXISTS, kindAt(r, 210));
        // non-relocated instructions are untouched
        Set<Integer> relocated = expected.keySet();
        for (int i = 0; i < code.size(); i++) {
            if (!relocated.contains(code.slotOf(i))) assertEquals(code.insn(i), r.program().insn(i), "insn " + code.slotOf(i));
        }
        System.out.printf("CO-RE relocs_read-%s.elf against relocs_read_tgt-%s.elf: %d records checked, %d changed%n",
                endian, endian, r.relocations().size(), changed);
    }

    private static CoreReloKind kindAt(CoreResult r, int slot) {
        return r.relocations().stream().filter(c -> c.insn() == slot).findFirst().orElseThrow().kind();
    }

    /**
     * {@code relocs_enum}: enumerator relocations on ld_imm64. Against its own BTF nothing changes;
     * against the cilium kernel BTF (whose {@code enum cgroup_subsys_id} has no
     * {@code cpuset_cgrp_id_lublub}) the existence check becomes 0 and the value load is poisoned:
     * both slots of the ld_imm64 become {@code call 0xbad2310}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"el", "eb"})
    void relocsEnumOnLdImm64(String endian) {
        Path file = CoreFixtures.require(CILIUM + "/relocs_enum-" + endian + ".elf");
        Path shared = CoreFixtures.shared().orElseThrow();
        Obj obj = Obj.load(file);
        String sec = "socket/core_ld64imm";
        Program code = obj.code(sec);
        CoreResult own = new CoreRelocator(obj.btf(), obj.btf()).relocate(sec, code, obj.relos(sec));
        assertEquals(code, own.program());
        assertEquals(2, own.relocations().size());

        Btf kernel = CoreFixtures.ciliumVmlinux(shared);
        CoreResult r = new CoreRelocator(obj.btf(), kernel).relocate(sec, code, obj.relos(sec));
        CoreRelocation exists = r.relocations().get(0), value = r.relocations().get(1);
        assertEquals(CoreReloKind.ENUMVAL_EXISTS, exists.kind());
        assertEquals(0, exists.insn());
        assertEquals(1, exists.oldValue());
        assertEquals(0, exists.newValue());
        assertEquals(Insn.ldImm64(1, 0, 0), r.program().insnAtSlot(0));
        assertEquals(CoreReloKind.ENUMVAL_VALUE, value.kind());
        assertEquals(3, value.insn());
        assertTrue(value.poisoned());
        Insn poison = new Insn(0x85, 0, 0, 0, 0xbad2310);
        assertEquals(List.of(poison, poison), value.patched());
        assertEquals(poison, r.program().insnAtSlot(3));
        assertEquals(poison, r.program().insnAtSlot(4));
        assertEquals(code.slotCount(), r.program().slotCount());
        assertEquals(code.size() + 1, r.program().size(), "the poisoned ld_imm64 is now two instructions");
        assertEquals(r.program(), Program.decode(r.program().encode(obj.elf().byteOrder()), obj.elf().byteOrder()));
        assertEquals("enum cgroup_subsys_id", exists.resolution().candidates().getFirst().type());
        System.out.printf("CO-RE relocs_enum-%s.elf: 2 records against itself (unchanged) and against vmlinux.btf.gz "
                + "(exists 1 -> 0, value poisoned on both ld_imm64 slots)%n", endian);
    }
}
