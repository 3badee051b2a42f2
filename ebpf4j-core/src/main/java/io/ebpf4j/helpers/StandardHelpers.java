package io.ebpf4j.helpers;

import static io.ebpf4j.helpers.HelperIds.*;

import java.util.List;

/**
 * The kernel helpers ebpf4j implements, with the kernel's ids, names and prototypes
 * ({@code bpf_func_proto} in kernel/bpf/helpers.c, kernel/trace/bpf_trace.c, net/core/filter.c,
 * kernel/bpf/ringbuf.c, kernel/bpf/bpf_iter.c):
 * <ul>
 * <li>maps: lookup/update/delete, push/pop/peek, {@code map_lookup_percpu_elem},
 *     {@code for_each_map_elem}; ring buffers: output/reserve/submit/discard/query;</li>
 * <li>control: {@code tail_call} (at most 33 per run), {@code loop}, {@code spin_lock}/{@code spin_unlock};</li>
 * <li>time and identity: {@code ktime_get_ns}, {@code ktime_get_boot_ns}, {@code ktime_get_coarse_ns},
 *     {@code ktime_get_tai_ns}, {@code jiffies64}, {@code get_prandom_u32}, {@code get_smp_processor_id},
 *     {@code get_numa_node_id}, {@code get_current_pid_tgid}, {@code get_current_uid_gid},
 *     {@code get_current_comm}, {@code get_current_task};</li>
 * <li>memory: {@code probe_read}, {@code probe_read_str}, {@code probe_read_kernel(_str)},
 *     {@code probe_read_user(_str)};</li>
 * <li>output: {@code trace_printk}, {@code trace_vprintk}, {@code snprintf};</li>
 * <li>strings: {@code strtol}, {@code strtoul}, {@code strncmp};</li>
 * <li>packets: {@code xdp_adjust_head/_meta/_tail}, {@code xdp_get_buff_len},
 *     {@code xdp_load_bytes}, {@code xdp_store_bytes}, {@code skb_load_bytes(_relative)},
 *     {@code skb_store_bytes}, {@code l3_csum_replace}, {@code l4_csum_replace}, {@code csum_diff},
 *     {@code redirect}.</li>
 * </ul>
 */
public final class StandardHelpers {
    private StandardHelpers() {}

    private static final ArgType ANY = ArgType.ANYTHING, MAP = ArgType.CONST_MAP_PTR, KEY = ArgType.PTR_TO_MAP_KEY,
            VALUE = ArgType.PTR_TO_MAP_VALUE, CTX = ArgType.PTR_TO_CTX, UNINIT = ArgType.PTR_TO_UNINIT_MEM,
            RDONLY = ArgType.PTR_TO_MEM_RDONLY, SIZE = ArgType.CONST_SIZE, SIZE0 = ArgType.CONST_SIZE_OR_ZERO;

    private static Helper h(int id, HelperProto proto, HelperFunction f) {
        return new Helper(id, HelperIds.name(id), proto, f);
    }

    private static HelperProto integer(ArgType... args) {
        return HelperProto.of(RetType.INTEGER, args);
    }

    /** The map helpers' functions, which a compiler may replace by the map's own operations ({@link #mapOp}). */
    private static final HelperFunction MAP_LOOKUP = (c, a, b, x, y, z) -> MapHelpers.lookup(c, a, b);
    private static final HelperFunction MAP_UPDATE = (c, a, b, x, y, z) -> MapHelpers.update(c, a, b, x, y);
    private static final HelperFunction MAP_DELETE = (c, a, b, x, y, z) -> MapHelpers.delete(c, a, b);

    /**
     * The map operation that this library's {@code bpf_map_lookup_elem}, {@code bpf_map_update_elem} or
     * {@code bpf_map_delete_elem} is, or null for any other function. On a map known where the program is compiled, and
     * with the key and value pointers the verifier checked, such a call is the map's own operation
     * ({@link io.ebpf4j.maps.BpfMap#lookup}, {@code update}, {@code delete}) on the calling CPU slot: the kernel's
     * verifier calls the map's ops directly there too ({@code do_misc_fixups}), and writes an array's lookup out
     * ({@link io.ebpf4j.maps.BpfMap#inlineLookup()}). A registry that replaced a map helper has another function, and
     * its calls stay calls.
     */
    public static MapOp mapOp(HelperFunction f) {
        if (f == MAP_LOOKUP) return MapOp.LOOKUP;
        if (f == MAP_UPDATE) return MapOp.UPDATE;
        if (f == MAP_DELETE) return MapOp.DELETE;
        return null;
    }

