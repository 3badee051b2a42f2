package io.ebpf4j.maps;

/**
 * Flag values of the map API, as include/uapi/linux/bpf.h numbers them: element update flags,
 * map creation flags ({@code map_flags}) and the ring buffer's flags and record header bits.
 */
public final class MapFlags {
    private MapFlags() {}

    // ---- element update flags (bpf_map_update_elem, bpf_map_push_elem)
    /** Create a new element or update an existing one. */
    public static final long BPF_ANY = 0;
    /** Create a new element only if it did not exist. */
    public static final long BPF_NOEXIST = 1;
    /** Update an existing element (queue/stack push: overwrite the oldest element when full). */
    public static final long BPF_EXIST = 2;
    /** Copy the value while holding the {@code struct bpf_spin_lock} inside it. */
    public static final long BPF_F_LOCK = 4;

    // ---- map_flags at creation
    public static final int BPF_F_NO_PREALLOC = 1;
    public static final int BPF_F_NO_COMMON_LRU = 1 << 1;
    public static final int BPF_F_NUMA_NODE = 1 << 2;
    public static final int BPF_F_RDONLY = 1 << 3;
    public static final int BPF_F_WRONLY = 1 << 4;
    public static final int BPF_F_STACK_BUILD_ID = 1 << 5;
    public static final int BPF_F_ZERO_SEED = 1 << 6;
    public static final int BPF_F_RDONLY_PROG = 1 << 7;
    public static final int BPF_F_WRONLY_PROG = 1 << 8;
    public static final int BPF_F_CLONE = 1 << 9;
    public static final int BPF_F_MMAPABLE = 1 << 10;
    public static final int BPF_F_PRESERVE_ELEMS = 1 << 11;
    public static final int BPF_F_INNER_MAP = 1 << 12;
    /** include/linux/bpf.h {@code BPF_F_ACCESS_MASK}. */
    public static final int BPF_F_ACCESS_MASK = BPF_F_RDONLY | BPF_F_RDONLY_PROG | BPF_F_WRONLY | BPF_F_WRONLY_PROG;

    // ---- ring buffer
    /** bpf_ringbuf_submit/discard/output: do not notify the consumer. */
    public static final long BPF_RB_NO_WAKEUP = 1;
    /** bpf_ringbuf_submit/discard/output: notify the consumer unconditionally. */
    public static final long BPF_RB_FORCE_WAKEUP = 2;
    /** bpf_ringbuf_query: bytes produced and not yet consumed. */
    public static final long BPF_RB_AVAIL_DATA = 0;
    /** bpf_ringbuf_query: size of the data area. */
    public static final long BPF_RB_RING_SIZE = 1;
    /** bpf_ringbuf_query: consumer position. */
    public static final long BPF_RB_CONS_POS = 2;
    /** bpf_ringbuf_query: producer position. */
    public static final long BPF_RB_PROD_POS = 3;
    /** Record header: the record is reserved and not yet committed. */
    public static final int BPF_RINGBUF_BUSY_BIT = 1 << 31;
    /** Record header: the record was discarded; consumers skip it. */
    public static final int BPF_RINGBUF_DISCARD_BIT = 1 << 30;
    /** Size of the record header ({@code struct bpf_ringbuf_hdr}: u32 len, u32 pg_off). */
    public static final int BPF_RINGBUF_HDR_SZ = 8;
}
