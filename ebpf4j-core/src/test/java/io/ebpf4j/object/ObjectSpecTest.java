package io.ebpf4j.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * What each fixture object declares, stated from its C source (the comments quote it), not from
 * our own output.
 */
class ObjectSpecTest {
    static final String T = "core-testdata/cilium-ebpf/testdata/";

    /** Expected entry program: name, section, type, expected attach type. */
    record P(String name, String section, ProgramType type, AttachType attach) {}

    /** Expected map: name, type, key size, value size, max_entries, flags. */
    record M(String name, MapType type, int key, int value, int max, int flags) {}

    static void assertPrograms(BpfObject o, P... expected) {
        Map<String, P> want = new TreeMap<>();
        for (P p : expected) want.put(p.name(), p);
        Map<String, P> have = new TreeMap<>();
        for (ProgramSpec p : o.programs()) have.put(p.name(), new P(p.name(), p.sectionName(), p.type(), p.expectedAttachType()));
        assertEquals(want, have, o.file());
    }

    static void assertMap(BpfObject o, M m) {
        MapSpec s = o.map(m.name()).orElseThrow(() -> new AssertionError(o.file() + ": no map " + m.name() + " in " + o.maps()));
        assertEquals(m, new M(s.name(), s.type(), s.keySize(), s.valueSize(), s.maxEntries(), s.flags()), o.file());
    }

    static long read(MapSpec m, String variable, int size, ByteOrder order) {
        DataVariable v = m.variables().stream().filter(x -> x.name().equals(variable)).findFirst()
                .orElseThrow(() -> new AssertionError(m.name() + " has no variable " + variable + ": " + m.variables()));
        ByteBuffer b = ByteBuffer.wrap(m.contents()).order(order);
        return switch (size) {
            case 4 -> b.getInt(v.offset());
            case 8 -> b.getLong(v.offset());
            default -> throw new IllegalArgumentException();
        };
    }

    // ------------------------------------------------------------------ loader.c

    static final int BPF_F_NO_PREALLOC = 1;
    static final int RDONLY = MapSpec.BPF_F_RDONLY_PROG, MMAP = MapSpec.BPF_F_MMAPABLE;

