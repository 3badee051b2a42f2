package io.ebpf4j.object;

import static io.ebpf4j.object.AttachType.*;

import java.util.List;

/**
 * One row of libbpf's {@code section_defs[]} table (tools/lib/bpf/libbpf.c): the ELF section name
 * pattern a program is declared with ({@code SEC("kprobe/...")}) and the program type, expected
 * attach type and flags libbpf derives from it.
 *
 * <p>Pattern syntax, as libbpf's {@code sec_def_matches}: {@code "type+"} matches {@code "type"} or
 * {@code "type/anything"}; {@code "type/"} matches {@code "type/anything"} (extras may be empty);
 * anything else matches exactly. libbpf before 1.0 (patterns marked {@code SEC_SLOPPY_PFX}) and
 * cilium/ebpf also accept a plain pattern as a prefix ({@code "socket/2"} is a socket filter);
 * {@link #find} tries the exact rules first and falls back to that legacy prefix rule, so objects
 * written for either loader get the type their author meant.
 *
 * @param pattern            the libbpf pattern
 * @param type               the program type
 * @param expectedAttachType the expected attach type ({@link AttachType#NONE} for libbpf's 0)
 * @param attachBtf          {@code SEC_ATTACH_BTF}: the text after '/' names a BTF attach target
 * @param progFlags          {@code BPF_F_*} program load flags the section implies
 *                           ({@link #BPF_F_SLEEPABLE} for {@code SEC_SLEEPABLE},
 *                           {@link #BPF_F_XDP_HAS_FRAGS} for {@code SEC_XDP_FRAGS})
 */
