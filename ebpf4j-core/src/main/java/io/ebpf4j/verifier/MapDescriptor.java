package io.ebpf4j.verifier;

import io.ebpf4j.object.MapSpec;
import io.ebpf4j.object.MapType;

/**
 * A map the program may reference by index ({@code ld_imm64 src=BPF_PSEUDO_MAP_IDX/_IDX_VALUE imm=index}).
 *
 * @param type       the map type
 * @param keySize    key size in bytes
 * @param valueSize  value size in bytes
 * @param maxEntries {@code max_entries}
 * @param name       the map's name, for messages (may be empty)
 * @param readOnly   the program may not write its values ({@code BPF_F_RDONLY_PROG}, or a frozen {@code .rodata}/{@code .kconfig} map)
 */
public record MapDescriptor(MapType type, int keySize, int valueSize, int maxEntries, String name, boolean readOnly) {

    public MapDescriptor {
        if (type == null) throw new IllegalArgumentException("map type is null");
        if (keySize < 0 || valueSize < 0 || maxEntries < 0) throw new IllegalArgumentException("negative map size");
        name = name == null ? "" : name;
    }

    /** A writable map without a name. */
    public MapDescriptor(MapType type, int keySize, int valueSize, int maxEntries) {
        this(type, keySize, valueSize, maxEntries, "", false);
    }

    /** The verifier's view of an object's map: {@code .rodata}/{@code .kconfig} (frozen or {@code BPF_F_RDONLY_PROG}) read-only. */
    public static MapDescriptor of(MapSpec spec) {
        boolean ro = spec.frozen() || (spec.flags() & MapSpec.BPF_F_RDONLY_PROG) != 0;
        return new MapDescriptor(spec.type(), spec.keySize(), spec.valueSize(), spec.maxEntries(), spec.name(), ro);
    }
}