    @ParameterizedTest
    @ValueSource(strings = {"loader-clang-14-el", "loader-clang-14-eb", "loader-clang-17-el", "loader-clang-17-eb",
        "loader-clang-22-el", "loader-clang-22-eb", "loader_nobtf-el", "loader_nobtf-eb"})
    void loaderDeclaresItsProgramsMapsAndData(String name) {
        BpfObject o = ObjectFixtures.open(T + name + ".elf");
        boolean btf = !name.startsWith("loader_nobtf");
        assertEquals(btf, o.btf().isPresent());
        assertEquals("MIT", o.license()); // char __license[] __section("license") = "MIT";
        // __section("xdp") int xdp_prog(); __section("socket") no_relocation; socket/2, /3, /4; and the
        // functions placed in sections "static" and "other", which libbpf does not recognise (UNSPEC)
        assertPrograms(o,
                new P("xdp_prog", "xdp", ProgramType.XDP, AttachType.XDP),
                new P("no_relocation", "socket", ProgramType.SOCKET_FILTER, AttachType.NONE),
                new P("asm_relocation", "socket/2", ProgramType.SOCKET_FILTER, AttachType.NONE),
                new P("data_sections", "socket/3", ProgramType.SOCKET_FILTER, AttachType.NONE),
                new P("anon_const", "socket/4", ProgramType.SOCKET_FILTER, AttachType.NONE),
                new P("static_fn", "static", ProgramType.UNSPEC, AttachType.NONE),
                new P("global_fn3", "other", ProgramType.UNSPEC, AttachType.NONE));
        // global_fn and global_fn2 are plain .text functions: subprograms
        assertTrue(o.function("global_fn").orElseThrow().subprogram());
        assertTrue(o.function("global_fn2").orElseThrow().subprogram());

        // hash_map: HASH, u32 key, u64 value, 1 entry, BPF_F_NO_PREALLOC; hash_map2: 2 entries
        assertMap(o, new M("hash_map", MapType.HASH, 4, 8, 1, BPF_F_NO_PREALLOC));
        assertMap(o, new M("hash_map2", MapType.HASH, 4, 8, 2, 0));
        if (btf) {
            assertMap(o, new M("btf_pin", MapType.HASH, 4, 8, 1, 0));
            assertEquals(1, o.map("btf_pin").orElseThrow().pinning()); // LIBBPF_PIN_BY_NAME
            // ARRAY_OF_MAPS of struct inner_map_t {HASH, u32 key, int value, 1 entry}
            assertMap(o, new M("btf_outer_map", MapType.ARRAY_OF_MAPS, 4, 4, 1, 0));
            MapSpec inner = o.map("btf_outer_map").orElseThrow().innerMap();
            assertEquals(new M("btf_outer_map.inner", MapType.HASH, 4, 4, 1, 0),
                    new M(inner.name(), inner.type(), inner.keySize(), inner.valueSize(), inner.maxEntries(), inner.flags()));
            assertMap(o, new M("btf_outer_map_anon", MapType.ARRAY_OF_MAPS, 4, 4, 1, 0));
            MapSpec anon = o.map("btf_outer_map_anon").orElseThrow().innerMap();
            assertEquals(MapType.HASH, anon.type());
            assertEquals(4, anon.valueSize()); // __type(value, uint32_t)
            // __type(value, struct perf_event): two u64; no key given
            assertMap(o, new M("perf_event_array", MapType.PERF_EVENT_ARRAY, 0, 16, 4096, 0));
            assertMap(o, new M("btf_typedef_map", MapType.ARRAY, 4, 8, 1, 0));
            assertMap(o, new M("btf_decl_map", MapType.ARRAY, 4, 8, 1, 0));
            assertMap(o, new M("bpf_decl_map", MapType.ARRAY, 4, 8, 1, 0)); // the legacy one with decl tags
            MapSpec hash = o.map("hash_map").orElseThrow();
            assertEquals("uint32_t", o.btf().orElseThrow().type(hash.keyTypeId()).name());
            assertEquals("uint64_t", o.btf().orElseThrow().type(hash.valueTypeId()).name());
        } else {
            // loader_nobtf.h: perf_event_array leaves key and value size 0
            assertMap(o, new M("perf_event_array", MapType.PERF_EVENT_ARRAY, 0, 0, 4096, 0));
            assertEquals(MapSpec.Kind.LEGACY, o.map("hash_map").orElseThrow().kind());
        }

        // global data: libbpf names them <object name prefix>.<section>
        String prefix = btf ? "loader_c" : "loader_n";
        ByteOrder order = o.byteOrder();
        int mmap = btf ? MMAP : 0; // libbpf marks data maps mmapable from their BTF DATASEC
        assertMap(o, new M(prefix + ".bss", MapType.ARRAY, 4, 4, 1, mmap)); // key1 = 0
        assertMap(o, new M(prefix + ".data", MapType.ARRAY, 4, 4, 1, mmap)); // key2 = 1
        assertMap(o, new M(prefix + ".rodata", MapType.ARRAY, 4, 24, 1, RDONLY | mmap));
        assertMap(o, new M(".rodata.test", MapType.ARRAY, 4, 4, 1, RDONLY | mmap)); // arg2 = 2
        assertMap(o, new M(".data.test", MapType.ARRAY, 4, 4, 1, mmap)); // arg3
        MapSpec bss = o.map(prefix + ".bss").orElseThrow();
        assertEquals(MapSpec.Kind.BSS, bss.kind());
        assertEquals(0, read(bss, "key1", 4, order));
        assertEquals(1, read(o.map(prefix + ".data").orElseThrow(), "key2", 4, order));
        MapSpec rodata = o.map(prefix + ".rodata").orElseThrow();
        assertTrue(rodata.frozen());
        assertEquals(2, read(rodata, "key3", 4, order));
        assertEquals(1, read(rodata, "arg", 4, order));
        assertEquals(-1, read(rodata, "uneg", 4, order));
        assertEquals(-2, read(rodata, "neg", 4, order));
        assertEquals(-3, read(rodata, "static_uneg", 4, order));
        assertEquals(-4, read(rodata, "static_neg", 4, order));
        assertEquals(2, read(o.map(".rodata.test").orElseThrow(), "arg2", 4, order));
        // (uint64_t[]){0x0, 0x1, 0x2, 0x3} in .rodata.cst32, which has no BTF
        o.map(".rodata.cst32").ifPresent(cst -> {
            ByteBuffer b = ByteBuffer.wrap(cst.contents()).order(order);
            assertEquals(List.of(0L, 1L, 2L, 3L), List.of(b.getLong(0), b.getLong(8), b.getLong(16), b.getLong(24)));
            assertEquals(RDONLY, cst.flags());
        });

        // asm("%0 = MY_CONST ll"): an undefined symbol, reported as an extern
        ExternSpec myConst = o.extern("MY_CONST").orElseThrow();
        assertEquals(ExternSpec.Kind.UNDEFINED, myConst.kind());
        assertEquals(new Relocation.ExternLoad("MY_CONST"), o.program("asm_relocation").orElseThrow().relocations().get(0).target());

        // xdp_prog calls static_fn and global_fn; global_fn calls static_fn, global_fn2, global_fn3
        List<String> calls = o.function("global_fn").orElseThrow().relocations().stream()
                .filter(r -> r.target() instanceof Relocation.Call).map(r -> ((Relocation.Call) r.target()).function()).toList();
        assertEquals(List.of("static_fn", "global_fn2", "global_fn3"), calls);
    }

