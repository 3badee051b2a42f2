package io.ebpf4j.btf.core;

import static io.ebpf4j.btf.core.CoreException.Reason.BAD_RELOCATION;
import static io.ebpf4j.btf.core.CoreException.Reason.NO_TARGET;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfException;
import io.ebpf4j.btf.BtfExt;
import io.ebpf4j.btf.BtfType;
import io.ebpf4j.btf.core.CoreTypes.Fail;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Applies CO-RE relocations ({@code .BTF.ext} core_relo records) to code, against a target BTF,
 * following libbpf ({@code relo_core.c}: {@code bpf_core_calc_relo_insn}, {@code bpf_core_patch_insn};
 * {@code libbpf.c}: {@code bpf_core_find_cands}, {@code bpf_core_resolve_relo}).
 *
 * <p>One relocator stands for one object being loaded: like libbpf's candidate cache, the
 * candidate list of each local type is looked up once and then pruned to the candidates that
 * matched, and later relocations of that type (in any section) only see those. Not thread-safe.
 *
 * <p>Instruction numbers are 8-byte slots from the start of the code passed in, as
 * {@code .BTF.ext} offsets and libbpf's log count them. Relocate each section's (or each
 * program's) code before linking subprograms, as libbpf does.
 *
 * <p>Byte order: the bitfield left shift ({@code FIELD_LSHIFT_U64}) is computed for the byte
 * order of the local BTF (the program's), where libbpf uses the byte order of the host it runs on.
 */
public final class CoreRelocator {
    /** The name libbpf gives the main target BTF in its log. */
    public static final String VMLINUX = "vmlinux";

    private final Btf local;
    private final Btf target;
    private final Consumer<String> trace;
    private final String splitName;
    private final Map<Integer, List<CoreCalc.Cand>> candidateCache = new HashMap<>();

    /**
     * @param local  the object's own BTF (the {@code .BTF} section the records refer to)
     * @param target the BTF to relocate against: kernel BTF, or split BTF (a module's) over its base;
     *               null when there is none (every relocation but {@code TYPE_ID_LOCAL} then fails with
     *               {@link CoreException.Reason#NO_TARGET})
     */
    public CoreRelocator(Btf local, Btf target) {
        this(local, target, line -> {});
    }

    /**
     * @param trace receives libbpf's debug trace of the relocations, one line per call, in libbpf's
     *              wording without the {@code "libbpf: "} prefix: candidates found, local and
     *              candidate specs, patched instructions
     */
    public CoreRelocator(Btf local, Btf target, Consumer<String> trace) {
        this.local = Objects.requireNonNull(local, "local");
        this.target = target;
        this.trace = Objects.requireNonNull(trace, "trace");
        this.splitName = target == null || target.base() == null ? VMLINUX : shortName(target.source());
    }

    private static String shortName(String source) {
        String s = source;
        int colon = s.indexOf(": section");
        if (colon >= 0) s = s.substring(0, colon);
        try {
            s = Path.of(s).getFileName().toString();
        } catch (RuntimeException e) {
            // not a path: keep it
        }
        int dot = s.indexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }

    public Btf local() {
        return local;
    }

    /** The target BTF, or null. */
    public Btf target() {
        return target;
    }

    /** Relocates {@code sectionCode} against {@code target}; throws at the first relocation that fails. */
    public static CoreResult relocate(Program sectionCode, List<BtfExt.CoreRelo> relos, Btf local, Btf target) {
        return new CoreRelocator(local, target).relocate("<code>", sectionCode, relos);
    }

    /**
     * Relocates one section's code, as libbpf does: the first relocation that cannot be applied
     * stops everything.
     *
     * @param section the section name, used in messages and as the program name in the trace
     * @param code    the section's code; record offsets are relative to its start
     * @param relos   the section's CO-RE records ({@link BtfExt#coreRelos(String)})
     * @throws CoreException naming the section, record, instruction, kind, type and access string
     */
    public CoreResult relocate(String section, Program code, List<BtfExt.CoreRelo> relos) {
        return run(section, section, code, relos, true);
    }

    /** As {@link #relocate(String, Program, List)}, with the program name libbpf would print ({@code prog 'NAME'}) in the trace. */
    public CoreResult relocate(String section, String program, Program code, List<BtfExt.CoreRelo> relos) {
        return run(section, program, code, relos, true);
    }

    /**
     * Relocates one section's code without stopping at failures: a relocation that fails is
     * recorded with its {@link CoreRelocation#error()} and leaves its instruction as it was; the
     * others are applied. For tools that report every relocation.
     */
    public CoreResult relocateAll(String section, Program code, List<BtfExt.CoreRelo> relos) {
        return run(section, section, code, relos, false);
    }

    /**
     * Resolves one relocation without patching anything (libbpf {@code bpf_core_resolve_relo}); it
     * uses, and prunes, this relocator's candidate cache like {@link #relocate}.
     *
     * @throws CoreException if it cannot be resolved
     */
    public CoreResolution resolve(String section, int reloIndex, BtfExt.CoreRelo relo) {
        CoreReloKind kind = CoreReloKind.of(relo.kind());
        try {
            if (kind == null) throw new Fail(BAD_RELOCATION, "unknown relocation kind " + relo.kind());
            return resolve(section, reloIndex, relo, kind);
        } catch (Fail f) {
            throw new CoreException(f.reason, section, reloIndex, relo.insnOff() / 8, identify(relo, kind), f.getMessage());
        }
    }

    // ------------------------------------------------------------------ internals

    private CoreResult run(String section, String program, Program code, List<BtfExt.CoreRelo> relos, boolean strict) {
        trace.accept("sec '" + section + "': found " + relos.size() + " CO-RE relocations");
        Insn[] slots = new Insn[code.slotCount()];
        for (int i = 0; i < code.size(); i++) slots[code.slotOf(i)] = code.insn(i);
        List<CoreRelocation> out = new ArrayList<>(relos.size());
        for (int k = 0; k < relos.size(); k++) {
            out.add(apply(section, program, slots, k, relos.get(k), strict));
        }
        List<Insn> insns = new ArrayList<>(code.size() + 1);
        for (Insn in : slots) if (in != null) insns.add(in);
        return new CoreResult(section, new Program(insns), out);
    }

    private String identify(BtfExt.CoreRelo relo, CoreReloKind kind) {
        return (kind == null ? "kind " + relo.kind() : kind.libbpfName()) + " " + localTypeName(relo.typeId())
                + " \"" + relo.accessString() + "\"";
    }

    private String localTypeName(int id) {
        try {
            BtfType t = local.type(id);
            return "[" + id + "] " + CoreTypes.describe(t);
        } catch (BtfException e) {
            return "[" + id + "] (no such type)";
        }
    }

    private CoreRelocation apply(String section, String program, Insn[] slots, int k, BtfExt.CoreRelo relo, boolean strict) {
        CoreReloKind kind = CoreReloKind.of(relo.kind());
        int slot = Math.floorDiv(relo.insnOff(), 8);
        String localType = null;
        try {
            localType = CoreTypes.describe(local.type(relo.typeId()));
        } catch (BtfException e) {
            // reported below
        }
        Insn original = slot >= 0 && slot < slots.length ? slots[slot] : null;
        CoreResolution res = null;
        try {
            if (relo.insnOff() % 8 != 0) {
                throw new Fail(BAD_RELOCATION, "instruction offset " + relo.insnOff() + " is not a multiple of 8");
            }
            if (slot < 0 || slot >= slots.length) {
                throw new Fail(BAD_RELOCATION, "instruction offset " + relo.insnOff() + " is outside the code (" + slots.length + " instructions)");
            }
            if (original == null) {
                throw new Fail(BAD_RELOCATION, "insn " + slot + " is the second slot of the ld_imm64 at insn " + (slot - 1));
            }
            if (kind == null) throw new Fail(BAD_RELOCATION, "unknown relocation kind " + relo.kind());
            if (localType == null) throw new Fail(BAD_RELOCATION, "local type id " + relo.typeId() + " does not exist in " + local.source());
            res = resolve(program, k, relo, kind);
            CorePatch.Patched p = CorePatch.patch(slots, slot, res, program, k, trace, notFound(res));
            return new CoreRelocation(section, k, slot, relo, kind, localType, res, original, p.insns(), p.oldValue(),
                    p.newValue(), p.oldMemSize(), p.newMemSize(), p.poisoned(), p.poisonReason(), null);
        } catch (Fail f) {
            CoreException e = new CoreException(f.reason, section, k, slot, identify(relo, kind), f.getMessage());
            if (strict) throw e;
            return new CoreRelocation(section, k, slot, relo, kind, localType, res, original, List.of(), 0, 0, 0, 0,
                    false, null, e);
        }
    }

    private CoreResolution resolve(String program, int k, BtfExt.CoreRelo relo, CoreReloKind kind) {
        BtfType lt = CoreTypes.type(local, relo.typeId());
        List<CoreCalc.Cand> cands = null;
        if (kind != CoreReloKind.TYPE_ID_LOCAL) {
            if (target == null) {
                throw new Fail(NO_TARGET, "no target BTF to relocate against (no kernel BTF at /sys/kernel/btf/vmlinux and none given)");
            }
            if (CoreTypes.name(lt).isEmpty()) {
                trace.accept("prog '" + program + "': relo #" + k + ": target candidate search failed for [" + lt.id() + "] "
                        + CoreTypes.kindStr(lt) + " : -22");
                throw new Fail(BAD_RELOCATION, "target candidate search failed for [" + lt.id() + "] " + CoreTypes.describe(lt)
                        + ": an anonymous type has no name to look up in the target");
            }
            cands = candidateCache.get(relo.typeId());
            if (cands == null) {
                try {
                    cands = CoreCandidates.find(local, lt, target, VMLINUX, splitName, trace);
                } catch (BtfException e) {
                    throw new Fail(BAD_RELOCATION, "target candidate search failed: " + e.getMessage());
                }
                candidateCache.put(relo.typeId(), cands);
            }
        }
        return CoreCalc.resolve(local, relo.typeId(), relo.accessString(), kind, cands, program, k, trace, true);
    }

    private static String notFound(CoreResolution res) {
        String what = switch (res.kind()) {
            case ENUMVAL_EXISTS, ENUMVAL_VALUE -> "enumerator " + res.access().replaceFirst("^::", "");
            case FIELD_BYTE_OFFSET, FIELD_BYTE_SIZE, FIELD_EXISTS, FIELD_SIGNED, FIELD_LSHIFT_U64, FIELD_RSHIFT_U64 ->
                    "field " + (res.access().isEmpty() ? res.accessString() : res.access());
            default -> "type";
        };
        if (res.candidates().isEmpty()) {
            return "no " + essentialKindName(res.localType()) + " in the target";
        }
        int n = res.candidates().size();
        return "no " + what + " in the target's " + (n == 1 ? res.candidates().getFirst().type() : n + " candidates");
    }

    /** {@code struct task_struct___old} -> {@code struct task_struct}. */
    private static String essentialKindName(String described) {
        int sp = described.indexOf(' ');
        if (sp < 0) return described;
        return described.substring(0, sp + 1) + CoreTypes.essentialName(described.substring(sp + 1));
    }
}
