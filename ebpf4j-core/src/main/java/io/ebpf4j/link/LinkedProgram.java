package io.ebpf4j.link;

import io.ebpf4j.isa.Program;
import io.ebpf4j.object.MapSpec;
import io.ebpf4j.object.ProgramSpec;
import java.util.List;
import java.util.Optional;

/**
 * One entry program with every subprogram it reaches appended, ready for a verifier or an engine.
 *
 * <p>What the instructions refer to:
 * <ul>
 *   <li>bpf-to-bpf calls ({@code call} src=1) and function pointers ({@code ld_imm64}
 *       src={@code BPF_PSEUDO_FUNC}) hold their target's offset in slots, relative to the next
 *       instruction, as the kernel expects them;</li>
 *   <li>a map is {@code ld_imm64 src=BPF_PSEUDO_MAP_IDX imm=i}, and an address in a global data map
 *       {@code ld_imm64 src=BPF_PSEUDO_MAP_IDX_VALUE imm=i imm2=offset}, where {@code i} indexes
 *       {@link #maps()} — the object's maps in libbpf's order (the convention of libbpf's
 *       {@code gen_loader}, {@code bpf_object__relocate_data});</li>
 *   <li>Kconfig externs are addresses in the {@code .kconfig} map (filled with the values given in
 *       {@link LinkOptions}); ksyms and other symbols are plain 64-bit constants; kfunc calls are
 *       {@code call} src={@code BPF_PSEUDO_KFUNC_CALL} with the kfunc's BTF id.</li>
 * </ul>
 *
 * @param entry      the entry program's spec
 * @param program    the linked instructions
 * @param functions  where each function landed, entry first, in the order they were appended
 * @param lineInfo   {@code .BTF.ext} line info, rebased onto the linked program, by slot
 * @param maps       the maps {@code BPF_PSEUDO_MAP_IDX[_VALUE]} immediates index
 * @param references what each relocated instruction refers to, by slot
 * @param license    the object's license
 * @param dataFunctions function addresses in the global data maps this program refers to (a
 *                   function table, issue #6); each function is in {@link #functions()} and the
 *                   map's contents in {@link #maps()} hold {@link #functionPointer(int)} of it there
 */
public record LinkedProgram(ProgramSpec entry, Program program, List<Function> functions, List<SourceLine> lineInfo,
                            List<MapSpec> maps, List<Reference> references, String license, List<DataFunction> dataFunctions) {

    /**
     * The value {@code ld_imm64 src=BPF_PSEUDO_FUNC} gives a function that starts at slot 0 of a
     * program; the function at slot {@code s} is this plus {@code 8 * s}. The engines (vm.PreparedProgram)
     * use the same value, so a function pointer written into data by the linker is one they call.
     */
    public static final long FUNCTION_POINTER_BASE = 0x0800_0000L;

    /** The function pointer value of the function that starts at {@code slot}. */
    public static long functionPointer(int slot) {
        return FUNCTION_POINTER_BASE + (long) slot * 8;
    }

    /** Without function addresses in data. */
    public LinkedProgram(ProgramSpec entry, Program program, List<Function> functions, List<SourceLine> lineInfo,
                         List<MapSpec> maps, List<Reference> references, String license) {
        this(entry, program, functions, lineInfo, maps, references, license, List.of());
    }

    /**
     * A function's address at {@code offset} of global data map {@code mapIndex}.
     *
     * @param mapIndex   index in {@link #maps()}
     * @param offset     byte offset in the map's value
     * @param size       8 or 4 bytes
     * @param function   the function's name
     * @param startIndex the function's first instruction in {@link #program()}
     * @param startSlot  its slot
     */
    public record DataFunction(int mapIndex, int offset, int size, String function, int startIndex, int startSlot) {}

    public LinkedProgram {
        dataFunctions = List.copyOf(dataFunctions);
        functions = List.copyOf(functions);
        lineInfo = List.copyOf(lineInfo);
        maps = List.copyOf(maps);
        references = List.copyOf(references);
    }

    /**
     * A function of the linked program.
     *
     * @param name        the function's name
     * @param section     its ELF section
     * @param startIndex  index of its first instruction in {@link #program()}
     * @param startSlot   slot of its first instruction
     * @param slotCount   its length in slots
     * @param btfFuncId   its BTF FUNC id ({@code .BTF.ext} func_info), or 0
     */
    public record Function(String name, String section, int startIndex, int startSlot, int slotCount, int btfFuncId) {}

    /** A source position: {@code bpf_line_info} of the instruction at {@code slot} and those after it, up to the next record. */
    public record SourceLine(int slot, String file, String lineText, int line, int column) {}

    /** What a relocated instruction refers to. */
    public enum Kind {
        /** a bpf-to-bpf call; {@code name} is the function */
        CALL,
        /** a function pointer; {@code name} is the function */
        FUNCTION_ADDRESS,
        /** a map; {@code name} is the map, {@code index} its position in {@link #maps()} */
        MAP,
        /** an address in a global data map, {@code offset} bytes into its value */
        MAP_VALUE,
        /** a Kconfig extern: an address in the {@code .kconfig} map */
        KCONFIG,
        /** a kernel symbol's address */
        KSYM,
        /** a kfunc call or a kfunc's BTF id */
        KFUNC,
        /** another undefined symbol's value */
        SYMBOL,
        /** a call to an unresolved weak kfunc, turned into an invalid helper call as libbpf does */
        POISONED,
        /** left unresolved (lenient linking only) */
        UNRESOLVED
    }

    /**
     * @param slot   the instruction's slot in {@link #program()}
     * @param kind   what it refers to
     * @param name   the function, map or extern name
     * @param index  the map index for {@link Kind#MAP}/{@link Kind#MAP_VALUE}/{@link Kind#KCONFIG}, else -1
     * @param offset the byte offset into a map value, else 0
     * @param detail a variable name for map values, or why a reference is unresolved; may be null
     */
    public record Reference(int slot, Kind kind, String name, int index, long offset, String detail) {}

    public String name() {
        return entry.name();
    }

    /** The function the instruction at {@code slot} belongs to. */
    public Function functionAtSlot(int slot) {
        Function found = null;
        for (Function f : functions) {
            if (f.startSlot() <= slot && slot < f.startSlot() + f.slotCount()) found = f;
        }
        return found;
    }

    /** The function that starts at {@code slot}, if any. */
    public Optional<Function> functionStartingAt(int slot) {
        return functions.stream().filter(f -> f.startSlot() == slot).findFirst();
    }

    public Optional<Function> function(String name) {
        return functions.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The source position of the instruction at {@code slot}: the last line_info record at or before it in its function. */
    public Optional<SourceLine> sourceAtSlot(int slot) {
        Function f = functionAtSlot(slot);
        SourceLine best = null;
        for (SourceLine l : lineInfo) {
            if (l.slot() > slot) break;
            if (f == null || l.slot() >= f.startSlot()) best = l;
        }
        return Optional.ofNullable(best);
    }

    /** The source position of the instruction at {@code index} of {@link #program()}. */
    public Optional<SourceLine> sourceAt(int index) {
        return sourceAtSlot(program.slotOf(index));
    }

    /** The reference of the instruction at {@code slot}, if it was relocated. */
    public Optional<Reference> referenceAtSlot(int slot) {
        return references.stream().filter(r -> r.slot() == slot).findFirst();
    }
}
