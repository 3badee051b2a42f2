package io.ebpf4j.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.isa.Program;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.ExternSpec;
import io.ebpf4j.object.MapSpec;
import io.ebpf4j.object.ObjectFixtures;
import io.ebpf4j.object.ProgramSpec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class LinkerTest {
    static final String T = "core-testdata/cilium-ebpf/testdata/";

    /**
     * Programs that cannot link, from their sources: each calls a function that is declared and
     * never defined in its object (fwd_decl.c's fwd; linked1.c's l2 and linked2.c's l1, defined
     * only in the other half; tags.c's fwdDecl).
     */
    static final Map<String, String> UNDEFINED_CALLS = Map.of(
            "fwd_decl/call_fwd", "fwd", "linked1/entry_l2", "l2", "linked2/entry_l1", "l1", "tags/prog", "fwdDecl");

    /** Values for every extern of the object, so that only genuinely unlinkable programs fail. */
    static LinkOptions allExterns(BpfObject o) {
        LinkOptions opts = LinkOptions.defaults();
        int i = 0;
        for (ExternSpec e : o.externs()) {
            i++;
            opts = switch (e.kind()) {
                case KCONFIG -> opts.withKconfig(e.name(), switch (e.kconfigType()) {
                    case BOOL, TRISTATE, CHAR -> "y";
                    case INT -> "250";
                    case CHAR_ARRAY -> "\"x\"";
                });
                case KSYM -> opts.withKsym(e.name(), 0xffffffff81000000L + 8L * i);
                case KFUNC -> opts.withKfunc(e.name(), 1000 + i);
                case UNDEFINED -> opts.withSymbol(e.name(), 42);
            };
        }
        return opts;
    }

    static String key(Path p, String program) {
        String f = p.getFileName().toString().replaceAll("-e[lb]\\.elf$", "");
        return f + "/" + program;
    }

    /** Every call and function pointer of a linked program lands on the start of the function it names. */
    static void assertCallsLand(LinkedProgram lp) {
        Program code = lp.program();
        for (LinkedProgram.Reference r : lp.references()) {
            if (r.kind() != LinkedProgram.Kind.CALL && r.kind() != LinkedProgram.Kind.FUNCTION_ADDRESS) continue;
            Insn in = code.insnAtSlot(r.slot());
            int target = r.slot() + 1 + in.imm();
            assertEquals(Optional.of(r.name()), lp.functionStartingAt(target).map(LinkedProgram.Function::name),
                    lp.name() + ": call at " + r.slot());
            assertEquals(r.kind() == LinkedProgram.Kind.CALL ? Opcodes.PSEUDO_CALL : Opcodes.PSEUDO_FUNC, in.src());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyProgramOfEveryLoadableObjectLinksAndValidates() {
        Optional<Path> shared = ObjectFixtures.shared();
        if (shared.isEmpty()) return ObjectFixtures.unavailable();
        List<DynamicTest> tests = new ArrayList<>();
        AtomicInteger linked = new AtomicInteger();
        for (Path p : ObjectFixtures.all(shared.get())) {
            if (ObjectFixtures.expectedFailure(p) != null) continue;
            BpfObject o = BpfObject.open(p);
            LinkOptions opts = allExterns(o);
            for (ProgramSpec prog : o.programs()) {
                String undefined = UNDEFINED_CALLS.get(key(p, prog.name()));
                tests.add(DynamicTest.dynamicTest(shared.get().relativize(p) + " " + prog.name(), () -> {
                    if (undefined != null) {
                        LinkException e = assertThrows(LinkException.class, () -> Linker.link(o, prog.name(), opts));
                        assertEquals(undefined, e.symbol());
                        assertTrue(e.getMessage().contains("call to undefined function '" + undefined + "'"), e.getMessage());
                        return;
                    }
                    LinkedProgram lp = Linker.link(o, prog.name(), opts);
                    lp.program().validate();
                    assertEquals(prog.name(), lp.functions().get(0).name());
                    assertCallsLand(lp);
                    int slots = lp.functions().stream().mapToInt(LinkedProgram.Function::slotCount).sum();
                    assertEquals(lp.program().slotCount(), slots, "the program is exactly its functions");
                    linked.incrementAndGet();
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("linked some programs", () -> assertTrue(linked.get() > 100, "linked " + linked.get())));
        return tests.stream();
    }

    @Test
    void subprogramsAreAppendedDepthFirstAsCallsAreMet() {
        BpfObject o = ObjectFixtures.open(T + "loader-clang-22-el.elf");
        LinkedProgram lp = Linker.link(o, "xdp_prog", LinkOptions.defaults());
        // xdp_prog calls static_fn, then global_fn, which calls static_fn (already there), global_fn2, global_fn3
        assertEquals(List.of("xdp_prog", "static_fn", "global_fn", "global_fn2", "global_fn3"),
                lp.functions().stream().map(LinkedProgram.Function::name).toList());
        assertCallsLand(lp);
        // the calls of global_fn, in order
        LinkedProgram.Function g = lp.function("global_fn").orElseThrow();
        List<String> callees = lp.references().stream().filter(r -> r.kind() == LinkedProgram.Kind.CALL
                && r.slot() >= g.startSlot() && r.slot() < g.startSlot() + g.slotCount()).map(LinkedProgram.Reference::name).toList();
        assertEquals(List.of("static_fn", "global_fn2", "global_fn3"), callees);

        LinkedProgram calls = Linker.link(ObjectFixtures.open("bench/calls.ubpf.o"), "prog", LinkOptions.defaults());
        assertEquals(List.of("prog", "lvl3", "lvl2", "lvl1", "lvl0"), calls.functions().stream().map(LinkedProgram.Function::name).toList());
        assertCallsLand(calls);
        assertTrue(calls.functions().stream().allMatch(f -> f.btfFuncId() > 0));
    }

    @Test
    void everyLinkedInstructionKnowsItsSourceLine() {
        LinkedProgram lp = Linker.link(ObjectFixtures.open("bench/calls.ubpf.o"), "prog", LinkOptions.defaults());
        for (int i = 0; i < lp.program().size(); i++) {
            LinkedProgram.SourceLine l = lp.sourceAt(i).orElseThrow(AssertionError::new);
            assertEquals("calls.c", Path.of(l.file()).getFileName().toString());
        }
        // lvl0's body is line 6 of calls.c
        LinkedProgram.Function lvl0 = lp.function("lvl0").orElseThrow();
        LinkedProgram.SourceLine first = lp.sourceAtSlot(lvl0.startSlot()).orElseThrow();
        assertEquals(6, first.line());
        assertTrue(first.lineText().contains("lvl0"), first.lineText());
    }

    @Test
    void globalDataBecomesMapValueReferences() {
        BpfObject o = ObjectFixtures.open("bench/arith.kern.o");
        LinkedProgram lp = Linker.link(o, "prog", LinkOptions.defaults());
        lp.program().validate();
        int data = o.maps().indexOf(o.map("arith.data").orElseThrow());
        List<LinkedProgram.Reference> refs = lp.references();
        assertEquals(1, refs.size());
        LinkedProgram.Reference r = refs.get(0);
        assertEquals(new LinkedProgram.Reference(r.slot(), LinkedProgram.Kind.MAP_VALUE, "arith.data", data, 0, "loop_zero"), r);
        Insn in = lp.program().insnAtSlot(r.slot());
        assertEquals(Opcodes.PSEUDO_MAP_IDX_VALUE, in.src());
        assertEquals(data, in.imm());
        assertEquals(0, in.imm2());

        // maps: src=BPF_PSEUDO_MAP_IDX with the map's index; function pointers: src=BPF_PSEUDO_FUNC
        BpfObject sub = ObjectFixtures.open(T + "subprog_reloc-el.elf");
        LinkedProgram fp = Linker.link(sub, "fp_relocation", LinkOptions.defaults());
        assertEquals(List.of("fp_relocation", "sub_prog"), fp.functions().stream().map(LinkedProgram.Function::name).toList());
        assertCallsLand(fp);
        for (LinkedProgram.Reference m : fp.references()) {
            if (m.kind() != LinkedProgram.Kind.MAP) continue;
            Insn ld = fp.program().insnAtSlot(m.slot());
            assertEquals(Opcodes.PSEUDO_MAP_IDX, ld.src());
            assertEquals("hash_map", fp.maps().get(ld.imm()).name());
        }
        assertTrue(fp.references().stream().anyMatch(x -> x.kind() == LinkedProgram.Kind.FUNCTION_ADDRESS && x.name().equals("sub_prog")));

        // .rodata with an offset: static_uneg is at .rodata+0x10
        LinkedProgram ds = Linker.link(ObjectFixtures.open(T + "loader-clang-22-el.elf"), "data_sections", LinkOptions.defaults());
        assertTrue(ds.references().stream().anyMatch(x -> x.kind() == LinkedProgram.Kind.MAP_VALUE && x.offset() == 16
                && "static_uneg".equals(x.detail())), ds.references().toString());
    }

    @Test
    void kconfigValuesFillTheKconfigMap() {
        BpfObject o = ObjectFixtures.open(T + "kconfig-el.elf");
        LinkException missing = assertThrows(LinkException.class, () -> Linker.link(o, "kconfig", LinkOptions.defaults()));
        assertEquals("LINUX_KERNEL_VERSION", missing.symbol());
        assertTrue(missing.getMessage().contains("kconfig-el.elf") && missing.getMessage().contains("section 'socket'"),
                missing.getMessage());
        LinkOptions opts = LinkOptions.defaults().withKconfig("""
                # a .config excerpt
                CONFIG_HZ=250
                CONFIG_BPF_SYSCALL=y
                CONFIG_DEFAULT_HOSTNAME="(none)"
                LINUX_KERNEL_VERSION=0x60c00
                LINUX_HAS_SYSCALL_WRAPPER=y
                """);
        LinkedProgram lp = Linker.link(o, "kconfig", opts);
        lp.program().validate();
        MapSpec k = lp.maps().stream().filter(m -> m.kind() == MapSpec.Kind.KCONFIG).findFirst().orElseThrow();
        ByteBuffer b = ByteBuffer.wrap(k.contents()).order(o.byteOrder());
        assertEquals(250, b.getInt(o.extern("CONFIG_HZ").orElseThrow().kconfigOffset()));
        assertEquals(1, b.getInt(o.extern("CONFIG_BPF_SYSCALL").orElseThrow().kconfigOffset())); // TRI_YES
        assertEquals(0x60c00, b.getInt(o.extern("LINUX_KERNEL_VERSION").orElseThrow().kconfigOffset()));
        assertEquals(1, b.get(o.extern("LINUX_HAS_SYSCALL_WRAPPER").orElseThrow().kconfigOffset()));
        // char CONFIG_DEFAULT_HOSTNAME[1]: libbpf truncates to size - 1, so only the terminating NUL
        assertEquals(0, b.get(o.extern("CONFIG_DEFAULT_HOSTNAME").orElseThrow().kconfigOffset()));
        long kconfigRefs = lp.references().stream().filter(r -> r.kind() == LinkedProgram.Kind.KCONFIG).count();
        assertEquals(5, kconfigRefs);
        LinkException bad = assertThrows(LinkException.class,
                () -> Linker.link(o, "kconfig", opts.withKconfig("CONFIG_HZ", "m")));
        assertTrue(bad.getMessage().contains("CONFIG_HZ"), bad.getMessage());
    }

    @Test
    void kfuncsAndKsymsAreResolvedOrPoisoned() {
        BpfObject o = ObjectFixtures.open(T + "kfunc-el.elf");
        LinkException e = assertThrows(LinkException.class, () -> Linker.link(o, "call_kfunc", LinkOptions.defaults()));
        assertEquals("bpf_skb_ct_lookup", e.symbol());
        LinkedProgram lp = Linker.link(o, "call_kfunc",
                LinkOptions.defaults().withKfunc("bpf_skb_ct_lookup", 77).withKfunc("bpf_ct_release", 78));
        List<Insn> kcalls = lp.program().insns().stream().filter(Insn::isKfuncCall).toList();
        assertEquals(List.of(77, 78), kcalls.stream().map(Insn::imm).toList());
        // weak, unresolved: libbpf turns the call into an invalid helper call, 2002000000 + extern index
        LinkedProgram weak = Linker.link(o, "weak_kfunc_missing", LinkOptions.defaults());
        int idx = o.externs().indexOf(o.extern("invalid_kfunc").orElseThrow());
        assertTrue(weak.program().insns().stream().anyMatch(i -> i.isHelperCall() && i.imm() == Linker.POISON_CALL_KFUNC_BASE + idx));
        assertTrue(weak.references().stream().anyMatch(r -> r.kind() == LinkedProgram.Kind.POISONED));

        BpfObject ksym = ObjectFixtures.open(T + "ksym-el.elf");
        LinkedProgram k = Linker.link(ksym, "ksym_test", LinkOptions.defaults().withKsym("bpf_init", 0xffffffff81234560L));
        assertTrue(k.program().insns().stream().anyMatch(i -> i.isWide() && i.src() == 0 && i.imm64() == 0xffffffff81234560L));
        LinkException strong = assertThrows(LinkException.class, () -> Linker.link(ksym, "missing_ksym_test", LinkOptions.defaults()));
        assertEquals("missing_ksym", strong.symbol());
        // weak and missing: 0
        Linker.link(ksym, "missing_weak_ksym_test", LinkOptions.defaults()).program().validate();
    }

    @Test
    void undefinedSymbolsNeedAValueAndLenientLinkingKeepsThem() {
        BpfObject o = ObjectFixtures.open(T + "loader-clang-22-el.elf");
        LinkException e = assertThrows(LinkException.class, () -> Linker.link(o, "asm_relocation", LinkOptions.defaults()));
        assertEquals("MY_CONST", e.symbol());
        assertEquals("socket/2", e.section());
        LinkedProgram lp = Linker.link(o, "asm_relocation", LinkOptions.defaults().withSymbol("MY_CONST", 7));
        assertEquals(7, lp.program().insn(0).imm64());
        LinkedProgram lenient = Linker.link(ObjectFixtures.open(T + "fwd_decl-el.elf"), "call_fwd",
                LinkOptions.defaults().withLenient(true));
        assertEquals(LinkedProgram.Kind.UNRESOLVED, lenient.references().get(0).kind());
        assertEquals("fwd", lenient.references().get(0).name());
        LinkException noProgram = assertThrows(LinkException.class, () -> Linker.link(o, "global_fn", LinkOptions.defaults()));
        assertTrue(noProgram.getMessage().contains("subprogram"), noProgram.getMessage());
    }

    @Test
    void coreRelocationRunsPerSectionBeforeLinkingThroughTheHook() {
        BpfObject o = ObjectFixtures.open("core-testdata/exp-linux-6.18/prog.o");
        Btf local = o.btf().orElseThrow();
        List<String> sections = new ArrayList<>();
        LinkedProgram lp = Linker.link(o, "probe", LinkOptions.defaults().withTargetBtf(local).withCoreFixup((section, relos, l, t) -> {
            sections.add(section.name() + ":" + relos.size());
            assertNotNull(l);
            return section.code(); // an identity relocator
        }));
        assertTrue(sections.stream().anyMatch(s -> s.startsWith(".text:")), sections.toString()); // fill() holds the reads
        assertEquals(Linker.link(o, "probe").program(), lp.program());
    }

    @Test
    void coreRelocationAgainstAMinimisedKernelBtfPatchesTheLinkedCode() {
        BpfObject o = ObjectFixtures.open("core-testdata/exp-linux-6.18/prog.o");
        Btf target = Btf.read(ObjectFixtures.fixture("core-testdata/exp-linux-6.18/min_target_linux_6.18.btf"));
        LinkedProgram plain = Linker.link(o, "probe");
        LinkedProgram relocated = Linker.link(o, "probe", LinkOptions.defaults().withTargetBtf(target));
        assertEquals(plain.program().slotCount(), relocated.program().slotCount());
        // prog.c reads task_struct->pid: at offset 1264 on this 6.18 kernel (load.log)
        boolean pid = relocated.program().insns().stream().anyMatch(i -> i.imm() == 1264 || i.off() == 1264);
        assertTrue(pid, "no instruction uses task_struct.pid's offset 1264");
        relocated.program().validate();
    }
}
