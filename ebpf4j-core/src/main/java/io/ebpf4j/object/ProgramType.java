package io.ebpf4j.object;

/**
 * BPF program types, numbered as the kernel's {@code enum bpf_prog_type} (include/uapi/linux/bpf.h)
 * and named as libbpf's {@code prog_type_name[]} table names them.
 */
public enum ProgramType {
    UNSPEC(0, "unspec"),
    SOCKET_FILTER(1, "socket_filter"),
    KPROBE(2, "kprobe"),
    SCHED_CLS(3, "sched_cls"),
    SCHED_ACT(4, "sched_act"),
    TRACEPOINT(5, "tracepoint"),
    XDP(6, "xdp"),
    PERF_EVENT(7, "perf_event"),
    CGROUP_SKB(8, "cgroup_skb"),
    CGROUP_SOCK(9, "cgroup_sock"),
    LWT_IN(10, "lwt_in"),
    LWT_OUT(11, "lwt_out"),
    LWT_XMIT(12, "lwt_xmit"),
    SOCK_OPS(13, "sock_ops"),
    SK_SKB(14, "sk_skb"),
    CGROUP_DEVICE(15, "cgroup_device"),
    SK_MSG(16, "sk_msg"),
    RAW_TRACEPOINT(17, "raw_tracepoint"),
    CGROUP_SOCK_ADDR(18, "cgroup_sock_addr"),
    LWT_SEG6LOCAL(19, "lwt_seg6local"),
    LIRC_MODE2(20, "lirc_mode2"),
    SK_REUSEPORT(21, "sk_reuseport"),
    FLOW_DISSECTOR(22, "flow_dissector"),
    CGROUP_SYSCTL(23, "cgroup_sysctl"),
    RAW_TRACEPOINT_WRITABLE(24, "raw_tracepoint_writable"),
    CGROUP_SOCKOPT(25, "cgroup_sockopt"),
    TRACING(26, "tracing"),
    STRUCT_OPS(27, "struct_ops"),
    EXT(28, "ext"),
    LSM(29, "lsm"),
    SK_LOOKUP(30, "sk_lookup"),
    SYSCALL(31, "syscall"),
    NETFILTER(32, "netfilter");

    private final int number;
    private final String libbpfName;

    ProgramType(int number, String libbpfName) {
        this.number = number;
        this.libbpfName = libbpfName;
    }

    /** The kernel's {@code BPF_PROG_TYPE_*} value. */
    public int number() {
        return number;
    }

    /** The name libbpf and bpftool print ({@code libbpf_bpf_prog_type_str}). */
    public String libbpfName() {
        return libbpfName;
    }
}