    // ------------------------------------------------------------------ other objects

    @Test
    void btfMapInitialisersFillSlots() {
        BpfObject o = ObjectFixtures.open(T + "btf_map_init-el.elf");
        // prog_array_init: [1] = &tail_1; outer_map_init: [1] = &inner_map; index 0 left empty
        MapSpec progs = o.map("prog_array_init").orElseThrow();
        assertEquals(new M("prog_array_init", MapType.PROG_ARRAY, 4, 4, 2, 0),
                new M(progs.name(), progs.type(), progs.keySize(), progs.valueSize(), progs.maxEntries(), progs.flags()));
        assertEquals(List.of(new MapSpec.Slot(1, "tail_1")), progs.initialSlots());
        MapSpec outer = o.map("outer_map_init").orElseThrow();
        assertEquals(MapType.ARRAY_OF_MAPS, outer.type());
        assertEquals(List.of(new MapSpec.Slot(1, "inner_map")), outer.initialSlots());
        assertEquals(MapType.ARRAY, outer.innerMap().type()); // typeof(inner_map)
        assertMap(o, new M("inner_map", MapType.ARRAY, 4, 4, 1, 0));
        assertPrograms(o, new P("tail_1", "socket/tail", ProgramType.SOCKET_FILTER, AttachType.NONE),
                new P("tail_main", "socket/main", ProgramType.SOCKET_FILTER, AttachType.NONE));
    }

    @Test
    void iproute2MapDefinitionKeepsItsPinningAndTail() {
        BpfObject o = ObjectFixtures.open(T + "iproute2_map_compat-el.elf");
        // struct bpf_elf_map hash_map = { HASH, 4, 8, max_elem 2, .pinning = PIN_GLOBAL_NS (2) }
        assertMap(o, new M("hash_map", MapType.HASH, 4, 8, 2, 0));
        MapSpec m = o.map("hash_map").orElseThrow();
        assertEquals(2, m.pinning());
        assertEquals(16, m.extra().length); // id, pinning, inner_id, inner_idx
        assertEquals(MapSpec.Kind.LEGACY, m.kind());
    }

    @Test
    void arenaMapIsReadWithItsMapExtra() {
        BpfObject o = ObjectFixtures.open(T + "arena-el.elf");
        // ARENA, BPF_F_MMAPABLE, 100 pages, map_extra 1 << 44 (an __ulong enum)
        assertMap(o, new M("arena", MapType.ARENA, 0, 0, 100, MMAP));
        assertEquals(1L << 44, o.map("arena").orElseThrow().mapExtra());
    }

