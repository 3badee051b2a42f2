package io.ebpf4j.verifier;

import io.ebpf4j.helpers.HelperRegistry;
import io.ebpf4j.isa.Program;
import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.MapSpec;
import io.ebpf4j.object.ProgramType;
import io.ebpf4j.progtype.ProgTypeOps;
import io.ebpf4j.progtype.ProgTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * The verifier: proves a program safe for its type by abstract interpretation over its control-flow
 * graph (see docs/architecture.md, "Verifier"): registers and stack are typed (scalars with tnum and
 * bounds, pointers to ctx, stack, packet, map values, helper memory), every memory access, helper
 * call and exit is checked against the kernel's rules, and every loop must be proven to terminate.
 * Bpf-to-bpf calls, callbacks and {@code callx} through function pointers are analysed in the
 * caller's context (verifier issue #6; Linux itself refuses every callx).
 */
public final class Verifier {
    private Verifier() {}

    /** Verify one linked program of an object (maps from the linked program, context from the program type). */
    public static VerifierResult verify(BpfObject object, LinkedProgram program, ProgramType type, VerifierOptions options) {
        ProgTypeOps ops = ProgTypes.of(type).orElseThrow(() -> new VerifierException("program '" + program.name()
                + "': program type " + type + " is not supported by ebpf4j (supported: "
                + ProgTypes.all().stream().map(ProgTypeOps::name).toList() + ")"));
        return verify(program, ops, options, HelperRegistry.standard(), object.btf().orElse(null));
    }

    /** Verify a linked program as a program of type {@code ops}, with the helpers of {@code helpers}. */
    public static VerifierResult verify(LinkedProgram program, ProgTypeOps ops, VerifierOptions options, HelperRegistry helpers) {
        return verify(program, ops, options, helpers, null);
    }

    /**
     * As {@link #verify(LinkedProgram, ProgTypeOps, VerifierOptions, HelperRegistry)}, with the object's BTF
     * (null if none): global functions (BTF FUNC linkage global) are then also verified on their own.
     */
    public static VerifierResult verify(LinkedProgram program, ProgTypeOps ops, VerifierOptions options, HelperRegistry helpers,
                                        io.ebpf4j.btf.Btf btf) {
        List<MapDescriptor> maps = new ArrayList<>();
        List<byte[]> rodata = new ArrayList<>();
        for (MapSpec m : program.maps()) {
            MapDescriptor d = MapDescriptor.of(m);
            maps.add(d);
            rodata.add(d.readOnly() && m.kind().isGlobalData() ? m.contents() : null);
        }
        List<Integer> inner = new ArrayList<>();
        List<MapDescriptor> innerDescriptors = new ArrayList<>();
        for (MapSpec m : program.maps()) {
            if (m.innerMap() != null) {
                inner.add(maps.size() + innerDescriptors.size());
                innerDescriptors.add(MapDescriptor.of(m.innerMap()));
            } else {
                inner.add(-1);
            }
        }
        Program code = program.program();
        LinkedProgram.Function entry = program.functions().isEmpty() ? null : program.functions().get(0);
        int start = entry == null ? 0 : entry.startIndex();
        int end = code.size();
        if (entry != null) {
            int endSlot = entry.startSlot() + entry.slotCount();
            end = endSlot >= code.slotCount() ? code.size() : code.indexAtSlot(endSlot);
        }
        VerifierEnv env = new VerifierEnv(ops, maps, EntryState.kernelDefault(), java.util.Set.of(), 0);
        Analyzer.Context ctx = new Analyzer.Context(program, program.license(), rodata, inner, innerDescriptors, helpers, btf);
        return run(program.name(), code, env, options, ctx, start, end);
    }

    /** Low-level: raw instructions with an explicit environment (used by tests such as the PREVAIL harness). */
    public static VerifierResult verify(Program code, VerifierEnv env, VerifierOptions options) {
        return run("program", code, env, options, null, 0, code.size());
    }

    private static VerifierResult run(String name, Program code, VerifierEnv env, VerifierOptions options, Analyzer.Context ctx,
                                      int start, int end) {
        if (options == null) options = VerifierOptions.defaults();
        if (code.size() == 0 || start >= end) {
            return new VerifierResult(false, List.of(new VerifierError(-1, "", java.util.Optional.empty(), "empty program",
                    "the program has no instructions", java.util.Map.of())), List.of(), new VerifierStats(0, 0, 0, 0), "");
        }
        try {
            return new Analyzer(code, env, options, ctx, start, end).run();
        } catch (VerifierException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new VerifierException("program '" + name + "': the verifier failed: " + e, e);
        }
    }
}
