package io.ebpf4j.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** libbpf's section-name table and map naming, without fixtures. */
class SectionNamesTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
        "xdp, XDP, XDP",
        "xdp.frags, XDP, XDP",
        "xdp/devmap, XDP, XDP_DEVMAP",
        "tc, SCHED_CLS, NONE",
        "classifier, SCHED_CLS, NONE",
        "tc/ingress, SCHED_CLS, TCX_INGRESS",
        "socket, SOCKET_FILTER, NONE",
        "kprobe/do_sys_open, KPROBE, NONE",
        "kprobe, KPROBE, NONE",
        "kretprobe/do_sys_open, KPROBE, NONE",
        "kprobe.multi/foo*, KPROBE, TRACE_KPROBE_MULTI",
        "tracepoint/syscalls/sys_enter_open, TRACEPOINT, NONE",
        "tp/sched/sched_switch, TRACEPOINT, NONE",
        "raw_tp/sys_enter, RAW_TRACEPOINT, NONE",
        "raw_tracepoint/sched_process_exec, RAW_TRACEPOINT, NONE",
        "raw_tp.w/foo, RAW_TRACEPOINT_WRITABLE, NONE",
        "tp_btf/task_newtask, TRACING, TRACE_RAW_TP",
        "fentry/target, TRACING, TRACE_FENTRY",
        "fexit/target, TRACING, TRACE_FEXIT",
        "fentry.s/target, TRACING, TRACE_FENTRY",
        "fmod_ret/f, TRACING, MODIFY_RETURN",
        "lsm/file_open, LSM, LSM_MAC",
        "lsm_cgroup/file_open, LSM, LSM_CGROUP",
        "cgroup_skb/ingress, CGROUP_SKB, CGROUP_INET_INGRESS",
        "cgroup_skb/egress, CGROUP_SKB, CGROUP_INET_EGRESS",
        "cgroup/connect4, CGROUP_SOCK_ADDR, CGROUP_INET4_CONNECT",
        "cgroup/dev, CGROUP_DEVICE, CGROUP_DEVICE",
        "sk_msg, SK_MSG, SK_MSG_VERDICT",
        "sk_skb/stream_parser, SK_SKB, SK_SKB_STREAM_PARSER",
        "sockops, SOCK_OPS, CGROUP_SOCK_OPS",
        "struct_ops/test_1, STRUCT_OPS, NONE",
        "struct_ops.s/test_1, STRUCT_OPS, NONE",
        "syscall, SYSCALL, NONE",
        "freplace/subprog, EXT, NONE",
        "iter/task, TRACING, TRACE_ITER",
        "perf_event, PERF_EVENT, NONE",
        "sk_lookup, SK_LOOKUP, SK_LOOKUP",
        "netfilter, NETFILTER, NETFILTER",
        "uprobe.multi/x, KPROBE, TRACE_UPROBE_MULTI",
        // libbpf < 1.0 (SEC_SLOPPY_PFX) and cilium/ebpf: plain patterns also match as prefixes
        "socket/2, SOCKET_FILTER, NONE",
        "sk_lookup/, SK_LOOKUP, SK_LOOKUP",
    })
    void sectionNamesGiveLibbpfsTypes(String section, ProgramType type, AttachType attach) {
        SectionDef d = SectionDef.find(section);
        assertEquals(type, d.type());
        assertEquals(attach, d.expectedAttachType());
    }

    @ParameterizedTest
    @CsvSource({"ubpf", "static", "other", ".text", "kprobex", "fentryfoo"})
    void unknownSectionsHaveNoType(String section) {
        assertNull(SectionDef.find(section));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        // libbpf internal_map_name: 8 characters of the object name + a 7-character suffix
        "my_object_name, .rodata, my_objec.rodata",
        "my_object_name, .bss, my_objec.bss",
        "my_object_name, .kconfig, my_obje.kconfig",
        "my_object_name, .rodata.abracadabra, .rodata.abracad",
        "loader-clang-22, .data, loader_c.data",
        "prog, .data, prog.data",
        "x, .data.test, .data.test",
    })
    void internalMapNamesFollowLibbpf(String object, String section, String expected) {
        assertEquals(expected, Names.internalMapName(object, section));
    }

    @ParameterizedTest
    @CsvSource({"/a/b/loader-clang-22-el.elf, loader-clang-22", "prog.o, prog", "calls.ubpf.o, calls"})
    void objectNameIsTheBaseNameUpToItsFirstDot(String path, String expected) {
        assertEquals(expected, Names.objectNameFromPath(path));
    }
}
