package io.ebpf4j.link;

import static io.ebpf4j.isa.Opcodes.CALL_IMM;
import static io.ebpf4j.isa.Opcodes.LD_IMM64;
import static io.ebpf4j.isa.Opcodes.PSEUDO_BTF_ID;
import static io.ebpf4j.isa.Opcodes.PSEUDO_CALL;
import static io.ebpf4j.isa.Opcodes.PSEUDO_FUNC;
import static io.ebpf4j.isa.Opcodes.PSEUDO_KFUNC_CALL;
import static io.ebpf4j.isa.Opcodes.PSEUDO_MAP_IDX;
import static io.ebpf4j.isa.Opcodes.PSEUDO_MAP_IDX_VALUE;

import io.ebpf4j.Ebpf4jException;
import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfExt;
import io.ebpf4j.btf.core.CoreRelocator;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import io.ebpf4j.link.LinkedProgram.Kind;
import io.ebpf4j.link.LinkedProgram.Reference;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.CodeSection;
import io.ebpf4j.object.DataVariable;
import io.ebpf4j.object.ExternSpec;
import io.ebpf4j.object.MapSpec;
import io.ebpf4j.object.ProgramSpec;
import io.ebpf4j.object.Relocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Links one entry program of a {@link BpfObject}: libbpf's {@code bpf_object__relocate} for a
 * single main program.
 *
 * <ol>
 *   <li>CO-RE, per section, against {@link LinkOptions#targetBtf()} when one is given
 *       ({@code bpf_object__relocate_core}, before calls are relocated);</li>
 *   <li>calls and function pointers ({@code bpf_object__reloc_code}): the entry's instructions
 *       are scanned in order; the first call (or {@code ld_imm64} of a function's address) into a
 *       function not yet in the program appends it at the end
 *       ({@code bpf_object__append_subprog_code}) and scans it at once, recursively, before the
 *       caller's scan goes on — depth-first, in the order calls are met. The call's immediate then
 *       becomes the target's offset relative to the next instruction. Unlike libbpf, a call may
 *       target a function of any executable section (cilium/ebpf's linker allows it);</li>
 *   <li>data references ({@code bpf_object__relocate_data}): maps, global data, externs, over the
 *       whole linked program;</li>
 *   <li>{@code .BTF.ext} func_info and line_info of each appended function, rebased onto its new
 *       position ({@code reloc_prog_func_and_line_info}).</li>
 * </ol>
 *
 * <p>Everything is done at the level of 8-byte slots, as libbpf does, so a {@code ld_imm64} counts
 * twice in offsets.
 */
public final class Linker {
    /** libbpf {@code POISON_CALL_KFUNC_BASE}: an unresolved weak kfunc call becomes {@code call 2002000000 + extern index}. */
    public static final int POISON_CALL_KFUNC_BASE = 2002000000;

    /** libbpf's CO-RE relocation ({@code bpf_core_apply_relo_insn} per record), stopping at the first failure. */
    static final CoreFixup DEFAULT_CORE = (section, relos, local, target) ->
            new CoreRelocator(local, target).relocate(section.name(), section.code(), relos).program();

    private final BpfObject object;
    private final LinkOptions options;
    private final ProgramSpec entry;
    private final Map<String, ProgramSpec> functionsByName = new HashMap<>();
    private final Map<Integer, Program> sectionCode = new HashMap<>();

    /** The linked program under construction. */
    private final List<Insn> insns = new ArrayList<>();
    private int slots;
    /** Placed functions, in the order they were appended. */
    private final LinkedHashMap<String, Placed> placed = new LinkedHashMap<>();
    private final List<Reference> references = new ArrayList<>();

    private record Placed(ProgramSpec fn, int startIndex, int startSlot) {}

    private Linker(BpfObject object, ProgramSpec entry, LinkOptions options) {
        this.object = object;
        this.entry = entry;
        this.options = options;
        for (ProgramSpec f : object.functions()) functionsByName.putIfAbsent(f.name(), f);
    }

    /** {@link #link(BpfObject, String, LinkOptions)} with {@link LinkOptions#defaults()}. */
    public static LinkedProgram link(BpfObject object, String programName) {
        return link(object, programName, LinkOptions.defaults());
    }

    /**
     * Links the entry program {@code programName}.
     *
     * @throws LinkException if there is no such program, a call or extern cannot be resolved (unless
     *                       {@link LinkOptions#lenient()}), or CO-RE relocation fails
     */
    public static LinkedProgram link(BpfObject object, String programName, LinkOptions options) {
        ProgramSpec entry = object.program(programName).orElse(null);
        if (entry == null) {
            List<String> names = object.programs().stream().map(ProgramSpec::name).toList();
            boolean sub = object.function(programName).isPresent();
            throw new LinkException(object.file(), programName, null, -1, null, sub
                    ? "is a .text subprogram, not an entry program; programs: " + names
                    : "no such program; programs: " + names);
        }
        return new Linker(object, entry, options).run();
    }

    private LinkException error(ProgramSpec fn, int slot, String symbol, String why) {
        return new LinkException(object.file(), entry.name(), fn.sectionName(), fn.sectionSlot() + slot, symbol, why);
    }

    private LinkedProgram run() {
        append(entry);
        relocCode(entry);
        appendTableFunctions();
        byte[] kconfig = kconfigData();
        relocateData(kconfig);
        List<MapSpec> maps = new ArrayList<>(object.maps());
        for (int i = 0; i < maps.size(); i++) {
            if (maps.get(i).kind() == MapSpec.Kind.KCONFIG) maps.set(i, maps.get(i).withContents(kconfig));
        }
        List<LinkedProgram.DataFunction> dataFunctions = writeFunctionPointers(maps);
        List<LinkedProgram.Function> functions = new ArrayList<>();
        List<LinkedProgram.SourceLine> lines = new ArrayList<>();
        BtfExt ext = object.btfExt().orElse(null);
        for (Placed p : placed.values()) {
            ProgramSpec fn = p.fn();
            functions.add(new LinkedProgram.Function(fn.name(), fn.sectionName(), p.startIndex(), p.startSlot(),
                    fn.slotCount(), fn.btfFuncId()));
            if (ext == null) continue;
            for (BtfExt.LineInfo li : ext.lineInfos(fn.sectionName())) {
                int s = li.insnOff() / 8;
                if (s < fn.sectionSlot() || s >= fn.sectionSlot() + fn.slotCount()) continue;
                lines.add(new LinkedProgram.SourceLine(p.startSlot() + s - fn.sectionSlot(), li.fileName(), li.lineText(),
                        li.line(), li.column()));
            }
        }
        lines.sort(Comparator.comparingInt(LinkedProgram.SourceLine::slot));
        references.sort(Comparator.comparingInt(Reference::slot));
        return new LinkedProgram(entry, new Program(insns), functions, lines, maps, references, object.license(),
                dataFunctions);
    }

    // ------------------------------------------------------------------ code

    /** The section's code, CO-RE-relocated when a target BTF is given. */
    private Program sectionCode(ProgramSpec fn) {
        return sectionCode.computeIfAbsent(fn.sectionIndex(), idx -> {
            CodeSection section = object.codeSection(idx).orElseThrow();
            Btf target = options.targetBtf();
            BtfExt ext = object.btfExt().orElse(null);
            List<BtfExt.CoreRelo> relos = ext == null ? List.of() : ext.coreRelos(section.name());
            if (target == null || relos.isEmpty()) return section.code();
            CoreFixup fixup = options.coreFixup() != null ? options.coreFixup() : DEFAULT_CORE;
            Program out;
            try {
                out = fixup.relocate(section, relos, object.btf().orElseThrow(), target);
            } catch (LinkException e) {
                throw e;
            } catch (Ebpf4jException e) {
                throw new LinkException(object.file(), entry.name(), section.name(), -1, null, "CO-RE: " + e.getMessage(), e);
            }
            if (out.slotCount() != section.code().slotCount()) {
                throw new LinkException(object.file(), entry.name(), section.name(), -1, null, "CO-RE: the relocated code has "
                        + out.slotCount() + " slots instead of " + section.code().slotCount());
            }
            return out;
        });
    }

    /** The function's instructions, from its section's (possibly CO-RE-relocated) code. */
    private List<Insn> code(ProgramSpec fn) {
        Program sec = sectionCode(fn);
        int first = sec.indexAtSlot(fn.sectionSlot());
        int end = fn.sectionSlot() + fn.slotCount();
        int last = end == sec.slotCount() ? sec.size() : sec.indexAtSlot(end);
        if (first < 0 || last < 0) throw error(fn, 0, null, "function boundary inside a ld_imm64 after CO-RE relocation");
        return sec.insns().subList(first, last);
    }

    /** libbpf {@code bpf_object__append_subprog_code}. */
    private void append(ProgramSpec fn) {
        placed.put(fn.name(), new Placed(fn, insns.size(), slots));
        for (Insn in : code(fn)) {
            insns.add(in);
            slots += in.slots();
        }
    }

    /** libbpf {@code bpf_object__reloc_code}: relocate the calls of {@code fn}, appending callees depth-first. */
    private void relocCode(ProgramSpec fn) {
        Placed me = placed.get(fn.name());
        int index = me.startIndex();
        int slot = 0;
        List<Insn> own = code(fn);
        for (int i = 0; i < own.size(); i++, index++) {
            Insn in = insns.get(index);
            int here = slot;
            slot += in.slots();
            boolean call = in.opcode() == CALL_IMM && in.src() == PSEUDO_CALL;
            Relocation relo = fn.relocationAt(here);
            boolean funcAddr = relo != null && relo.target() instanceof Relocation.FunctionAddress;
            boolean pseudoFunc = in.opcode() == LD_IMM64 && in.src() == PSEUDO_FUNC;
            if (!call && !funcAddr && !pseudoFunc) continue;
            if (relo != null && relo.target() instanceof Relocation.ExternCall) continue; // kfuncs: relocateData
            ProgramSpec target;
            String symbol;
            if (relo != null && relo.target() instanceof Relocation.Call c) {
                target = functionsByName.get(c.function());
                symbol = c.function();
            } else if (funcAddr) {
                target = functionsByName.get(((Relocation.FunctionAddress) relo.target()).function());
                symbol = target.name();
            } else if (relo != null) {
                throw error(fn, here, relo.symbol(), "unexpected relocation " + relo.target() + " on a call");
            } else if (pseudoFunc) {
                throw error(fn, here, null, "missing subprog address relocation for ld_imm64 src=BPF_PSEUDO_FUNC");
            } else {
                // a call the compiler resolved: relative to the call's position in its own section
                long t = (long) fn.sectionSlot() + here + in.imm() + 1;
                target = functionStartingAt(fn.sectionIndex(), t);
                if (target == null) {
                    throw error(fn, here, null, "call target (insn " + t + " of section '" + fn.sectionName()
                            + "') is not the start of a function");
                }
                symbol = target.name();
            }
            if (!placed.containsKey(target.name())) {
                append(target);
                relocCode(target);
            }
            int callSlot = me.startSlot() + here;
            int rel = placed.get(target.name()).startSlot() - callSlot - 1;
            Insn patched = call
                    ? new Insn(in.opcode(), in.dst(), in.src(), in.off(), rel, 0)
                    : new Insn(LD_IMM64, in.dst(), PSEUDO_FUNC, in.off(), rel, 0);
            insns.set(index, patched);
            references.add(new Reference(callSlot, call ? Kind.CALL : Kind.FUNCTION_ADDRESS, symbol, -1, 0, null));
        }
    }

    private ProgramSpec functionStartingAt(int sectionIndex, long slot) {
        for (ProgramSpec f : object.functions()) {
            if (f.sectionIndex() == sectionIndex && f.sectionSlot() == slot) return f;
        }
        return null;
    }

    // ------------------------------------------------------------------ function tables in global data (issue #6)

    /** The global data maps the linked code refers to ({@code ld_imm64} of an address in them). */
    private java.util.Set<Integer> referencedDataMaps() {
        java.util.Set<Integer> used = new java.util.TreeSet<>();
        for (Placed p : placed.values()) {
            for (Relocation r : p.fn().relocations()) {
                if (r.target() instanceof Relocation.DataLoad d) used.add(d.mapIndex());
            }
        }
        return used;
    }

    /**
     * Appends every function a function table in a referenced global data map points to (and what
     * those call), as a {@code ld_imm64} of the function's address would: the program can load any
     * entry of a table it can address, so every entry must be a function of this program for a
     * {@code callx} of it to call that function. (A table the program does not address is left alone.)
     * ebpf4j's choice, not libbpf's: libbpf does not relocate function addresses in data at all.
     */
    private void appendTableFunctions() {
        if (object.functionPointers().isEmpty()) return;
        boolean grew = true;
        while (grew) {
            grew = false;
            java.util.Set<Integer> used = referencedDataMaps();
            for (io.ebpf4j.object.BpfObject.FunctionPointer fp : object.functionPointers()) {
                if (!used.contains(fp.mapIndex()) || placed.containsKey(fp.function())) continue;
                ProgramSpec target = functionsByName.get(fp.function());
                if (target == null) {
                    throw new LinkException(object.file(), entry.name(), object.maps().get(fp.mapIndex()).sectionName(), -1,
                            fp.function(), "function table entry at offset " + fp.offset() + " names no function");
                }
                append(target);
                relocCode(target);
                grew = true;
            }
        }
    }

    /**
     * Writes, at each function address in a global data map this program refers to, the value
     * {@code ld_imm64 src=BPF_PSEUDO_FUNC} gives that function in this linked program
     * ({@link LinkedProgram#functionPointer(int)}), in the object's byte order.
     */
    private List<LinkedProgram.DataFunction> writeFunctionPointers(List<MapSpec> maps) {
        List<LinkedProgram.DataFunction> out = new ArrayList<>();
        if (object.functionPointers().isEmpty()) return out;
        java.util.Set<Integer> used = referencedDataMaps();
        Map<Integer, byte[]> patched = new java.util.TreeMap<>();
        boolean le = object.byteOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
        for (io.ebpf4j.object.BpfObject.FunctionPointer fp : object.functionPointers()) {
            if (!used.contains(fp.mapIndex())) continue;
            Placed p = placed.get(fp.function());
            long value = LinkedProgram.functionPointer(p.startSlot());
            byte[] c = patched.computeIfAbsent(fp.mapIndex(), i -> maps.get(i).contents());
            for (int k = 0; k < fp.size(); k++) {
                c[fp.offset() + (le ? k : fp.size() - 1 - k)] = (byte) (value >>> (8 * k));
            }
            out.add(new LinkedProgram.DataFunction(fp.mapIndex(), fp.offset(), fp.size(), fp.function(), p.startIndex(),
                    p.startSlot()));
        }
        patched.forEach((i, c) -> maps.set(i, maps.get(i).withContents(c)));
        return out;
    }

    // ------------------------------------------------------------------ data (bpf_object__relocate_data)

    private int mapIndexOfKind(MapSpec.Kind kind) {
        List<MapSpec> maps = object.maps();
        for (int i = 0; i < maps.size(); i++) {
            if (maps.get(i).kind() == kind) return i;
        }
        return -1;
    }

    private byte[] kconfigData() {
        int idx = mapIndexOfKind(MapSpec.Kind.KCONFIG);
        if (idx < 0) return new byte[0];
        byte[] data = new byte[object.maps().get(idx).valueSize()];
        for (ExternSpec e : object.externs()) {
            if (e.kind() != ExternSpec.Kind.KCONFIG) continue;
            String v = options.kconfig().get(e.name());
            if (v == null) continue;
            String why = Kconfig.write(e, v, data, object.byteOrder());
            if (why != null) {
                throw new LinkException(object.file(), entry.name(), null, -1, e.name(), "extern (kcfg) '" + e.name() + "': " + why);
            }
        }
        return data;
    }

    private void relocateData(byte[] kconfig) {
        Map<Integer, Integer> indexOfSlot = new HashMap<>();
        Program view = new Program(insns);
        for (int i = 0; i < view.size(); i++) indexOfSlot.put(view.slotOf(i), i);
        List<ExternSpec> externs = object.externs();
        for (Placed p : placed.values()) {
            ProgramSpec fn = p.fn();
            for (Relocation r : fn.relocations()) {
                int slot = p.startSlot() + r.slot();
                int index = indexOfSlot.get(slot);
                Insn in = insns.get(index);
                switch (r.target()) {
                    case Relocation.Call c -> { }
                    case Relocation.FunctionAddress a -> { }
                    case Relocation.MapLoad m -> {
                        insns.set(index, new Insn(LD_IMM64, in.dst(), PSEUDO_MAP_IDX, in.off(), m.mapIndex(), 0));
                        references.add(new Reference(slot, Kind.MAP, m.map(), m.mapIndex(), 0, null));
                    }
                    case Relocation.DataLoad d -> {
                        insns.set(index, new Insn(LD_IMM64, in.dst(), PSEUDO_MAP_IDX_VALUE, in.off(), d.mapIndex(), d.offset()));
                        MapSpec m = object.maps().get(d.mapIndex());
                        DataVariable v = m.variableAt(d.offset());
                        references.add(new Reference(slot, Kind.MAP_VALUE, m.name(), d.mapIndex(), d.offset(),
                                v == null ? null : v.name()));
                    }
                    case Relocation.ExternLoad l -> externLoad(fn, r, slot, index, in, extern(l.extern()), kconfig);
                    case Relocation.ExternCall c -> {
                        ExternSpec e = extern(c.extern());
                        externCall(fn, r, slot, index, in, e, externs.indexOf(e));
                    }
                }
            }
        }
    }

    private ExternSpec extern(String name) {
        return object.extern(name).orElseThrow();
    }

    private void unresolved(ProgramSpec fn, Relocation r, int slot, String name, String why) {
        if (!options.lenient()) throw error(fn, r.slot(), name, why);
        references.add(new Reference(slot, Kind.UNRESOLVED, name, -1, 0, why));
    }

    private void externLoad(ProgramSpec fn, Relocation r, int slot, int index, Insn in, ExternSpec e, byte[] kconfig) {
        String name = e.name();
        switch (e.kind()) {
            case KCONFIG -> {
                boolean set = options.kconfig().containsKey(name);
                if (!set && !e.weak()) {
                    unresolved(fn, r, slot, name, "extern (kcfg) '" + name + "' (strong) is not resolved: give its value"
                            + " with LinkOptions.withKconfig");
                    if (options.lenient()) return;
                }
                int idx = mapIndexOfKind(MapSpec.Kind.KCONFIG);
                insns.set(index, new Insn(LD_IMM64, in.dst(), PSEUDO_MAP_IDX_VALUE, in.off(), idx, e.kconfigOffset()));
                references.add(new Reference(slot, Kind.KCONFIG, name, idx, e.kconfigOffset(), set ? null : "weak, unset: 0"));
            }
            case KSYM, UNDEFINED -> {
                Map<String, Long> values = e.kind() == ExternSpec.Kind.KSYM ? options.ksyms() : options.symbols();
                Long v = values.get(name);
                if (v == null && !e.weak()) {
                    unresolved(fn, r, slot, name, (e.kind() == ExternSpec.Kind.KSYM ? "extern (ksym) '" : "undefined symbol '")
                            + name + "' (strong) is not resolved: give its value with LinkOptions.with"
                            + (e.kind() == ExternSpec.Kind.KSYM ? "Ksym" : "Symbol"));
                    return;
                }
                long value = v == null ? 0 : v;
                insns.set(index, Insn.ldImm64(in.dst(), 0, value));
                references.add(new Reference(slot, e.kind() == ExternSpec.Kind.KSYM ? Kind.KSYM : Kind.SYMBOL, name, -1, value,
                        v == null ? "weak, unresolved: 0" : null));
            }
            case KFUNC -> {
                // bpf_ksym_exists(kfunc): libbpf loads the kfunc's BTF id (src=BPF_PSEUDO_BTF_ID), or 0 if unresolved
                Integer id = options.kfuncs().get(name);
                if (id == null && !e.weak()) {
                    unresolved(fn, r, slot, name, "kfunc '" + name + "' (strong) is not resolved: give its BTF id with"
                            + " LinkOptions.withKfunc");
                    return;
                }
                insns.set(index, id == null ? Insn.ldImm64(in.dst(), 0, 0)
                        : new Insn(LD_IMM64, in.dst(), PSEUDO_BTF_ID, in.off(), id, 0));
                references.add(new Reference(slot, Kind.KFUNC, name, -1, id == null ? 0 : id,
                        id == null ? "weak, unresolved: 0" : null));
            }
        }
    }

    private void externCall(ProgramSpec fn, Relocation r, int slot, int index, Insn in, ExternSpec e, int externIndex) {
        String name = e.name();
        if (e.kind() != ExternSpec.Kind.KFUNC) {
            unresolved(fn, r, slot, name, "call to undefined function '" + name + "'"
                    + (e.kind() == ExternSpec.Kind.UNDEFINED ? " (declared, never defined in this object)" : ""));
            return;
        }
        Integer id = options.kfuncs().get(name);
        if (id != null) {
            insns.set(index, new Insn(CALL_IMM, 0, PSEUDO_KFUNC_CALL, 0, id));
            references.add(new Reference(slot, Kind.KFUNC, name, -1, id, null));
        } else if (e.weak()) {
            // libbpf poison_kfunc_call: an invalid helper call the verifier reports if it is reachable
            insns.set(index, new Insn(CALL_IMM, 0, 0, 0, POISON_CALL_KFUNC_BASE + externIndex));
            references.add(new Reference(slot, Kind.POISONED, name, -1, 0, "weak kfunc, unresolved"));
        } else {
            unresolved(fn, r, slot, name, "kfunc '" + name + "' (strong) is not resolved: give its BTF id with"
                    + " LinkOptions.withKfunc");
        }
    }
}