    /** See {@link #mapOp}. */
    public enum MapOp { LOOKUP, UPDATE, DELETE }

    private static final List<Helper> ALL = List.of(
            // ---- maps (kernel/bpf/helpers.c)
            h(MAP_LOOKUP_ELEM, HelperProto.of(RetType.PTR_TO_MAP_VALUE_OR_NULL, MAP, KEY).packetAccess(), MAP_LOOKUP),
            h(MAP_UPDATE_ELEM, integer(MAP, KEY, VALUE, ANY).packetAccess(), MAP_UPDATE),
            h(MAP_DELETE_ELEM, integer(MAP, KEY).packetAccess(), MAP_DELETE),
            h(MAP_PUSH_ELEM, integer(MAP, VALUE, ANY), (c, a, b, x, y, z) -> MapHelpers.push(c, a, b, x)),
            h(MAP_POP_ELEM, integer(MAP, ArgType.PTR_TO_UNINIT_MAP_VALUE), (c, a, b, x, y, z) -> MapHelpers.pop(c, a, b)),
            h(MAP_PEEK_ELEM, integer(MAP, ArgType.PTR_TO_UNINIT_MAP_VALUE), (c, a, b, x, y, z) -> MapHelpers.peek(c, a, b)),
            h(MAP_LOOKUP_PERCPU_ELEM, HelperProto.of(RetType.PTR_TO_MAP_VALUE_OR_NULL, MAP, KEY, ANY).packetAccess(),
                    (c, a, b, x, y, z) -> MapHelpers.lookupPercpu(c, a, b, x)),
            h(FOR_EACH_MAP_ELEM, integer(MAP, ArgType.PTR_TO_FUNC, ArgType.PTR_TO_STACK_OR_NULL, ANY),
                    (c, a, b, x, y, z) -> MapHelpers.forEach(c, a, b, x, y)),
            // ---- ring buffers (kernel/bpf/ringbuf.c)
            h(RINGBUF_OUTPUT, integer(MAP, RDONLY, SIZE0, ANY), (c, a, b, x, y, z) -> MapHelpers.ringbufOutput(c, a, b, x, y)),
            h(RINGBUF_RESERVE, HelperProto.of(RetType.PTR_TO_RINGBUF_MEM_OR_NULL, MAP, ArgType.CONST_ALLOC_SIZE_OR_ZERO, ANY),
                    (c, a, b, x, y, z) -> MapHelpers.ringbufReserve(c, a, b, x)),
            h(RINGBUF_SUBMIT, HelperProto.of(RetType.VOID, ArgType.RELEASE_RINGBUF_MEM, ANY),
                    (c, a, b, x, y, z) -> MapHelpers.ringbufCommit(c, a, b, false)),
            h(RINGBUF_DISCARD, HelperProto.of(RetType.VOID, ArgType.RELEASE_RINGBUF_MEM, ANY),
                    (c, a, b, x, y, z) -> MapHelpers.ringbufCommit(c, a, b, true)),
            h(RINGBUF_QUERY, integer(MAP, ANY), (c, a, b, x, y, z) -> MapHelpers.ringbufQuery(c, a, b)),
            // ---- control
            h(TAIL_CALL, HelperProto.of(RetType.VOID, CTX, MAP, ANY), (c, a, b, x, y, z) -> c.tailCall(b, x)),
            h(LOOP, integer(ANY, ArgType.PTR_TO_FUNC, ArgType.PTR_TO_STACK_OR_NULL, ANY),
                    (c, a, b, x, y, z) -> MapHelpers.loop(c, a, b, x, y, false)),
            h(SPIN_LOCK, HelperProto.of(RetType.VOID, ArgType.PTR_TO_SPIN_LOCK), (c, a, b, x, y, z) -> MapHelpers.spinLock(c, a)),
            h(SPIN_UNLOCK, HelperProto.of(RetType.VOID, ArgType.PTR_TO_SPIN_LOCK), (c, a, b, x, y, z) -> MapHelpers.spinUnlock(c, a)),
            // ---- time, CPU, randomness
            h(KTIME_GET_NS, integer(), (c, a, b, x, y, z) -> c.environment().monotonicNs()),
            h(KTIME_GET_BOOT_NS, integer(), (c, a, b, x, y, z) -> c.environment().bootNs()),
            h(KTIME_GET_COARSE_NS, integer(), (c, a, b, x, y, z) -> c.environment().monotonicNs() / 4_000_000 * 4_000_000),
            h(KTIME_GET_TAI_NS, integer(), (c, a, b, x, y, z) -> c.environment().taiNs()),
            h(JIFFIES64, integer(), (c, a, b, x, y, z) -> 0xfffb6c20L + c.environment().monotonicNs() / 4_000_000),
            h(GET_PRANDOM_U32, integer(), (c, a, b, x, y, z) -> c.environment().prandom(c.cpu()) & 0xffff_ffffL),
            h(GET_SMP_PROCESSOR_ID, integer(), (c, a, b, x, y, z) -> c.cpu()),
            h(GET_NUMA_NODE_ID, integer(), (c, a, b, x, y, z) -> 0),
            // ---- current task (kernel/bpf/helpers.c, kernel/trace/bpf_trace.c)
            h(GET_CURRENT_PID_TGID, integer(), (c, a, b, x, y, z) -> c.environment().task().pidTgid()),
            h(GET_CURRENT_UID_GID, integer(), (c, a, b, x, y, z) -> c.environment().task().uidGid()),
            h(GET_CURRENT_COMM, integer(UNINIT, SIZE), (c, a, b, x, y, z) -> MiscHelpers.currentComm(c, a, b)),
            h(GET_CURRENT_TASK, integer().gpl(), (c, a, b, x, y, z) -> c.environment().task().taskPointer()),
            // ---- probe reads (kernel/trace/bpf_trace.c)
            h(PROBE_READ, integer(UNINIT, SIZE0, ANY).gpl(), (c, a, b, x, y, z) -> ProbeHelpers.readKernel(c, a, b & 0xffff_ffffL, x)),
            h(PROBE_READ_STR, integer(UNINIT, SIZE0, ANY).gpl(),
                    (c, a, b, x, y, z) -> ProbeHelpers.readKernelStr(c, a, b & 0xffff_ffffL, x)),
            h(PROBE_READ_KERNEL, integer(UNINIT, SIZE0, ANY).gpl(),
                    (c, a, b, x, y, z) -> ProbeHelpers.readKernel(c, a, b & 0xffff_ffffL, x)),
            h(PROBE_READ_KERNEL_STR, integer(UNINIT, SIZE0, ANY).gpl(),
                    (c, a, b, x, y, z) -> ProbeHelpers.readKernelStr(c, a, b & 0xffff_ffffL, x)),
            h(PROBE_READ_USER, integer(UNINIT, SIZE0, ANY).gpl(), (c, a, b, x, y, z) -> ProbeHelpers.readUser(c, a, b & 0xffff_ffffL, x)),
            h(PROBE_READ_USER_STR, integer(UNINIT, SIZE0, ANY).gpl(),
                    (c, a, b, x, y, z) -> ProbeHelpers.readUserStr(c, a, b & 0xffff_ffffL, x)),
            // ---- printf
            h(TRACE_PRINTK, integer(RDONLY, SIZE).gpl(), (c, a, b, x, y, z) -> MiscHelpers.tracePrintk(c, a, b, x, y, z)),
            h(TRACE_VPRINTK, integer(RDONLY, SIZE, ArgType.PTR_TO_MEM_OR_NULL_RDONLY, SIZE0).gpl(),
                    (c, a, b, x, y, z) -> MiscHelpers.traceVprintk(c, a, b, x, y)),
            h(SNPRINTF, integer(ArgType.PTR_TO_MEM_OR_NULL, SIZE0, ArgType.PTR_TO_CONST_STR, ArgType.PTR_TO_MEM_OR_NULL_RDONLY, SIZE0)
                    .gpl(), (c, a, b, x, y, z) -> MiscHelpers.snprintf(c, a, b, x, y, z)),
            // ---- strings
            h(STRTOL, integer(RDONLY, SIZE, ANY, ArgType.fixedSizeUninitAligned(8)), (c, a, b, x, y, z) -> MiscHelpers.strtol(c, a, b, x, y)),
            h(STRTOUL, integer(RDONLY, SIZE, ANY, ArgType.fixedSizeUninitAligned(8)), (c, a, b, x, y, z) -> MiscHelpers.strtoul(c, a, b, x, y)),
            h(STRNCMP, integer(RDONLY, SIZE, ArgType.PTR_TO_CONST_STR), (c, a, b, x, y, z) -> MiscHelpers.strncmp(c, a, b, x)),
            // ---- packets (net/core/filter.c)
            h(XDP_ADJUST_HEAD, integer(CTX, ANY), (c, a, b, x, y, z) -> PacketHelpers.xdpAdjustHead(c, b)),
            h(XDP_ADJUST_META, integer(CTX, ANY), (c, a, b, x, y, z) -> PacketHelpers.xdpAdjustMeta(c, b)),
            h(XDP_ADJUST_TAIL, integer(CTX, ANY), (c, a, b, x, y, z) -> PacketHelpers.xdpAdjustTail(c, b)),
            h(XDP_GET_BUFF_LEN, integer(CTX), (c, a, b, x, y, z) -> PacketHelpers.xdpGetBuffLen(c)),
            h(XDP_LOAD_BYTES, integer(CTX, ANY, UNINIT, SIZE), (c, a, b, x, y, z) -> PacketHelpers.xdpCopy(c, b, x, y, false)),
            h(XDP_STORE_BYTES, integer(CTX, ANY, RDONLY, SIZE), (c, a, b, x, y, z) -> PacketHelpers.xdpCopy(c, b, x, y, true)),
            h(SKB_LOAD_BYTES, integer(CTX, ANY, UNINIT, SIZE), (c, a, b, x, y, z) -> PacketHelpers.skbLoadBytes(c, b, x, y)),
            h(SKB_LOAD_BYTES_RELATIVE, integer(CTX, ANY, UNINIT, SIZE, ANY),
                    (c, a, b, x, y, z) -> PacketHelpers.skbLoadBytesRelative(c, b, x, y, z)),
            h(SKB_STORE_BYTES, integer(CTX, ANY, RDONLY, SIZE, ANY), (c, a, b, x, y, z) -> PacketHelpers.skbStoreBytes(c, b, x, y, z)),
            h(L3_CSUM_REPLACE, integer(CTX, ANY, ANY, ANY, ANY), (c, a, b, x, y, z) -> PacketHelpers.l3CsumReplace(c, b, x, y, z)),
            h(L4_CSUM_REPLACE, integer(CTX, ANY, ANY, ANY, ANY), (c, a, b, x, y, z) -> PacketHelpers.l4CsumReplace(c, b, x, y, z)),
            h(CSUM_DIFF, integer(ArgType.PTR_TO_MEM_OR_NULL_RDONLY, SIZE0, ArgType.PTR_TO_MEM_OR_NULL_RDONLY, SIZE0, ANY).packetAccess(),
                    (c, a, b, x, y, z) -> PacketHelpers.csumDiff(c, a, b, x, y, z)),
            h(REDIRECT, integer(ANY, ANY), (c, a, b, x, y, z) -> PacketHelpers.redirect(c, a, b)));

    /**
     * {@code bpf_loop} as the kernel's verifier inlines it when {@code flags} is a known constant 0
     * ({@code inline_bpf_loop}): -E2BIG comes back as the 32-bit value 0xfffffff9. Engines bind a
     * call site to this variant when they can tell that r4 is 0 there.
     */
    public static final Helper LOOP_INLINED = h(LOOP, integer(ANY, ArgType.PTR_TO_FUNC, ArgType.PTR_TO_STACK_OR_NULL, ANY),
            (c, a, b, x, y, z) -> MapHelpers.loop(c, a, b, x, y, true));

    /** Every standard helper, by ascending id. */
    public static List<Helper> all() {
        return ALL;
    }
}
