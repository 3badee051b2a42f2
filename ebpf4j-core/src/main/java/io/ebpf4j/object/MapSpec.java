package io.ebpf4j.object;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A map an object declares, inert: what would be created, not a created map.
 *
 * <p>Sources, in the order libbpf numbers them (and so the order of {@link BpfObject#maps()}, the
 * index a linked program's {@code ld_imm64 src=BPF_PSEUDO_MAP_IDX} refers to): legacy
 * {@code SEC("maps")} definitions ({@code struct bpf_map_def}, libbpf before 1.0), BTF-defined
 * maps of {@code SEC(".maps")} ({@code bpf_object__init_user_btf_maps}), global data sections
 * ({@code bpf_object__init_global_data_maps}), the {@code .kconfig} map of Kconfig externs, and
 * struct_ops maps.
 *
 * @param name          the map's name: the variable's for declared maps; for global data, libbpf's
 *                      {@code internal_map_name} ({@code <object>.data}, object name truncated so
 *                      the whole fits 15 characters; {@code .data.*}/{@code .rodata.*} names as is)
 * @param kind          where the definition comes from
 * @param type          the map type
 * @param keySize       key size in bytes
 * @param valueSize     value size in bytes
 * @param maxEntries    {@code max_entries}
 * @param flags         {@code map_flags}; libbpf adds {@code BPF_F_RDONLY_PROG} to {@code .rodata}
 *                      and {@code .kconfig} maps and {@code BPF_F_MMAPABLE} to data maps with a global variable
 * @param numaNode      {@code numa_node}
 * @param mapExtra      {@code map_extra} (bloom filter hashes, arena address)
 * @param pinning       the pinning value as written: libbpf's {@code LIBBPF_PIN_*} for BTF maps,
 *                      iproute2's {@code PIN_*} for {@code struct bpf_elf_map}; 0 for none
 * @param keyTypeId     BTF type id of the key in {@link BpfObject#btf()}, or 0
 * @param valueTypeId   BTF type id of the value (the DATASEC for global data), or 0
 * @param innerMap      the inner map definition of a map-in-map, or null
 * @param initialSlots  initial contents of a map-in-map, program array or struct_ops map:
 *                      slot index → map or program name (libbpf's {@code init_slots})
 * @param contents      initial value of a global data or struct_ops map (zeros for {@code .bss}); empty otherwise
 * @param frozen        made read-only for user space after creation ({@code .rodata}, {@code .kconfig};
 *                      libbpf {@code bpf_map_freeze} in {@code bpf_object__populate_internal_map})
 * @param variables     the variables of a global data map, by offset
 * @param extra         bytes of a legacy definition beyond {@code struct bpf_map_def} (iproute2's
 *                      {@code id, pinning, inner_id, inner_idx}); empty otherwise
 * @param sectionName   the ELF section of the definition
 * @param sectionIndex  its ELF index (-1 for the {@code .kconfig} map, which has no section)
 * @param sectionOffset the definition's offset in the section
 */
public record MapSpec(String name, Kind kind, MapType type, int keySize, int valueSize, int maxEntries, int flags,
                      int numaNode, long mapExtra, int pinning, int keyTypeId, int valueTypeId, MapSpec innerMap,
                      List<Slot> initialSlots, byte[] contents, boolean frozen, List<DataVariable> variables,
                      byte[] extra, String sectionName, int sectionIndex, long sectionOffset) {

    /** include/uapi/linux/bpf.h {@code BPF_F_RDONLY_PROG}. */
    public static final int BPF_F_RDONLY_PROG = 1 << 7;
    /** include/uapi/linux/bpf.h {@code BPF_F_MMAPABLE}. */
    public static final int BPF_F_MMAPABLE = 1 << 10;
    /** include/uapi/linux/bpf.h {@code BPF_F_LINK} (struct_ops maps of {@code .struct_ops.link}). */
    public static final int BPF_F_LINK = 1 << 13;

    /** Where a map definition comes from. */
    public enum Kind {
        /** {@code SEC("maps")}: {@code struct bpf_map_def} (or iproute2's {@code struct bpf_elf_map}). */
        LEGACY,
        /** {@code SEC(".maps")}: a BTF-defined map. */
        BTF,
        /** {@code .data} and {@code .data.*}. */
        DATA,
        /** {@code .rodata} and {@code .rodata.*}. */
        RODATA,
        /** {@code .bss} and {@code .bss.*}. */
        BSS,
        /** The values of {@code __kconfig} externs. */
        KCONFIG,
        /** A {@code .struct_ops} or {@code .struct_ops.link} variable. */
        STRUCT_OPS;

        /** Global data: one array entry whose value is the section. */
        public boolean isGlobalData() {
            return this == DATA || this == RODATA || this == BSS || this == KCONFIG;
        }
    }

    /** One initial element of a map-in-map, program array or struct_ops map. */
    public record Slot(int index, String target) {}

    public MapSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        initialSlots = List.copyOf(initialSlots);
        variables = List.copyOf(variables);
        contents = contents == null ? new byte[0] : contents.clone();
        extra = extra == null ? new byte[0] : extra.clone();
    }

    /** A copy of the initial value bytes. */
    @Override
    public byte[] contents() {
        return contents.clone();
    }

    /** A copy of the legacy definition's trailing bytes. */
    @Override
    public byte[] extra() {
        return extra.clone();
    }

    /** The variable at exactly this offset, or the one containing it, or null. */
    public DataVariable variableAt(int offset) {
        DataVariable best = null;
        for (DataVariable v : variables) {
            if (v.offset() <= offset && offset < v.offset() + Math.max(1, v.size())) {
                if (best == null || v.offset() > best.offset()) best = v;
            }
        }
        return best;
    }

    /** This spec with other initial contents (used to fill the {@code .kconfig} map when linking). */
    public MapSpec withContents(byte[] newContents) {
        return new MapSpec(name, kind, type, keySize, valueSize, maxEntries, flags, numaNode, mapExtra, pinning,
                keyTypeId, valueTypeId, innerMap, initialSlots, newContents, frozen, variables, extra, sectionName,
                sectionIndex, sectionOffset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MapSpec m && name.equals(m.name) && kind == m.kind && type == m.type
                && keySize == m.keySize && valueSize == m.valueSize && maxEntries == m.maxEntries && flags == m.flags
                && numaNode == m.numaNode && mapExtra == m.mapExtra && pinning == m.pinning
                && keyTypeId == m.keyTypeId && valueTypeId == m.valueTypeId && Objects.equals(innerMap, m.innerMap)
                && initialSlots.equals(m.initialSlots) && Arrays.equals(contents, m.contents) && frozen == m.frozen
                && variables.equals(m.variables) && Arrays.equals(extra, m.extra)
                && Objects.equals(sectionName, m.sectionName) && sectionIndex == m.sectionIndex
                && sectionOffset == m.sectionOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, type, keySize, valueSize, maxEntries, flags, Arrays.hashCode(contents));
    }

    @Override
    public String toString() {
        return "MapSpec[" + name + ", " + kind + ", " + type.libbpfName() + ", key " + keySize + ", value " + valueSize
                + ", max_entries " + maxEntries + ", flags 0x" + Integer.toHexString(flags)
                + (innerMap != null ? ", inner " + innerMap.name() : "") + "]";
    }
}