    @Test
    void structOpsVariableBecomesAStructOpsMap() {
        BpfObject o = ObjectFixtures.open(T + "struct_ops-el.elf");
        assertPrograms(o, new P("test_1", "struct_ops/test_1", ProgramType.STRUCT_OPS, AttachType.NONE));
        // .struct_ops.link: struct bpf_testmod_ops { two function pointers, int data } = 24 bytes
        assertMap(o, new M("testmod_ops", MapType.STRUCT_OPS, 4, 24, 1, MapSpec.BPF_F_LINK));
        MapSpec m = o.map("testmod_ops").orElseThrow();
        assertEquals(List.of(new MapSpec.Slot(0, "test_1")), m.initialSlots()); // .test_1 = test_1
        assertEquals(0xdeadbeef, ByteBuffer.wrap(m.contents()).order(o.byteOrder()).getInt(16)); // .data
        assertEquals("bpf_testmod_ops", o.btf().orElseThrow().type(m.valueTypeId()).name());
    }

    @Test
    void kconfigExternsAreLaidOutAsLibbpfDoes() {
        BpfObject o = ObjectFixtures.open(T + "kconfig-el.elf");
        assertEquals("GPL-2.0", o.license());
        Map<String, ExternSpec.KconfigType> types = new TreeMap<>();
        for (ExternSpec e : o.externs()) {
            assertEquals(ExternSpec.Kind.KCONFIG, e.kind());
            types.put(e.name(), e.kconfigType());
        }
        // int LINUX_KERNEL_VERSION, _Bool LINUX_HAS_SYSCALL_WRAPPER, int CONFIG_HZ,
        // enum libbpf_tristate CONFIG_BPF_SYSCALL, char CONFIG_DEFAULT_HOSTNAME[1]
        assertEquals(Map.of("LINUX_KERNEL_VERSION", ExternSpec.KconfigType.INT,
                "LINUX_HAS_SYSCALL_WRAPPER", ExternSpec.KconfigType.BOOL, "CONFIG_HZ", ExternSpec.KconfigType.INT,
                "CONFIG_BPF_SYSCALL", ExternSpec.KconfigType.TRISTATE,
                "CONFIG_DEFAULT_HOSTNAME", ExternSpec.KconfigType.CHAR_ARRAY), types);
        // libbpf: 4-byte externs first (by name), then the 1-byte ones by size and name: 4*3 + 1 + 1
        List<String> order = o.externs().stream().map(ExternSpec::name).toList();
        assertEquals(List.of("CONFIG_BPF_SYSCALL", "CONFIG_HZ", "LINUX_KERNEL_VERSION", "CONFIG_DEFAULT_HOSTNAME",
                "LINUX_HAS_SYSCALL_WRAPPER"), order);
        MapSpec k = o.map("kconfig.kconfig").orElseThrow();
        assertEquals(MapSpec.Kind.KCONFIG, k.kind());
        assertEquals(14, k.valueSize());
        assertTrue(k.frozen());
        assertEquals(RDONLY, k.flags() & RDONLY);
    }

    @Test
    void ksymsAndKfuncsAreRecognised() {
        BpfObject ksym = ObjectFixtures.open(T + "ksym-el.elf");
        assertEquals(ExternSpec.Kind.KSYM, ksym.extern("bpf_init").orElseThrow().kind());
        assertFalse(ksym.extern("bpf_init").orElseThrow().weak()); // extern void bpf_init __ksym;
        assertTrue(ksym.extern("bpf_trace_run1").orElseThrow().weak()); // __ksym __weak
        assertEquals(ExternSpec.Kind.KSYM, ksym.extern("softnet_data").orElseThrow().kind());
        BpfObject kfunc = ObjectFixtures.open(T + "kfunc-el.elf");
        assertEquals(ExternSpec.Kind.KFUNC, kfunc.extern("bpf_skb_ct_lookup").orElseThrow().kind());
        assertTrue(kfunc.extern("invalid_kfunc").orElseThrow().weak());
        assertPrograms(kfunc,
                new P("call_kfunc", "tc", ProgramType.SCHED_CLS, AttachType.NONE),
                new P("benchmark", "fentry/bpf_fentry_test2", ProgramType.TRACING, AttachType.TRACE_FENTRY),
                new P("weak_kfunc_missing", "tp_btf/task_newtask", ProgramType.TRACING, AttachType.TRACE_RAW_TP),
                new P("call_weak_kfunc", "tp_btf/task_newtask", ProgramType.TRACING, AttachType.TRACE_RAW_TP));
        assertEquals("bpf_fentry_test2", kfunc.program("benchmark").orElseThrow().attachTo());
    }

