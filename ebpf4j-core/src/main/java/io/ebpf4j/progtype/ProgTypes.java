package io.ebpf4j.progtype;

import io.ebpf4j.object.ProgramType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The program types the runtime can run, found by kernel type or by name. Supported: XDP, socket
 * filter, tc ({@code sched_cls}, {@code sched_act}), syscall, raw tracepoint (and its writable
 * variant), and the conformance suite's "memory" type (for programs whose section names no type).
 */
public final class ProgTypes {
    private ProgTypes() {}

    private static final ProgTypeOps XDP = new XdpOps();
    private static final ProgTypeOps SOCKET_FILTER = new SkbOps(ProgramType.SOCKET_FILTER);
    private static final ProgTypeOps SCHED_CLS = new SkbOps(ProgramType.SCHED_CLS);
    private static final ProgTypeOps SCHED_ACT = new SkbOps(ProgramType.SCHED_ACT);
    private static final ProgTypeOps SYSCALL = new CtxBytesOps(ProgramType.SYSCALL);
    private static final ProgTypeOps RAW_TRACEPOINT = new CtxBytesOps(ProgramType.RAW_TRACEPOINT);
    private static final ProgTypeOps RAW_TRACEPOINT_WRITABLE = new CtxBytesOps(ProgramType.RAW_TRACEPOINT_WRITABLE);
    private static final ProgTypeOps MEMORY = new MemoryOps();

    /** Every supported type. */
    public static List<ProgTypeOps> all() {
        return List.of(XDP, SOCKET_FILTER, SCHED_CLS, SCHED_ACT, SYSCALL, RAW_TRACEPOINT, RAW_TRACEPOINT_WRITABLE, MEMORY);
    }

    /** The ops of {@code type}; {@link ProgramType#UNSPEC} gives the "memory" type. Empty for types the runtime cannot run. */
    public static Optional<ProgTypeOps> of(ProgramType type) {
        return Optional.ofNullable(switch (type) {
            case XDP -> XDP;
            case SOCKET_FILTER -> SOCKET_FILTER;
            case SCHED_CLS -> SCHED_CLS;
            case SCHED_ACT -> SCHED_ACT;
            case SYSCALL -> SYSCALL;
            case RAW_TRACEPOINT -> RAW_TRACEPOINT;
            case RAW_TRACEPOINT_WRITABLE -> RAW_TRACEPOINT_WRITABLE;
            case UNSPEC -> MEMORY;
            default -> null;
        });
    }

    /** The "memory" type: r1 = buffer, r2 = length. */
    public static ProgTypeOps memory() {
        return MEMORY;
    }

    /**
     * The type named {@code name}, as {@code bpftool prog load ... type} and libbpf spell them:
     * {@code xdp}, {@code socket} / {@code socket_filter}, {@code tc} / {@code sched_cls} /
     * {@code classifier}, {@code action} / {@code sched_act}, {@code syscall},
     * {@code raw_tracepoint} / {@code raw_tp}, {@code memory}.
     */
    public static Optional<ProgTypeOps> byName(String name) {
        return Optional.ofNullable(switch (name.toLowerCase(Locale.ROOT)) {
            case "xdp" -> XDP;
            case "socket", "socket_filter" -> SOCKET_FILTER;
            case "tc", "sched_cls", "classifier", "tcx" -> SCHED_CLS;
            case "action", "sched_act" -> SCHED_ACT;
            case "syscall" -> SYSCALL;
            case "raw_tracepoint", "raw_tp" -> RAW_TRACEPOINT;
            case "raw_tracepoint_writable", "raw_tp_writable" -> RAW_TRACEPOINT_WRITABLE;
            case "memory", "ubpf" -> MEMORY;
            default -> null;
        });
    }
}
