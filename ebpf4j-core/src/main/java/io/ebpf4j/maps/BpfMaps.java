package io.ebpf4j.maps;

import io.ebpf4j.object.MapSpec;
import io.ebpf4j.object.MapType;

import java.util.Objects;

/**
 * Creates live maps from specs, as {@code BPF_MAP_CREATE} does: the kernel's attribute checks
 * (each map type's {@code map_alloc_check}/{@code map_alloc}) turn into a {@link MapException}
 * naming the map, the rule and the errno the kernel would return; then all storage is allocated in
 * the arena at once and the map is registered.
 *
 * <p>Supported types: {@code ARRAY}, {@code PERCPU_ARRAY}, {@code HASH}, {@code PERCPU_HASH},
 * {@code LRU_HASH}, {@code LRU_PERCPU_HASH}, {@code LPM_TRIE}, {@code QUEUE}, {@code STACK},
 * {@code RINGBUF}, {@code PROG_ARRAY} (a {@link ProgArrayMap}), {@code ARRAY_OF_MAPS} and
 * {@code HASH_OF_MAPS}. Ring buffers are {@link RingBufMap}s.
 *
 * <p>Global data maps ({@code .data}, {@code .rodata}, {@code .bss}, {@code .kconfig}) get the spec's
 * {@link MapSpec#contents()} as their value, and a spec marked {@link MapSpec#frozen()} is frozen
 * after that, as libbpf's {@code bpf_object__populate_internal_map} does. Initial slots of program
 * arrays and map-in-maps ({@link MapSpec#initialSlots()}) name programs and maps the runtime knows:
 * the runtime fills them with Java-side updates.
 */
public final class BpfMaps {
    private BpfMaps() {}

    /** {@code PCPU_MIN_UNIT_SIZE}: the largest per-CPU value. */
    private static final int PCPU_MIN_UNIT_SIZE = 32 << 10;
    private static final int ARRAY_FLAGS = MapFlags.BPF_F_NUMA_NODE | MapFlags.BPF_F_MMAPABLE
            | MapFlags.BPF_F_ACCESS_MASK | MapFlags.BPF_F_PRESERVE_ELEMS | MapFlags.BPF_F_INNER_MAP;
    private static final int HTAB_FLAGS = MapFlags.BPF_F_NO_PREALLOC | MapFlags.BPF_F_NO_COMMON_LRU
            | MapFlags.BPF_F_NUMA_NODE | MapFlags.BPF_F_ACCESS_MASK | MapFlags.BPF_F_ZERO_SEED;
    private static final int LPM_FLAGS = MapFlags.BPF_F_NO_PREALLOC | MapFlags.BPF_F_NUMA_NODE
            | MapFlags.BPF_F_ACCESS_MASK;
    private static final int QUEUE_FLAGS = MapFlags.BPF_F_NUMA_NODE | MapFlags.BPF_F_ACCESS_MASK;

    /** {@link #create(MapSpec, MapMemory, int, MapRegistry, SpecialFields)} for values without special fields. */
    public static BpfMap create(MapSpec spec, MapMemory memory, int cpus, MapRegistry registry) {
        return create(spec, memory, cpus, registry, SpecialFields.NONE);
    }