    @Test
    void variablesAreNamedWithTheirSections() {
        BpfObject o = ObjectFixtures.open(T + "variables-el.elf");
        // six socket programs in one section, split by their FUNC symbols
        assertEquals(List.of("set_vars", "get_bss", "get_data", "get_rodata", "check_struct", "check_struct_pad",
                "check_array", "add_atomic"), o.programs().stream().map(ProgramSpec::name).toList());
        assertTrue(o.programs().stream().allMatch(p -> p.sectionName().equals("socket") && p.type() == ProgramType.SOCKET_FILTER));
        // __hidden hidden: a global libbpf treats as static; weak in .data.weak is a global
        MapSpec bss = o.map("variable.bss").orElseThrow();
        assertFalse(bss.variables().stream().filter(v -> v.name().equals("hidden")).findFirst().orElseThrow().global());
        assertTrue(o.map(".data.weak").orElseThrow().variables().get(0).global());
        assertMap(o, new M(".data.array", MapType.ARRAY, 4, 8192, 1, MMAP)); // uint8_t var_array[8192]
        // struct var_struct_t (16 bytes) then var_struct_pad in .data.struct
        MapSpec st = o.map(".data.struct").orElseThrow();
        assertEquals(List.of("var_struct", "var_struct_pad"), st.variables().stream().map(DataVariable::name).toList());
        assertEquals(16, st.variables().get(1).offset());
    }

    @Test
    void otherFixturesDeclareWhatTheirSourcesSay() {
        assertPrograms(ObjectFixtures.open(T + "constants-el.elf"),
                new P("freeze_rodata", "sk_lookup/", ProgramType.SK_LOOKUP, AttachType.SK_LOOKUP));
        assertTrue(ObjectFixtures.open(T + "constants-el.elf").map("constant.rodata").orElseThrow().frozen());
        assertPrograms(ObjectFixtures.open(T + "fentry_fexit-el.elf"),
                new P("trace_on_entry", "fentry/target", ProgramType.TRACING, AttachType.TRACE_FENTRY),
                new P("trace_on_exit", "fexit/target", ProgramType.TRACING, AttachType.TRACE_FEXIT),
                new P("target", "tc", ProgramType.SCHED_CLS, AttachType.NONE));
        BpfObject freplace = ObjectFixtures.open(T + "freplace-el.elf");
        assertPrograms(freplace,
                new P("sched_process_exec", "raw_tracepoint/sched_process_exec", ProgramType.RAW_TRACEPOINT, AttachType.NONE),
                new P("replacement", "freplace/subprog", ProgramType.EXT, AttachType.NONE));
        assertEquals("subprog", freplace.program("replacement").orElseThrow().attachTo());
        assertTrue(freplace.function("subprog").orElseThrow().subprogram());
        BpfObject many = ObjectFixtures.open(T + "manyprogs-el.elf");
        assertEquals(30, many.programs().size()); // DEFINE_PROBE(0) .. DEFINE_PROBE(29)
        assertTrue(many.programs().stream().allMatch(p -> p.type() == ProgramType.KPROBE && p.sectionName().startsWith("kprobe/sys_execvea")));
        assertMap(many, new M("kprobe_map", MapType.HASH, 4, 8, 128, 0));
        assertMap(ObjectFixtures.open(T + "map_spin_lock-el.elf"), new M("spin_lock_map", MapType.HASH, 4, 8, 2, 0));
        BpfObject strings = ObjectFixtures.open(T + "strings-el.elf");
        assertMap(strings, new M("my_map", MapType.HASH, 48, 4, 2, 0)); // typedef char custkey[48]
        assertPrograms(strings, new P("filter", "xdp", ProgramType.XDP, AttachType.XDP));
        BpfObject sub = ObjectFixtures.open(T + "subprog_reloc-el.elf");
        assertMap(sub, new M("hash_map", MapType.HASH, 4, 8, 1, 0));
        assertTrue(sub.program("fp_relocation").orElseThrow().relocations().stream()
                .anyMatch(r -> r.target().equals(new Relocation.FunctionAddress("sub_prog"))));
        assertPrograms(ObjectFixtures.open(T + "raw_tracepoint-el.elf"),
                new P("sched_process_exec", "raw_tracepoint/sched_process_exec", ProgramType.RAW_TRACEPOINT, AttachType.NONE));
        // fwd_decl.c: int fwd(); declared, never implemented
        assertEquals(ExternSpec.Kind.UNDEFINED, ObjectFixtures.open(T + "fwd_decl-el.elf").extern("fwd").orElseThrow().kind());
        // linked-el.elf is bpftool's link of linked1 + linked2: every entry resolved, weak maps kept once
        BpfObject linked = ObjectFixtures.open(T + "linked-el.elf");
        assertEquals(List.of("entry_l1", "entry_l1_s", "entry_l1_w", "entry_l2", "entry_ww"),
                linked.programs().stream().map(ProgramSpec::name).sorted().toList());
        assertTrue(linked.externs().isEmpty());
        assertMap(linked, new M("map_legacy_l1_s", MapType.HASH, 4, 4, 1, BPF_F_NO_PREALLOC)); // h32_legacy(1) wins
        assertMap(linked, new M("map_legacy_l2_s", MapType.HASH, 4, 4, 1, BPF_F_NO_PREALLOC));
    }

