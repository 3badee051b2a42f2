package io.ebpf4j.verifier;

import io.ebpf4j.progtype.ProgTypeOps;
import java.util.List;
import java.util.Set;

/**
 * The environment of the low-level entry {@link Verifier#verify(io.ebpf4j.isa.Program, VerifierEnv, VerifierOptions)}.
 *
 * @param progType    the program type (context layout, allowed helpers, return range); null = no context fields known
 *                    and every helper allowed
 * @param maps        the maps {@code ld_imm64 src=BPF_PSEUDO_MAP_IDX/_IDX_VALUE imm=i} index (also {@code MAP_FD}: imm = index)
 * @param entry       the entry state
 * @param assumeSinks instruction indices unreachable by construction: a conditional jump to one means "assume the
 *                    condition is false" (the edge is dropped); reaching one otherwise is not an error
 * @param ctxSize     bytes of a free-form context ({@code progType} without fields), 0 = as the type says
 */
public record VerifierEnv(ProgTypeOps progType, List<MapDescriptor> maps, EntryState entry, Set<Integer> assumeSinks,
                          int ctxSize) {

    public VerifierEnv {
        maps = List.copyOf(maps);
        assumeSinks = Set.copyOf(assumeSinks);
        if (entry == null) entry = EntryState.kernelDefault();
        if (ctxSize < 0) throw new IllegalArgumentException("negative ctxSize");
    }

    /** The kernel's entry state for {@code progType} with {@code maps}. */
    public static VerifierEnv of(ProgTypeOps progType, List<MapDescriptor> maps) {
        return new VerifierEnv(progType, maps, EntryState.kernelDefault(), Set.of(), 0);
    }

    /** No program type, no maps, the given entry state. */
    public static VerifierEnv of(EntryState entry) {
        return new VerifierEnv(null, List.of(), entry, Set.of(), 0);
    }

    public VerifierEnv withEntry(EntryState e) {
        return new VerifierEnv(progType, maps, e, assumeSinks, ctxSize);
    }

    public VerifierEnv withAssumeSinks(Set<Integer> sinks) {
        return new VerifierEnv(progType, maps, entry, sinks, ctxSize);
    }

    public VerifierEnv withMaps(List<MapDescriptor> m) {
        return new VerifierEnv(progType, m, entry, assumeSinks, ctxSize);
    }

    public VerifierEnv withCtxSize(int size) {
        return new VerifierEnv(progType, maps, entry, assumeSinks, size);
    }
}
