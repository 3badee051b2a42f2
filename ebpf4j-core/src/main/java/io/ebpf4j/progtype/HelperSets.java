package io.ebpf4j.progtype;

import static io.ebpf4j.helpers.HelperIds.*;

import java.util.BitSet;

/**
 * Which helpers each program type may call: the kernel's per-type {@code get_func_proto} lists,
 * reduced to the helpers ebpf4j implements, for a loader with CAP_BPF and CAP_PERFMON (root, as
 * the kernel oracle runs). Roughly, since the kernel's lists depend on attach types, capabilities
 * and configuration:
 * <ul>
 * <li>{@link #BASE} — {@code bpf_base_func_proto} (kernel/bpf/helpers.c): map operations, random
 *     numbers, CPU and NUMA ids, tail calls, the monotonic/boot/coarse/TAI clocks, ring buffers,
 *     {@code bpf_for_each_map_elem}, {@code bpf_loop}; with CAP_BPF spin locks, {@code jiffies64},
 *     {@code strtol}/{@code strtoul}/{@code strncmp}; with CAP_PERFMON {@code trace_printk},
 *     {@code trace_vprintk}, {@code snprintf}, {@code get_current_task} and the
 *     {@code probe_read_kernel/_user(_str)} family.</li>
 * <li>{@link #SOCKET_FILTER} — {@code sk_filter_func_proto} (net/core/filter.c): base plus
 *     {@code skb_load_bytes(_relative)}.</li>
 * <li>{@link #TC} — {@code tc_cls_act_func_proto}: base plus {@code skb_load_bytes},
 *     {@code skb_store_bytes}, {@code l3/l4_csum_replace}, {@code csum_diff}, {@code redirect}
 *     (among the helpers implemented here).</li>
 * <li>{@link #XDP} — {@code xdp_func_proto}: base plus {@code xdp_adjust_head/_meta/_tail},
 *     {@code csum_diff}, {@code redirect}, {@code xdp_get_buff_len},
 *     {@code xdp_load_bytes}, {@code xdp_store_bytes}.</li>
 * <li>{@link #TRACING} — {@code bpf_tracing_func_proto} (kernel/trace/bpf_trace.c), used by raw
 *     tracepoints ({@code raw_tp_prog_func_proto}) and syscall programs
 *     ({@code syscall_prog_func_proto}): base plus the current task's pid/tgid, uid/gid and comm,
 *     {@code ktime_get_coarse_ns} and the legacy {@code probe_read(_str)}.</li>
 * </ul>
 */
final class HelperSets {
    private HelperSets() {}

    static final BitSet BASE = of(MAP_LOOKUP_ELEM, MAP_UPDATE_ELEM, MAP_DELETE_ELEM, MAP_PUSH_ELEM, MAP_POP_ELEM,
            MAP_PEEK_ELEM, MAP_LOOKUP_PERCPU_ELEM, GET_PRANDOM_U32, GET_SMP_PROCESSOR_ID, GET_NUMA_NODE_ID, TAIL_CALL,
            KTIME_GET_NS, KTIME_GET_BOOT_NS, KTIME_GET_COARSE_NS, KTIME_GET_TAI_NS, RINGBUF_OUTPUT, RINGBUF_RESERVE, RINGBUF_SUBMIT,
            RINGBUF_DISCARD, RINGBUF_QUERY, FOR_EACH_MAP_ELEM, LOOP,
            // CAP_BPF
            SPIN_LOCK, SPIN_UNLOCK, JIFFIES64, STRTOL, STRTOUL, STRNCMP,
            // CAP_PERFMON
            TRACE_PRINTK, TRACE_VPRINTK, SNPRINTF, GET_CURRENT_TASK, PROBE_READ_USER, PROBE_READ_KERNEL,
            PROBE_READ_USER_STR, PROBE_READ_KERNEL_STR);

    static final BitSet SOCKET_FILTER = with(BASE, SKB_LOAD_BYTES, SKB_LOAD_BYTES_RELATIVE);

    static final BitSet TC = with(BASE, SKB_LOAD_BYTES, SKB_LOAD_BYTES_RELATIVE, SKB_STORE_BYTES, L3_CSUM_REPLACE,
            L4_CSUM_REPLACE, CSUM_DIFF, REDIRECT);

    static final BitSet XDP = with(BASE, XDP_ADJUST_HEAD, XDP_ADJUST_META, XDP_ADJUST_TAIL, CSUM_DIFF, REDIRECT,
            XDP_GET_BUFF_LEN, XDP_LOAD_BYTES, XDP_STORE_BYTES);

    static final BitSet TRACING = with(BASE, GET_CURRENT_PID_TGID, GET_CURRENT_UID_GID, GET_CURRENT_COMM,
            PROBE_READ, PROBE_READ_STR);

    /** The "memory" type of the conformance suite has no kernel list: every helper the runtime knows. */
    static final BitSet ALL = all();

    private static BitSet of(int... ids) {
        BitSet b = new BitSet();
        for (int id : ids) b.set(id);
        return b;
    }

    private static BitSet with(BitSet base, int... ids) {
        BitSet b = (BitSet) base.clone();
        for (int id : ids) b.set(id);
        return b;
    }

    private static BitSet all() {
        BitSet b = new BitSet();
        b.set(1, MAX_ID);
        return b;
    }
}