    @Test
    void benchAndExperimentObjects() {
        BpfObject prog = ObjectFixtures.open("core-testdata/exp-linux-6.18/prog.o");
        assertEquals("GPL", prog.license());
        assertPrograms(prog, new P("probe", "raw_tp/sys_enter", ProgramType.RAW_TRACEPOINT, AttachType.NONE));
        assertTrue(prog.function("fill").orElseThrow().subprogram());
        assertMap(prog, new M("results", MapType.ARRAY, 4, 56, 1, 0)); // struct result: 56 bytes
        assertEquals(1, read(prog.map("prog.data").orElseThrow(), "calls", 4, prog.byteOrder())); // int calls = 1
        assertEquals(0, read(prog.map("prog.rodata").orElseThrow(), "target_tgid", 4, prog.byteOrder()));
        assertEquals(8, prog.map("prog.bss").orElseThrow().valueSize()); // __u64 last_seen
        for (String b : List.of("arith", "calls", "empty", "hash1k", "parse")) {
            BpfObject kern = ObjectFixtures.open("bench/" + b + ".kern.o");
            BpfObject ubpf = ObjectFixtures.open("bench/" + b + ".ubpf.o");
            assertPrograms(kern, new P("prog", "xdp", ProgramType.XDP, AttachType.XDP));
            // SEC("ubpf") is no libbpf section name: the type stays unspecified
            assertPrograms(ubpf, new P("prog", "ubpf", ProgramType.UNSPEC, AttachType.NONE));
            assertNull(ubpf.program("prog").orElseThrow().sectionDef());
            assertEquals(0, read(kern.map(b + ".data").orElseThrow(), "loop_zero", 4, kern.byteOrder()));
        }
        List<String> subs = ObjectFixtures.open("bench/calls.ubpf.o").functions().stream()
                .filter(ProgramSpec::subprogram).map(ProgramSpec::name).toList();
        assertEquals(List.of("lvl3", "lvl2", "lvl1", "lvl0"), subs);
    }

    @Test
    void btfTestdataObjectsLoad() {
        BpfObject relocs = ObjectFixtures.open("core-testdata/cilium-ebpf/btf/testdata/relocs-el.elf");
        assertNotNull(relocs.btfExt().orElseThrow().coreRelos());
        assertEquals(List.of("type_ids", "types", "enums", "fields", "err_ambiguous", "err_ambiguous_flavour"),
                relocs.programs().stream().map(ProgramSpec::name).toList());
        BpfObject tags = ObjectFixtures.open("core-testdata/cilium-ebpf/btf/testdata/tags-el.elf");
        assertPrograms(tags, new P("prog", "syscall", ProgramType.SYSCALL, AttachType.NONE));
        assertEquals(SectionDef.BPF_F_SLEEPABLE, tags.program("prog").orElseThrow().progFlags());
    }
}