    /**
     * Creates the map {@code spec} describes.
     *
     * @param memory   the arena its keys and values go to
     * @param cpus     the runtime's number of CPU slots (≥ 1): per-CPU maps keep that many copies of
     *                 each value, and {@code cpu} arguments are below it
     * @param registry where the map gets its id and where map-in-maps resolve inner map ids
     * @param fields   the value's special fields (its {@code bpf_spin_lock}), e.g. from
     *                 {@link SpecialFields#of}
     * @throws MapException if the kernel would refuse to create the map, the type is not supported,
     *                      or the arena has no room
     */
    public static BpfMap create(MapSpec spec, MapMemory memory, int cpus, MapRegistry registry, SpecialFields fields) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(fields, "fields");
        if (cpus < 1) throw new IllegalArgumentException("cpus must be at least 1: " + cpus);
        check(spec, fields);
        AbstractBpfMap map = switch (spec.type()) {
            case ARRAY, PERCPU_ARRAY -> new ArrayMap(spec, memory, cpus, registry, fields);
            case HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH, HASH_OF_MAPS ->
                    new HashTabMap(spec, memory, cpus, registry, fields);
            case LPM_TRIE -> new LpmTrieMap(spec, memory, cpus, registry, fields);
            case QUEUE, STACK -> new QueueStackMap(spec, memory, cpus, registry, fields);
            case RINGBUF -> new RingBufMap(spec, memory, cpus, registry, fields);
            case PROG_ARRAY -> new ProgArrayMap(spec, memory, cpus, registry, fields);
            case ARRAY_OF_MAPS -> new ArrayOfMapsMap(spec, memory, cpus, registry, fields);
            default -> throw new MapException("map " + spec.name() + ": map type " + spec.type().libbpfName()
                    + " (" + spec.type().number() + ") is not supported by ebpf4j");
        };
        map.register();
        map.initialize();
        if (spec.frozen()) map.freeze();
        return map;
    }

    /**
     * Whether {@code inner} may be stored in a map-in-map whose inner map template is {@code meta}
     * ({@code bpf_map_meta_equal}, kernel/bpf/map_in_map.c; for arrays also {@code max_entries} unless
     * the template has {@code BPF_F_INNER_MAP}, {@code array_map_meta_equal}).
     */
    public static boolean metaEqual(MapSpec meta, BpfMap inner) {
        if (meta == null || inner == null) return false;
        MapSpec s = inner.spec();
        if (meta.type() != s.type() || meta.keySize() != s.keySize() || meta.valueSize() != s.valueSize()
                || meta.flags() != s.flags()) {
            return false;
        }
        return meta.type() != MapType.ARRAY || (meta.flags() & MapFlags.BPF_F_INNER_MAP) != 0
                || meta.maxEntries() == s.maxEntries();
    }

    // ------------------------------------------------------------------ BPF_MAP_CREATE checks

    private static void check(MapSpec spec, SpecialFields fields) {
        int flags = spec.flags();
        int ks = spec.keySize(), vs = spec.valueSize(), max = spec.maxEntries();
        if ((flags & MapFlags.BPF_F_RDONLY_PROG) != 0 && (flags & MapFlags.BPF_F_WRONLY_PROG) != 0) {
            fail(spec, "BPF_F_RDONLY_PROG and BPF_F_WRONLY_PROG together", Errno.EINVAL, "bpf_map_flags_access_ok");
        }
        switch (spec.type()) {
            case ARRAY, PERCPU_ARRAY, PROG_ARRAY, ARRAY_OF_MAPS -> {
                String where = "kernel/bpf/arraymap.c array_map_alloc_check";
                if (spec.type() == MapType.PROG_ARRAY || spec.type() == MapType.ARRAY_OF_MAPS) {
                    String fd = "kernel/bpf/arraymap.c fd_array_map_alloc_check";
                    if (vs != 4) fail(spec, "value_size " + vs + " must be 4 (a file descriptor)", Errno.EINVAL, fd);
                    if ((flags & (MapFlags.BPF_F_RDONLY_PROG | MapFlags.BPF_F_WRONLY_PROG)) != 0) {
                        fail(spec, "BPF_F_RDONLY_PROG/BPF_F_WRONLY_PROG are not supported", Errno.EINVAL, fd);
                    }
                }
                if (max == 0) fail(spec, "max_entries must not be 0", Errno.EINVAL, where);
                if (ks != 4) fail(spec, "key_size " + ks + " must be 4", Errno.EINVAL, where);
                if (vs <= 0) fail(spec, "value_size must not be 0", Errno.EINVAL, where);
                checkFlags(spec, ARRAY_FLAGS, where);
                if (spec.type() != MapType.ARRAY && (flags & (MapFlags.BPF_F_MMAPABLE | MapFlags.BPF_F_INNER_MAP)) != 0) {
                    fail(spec, "BPF_F_MMAPABLE and BPF_F_INNER_MAP are for plain arrays", Errno.EINVAL, where);
                }
                if ((flags & MapFlags.BPF_F_PRESERVE_ELEMS) != 0) {
                    fail(spec, "BPF_F_PRESERVE_ELEMS is for perf event arrays", Errno.EINVAL, where);
                }
                if (spec.type() == MapType.PERCPU_ARRAY && vs > PCPU_MIN_UNIT_SIZE) {
                    fail(spec, "per-CPU value_size " + vs + " exceeds " + PCPU_MIN_UNIT_SIZE, Errno.E2BIG, where);
                }
                if (spec.type() == MapType.ARRAY_OF_MAPS) checkInner(spec);
            }
            case HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH, HASH_OF_MAPS -> {
                String where = "kernel/bpf/hashtab.c htab_map_alloc_check";
                boolean lru = spec.type() == MapType.LRU_HASH || spec.type() == MapType.LRU_PERCPU_HASH;
                boolean percpu = spec.type() == MapType.PERCPU_HASH || spec.type() == MapType.LRU_PERCPU_HASH;
                if (spec.type() == MapType.HASH_OF_MAPS && vs != 4) {
                    fail(spec, "value_size " + vs + " must be 4 (a file descriptor)", Errno.EINVAL,
                            "kernel/bpf/hashtab.c fd_htab_map_alloc_check");
                }
                checkFlags(spec, HTAB_FLAGS, where);
                if (!lru && (flags & MapFlags.BPF_F_NO_COMMON_LRU) != 0) {
                    fail(spec, "BPF_F_NO_COMMON_LRU is for LRU maps", Errno.EINVAL, where);
                }
                if (lru && (flags & MapFlags.BPF_F_NO_PREALLOC) != 0) {
                    fail(spec, "LRU maps cannot be BPF_F_NO_PREALLOC", Errno.ENOTSUPP, where);
                }
                if (max == 0 || ks == 0 || vs == 0) {
                    fail(spec, "max_entries, key_size and value_size must not be 0", Errno.EINVAL, where);
                }
                if (percpu && roundUp8(vs) > PCPU_MIN_UNIT_SIZE) {
                    fail(spec, "per-CPU value_size " + vs + " exceeds " + PCPU_MIN_UNIT_SIZE, Errno.E2BIG, where);
                }
                if (Integer.toUnsignedLong(max) > 1L << 30) {
                    fail(spec, "max_entries " + Integer.toUnsignedString(max) + " is too large", Errno.E2BIG,
                            "kernel/bpf/hashtab.c htab_map_alloc");
                }
                if (spec.type() == MapType.HASH_OF_MAPS) checkInner(spec);
            }
            case LPM_TRIE -> {
                String where = "kernel/bpf/lpm_trie.c trie_alloc";
                if (max == 0) fail(spec, "max_entries must not be 0", Errno.EINVAL, where);
                if ((flags & MapFlags.BPF_F_NO_PREALLOC) == 0) {
                    fail(spec, "an LPM trie needs map_flags BPF_F_NO_PREALLOC", Errno.EINVAL, where);
                }
                checkFlags(spec, LPM_FLAGS, where);
                if (ks < 5 || ks > 4 + 256) {
                    fail(spec, "key_size " + ks + " must be 4 (prefixlen) + 1..256 data bytes", Errno.EINVAL, where);
                }
                if (vs < 1) fail(spec, "value_size must not be 0", Errno.EINVAL, where);
            }
            case QUEUE, STACK -> {
                String where = "kernel/bpf/queue_stack_maps.c queue_stack_map_alloc_check";
                if (max == 0) fail(spec, "max_entries must not be 0", Errno.EINVAL, where);
                if (ks != 0) fail(spec, "key_size " + ks + " must be 0", Errno.EINVAL, where);
                if (vs == 0) fail(spec, "value_size must not be 0", Errno.EINVAL, where);
                checkFlags(spec, QUEUE_FLAGS, where);
            }
            case RINGBUF -> {
                String where = "kernel/bpf/ringbuf.c ringbuf_map_alloc";
                checkFlags(spec, MapFlags.BPF_F_NUMA_NODE, where);
                if (ks != 0 || vs != 0) fail(spec, "key_size and value_size must be 0", Errno.EINVAL, where);
                if (max <= 0 || Integer.bitCount(max) != 1 || max % 4096 != 0) {
                    fail(spec, "max_entries " + Integer.toUnsignedString(max)
                            + " must be a power of 2 and a multiple of the page size (4096)", Errno.EINVAL, where);
                }
            }
            default -> { } // create() refuses the type
        }
        if (fields.hasSpinLock()) {
            if (spec.type() != MapType.HASH && spec.type() != MapType.ARRAY) {
                fail(spec, "bpf_spin_lock is only supported in hash and array maps", Errno.EOPNOTSUPP,
                        "kernel/bpf/syscall.c map_check_btf");
            }
            if (fields.spinLockOffset() + 4 > spec.valueSize()) {
                throw new MapException("map " + spec.name() + ": bpf_spin_lock at offset " + fields.spinLockOffset()
                        + " does not fit in value_size " + spec.valueSize());
            }
        }
    }

    private static void checkInner(MapSpec spec) {
        String where = "kernel/bpf/map_in_map.c bpf_map_meta_alloc";
        MapSpec inner = spec.innerMap();
        if (inner == null) fail(spec, "a map-in-map needs an inner map definition", Errno.EBADF, where);
        if (inner.type().isMapInMap()) fail(spec, "an inner map cannot itself hold maps", Errno.EINVAL, where);
        if (inner.type() == MapType.PROG_ARRAY) {
            fail(spec, "a program array cannot be an inner map", Errno.ENOTSUPP, where);
        }
    }

    private static void checkFlags(MapSpec spec, int allowed, String where) {
        int extra = spec.flags() & ~allowed;
        if (extra != 0) {
            fail(spec, "map_flags 0x" + Integer.toHexString(extra) + " are not allowed for this type", Errno.EINVAL, where);
        }
    }

    private static void fail(MapSpec spec, String rule, int errno, String where) {
        throw new MapException("map " + spec.name() + ": cannot create " + spec.type().libbpfName() + " map: " + rule
                + " (-" + Errno.name(errno) + ", " + where + ")");
    }

    private static int roundUp8(int n) {
        return (n + 7) & ~7;
    }
}
