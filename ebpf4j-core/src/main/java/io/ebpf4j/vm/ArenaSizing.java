package io.ebpf4j.vm;

import io.ebpf4j.maps.MapFlags;
import io.ebpf4j.object.MapSpec;

/**
 * How much arena a map will take, estimated from its spec the way the map implementations lay
 * themselves out (a header block with a word per CPU; arrays {@code round_up(value_size, 8) *
 * max_entries} per CPU copy; hash tables {@code max_entries} plus one spare element per CPU, key
 * and value rounded to 8; rings twice their data size plus two pages), with slack for alignment.
 * The runtime grows the arena and retries when an estimate falls short.
 */
final class ArenaSizing {
    private ArenaSizing() {}

    static long estimate(MapSpec s, int cpus) {
        long header = 64 + 8L * cpus + 64;
        long ks = round8(s.keySize()), vs = round8(s.valueSize());
        long max = Integer.toUnsignedLong(s.maxEntries());
        long body = switch (s.type()) {
            case ARRAY, PROG_ARRAY, ARRAY_OF_MAPS -> vs * max + ((s.flags() & MapFlags.BPF_F_MMAPABLE) != 0 ? 4096 : 0);
            case PERCPU_ARRAY -> vs * max * cpus;
            case HASH, LRU_HASH, HASH_OF_MAPS -> (ks + vs) * (max + cpus);
            case PERCPU_HASH, LRU_PERCPU_HASH -> (ks + vs * cpus) * (max + cpus);
            case LPM_TRIE -> vs * (max + 1);
            case QUEUE, STACK -> (long) s.valueSize() * (max + 1);
            case RINGBUF -> 2 * 4096 + 2 * max + 4096;
            default -> 0;
        };
        return header + body + 4096;
    }

    private static long round8(long n) {
        return (n + 7) & ~7L;
    }
}