public record SectionDef(String pattern, ProgramType type, AttachType expectedAttachType, boolean attachBtf,
                         int progFlags) {

    /** include/uapi/linux/bpf.h {@code BPF_F_SLEEPABLE}. */
    public static final int BPF_F_SLEEPABLE = 1 << 4;
    /** include/uapi/linux/bpf.h {@code BPF_F_XDP_HAS_FRAGS}. */
    public static final int BPF_F_XDP_HAS_FRAGS = 1 << 5;

    private static final int S = BPF_F_SLEEPABLE, F = BPF_F_XDP_HAS_FRAGS;

    private static SectionDef def(String p, ProgramType t, AttachType a) {
        return new SectionDef(p, t, a, false, 0);
    }

    private static SectionDef def(String p, ProgramType t, AttachType a, int flags) {
        return new SectionDef(p, t, a, false, flags);
    }

    private static SectionDef btf(String p, ProgramType t, AttachType a, int flags) {
        return new SectionDef(p, t, a, true, flags);
    }

    /** libbpf's table, in its order (the first match wins). */
    public static final List<SectionDef> LIBBPF = List.of(
            def("socket", ProgramType.SOCKET_FILTER, NONE),
            def("sk_reuseport/migrate", ProgramType.SK_REUSEPORT, SK_REUSEPORT_SELECT_OR_MIGRATE),
            def("sk_reuseport", ProgramType.SK_REUSEPORT, SK_REUSEPORT_SELECT),
            def("kprobe+", ProgramType.KPROBE, NONE),
            def("uprobe+", ProgramType.KPROBE, NONE),
            def("uprobe.s+", ProgramType.KPROBE, NONE, S),
            def("kretprobe+", ProgramType.KPROBE, NONE),
            def("uretprobe+", ProgramType.KPROBE, NONE),
            def("uretprobe.s+", ProgramType.KPROBE, NONE, S),
            def("kprobe.multi+", ProgramType.KPROBE, TRACE_KPROBE_MULTI),
            def("kretprobe.multi+", ProgramType.KPROBE, TRACE_KPROBE_MULTI),
            def("kprobe.session+", ProgramType.KPROBE, TRACE_KPROBE_SESSION),
            def("uprobe.multi+", ProgramType.KPROBE, TRACE_UPROBE_MULTI),
            def("uretprobe.multi+", ProgramType.KPROBE, TRACE_UPROBE_MULTI),
            def("uprobe.multi.s+", ProgramType.KPROBE, TRACE_UPROBE_MULTI, S),
            def("uretprobe.multi.s+", ProgramType.KPROBE, TRACE_UPROBE_MULTI, S),
            def("uprobe.session+", ProgramType.KPROBE, TRACE_UPROBE_SESSION),
            def("uprobe.session.s+", ProgramType.KPROBE, TRACE_UPROBE_SESSION, S),
            def("ksyscall+", ProgramType.KPROBE, NONE),
            def("kretsyscall+", ProgramType.KPROBE, NONE),
            def("usdt+", ProgramType.KPROBE, NONE),
            def("usdt.s+", ProgramType.KPROBE, NONE, S),
            def("tc/ingress", ProgramType.SCHED_CLS, TCX_INGRESS),
            def("tc/egress", ProgramType.SCHED_CLS, TCX_EGRESS),
            def("tcx/ingress", ProgramType.SCHED_CLS, TCX_INGRESS),
            def("tcx/egress", ProgramType.SCHED_CLS, TCX_EGRESS),
            def("tc", ProgramType.SCHED_CLS, NONE),
            def("classifier", ProgramType.SCHED_CLS, NONE),
            def("action", ProgramType.SCHED_ACT, NONE),
            def("netkit/primary", ProgramType.SCHED_CLS, NETKIT_PRIMARY),
            def("netkit/peer", ProgramType.SCHED_CLS, NETKIT_PEER),
            def("tracepoint+", ProgramType.TRACEPOINT, NONE),
            def("tp+", ProgramType.TRACEPOINT, NONE),
            def("raw_tracepoint+", ProgramType.RAW_TRACEPOINT, NONE),
            def("raw_tp+", ProgramType.RAW_TRACEPOINT, NONE),
            def("raw_tracepoint.w+", ProgramType.RAW_TRACEPOINT_WRITABLE, NONE),
            def("raw_tp.w+", ProgramType.RAW_TRACEPOINT_WRITABLE, NONE),
            btf("tp_btf+", ProgramType.TRACING, TRACE_RAW_TP, 0),
            btf("fentry+", ProgramType.TRACING, TRACE_FENTRY, 0),
            btf("fmod_ret+", ProgramType.TRACING, MODIFY_RETURN, 0),
            btf("fexit+", ProgramType.TRACING, TRACE_FEXIT, 0),
            btf("fentry.s+", ProgramType.TRACING, TRACE_FENTRY, S),
            btf("fmod_ret.s+", ProgramType.TRACING, MODIFY_RETURN, S),
            btf("fexit.s+", ProgramType.TRACING, TRACE_FEXIT, S),
            btf("freplace+", ProgramType.EXT, NONE, 0),
            btf("lsm+", ProgramType.LSM, LSM_MAC, 0),
            btf("lsm.s+", ProgramType.LSM, LSM_MAC, S),
            btf("lsm_cgroup+", ProgramType.LSM, LSM_CGROUP, 0),
            btf("iter+", ProgramType.TRACING, TRACE_ITER, 0),
            btf("iter.s+", ProgramType.TRACING, TRACE_ITER, S),
            def("syscall", ProgramType.SYSCALL, NONE, S),
            def("xdp.frags/devmap", ProgramType.XDP, XDP_DEVMAP, F),
            def("xdp/devmap", ProgramType.XDP, XDP_DEVMAP),
            def("xdp.frags/cpumap", ProgramType.XDP, XDP_CPUMAP, F),
            def("xdp/cpumap", ProgramType.XDP, XDP_CPUMAP),
            def("xdp.frags", ProgramType.XDP, XDP, F),
            def("xdp", ProgramType.XDP, XDP),
            def("perf_event", ProgramType.PERF_EVENT, NONE),
            def("lwt_in", ProgramType.LWT_IN, NONE),
            def("lwt_out", ProgramType.LWT_OUT, NONE),
            def("lwt_xmit", ProgramType.LWT_XMIT, NONE),
            def("lwt_seg6local", ProgramType.LWT_SEG6LOCAL, NONE),
            def("sockops", ProgramType.SOCK_OPS, CGROUP_SOCK_OPS),
            def("sk_skb/stream_parser", ProgramType.SK_SKB, SK_SKB_STREAM_PARSER),
            def("sk_skb/stream_verdict", ProgramType.SK_SKB, SK_SKB_STREAM_VERDICT),
            def("sk_skb", ProgramType.SK_SKB, NONE),
            def("sk_msg", ProgramType.SK_MSG, SK_MSG_VERDICT),
            def("lirc_mode2", ProgramType.LIRC_MODE2, LIRC_MODE2),
            def("flow_dissector", ProgramType.FLOW_DISSECTOR, FLOW_DISSECTOR),
            def("cgroup_skb/ingress", ProgramType.CGROUP_SKB, CGROUP_INET_INGRESS),
            def("cgroup_skb/egress", ProgramType.CGROUP_SKB, CGROUP_INET_EGRESS),
            def("cgroup/skb", ProgramType.CGROUP_SKB, NONE),
            def("cgroup/sock_create", ProgramType.CGROUP_SOCK, CGROUP_INET_SOCK_CREATE),
            def("cgroup/sock_release", ProgramType.CGROUP_SOCK, CGROUP_INET_SOCK_RELEASE),
            def("cgroup/sock", ProgramType.CGROUP_SOCK, CGROUP_INET_SOCK_CREATE),
            def("cgroup/post_bind4", ProgramType.CGROUP_SOCK, CGROUP_INET4_POST_BIND),
            def("cgroup/post_bind6", ProgramType.CGROUP_SOCK, CGROUP_INET6_POST_BIND),
            def("cgroup/bind4", ProgramType.CGROUP_SOCK_ADDR, CGROUP_INET4_BIND),
            def("cgroup/bind6", ProgramType.CGROUP_SOCK_ADDR, CGROUP_INET6_BIND),
            def("cgroup/connect4", ProgramType.CGROUP_SOCK_ADDR, CGROUP_INET4_CONNECT),
            def("cgroup/connect6", ProgramType.CGROUP_SOCK_ADDR, CGROUP_INET6_CONNECT),
            def("cgroup/connect_unix", ProgramType.CGROUP_SOCK_ADDR, CGROUP_UNIX_CONNECT),
            def("cgroup/sendmsg4", ProgramType.CGROUP_SOCK_ADDR, CGROUP_UDP4_SENDMSG),
            def("cgroup/sendmsg6", ProgramType.CGROUP_SOCK_ADDR, CGROUP_UDP6_SENDMSG),
            def("cgroup/sendmsg_unix", ProgramType.CGROUP_SOCK_ADDR, CGROUP_UNIX_SENDMSG),
            def("cgroup/recvmsg4", ProgramType.CGROUP_SOCK_ADDR, CGROUP_UDP4_RECVMSG),
            def("cgroup/recvmsg6", ProgramType.CGROUP_SOCK_ADDR, CGROUP_UDP6_RECVMSG),
            def("cgroup/recvmsg_unix", ProgramType.CGROUP_SOCK_ADDR, CGROUP_UNIX_RECVMSG),
            def("cgroup/getpeername4", ProgramType.CGROUP_SOCK_ADDR, CGROUP_INET4_GETPEERNAME),
            def("cgroup/getpeername6", ProgramType.CGROUP_SOCK_ADDR, CGROUP_INET6_GETPEERNAME),
            def("cgroup/getpeername_unix", ProgramType.CGROUP_SOCK_ADDR, CGROUP_UNIX_GETPEERNAME),
            def("cgroup/getsockname4", ProgramType.CGROUP_SOCK_ADDR, CGROUP_INET4_GETSOCKNAME),
            def("cgroup/getsockname6", ProgramType.CGROUP_SOCK_ADDR, CGROUP_INET6_GETSOCKNAME),
            def("cgroup/getsockname_unix", ProgramType.CGROUP_SOCK_ADDR, CGROUP_UNIX_GETSOCKNAME),
            def("cgroup/sysctl", ProgramType.CGROUP_SYSCTL, CGROUP_SYSCTL),
            def("cgroup/getsockopt", ProgramType.CGROUP_SOCKOPT, CGROUP_GETSOCKOPT),
            def("cgroup/setsockopt", ProgramType.CGROUP_SOCKOPT, CGROUP_SETSOCKOPT),
            def("cgroup/dev", ProgramType.CGROUP_DEVICE, CGROUP_DEVICE),
            def("struct_ops+", ProgramType.STRUCT_OPS, NONE),
            def("struct_ops.s+", ProgramType.STRUCT_OPS, NONE, S),
            def("sk_lookup", ProgramType.SK_LOOKUP, SK_LOOKUP),
            def("netfilter", ProgramType.NETFILTER, NETFILTER));

    /** libbpf's {@code sec_def_matches}. */
    public boolean matches(String sectionName) {
        int len = pattern.length();
        char last = pattern.charAt(len - 1);
        if (last == '/') return sectionName.startsWith(pattern);
        if (last == '+') {
            String base = pattern.substring(0, len - 1);
            if (!sectionName.startsWith(base)) return false;
            return sectionName.length() == base.length() || sectionName.charAt(base.length()) == '/';
        }
        return sectionName.equals(pattern);
    }

    /** libbpf before 1.0 ({@code SEC_SLOPPY_PFX}) and cilium/ebpf's {@code matchSectionName}: a plain pattern is a prefix. */
    boolean matchesLegacyPrefix(String sectionName) {
        char last = pattern.charAt(pattern.length() - 1);
        return last != '/' && last != '+' && sectionName.startsWith(pattern);
    }

    /**
     * The definition for a program's section name (a leading {@code '?'}, libbpf's "do not
     * autoload" marker, already removed), or null when libbpf would not recognise it (the program
     * type then stays {@link ProgramType#UNSPEC}, as in libbpf's {@code bpf_object_init_progs}).
     */
    public static SectionDef find(String sectionName) {
        for (SectionDef d : LIBBPF) {
            if (d.matches(sectionName)) return d;
        }
        for (SectionDef d : LIBBPF) {
            if (d.matchesLegacyPrefix(sectionName)) return d;
        }
        return null;
    }
}
