/**
 * Live BPF maps with the kernel's semantics, over the runtime's memory arena.
 *
 * <p>{@link io.ebpf4j.maps.BpfMaps#create BpfMaps.create(spec, memory, cpus, registry)} turns a
 * {@link io.ebpf4j.object.MapSpec} into a {@link io.ebpf4j.maps.BpfMap}: array, per-CPU array,
 * hash, per-CPU hash, LRU hash, LRU per-CPU hash, LPM trie, queue, stack, ring buffer
 * ({@link io.ebpf4j.maps.RingBufMap}), program array ({@link io.ebpf4j.maps.ProgArrayMap}), array
 * of maps and hash of maps. Every map has a program side (arena addresses in, a value address or
 * 0/-errno out, what the helpers return) and a Java side (byte arrays, what the {@code bpf(2)} map
 * commands do). Rules cite the kernel function they mirror (kernel/bpf/arraymap.c, hashtab.c,
 * lpm_trie.c, queue_stack_maps.c, ringbuf.c, map_in_map.c, syscall.c).
 *
 * <h2>Memory</h2>
 * All keys and values are allocated in the arena ({@link io.ebpf4j.maps.MapMemory}) when the map
 * is created, as the kernel preallocates hash maps; a value address a program got stays valid for
 * the map's lifetime, and values are 8-byte aligned so programs' atomic instructions work on them.
 * Index structures (hash buckets, free lists, LRU lists, trie nodes) are Java arrays and objects.
 * The arena's segment must be at least 8-byte aligned in native memory (atomic and
 * acquire/release accesses use aligned {@code VarHandle}s); maps fetch
 * {@link io.ebpf4j.maps.MapMemory#segment()} on every operation.
 *
 * <h2>Concurrency</h2>
 * Every map is safe for programs running on several threads (one CPU slot each) and Java code at
 * once. Hash and LPM lookups take no lock (optimistic reads validated against a stamp, the
 * counterpart of the kernel's RCU readers) and allocate nothing; writers take striped locks (the
 * kernel's bucket locks). As in the kernel's preallocated hash maps, an element deleted while a
 * program still holds its value address is reused by the next insert.
 *
 * <h2>Where this differs from the kernel</h2>
 * <ul>
 * <li>Hash maps use jhash with seed 0 always, so iteration order equals the kernel's only for maps
 *     created with {@code BPF_F_ZERO_SEED} (the kernel's seed is otherwise random per map).</li>
 * <li>{@code BPF_F_NO_PREALLOC} hash maps are preallocated too; results are the same.</li>
 * <li>LRU maps evict in exact least-recently-used order, one element at a time, only when full;
 *     the kernel's LRU is approximate and per-CPU (see {@code HashTabMap}). A failing LRU update
 *     never evicts here.</li>
 * <li>The ring buffer's data area is allocated twice as large instead of being mapped twice; a
 *     wrapping record is copied to the start of the ring on commit.</li>
 * <li>Map-in-map and program arrays store ids and program indexes where the kernel takes fds; a
 *     Java-side lookup of a program array returns the index (the kernel returns a program id).</li>
 * <li>Only {@code struct bpf_spin_lock} is a special field ({@link io.ebpf4j.maps.SpecialFields});
 *     timers, kptrs and graph roots are not supported.</li>
 * <li>Closing a map unregisters it but leaves its memory (and any map-in-map slot holding it)
 *     usable; the kernel keeps it alive by reference count instead.</li>
 * </ul>
 */
package io.ebpf4j.maps;
