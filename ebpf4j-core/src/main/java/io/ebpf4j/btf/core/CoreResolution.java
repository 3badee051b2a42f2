package io.ebpf4j.btf.core;

import java.util.List;

/**
 * What one CO-RE relocation resolves to, before any instruction is patched: libbpf's
 * {@code struct bpf_core_relo_res} plus the specs it printed on the way.
 *
 * @param kind              the relocation kind
 * @param localTypeId       the record's type id in the local BTF
 * @param localType         that type as libbpf names it, e.g. {@code struct task_struct}
 * @param accessString      the record's access string
 * @param localSpec         the local spec as libbpf prints it ({@code bpf_core_format_spec}), e.g.
 *                          {@code <byte_off> [19] struct task_struct.pid (0:92 @ offset 1264)}
 * @param access            the C-syntax view of the access: {@code .pid}, {@code [1].u._2},
 *                          {@code ::ONE}; empty for type-based kinds
 * @param candidates        the target candidates tried, in order (empty for {@code TYPE_ID_LOCAL})
 * @param targetTypeId      root type id of the first matching candidate, 0 when none matched
 * @param targetType        that type, e.g. {@code struct task_struct}; null when none matched
 * @param targetSpec        the matching target spec as libbpf prints it; null when none matched
 * @param localValue        the value the local BTF gives ({@code orig_val}): what the instruction must hold when {@code validate}
 * @param targetValue       the value for the target ({@code new_val}); meaningless when {@code poison}
 * @param validate          whether the instruction's current value must equal {@code localValue}
 *                          (libbpf turns this off for bitfield offsets/sizes/left shifts and type ids)
 * @param poison            no target matched and the kind has no "not found" value: the instruction is poisoned
 * @param localSize         for {@code FIELD_BYTE_OFFSET} of a non-bitfield: the local field's size, else 0
 * @param targetSize        the same for the target
 * @param failMemSizeAdjust the sizes differ and the field is neither a pointer nor an unsigned
 *                          integer on both sides: a load/store of it is poisoned (an ALU use is patched)
 */
public record CoreResolution(
        CoreReloKind kind,
        int localTypeId,
        String localType,
        String accessString,
        String localSpec,
        String access,
        List<Candidate> candidates,
        int targetTypeId,
        String targetType,
        String targetSpec,
        long localValue,
        long targetValue,
        boolean validate,
        boolean poison,
        int localSize,
        int targetSize,
        boolean failMemSizeAdjust) {

    public CoreResolution {
        candidates = List.copyOf(candidates);
    }

    /**
     * A target type with the local type's essential name and a compatible kind.
     *
     * @param typeId   its id in the target BTF
     * @param type     e.g. {@code struct task_struct}
     * @param btf      where it was found: {@code vmlinux} for the main (base) BTF, else the split BTF's name
     * @param matching whether the access matched it
     * @param spec     the target spec as libbpf prints it, matching or not
     */
    public record Candidate(int typeId, String type, String btf, boolean matching, String spec) {}

    /** Whether some candidate matched. */
    public boolean found() {
        return targetType != null;
    }
}
