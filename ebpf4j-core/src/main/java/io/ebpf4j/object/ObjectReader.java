package io.ebpf4j.object;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfException;
import io.ebpf4j.btf.BtfExt;
import io.ebpf4j.btf.BtfType;
import io.ebpf4j.elf.Elf;
import io.ebpf4j.elf.ElfFile;
import io.ebpf4j.elf.ElfRelocation;
import io.ebpf4j.elf.ElfRelocationSection;
import io.ebpf4j.elf.ElfSection;
import io.ebpf4j.elf.ElfSymbol;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.IsaException;
import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.isa.Program;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads an ELF object into a {@link BpfObject}, following libbpf's {@code bpf_object_open}:
 * {@code bpf_object__elf_collect} (sections), {@code bpf_object__add_programs} (functions),
 * {@code bpf_object__collect_externs}, {@code bpf_object__init_maps} and
 * {@code bpf_object__collect_relos}.
 */
final class ObjectReader {
    private static final String TEXT = ".text";
    private static final String LEGACY_MAPS = "maps";
    private static final String BTF_MAPS = ".maps";
    private static final String KCONFIG = ".kconfig";
    private static final String KSYMS = ".ksyms";
    private static final String STRUCT_OPS = ".struct_ops";
    private static final String STRUCT_OPS_LINK = ".struct_ops.link";
    private static final String ARENA_DATA = ".addr_space.1";
    /** BTF_VAR_STATIC, BTF_VAR_GLOBAL_ALLOCATED, BTF_VAR_GLOBAL_EXTERN (include/uapi/linux/btf.h). */
    private static final int VAR_STATIC = 0, VAR_GLOBAL = 1, VAR_EXTERN = 2;
    private static final int FUNC_EXTERN = 2;
    private static final int SIZEOF_BPF_MAP_DEF = 20;
    /** iproute2 {@code struct bpf_elf_map}: bpf_map_def plus id, pinning, inner_id, inner_idx. */
    private static final int SIZEOF_BPF_ELF_MAP = 36;

    private final String file;
    private final String objectName;
    private final ElfFile elf;
    private final ByteOrder order;
    private final List<ElfSymbol> symbols;
    private Btf btf;
    private BtfExt btfExt;
    private String license = "";
    private int kernelVersion;

    private final List<ElfSection> codeSections = new ArrayList<>();
    private final List<ElfSection> dataSections = new ArrayList<>();
    private ElfSection legacyMaps;
    private ElfSection btfMaps;
    private final List<ElfSection> structOpsSections = new ArrayList<>();

    private final Map<Integer, Program> sectionCode = new HashMap<>();
    /** Per code section: function start slot → function builder. */
    private final Map<Integer, TreeMap<Integer, Fn>> functionsBySection = new LinkedHashMap<>();
    private final List<Fn> functions = new ArrayList<>();
    private final List<ExternSpec> externs = new ArrayList<>();
    private final Map<Integer, ExternSpec> externBySymbol = new HashMap<>();
    private final List<MapSpec> maps = new ArrayList<>();
    /** Map index by (section index, offset). */
    private final Map<Long, Integer> mapAt = new HashMap<>();
    /** Index of the data map for a section index. */
    private final Map<Integer, Integer> dataMapOfSection = new HashMap<>();

    /** A function being read. */
    private static final class Fn {
        final String name;
        final ElfSection section;
        final ElfSymbol symbol;
        final int startSlot;
        final int slotCount;
        Program code;
        final List<Relocation> relocations = new ArrayList<>();

        Fn(String name, ElfSection section, ElfSymbol symbol, int startSlot, int slotCount) {
            this.name = name;
            this.section = section;
            this.symbol = symbol;
            this.startSlot = startSlot;
            this.slotCount = slotCount;
        }
    }

    ObjectReader(String file, String objectName, ElfFile elf) {
        this.file = file;
        this.objectName = objectName;
        this.elf = elf;
        this.order = elf.byteOrder();
        this.symbols = elf.symbols();
    }

    private LoadException error(ElfSection section, int insn, String symbol, String why) {
        return new LoadException(file, section == null ? null : section.name(), insn, symbol, why);
    }

    private LoadException error(String why) {
        return LoadException.of(file, why);
    }

    BpfObject read() {
        // libbpf bpf_object__elf_init: a relocatable object for BPF (old LLVM wrote EM_NONE)
        if (elf.type() != Elf.ET_REL || (elf.machine() != Elf.EM_BPF && elf.machine() != Elf.EM_NONE)) {
            throw error("not a BPF object file (e_type " + elf.type() + ", e_machine " + elf.machine()
                    + "; expected a relocatable EM_BPF object)");
        }
        if (symbols.isEmpty()) {
            throw error("no symbol table (SHT_SYMTAB); a stripped object file?");
        }
        readBtf();
        collectSections();
        readFunctions();
        collectExterns();
        readLegacyMaps();
        readBtfMaps();
        readDataMaps();
        addKconfigMap();
        readStructOps();
        collectCodeRelocations();
        collectMapRelocations();
        collectDataFunctionPointers();
        return build();
    }

    // ------------------------------------------------------------------ BTF

    private void readBtf() {
        var btfSection = elf.section(".BTF");
        if (btfSection.isEmpty()) return;
        try {
            btf = Btf.parse(btfSection.get().data(), file + ": .BTF");
        } catch (BtfException e) {
            throw new LoadException(file, ".BTF", -1, null, "malformed BTF: " + e.getMessage(), e);
        }
        var extSection = elf.section(".BTF.ext");
        if (extSection.isEmpty()) return;
        try {
            btfExt = BtfExt.parse(extSection.get().data(), btf, file + ": .BTF.ext");
        } catch (BtfException e) {
            // libbpf ignores a malformed .BTF.ext ("Ignored and continue"); we report it, since
            // line info and CO-RE records would silently be lost otherwise
            throw new LoadException(file, ".BTF.ext", -1, null, "malformed .BTF.ext: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ sections (bpf_object__elf_collect)

    private static boolean isDwarf(String name) {
        return name.startsWith(".debug_");
    }

    private void collectSections() {
        for (ElfSection s : elf.sections()) {
            if (s.index() == 0) continue;
            String name = s.name();
            // libbpf ignore_elf_section
            if (s.type() == Elf.SHT_STRTAB || s.type() == Elf.SHT_LLVM_ADDRSIG || isDwarf(name)) continue;
            if (s.type() == Elf.SHT_PROGBITS && s.size() == 0 && name.equals(TEXT)) continue;
            switch (name) {
                case "license" -> {
                    byte[] d = s.data();
                    int n = 0;
                    // libbpf bpf_object__init_license: a C string, at most 63 characters
                    while (n < d.length && d[n] != 0 && n < 63) n++;
                    license = new String(d, 0, n, StandardCharsets.UTF_8);
                    continue;
                }
                case "version" -> {
                    if (s.size() != 4) throw error(s, -1, null, "invalid kernel version section: " + s.size() + " bytes, expected 4");
                    kernelVersion = s.buffer().getInt(0);
                    continue;
                }
                case LEGACY_MAPS -> {
                    legacyMaps = s;
                    continue;
                }
                case BTF_MAPS -> {
                    btfMaps = s;
                    continue;
                }
                case ".BTF", ".BTF.ext" -> {
                    continue;
                }
                default -> { }
            }
            if (name.equals(ARENA_DATA) && s.size() > 0) {
                // libbpf maps __arena globals into the object's arena map (init_arena_map_data)
                throw error(s, -1, null, "unsupported: arena global variables (section " + ARENA_DATA
                        + ") are not implemented; the arena map itself is");
            }
            if (s.type() == Elf.SHT_PROGBITS && s.size() > 0) {
                if (s.isExecutable()) {
                    codeSections.add(s);
                } else if (name.equals(".data") || name.startsWith(".data.") || name.equals(".rodata")
                        || name.startsWith(".rodata.")) {
                    dataSections.add(s);
                } else if (name.equals(STRUCT_OPS) || name.equals(STRUCT_OPS_LINK)) {
                    structOpsSections.add(s);
                }
                // libbpf: "skipping unrecognized data section"
            } else if (s.type() == Elf.SHT_NOBITS && (name.equals(".bss") || name.startsWith(".bss."))) {
                dataSections.add(s);
            }
        }
    }

    // ------------------------------------------------------------------ functions (bpf_object__add_programs)

    private void readFunctions() {
        int total = 0;
        for (ElfSection s : codeSections) {
            Program code;
            try {
                code = Program.decode(s.data(), order);
            } catch (IsaException e) {
                throw error(s, e.slot(), null, "cannot decode the code: " + e.getMessage());
            }
            sectionCode.put(s.index(), code);
            List<ElfSymbol> funcs = new ArrayList<>();
            for (ElfSymbol sym : symbols) {
                if (sym.isDefinedInSection() && sym.shndx() == s.index() && sym.type() == Elf.STT_FUNC) funcs.add(sym);
            }
            if (funcs.isEmpty()) {
                // cilium/ebpf: "section %v: missing symbols"; libbpf would silently load nothing from it
                throw error(s, -1, null, "executable section has code but no FUNC symbol");
            }
            funcs.sort(Comparator.comparingLong(ElfSymbol::value));
            TreeMap<Integer, Fn> bySlot = new TreeMap<>();
            for (ElfSymbol sym : funcs) {
                long off = sym.value(), size = sym.size();
                if (sym.name().isEmpty()) throw error(s, -1, null, "FUNC symbol " + sym.index() + " has no name");
                // libbpf bpf_object__init_prog: "corrupted program"
                if (size == 0 || size % 8 != 0 || off % 8 != 0) {
                    throw error(s, (int) (off / 8), sym.name(), "corrupted program: offset " + off + ", size " + size);
                }
                if (off + size > s.size()) {
                    throw error(s, (int) (off / 8), sym.name(), "program at offset " + off + " crosses the section boundary");
                }
                int start = (int) (off / 8), slots = (int) (size / 8);
                if (bySlot.containsKey(start)) {
                    throw error(s, start, sym.name(), "two functions start at the same offset ('" + bySlot.get(start).name + "')");
                }
                Fn fn = new Fn(sym.name(), s, sym, start, slots);
                fn.code = slice(code, s, fn);
                bySlot.put(start, fn);
                total++;
            }
            // functions must not overlap
            Fn prev = null;
            for (Fn fn : bySlot.values()) {
                if (prev != null && prev.startSlot + prev.slotCount > fn.startSlot) {
                    throw error(s, fn.startSlot, fn.name, "overlaps function '" + prev.name + "'");
                }
                prev = fn;
            }
            functionsBySection.put(s.index(), bySlot);
            functions.addAll(bySlot.values());
        }
        Set<String> names = new HashSet<>();
        for (Fn fn : functions) {
            // cilium/ebpf: function names must be unique within an object (calls are resolved by name)
            if (!names.add(fn.name)) throw error(fn.section, fn.startSlot, fn.name, "duplicate function name");
        }
        if (total == 0) return;
    }

    private Program slice(Program code, ElfSection s, Fn fn) {
        int first = code.indexAtSlot(fn.startSlot);
        int endSlot = fn.startSlot + fn.slotCount;
        int last = endSlot == code.slotCount() ? code.size() : code.indexAtSlot(endSlot);
        if (first < 0 || last < 0) {
            throw error(s, first < 0 ? fn.startSlot : endSlot, fn.name,
                    "function boundary falls inside a ld_imm64 instruction");
        }
        return new Program(code.insns().subList(first, last));
    }

    private Fn functionContaining(int sectionIndex, int slot) {
        TreeMap<Integer, Fn> m = functionsBySection.get(sectionIndex);
        if (m == null) return null;
        var e = m.floorEntry(slot);
        if (e == null) return null;
        Fn fn = e.getValue();
        return slot < fn.startSlot + fn.slotCount ? fn : null;
    }

    private boolean isSubprogramSection(ElfSection s) {
        // libbpf prog_is_subprog: a .text function, unless it is the object's only function
        return s.name().equals(TEXT) && functions.size() > 1;
    }

    // ------------------------------------------------------------------ externs (bpf_object__collect_externs)

    /** libbpf sym_is_extern: type NOTYPE, bind GLOBAL or WEAK, section UND. */
    private static boolean isExtern(ElfSymbol s) {
        return s.isUndefined() && (s.bind() == Elf.STB_GLOBAL || s.bind() == Elf.STB_WEAK) && s.type() == Elf.STT_NOTYPE;
    }

    private void collectExterns() {
        List<ExternSpec> kcfg = new ArrayList<>();
        List<ExternSpec> ksym = new ArrayList<>();
        List<ExternSpec> undef = new ArrayList<>();
        Map<String, Integer> symbolOf = new HashMap<>();
        Map<String, Integer> alignOf = new HashMap<>();
        for (ElfSymbol sym : symbols) {
            if (!isExtern(sym) || sym.name().isEmpty()) continue;
            String name = sym.name();
            boolean weak = sym.bind() == Elf.STB_WEAK;
            symbolOf.put(name, sym.index());
            int btfId = btf == null ? 0 : findExternBtfId(name);
            if (btfId <= 0) {
                undef.add(new ExternSpec(name, ExternSpec.Kind.UNDEFINED, weak, 0, 0, null, 0, false, -1));
                continue;
            }
            BtfType t = btf.type(btfId);
            BtfType.DataSec sec = findExternDatasec(btfId);
            int innerType = t instanceof BtfType.Var v ? v.type() : ((BtfType.Func) t).protoType();
            int resolved = skipModsId(innerType);
            if (sec == null) {
                undef.add(new ExternSpec(name, ExternSpec.Kind.UNDEFINED, weak, btfId, resolved, null, 0, false, -1));
            } else if (sec.name().equals(KCONFIG)) {
                if (t instanceof BtfType.Func) {
                    throw error(null, -1, name, "extern function is unsupported under the " + KCONFIG + " section");
                }
                int size;
                int align;
                try {
                    size = (int) btf.sizeOf(innerType);
                    align = alignOf(innerType);
                } catch (BtfException e) {
                    throw error(null, -1, name, "failed to resolve the size of extern (kcfg): " + e.getMessage());
                }
                boolean[] signed = new boolean[1];
                ExternSpec.KconfigType kt = kconfigType(innerType, signed);
                if (kt == null || size <= 0) throw error(null, -1, name, "extern (kcfg): type is unsupported");
                alignOf.put(name, align);
                kcfg.add(new ExternSpec(name, ExternSpec.Kind.KCONFIG, weak, btfId, resolved, kt, size, signed[0], -1));
            } else if (sec.name().equals(KSYMS)) {
                ExternSpec.Kind kind = t instanceof BtfType.Func ? ExternSpec.Kind.KFUNC : ExternSpec.Kind.KSYM;
                ksym.add(new ExternSpec(name, kind, weak, btfId, resolved, null, 0, false, -1));
            } else {
                throw error(null, -1, name, "unrecognized extern section '" + sec.name() + "'");
            }
        }
        // libbpf cmp_externs: kcfg by descending alignment, ascending size, then name; ksyms by name
        kcfg.sort(Comparator.<ExternSpec>comparingInt(e -> -alignOf.get(e.name()))
                .thenComparingInt(ExternSpec::kconfigSize).thenComparing(ExternSpec::name));
        ksym.sort(Comparator.comparing(ExternSpec::name));
        undef.sort(Comparator.comparing(ExternSpec::name));
        int off = 0;
        for (ExternSpec e : kcfg) {
            int align = alignOf.get(e.name());
            int dataOff = (off + align - 1) / align * align;
            off = dataOff + e.kconfigSize();
            externs.add(new ExternSpec(e.name(), e.kind(), e.weak(), e.btfId(), e.typeId(), e.kconfigType(),
                    e.kconfigSize(), e.kconfigSigned(), dataOff));
        }
        externs.addAll(ksym);
        externs.addAll(undef);
        for (ExternSpec e : externs) externBySymbol.put(symbolOf.get(e.name()), e);
    }

    /** libbpf find_extern_btf_id: a VAR or FUNC of that name with extern linkage. */
    private int findExternBtfId(String name) {
        for (int id : btf.typeIdsByName(name)) {
            BtfType t = btf.type(id);
            if (t instanceof BtfType.Var v) return v.linkage() == VAR_EXTERN ? id : -1;
            if (t instanceof BtfType.Func f) return f.linkage() == FUNC_EXTERN ? id : -1;
        }
        return -1;
    }

    private BtfType.DataSec findExternDatasec(int id) {
        for (int i = 1; i < btf.typeCount(); i++) {
            if (btf.type(i) instanceof BtfType.DataSec ds) {
                for (BtfType.VarSecInfo v : ds.vars()) {
                    if (v.type() == id) return ds;
                }
            }
        }
        return null;
    }

    private int skipModsId(int id) {
        for (int depth = 0; depth < 64; depth++) {
            BtfType t = btf.type(id);
            if (t instanceof BtfType.Typedef td) id = td.type();
            else if (t instanceof BtfType.Qualifier q) id = q.type();
            else return id;
        }
        return id;
    }

    /** libbpf find_kcfg_type; null for KCFG_UNKNOWN. */
    private ExternSpec.KconfigType kconfigType(int id, boolean[] signed) {
        BtfType t = btf.skipModsAndTypedefs(id);
        switch (t) {
            case BtfType.Int i -> {
                if ((i.encoding() & BtfType.Int.BOOL) != 0) return i.size() == 1 ? ExternSpec.KconfigType.BOOL : null;
                if (signed != null) signed[0] = i.signed();
                if (i.size() == 1) return ExternSpec.KconfigType.CHAR;
                int sz = i.size();
                if (sz < 1 || sz > 8 || (sz & (sz - 1)) != 0) return null;
                return ExternSpec.KconfigType.INT;
            }
            case BtfType.Enum e -> {
                if (!e.is64() && e.size() != 4) return null;
                return e.name().equals("libbpf_tristate") ? ExternSpec.KconfigType.TRISTATE : null;
            }
            case BtfType.Array a -> {
                if (a.nelems() == 0) return null;
                return kconfigType(a.elemType(), null) == ExternSpec.KconfigType.CHAR ? ExternSpec.KconfigType.CHAR_ARRAY : null;
            }
            default -> {
                return null;
            }
        }
    }

    /** libbpf btf__align_of (BPF pointers are 8 bytes). */
    private int alignOf(int id) {
        BtfType t = btf.type(id);
        return switch (t) {
            case BtfType.Int i -> Math.min(8, i.size());
            case BtfType.Enum e -> Math.min(8, e.size());
            case BtfType.FloatType f -> Math.min(8, f.size());
            case BtfType.Ptr p -> 8;
            case BtfType.Typedef td -> alignOf(td.type());
            case BtfType.Qualifier q -> alignOf(q.type());
            case BtfType.Array a -> alignOf(a.elemType());
            case BtfType.Struct s -> {
                int max = 1;
                for (BtfType.Member m : s.members()) {
                    int a = alignOf(m.type());
                    // a member at an offset its type's alignment does not divide: a packed struct
                    if (m.bitfieldSize() == 0 && m.bitOffset() % (8 * a) != 0) yield 1;
                    max = Math.max(max, a);
                }
                yield max;
            }
            default -> throw new BtfException("type " + id + " (" + t.kind() + ") has no alignment");
        };
    }

    // ------------------------------------------------------------------ maps

    private long key(int sectionIndex, long offset) {
        return ((long) sectionIndex << 40) ^ offset;
    }

    private int addMap(MapSpec m) {
        maps.add(m);
        int idx = maps.size() - 1;
        if (m.sectionIndex() >= 0) mapAt.putIfAbsent(key(m.sectionIndex(), m.sectionOffset()), idx);
        return idx;
    }

    private static MapType mapType(int number) {
        return MapType.of(number);
    }

    private List<ElfSymbol> objectSymbolsIn(ElfSection s) {
        List<ElfSymbol> out = new ArrayList<>();
        for (ElfSymbol sym : symbols) {
            if (!sym.isDefinedInSection() || sym.shndx() != s.index()) continue;
            if (sym.type() == Elf.STT_SECTION || sym.type() == Elf.STT_FILE || sym.name().isEmpty()) continue;
            out.add(sym);
        }
        out.sort(Comparator.comparingLong(ElfSymbol::value));
        return out;
    }

    /**
     * Legacy {@code SEC("maps")}: one {@code struct bpf_map_def} per symbol. libbpf before 1.0
     * ({@code bpf_object__init_user_maps}) read each definition at its symbol, accepted definitions
     * shorter than {@code bpf_map_def} (missing fields are 0) and longer ones whose extra bytes are
     * all zero; we also accept iproute2's {@code struct bpf_elf_map} (36 bytes), as cilium/ebpf does,
     * keeping its tail in {@link MapSpec#extra()}. Static (local) definitions are refused, like
     * libbpf's "unsupported map linkage static". Bytes no symbol covers are allowed: {@code bpftool
     * gen object} leaves the losing definitions of weak maps there.
     */
    private void readLegacyMaps() {
        if (legacyMaps == null) return;
        ElfSection s = legacyMaps;
        List<ElfSymbol> syms = objectSymbolsIn(s);
        if (syms.isEmpty()) throw error(s, -1, null, "no map symbols in the legacy maps section");
        long secSize = s.size();
        long defaultSize = secSize / syms.size();
        ByteBuffer buf = s.buffer();
        for (ElfSymbol sym : syms) {
            long size = sym.size() > 0 ? sym.size() : defaultSize;
            if (sym.bind() == Elf.STB_LOCAL) {
                throw error(s, -1, sym.name(), "map '" + sym.name() + "' is static (STB_LOCAL): unsupported map linkage static");
            }
            if (sym.value() + size > secSize || size < 4) {
                throw error(s, -1, sym.name(), "map definition of " + size + " bytes at offset " + sym.value()
                        + " does not fit the " + secSize + "-byte section");
            }
            byte[] def = new byte[SIZEOF_BPF_MAP_DEF];
            int copy = (int) Math.min(size, SIZEOF_BPF_MAP_DEF);
            buf.get((int) sym.value(), def, 0, copy);
            byte[] extra = new byte[0];
            int pinning = 0;
            if (size > SIZEOF_BPF_MAP_DEF) {
                extra = new byte[(int) (size - SIZEOF_BPF_MAP_DEF)];
                buf.get((int) sym.value() + SIZEOF_BPF_MAP_DEF, extra);
                if (size == SIZEOF_BPF_ELF_MAP) {
                    // iproute2 struct bpf_elf_map: __u32 id, pinning, inner_id, inner_idx
                    pinning = ByteBuffer.wrap(extra).order(order).getInt(4);
                } else {
                    for (byte b : extra) {
                        if (b != 0) {
                            throw error(s, -1, sym.name(), "map '" + sym.name() + "' has unrecognized, non-zero options: its "
                                    + size + "-byte definition is longer than struct bpf_map_def (" + SIZEOF_BPF_MAP_DEF
                                    + " bytes) and the extra bytes are not zero");
                        }
                    }
                }
            }
            ByteBuffer d = ByteBuffer.wrap(def).order(order);
            int typeNum = d.getInt(0);
            MapType type = mapType(typeNum);
            if (type == null) throw error(s, -1, sym.name(), "map '" + sym.name() + "': unknown map type " + typeNum);
            addMap(new MapSpec(sym.name(), MapSpec.Kind.LEGACY, type, d.getInt(4), d.getInt(8), d.getInt(12), d.getInt(16),
                    0, 0, pinning, 0, 0, null, List.of(), null, false, List.of(), extra, s.name(), s.index(), sym.value()));
        }
    }

    private BtfType.DataSec datasec(String name) {
        if (btf == null) return null;
        for (int id : btf.typeIdsByName(name)) {
            if (btf.type(id) instanceof BtfType.DataSec ds) return ds;
        }
        return null;
    }

    private ElfSymbol globalObjectSymbol(String name) {
        // libbpf find_elf_var_sym: a GLOBAL or WEAK OBJECT symbol of that name
        for (ElfSymbol sym : symbols) {
            if (sym.type() == Elf.STT_OBJECT && (sym.bind() == Elf.STB_GLOBAL || sym.bind() == Elf.STB_WEAK)
                    && sym.name().equals(name)) return sym;
        }
        return null;
    }

    private static boolean hidden(ElfSymbol sym) {
        return sym.visibility() == Elf.STV_HIDDEN || sym.visibility() == Elf.STV_INTERNAL;
    }

    /** A DATASEC's variables with libbpf's {@code btf_fixup_datasec} applied: offsets from symbols when clang left them 0. */
    private List<DataVariable> datasecVariables(BtfType.DataSec ds, ElfSection section) {
        List<DataVariable> out = new ArrayList<>();
        boolean fixOffsets = ds.size() == 0;
        for (BtfType.VarSecInfo vsi : ds.vars()) {
            if (!(btf.type(vsi.type()) instanceof BtfType.Var v)) {
                throw error(section, -1, null, "DATASEC '" + ds.name() + "': member type " + vsi.type() + " is not a VAR");
            }
            int offset = vsi.offset();
            boolean global = v.linkage() != VAR_STATIC;
            if (v.linkage() == VAR_GLOBAL) {
                ElfSymbol sym = globalObjectSymbol(v.name());
                if (sym == null) {
                    throw error(section, -1, v.name(), "no ELF symbol for the BTF variable '" + v.name() + "'");
                }
                if (fixOffsets) offset = (int) sym.value();
                if (hidden(sym)) global = false;
            }
            out.add(new DataVariable(v.name(), offset, vsi.size(), v.type(), global));
        }
        out.sort(Comparator.comparingInt(DataVariable::offset));
        return out;
    }

    /** BTF-defined maps: libbpf {@code bpf_object__init_user_btf_maps} / {@code bpf_object__init_user_btf_map}. */
    private void readBtfMaps() {
        if (btfMaps == null) return;
        ElfSection s = btfMaps;
        if (btf == null) throw error(s, -1, null, "BTF is required for BTF-defined maps, but the object has no .BTF");
        BtfType.DataSec ds = datasec(BTF_MAPS);
        if (ds == null) throw error(s, -1, null, "DATASEC '" + BTF_MAPS + "' not found in BTF");
        byte[] data = s.data();
        List<DataVariable> vars = datasecVariables(ds, s);
        Map<String, Integer> sizes = new HashMap<>();
        for (BtfType.VarSecInfo vsi : ds.vars()) sizes.put(btf.type(vsi.type()).name(), vsi.size());
        for (BtfType.VarSecInfo vsi : ds.vars()) {
            BtfType.Var var = (BtfType.Var) btf.type(vsi.type());
            String name = var.name();
            DataVariable dv = vars.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            long offset = dv.offset();
            if (name.isEmpty()) throw error(s, -1, null, "map with an empty name");
            if (offset + vsi.size() > data.length) throw error(s, -1, name, "map '" + name + "' BTF data is corrupted");
            if (var.linkage() != VAR_GLOBAL) {
                throw error(s, -1, name, "map '" + name + "': unsupported map linkage "
                        + (var.linkage() == VAR_STATIC ? "static" : var.linkage() == VAR_EXTERN ? "extern" : "unknown"));
            }
            BtfType def = btf.skipModsAndTypedefs(var.type());
            if (!(def instanceof BtfType.Struct st) || st.isUnion()) {
                throw error(s, -1, name, "map '" + name + "': unexpected def kind " + def.kind());
            }
            if (st.size() > vsi.size()) throw error(s, -1, name, "map '" + name + "': invalid def size");
            // cilium/ebpf loadBTFMaps: a definition's bytes carry no data, only relocated 'values'
            for (int i = 0; i < vsi.size(); i++) {
                if (data[(int) offset + i] != 0) {
                    throw error(s, -1, name, "map '" + name + "': initializing a BTF map definition with non-zero data"
                            + " (byte " + i + ") is not supported");
                }
            }
            BtfMapDef d;
            try {
                d = BtfMapDef.parse(name, btf, st, false);
            } catch (BtfMapDef.DefException e) {
                throw error(s, -1, name, e.getMessage());
            }
            addMap(btfMapSpec(s, name, d, offset));
        }
    }

    private MapSpec btfMapSpec(ElfSection s, String name, BtfMapDef d, long offset) {
        MapType type = mapType(d.mapType);
        if (type == null) throw error(s, -1, name, "map '" + name + "': unknown map type " + d.mapType);
        MapSpec inner = null;
        if (d.inner != null) {
            MapType it = mapType(d.inner.mapType);
            if (it == null) throw error(s, -1, name, "map '" + name + ".inner': unknown map type " + d.inner.mapType);
            inner = new MapSpec(name + ".inner", MapSpec.Kind.BTF, it, d.inner.keySize, d.inner.valueSize,
                    d.inner.maxEntries, d.inner.mapFlags, d.inner.numaNode, d.inner.mapExtra, 0, d.inner.keyTypeId,
                    d.inner.valueTypeId, null, List.of(), null, false, List.of(), null, s.name(), s.index(), offset);
        }
        return new MapSpec(name, MapSpec.Kind.BTF, type, d.keySize, d.valueSize, d.maxEntries, d.mapFlags, d.numaNode,
                d.mapExtra, d.pinning, d.keyTypeId, d.valueTypeId, inner, List.of(), null, false, List.of(), null,
                s.name(), s.index(), offset);
    }

    /** Global data: libbpf {@code bpf_object__init_global_data_maps} / {@code bpf_object__init_internal_map}. */
    private void readDataMaps() {
        for (ElfSection s : dataSections) {
            if (s.size() == 0) continue; // libbpf: "Skip recognized sections with size 0"
            String real = s.name();
            MapSpec.Kind kind = real.startsWith(".bss") ? MapSpec.Kind.BSS
                    : real.startsWith(".rodata") ? MapSpec.Kind.RODATA : MapSpec.Kind.DATA;
            if (s.size() > Integer.MAX_VALUE - 8) throw error(s, -1, null, "data section is too large");
            byte[] contents = kind == MapSpec.Kind.BSS ? new byte[(int) s.size()] : s.data();
            BtfType.DataSec ds = datasec(real);
            List<DataVariable> vars;
            int valueTypeId = 0;
            if (ds != null) {
                vars = datasecVariables(ds, s);
                valueTypeId = ds.id();
            } else {
                vars = new ArrayList<>();
                for (ElfSymbol sym : objectSymbolsIn(s)) {
                    if (sym.type() != Elf.STT_OBJECT) continue;
                    vars.add(new DataVariable(sym.name(), (int) sym.value(), (int) sym.size(), 0,
                            sym.bind() != Elf.STB_LOCAL && !hidden(sym)));
                }
            }
            int flags = kind == MapSpec.Kind.RODATA ? MapSpec.BPF_F_RDONLY_PROG : 0;
            // libbpf map_is_mmapable: a DATASEC with at least one non-static variable
            if (ds != null && vars.stream().anyMatch(DataVariable::global)) flags |= MapSpec.BPF_F_MMAPABLE;
            int idx = addMap(new MapSpec(Names.internalMapName(objectName, real), kind, MapType.ARRAY, 4, (int) s.size(), 1,
                    flags, 0, 0, 0, 0, valueTypeId, null, List.of(), contents, kind == MapSpec.Kind.RODATA, vars, null,
                    real, s.index(), 0));
            dataMapOfSection.put(s.index(), idx);
        }
    }

    /** libbpf {@code bpf_object__init_kconfig_map}: one read-only array holding every Kconfig extern. */
    private void addKconfigMap() {
        int size = 0;
        List<DataVariable> vars = new ArrayList<>();
        for (ExternSpec e : externs) {
            if (e.kind() != ExternSpec.Kind.KCONFIG) continue;
            size = Math.max(size, e.kconfigOffset() + e.kconfigSize());
            vars.add(new DataVariable(e.name(), e.kconfigOffset(), e.kconfigSize(), e.typeId(), true));
        }
        if (vars.isEmpty()) return;
        BtfType.DataSec ds = datasec(KCONFIG);
        addMap(new MapSpec(Names.internalMapName(objectName, KCONFIG), MapSpec.Kind.KCONFIG, MapType.ARRAY, 4, size, 1,
                MapSpec.BPF_F_RDONLY_PROG | MapSpec.BPF_F_MMAPABLE, 0, 0, 0, 0, ds == null ? 0 : ds.id(), null,
                List.of(), new byte[size], true, vars, null, KCONFIG, -1, 0));
    }

    /** libbpf {@code init_struct_ops_maps}: one struct_ops map per variable of {@code .struct_ops[.link]}. */
    private final Map<Integer, BtfType.Struct> structOpsType = new HashMap<>();

    private void readStructOps() {
        for (ElfSection s : structOpsSections) {
            if (btf == null) throw error(s, -1, null, "BTF is required for struct_ops maps, but the object has no .BTF");
            BtfType.DataSec ds = datasec(s.name());
            if (ds == null) throw error(s, -1, null, "struct_ops init: DATASEC " + s.name() + " not found");
            byte[] data = s.data();
            for (DataVariable v : datasecVariables(ds, s)) {
                int typeId = skipModsId(v.typeId());
                BtfType t = btf.type(typeId);
                if (t.name().isEmpty()) throw error(s, -1, v.name(), "struct_ops init: anonymous type is not supported");
                if (!(t instanceof BtfType.Struct st) || st.isUnion()) {
                    throw error(s, -1, v.name(), "struct_ops init: " + t.name() + " is not a struct");
                }
                if (v.offset() + st.size() > data.length) {
                    throw error(s, -1, v.name(), "struct_ops init: var " + v.name() + " is beyond the end of DATASEC " + s.name());
                }
                byte[] contents = java.util.Arrays.copyOfRange(data, v.offset(), v.offset() + st.size());
                int idx = addMap(new MapSpec(v.name(), MapSpec.Kind.STRUCT_OPS, MapType.STRUCT_OPS, 4, st.size(), 1,
                        s.name().equals(STRUCT_OPS_LINK) ? MapSpec.BPF_F_LINK : 0, 0, 0, 0, 0, typeId, null, List.of(),
                        contents, false, List.of(), null, s.name(), s.index(), v.offset()));
                structOpsType.put(idx, st);
            }
        }
    }

    // ------------------------------------------------------------------ code relocations (bpf_object__collect_prog_relos)

    private String symbolName(ElfSymbol sym) {
        // libbpf: relocations against static functions/data name the section symbol, which has no name
        if (sym.type() == Elf.STT_SECTION && sym.name().isEmpty() && sym.isDefinedInSection()) {
            return elf.sections().get(sym.shndx()).name();
        }
        return sym.name();
    }

    private void collectCodeRelocations() {
        for (ElfSection s : codeSections) {
            Program code = sectionCode.get(s.index());
            for (ElfRelocationSection rs : elf.relocationsFor(s)) {
                if (rs.symbolTable().type() != Elf.SHT_SYMTAB) throw error(rs.section(), -1, null, "relocations against a dynamic symbol table");
                for (ElfRelocation r : rs.relocations()) {
                    if (r.offset() % 8 != 0 || r.offset() >= s.size()) {
                        throw error(s, -1, null, "invalid relocation offset 0x" + Long.toHexString(r.offset()));
                    }
                    int slot = (int) (r.offset() / 8);
                    ElfSymbol sym = symbols.get(r.symbolIndex());
                    String symName = symbolName(sym);
                    int index = code.indexAtSlot(slot);
                    if (index < 0) throw error(s, slot, symName, "relocation into the middle of a ld_imm64");
                    Fn fn = functionContaining(s.index(), slot);
                    if (fn == null) continue; // libbpf: "probably overridden weak function, skipping"
                    Insn insn = code.insn(index);
                    Relocation.Target target = classify(s, slot, insn, sym, symName);
                    fn.relocations.add(new Relocation(slot - fn.startSlot, symName, target));
                }
            }
        }
        for (Fn fn : functions) fn.relocations.sort(Comparator.comparingInt(Relocation::slot));
    }

    /** libbpf {@code bpf_program__record_reloc}. */
    private Relocation.Target classify(ElfSection s, int slot, Insn insn, ElfSymbol sym, String symName) {
        boolean call = insn.opcode() == Opcodes.CALL_IMM;
        if (!call && !insn.isWide()) {
            throw error(s, slot, symName, String.format("invalid relocation for an instruction with opcode 0x%02x"
                    + " (only calls and ld_imm64 are relocated)", insn.opcode()));
        }
        ExternSpec ext = externBySymbol.get(sym.index());
        if (ext != null) {
            return call ? new Relocation.ExternCall(ext.name()) : new Relocation.ExternLoad(ext.name());
        }
        if (isExtern(sym)) throw error(s, slot, symName, "relocation against an unnamed extern symbol");
        if (call) {
            if (insn.src() != Opcodes.PSEUDO_CALL) throw error(s, slot, symName, "incorrect bpf_call opcode: src " + insn.src());
            ElfSection target = sym.isDefinedInSection() ? elf.sections().get(sym.shndx()) : null;
            if (target == null || !functionsBySection.containsKey(target.index())) {
                // libbpf allows calls into .text only; cilium/ebpf into any executable section
                throw error(s, slot, symName, "bad call relocation against '" + symName + "' in section '"
                        + (target == null ? "UND" : target.name()) + "'");
            }
            if (sym.value() % 8 != 0) throw error(s, slot, symName, "bad call relocation at offset " + sym.value());
            // libbpf bpf_object__reloc_code: sym_off / 8 + imm + 1 (global: imm = -1; static: imm = target - 1)
            long targetSlot = sym.value() / 8 + insn.imm() + 1;
            return new Relocation.Call(functionAt(s, slot, symName, target, targetSlot, "call").name);
        }
        if (!sym.isDefinedInSection()) {
            throw error(s, slot, symName, "invalid relocation against '" + symName + "' in special section 0x"
                    + Integer.toHexString(sym.shndx()) + "; forgot to initialize a global variable?");
        }
        ElfSection target = elf.sections().get(sym.shndx());
        if (functionsBySection.containsKey(target.index())) {
            // libbpf sym_is_subprog (RELO_SUBPROG_ADDR): the address of a function, for callx and callbacks
            long byteOff = sym.value() + insn.imm();
            if (byteOff % 8 != 0) throw error(s, slot, symName, "bad subprog address relocation at offset " + byteOff);
            return new Relocation.FunctionAddress(functionAt(s, slot, symName, target, byteOff / 8, "function address").name);
        }
        if (target == legacyMaps || target == btfMaps) {
            long off = sym.value() + (sym.type() == Elf.STT_SECTION ? insn.imm() : 0);
            Integer idx = mapAt.get(key(target.index(), off));
            if (idx == null) {
                throw error(s, slot, symName, "map relocation failed to find a map in section '" + target.name()
                        + "' at offset " + off);
            }
            return new Relocation.MapLoad(maps.get(idx).name(), idx);
        }
        Integer dataIdx = dataMapOfSection.get(target.index());
        if (dataIdx != null) {
            long off = (long) insn.imm() + sym.value();
            MapSpec m = maps.get(dataIdx);
            if (off < 0 || off > m.valueSize()) {
                throw error(s, slot, symName, "data relocation offset " + off + " is outside '" + target.name() + "' ("
                        + m.valueSize() + " bytes)");
            }
            return new Relocation.DataLoad(m.name(), dataIdx, (int) off);
        }
        throw error(s, slot, symName, "bad data relocation against section '" + target.name() + "'");
    }

    private Fn functionAt(ElfSection s, int slot, String symName, ElfSection target, long targetSlot, String what) {
        Fn fn = targetSlot >= 0 && targetSlot <= Integer.MAX_VALUE ? functionContaining(target.index(), (int) targetSlot) : null;
        if (fn == null) {
            throw error(s, slot, symName, what + " target (insn " + targetSlot + " of section '" + target.name()
                    + "') is not inside any function");
        }
        if (fn.startSlot != targetSlot) {
            throw error(s, slot, symName, what + " target (insn " + targetSlot + " of section '" + target.name()
                    + "') is inside function '" + fn.name + "', not at its start");
        }
        return fn;
    }

    // ------------------------------------------------------------------ function addresses in global data

    private final List<BpfObject.FunctionPointer> functionPointers = new ArrayList<>();

    /**
     * Relocations of {@code .rodata}/{@code .data} initialisers against a function of a code section
     * (a function table, issue #6). libbpf has none of these (the kernel has no indirect calls and
     * libbpf's {@code bpf_object__collect_relos} reads relocations of code sections only); clang-19
     * emits {@code R_BPF_64_ABS64} with the function's byte offset in its section as the implicit
     * addend in the data (REL, llvm BPFELFObjectWriter), against the section symbol for a static
     * function and against the function's symbol otherwise. Relocations against anything else in
     * data are left as they are (as before).
     */
    private void collectDataFunctionPointers() {
        for (Map.Entry<Integer, Integer> e : dataMapOfSection.entrySet()) {
            ElfSection s = elf.sections().get(e.getKey());
            int mapIdx = e.getValue();
            for (ElfRelocationSection rs : elf.relocationsFor(s)) {
                for (ElfRelocation r : rs.relocations()) {
                    ElfSymbol sym = symbols.get(r.symbolIndex());
                    if (!sym.isDefinedInSection() || !functionsBySection.containsKey(sym.shndx())) continue;
                    String symName = symbolName(sym);
                    // llvm ELF.h R_BPF_64_ABS64 = 2, R_BPF_64_ABS32 = 3
                    int size = r.type() == 2 ? 8 : r.type() == 3 ? 4 : -1;
                    if (size < 0) {
                        throw error(s, -1, symName, "relocation of type " + r.type() + " at offset " + r.offset()
                                + " against function '" + symName + "' (a function address in data must be R_BPF_64_ABS64 or R_BPF_64_ABS32)");
                    }
                    MapSpec m = maps.get(mapIdx);
                    byte[] c = m.contents();
                    if (r.offset() < 0 || r.offset() + size > c.length) {
                        throw error(s, -1, symName, "function address relocation at offset " + r.offset() + " is outside '"
                                + s.name() + "' (" + c.length + " bytes)");
                    }
                    long addend = 0;
                    boolean le = elf.byteOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
                    for (int k = 0; k < size; k++) {
                        int b = c[(int) r.offset() + (le ? size - 1 - k : k)] & 0xff;
                        addend = (addend << 8) | b;
                    }
                    long byteOff = sym.value() + addend;
                    ElfSection target = elf.sections().get(sym.shndx());
                    if (byteOff % 8 != 0) {
                        throw error(s, -1, symName, "function address relocation at offset " + r.offset()
                                + " points into the middle of an instruction (byte " + byteOff + " of '" + target.name() + "')");
                    }
                    Fn fn = functionContaining(target.index(), (int) (byteOff / 8));
                    if (fn == null || fn.startSlot != byteOff / 8) {
                        throw error(s, -1, symName, "function address relocation at offset " + r.offset() + ": insn "
                                + byteOff / 8 + " of '" + target.name() + "' is not the start of a function");
                    }
                    functionPointers.add(new BpfObject.FunctionPointer(mapIdx, (int) r.offset(), size, fn.name));
                }
            }
        }
        functionPointers.sort(Comparator.comparingInt(BpfObject.FunctionPointer::mapIndex)
                .thenComparingInt(BpfObject.FunctionPointer::offset));
    }

    // ------------------------------------------------------------------ .maps / struct_ops relocations

    /** libbpf {@code bpf_object__collect_map_relos} and {@code bpf_object__collect_st_ops_relos}: initial slots. */
    private void collectMapRelocations() {
        Map<Integer, TreeMap<Integer, String>> slots = new HashMap<>();
        if (btfMaps != null) {
            for (ElfRelocationSection rs : elf.relocationsFor(btfMaps)) {
                for (ElfRelocation r : rs.relocations()) {
                    ElfSymbol sym = symbols.get(r.symbolIndex());
                    String name = sym.name();
                    int mapIdx = -1;
                    for (int i = 0; i < maps.size(); i++) {
                        MapSpec m = maps.get(i);
                        if (m.kind() == MapSpec.Kind.BTF && m.sectionOffset() <= r.offset()
                                && r.offset() + 8 <= m.sectionOffset() + structSize(m)) {
                            mapIdx = i;
                            break;
                        }
                    }
                    if (mapIdx < 0) throw error(btfMaps, -1, name, ".maps relocation: cannot find a map at offset " + r.offset());
                    MapSpec m = maps.get(mapIdx);
                    String target;
                    if (m.type().isMapInMap()) {
                        if (!sym.isDefinedInSection() || sym.shndx() != btfMaps.index()) {
                            throw error(btfMaps, -1, name, ".maps relocation: '" + name + "' isn't a BTF-defined map");
                        }
                        if (m.type() == MapType.HASH_OF_MAPS && m.keySize() != 4) {
                            throw error(btfMaps, -1, m.name(), "hash-of-maps '" + m.name() + "' should have key size 4");
                        }
                        if (maps.stream().noneMatch(x -> x.name().equals(name))) {
                            throw error(btfMaps, -1, name, ".maps relocation: '" + name + "' isn't a valid map reference");
                        }
                        target = name;
                    } else if (m.type() == MapType.PROG_ARRAY) {
                        Fn fn = functions.stream().filter(f -> f.name.equals(name)).findFirst().orElse(null);
                        if (fn == null || fn.section.index() != sym.shndx() || fn.startSlot * 8L != sym.value()
                                || isSubprogramSection(fn.section)) {
                            throw error(btfMaps, -1, name, ".maps relocation: '" + name + "' isn't an entry-point program");
                        }
                        target = name;
                    } else {
                        throw error(btfMaps, -1, m.name(), ".maps relocation in map '" + m.name()
                                + "', which is neither a map-in-map nor a program array");
                    }
                    int valuesOffset = valuesOffset(m);
                    long moff = r.offset() - m.sectionOffset() - valuesOffset;
                    if (valuesOffset < 0 || moff < 0 || moff % 8 != 0) {
                        throw error(btfMaps, -1, m.name(), ".maps relocation at offset " + r.offset() + " is not in 'values'");
                    }
                    slots.computeIfAbsent(mapIdx, k -> new TreeMap<>()).put((int) (moff / 8), target);
                }
            }
        }
        for (ElfSection s : structOpsSections) {
            for (ElfRelocationSection rs : elf.relocationsFor(s)) {
                for (ElfRelocation r : rs.relocations()) {
                    ElfSymbol sym = symbols.get(r.symbolIndex());
                    int mapIdx = -1;
                    for (int i = 0; i < maps.size(); i++) {
                        MapSpec m = maps.get(i);
                        if (m.kind() == MapSpec.Kind.STRUCT_OPS && m.sectionIndex() == s.index()
                                && m.sectionOffset() <= r.offset() && r.offset() - m.sectionOffset() < m.valueSize()) {
                            mapIdx = i;
                            break;
                        }
                    }
                    if (mapIdx < 0) throw error(s, -1, sym.name(), "struct_ops relocation: cannot find a map at offset " + r.offset());
                    MapSpec m = maps.get(mapIdx);
                    long moff = r.offset() - m.sectionOffset();
                    BtfType.Struct st = structOpsType.get(mapIdx);
                    int member = -1;
                    for (int i = 0; i < st.members().size(); i++) {
                        if (st.members().get(i).bitOffset() == moff * 8) member = i;
                    }
                    if (member < 0) throw error(s, -1, m.name(), "struct_ops relocation: no member at offset " + moff);
                    if (!sym.isDefinedInSection() || sym.value() % 8 != 0) {
                        throw error(s, -1, sym.name(), "struct_ops relocation: unsupported non-static function");
                    }
                    Fn fn = functionContaining(sym.shndx(), (int) (sym.value() / 8));
                    if (fn == null) throw error(s, -1, sym.name(), "struct_ops relocation: cannot find the program");
                    slots.computeIfAbsent(mapIdx, k -> new TreeMap<>()).put(member, fn.name);
                }
            }
        }
        for (var e : slots.entrySet()) {
            MapSpec m = maps.get(e.getKey());
            List<MapSpec.Slot> list = new ArrayList<>();
            e.getValue().forEach((i, t) -> list.add(new MapSpec.Slot(i, t)));
            maps.set(e.getKey(), new MapSpec(m.name(), m.kind(), m.type(), m.keySize(), m.valueSize(), m.maxEntries(),
                    m.flags(), m.numaNode(), m.mapExtra(), m.pinning(), m.keyTypeId(), m.valueTypeId(), m.innerMap(), list,
                    m.contents(), m.frozen(), m.variables(), m.extra(), m.sectionName(), m.sectionIndex(),
                    m.sectionOffset()));
        }
    }

    private BtfType.Struct mapDefStruct(MapSpec m) {
        BtfType.DataSec ds = datasec(BTF_MAPS);
        for (BtfType.VarSecInfo vsi : ds.vars()) {
            BtfType.Var v = (BtfType.Var) btf.type(vsi.type());
            if (v.name().equals(m.name())) return (BtfType.Struct) btf.skipModsAndTypedefs(v.type());
        }
        throw error(btfMaps, -1, m.name(), "no BTF variable for the map");
    }

    /** The size of the map's variable in the DATASEC: the definition plus its initialised {@code values}. */
    private int structSize(MapSpec m) {
        BtfType.DataSec ds = datasec(BTF_MAPS);
        for (BtfType.VarSecInfo vsi : ds.vars()) {
            if (btf.type(vsi.type()).name().equals(m.name())) return vsi.size();
        }
        return mapDefStruct(m).size();
    }

    private int valuesOffset(MapSpec m) {
        BtfType.Struct st = mapDefStruct(m);
        if (st.members().isEmpty()) return -1;
        BtfType.Member last = st.members().get(st.members().size() - 1);
        return last.name().equals("values") ? last.bitOffset() / 8 : -1;
    }

    // ------------------------------------------------------------------ result

    private BpfObject build() {
        List<ProgramSpec> specs = new ArrayList<>();
        for (Fn fn : functions) {
            ElfSection s = fn.section;
            boolean sub = isSubprogramSection(s);
            String secName = s.name();
            boolean autoload = true;
            String typeName = secName;
            if (secName.startsWith("?")) {
                // libbpf: SEC("?abc") is SEC("abc") with autoload off
                autoload = false;
                typeName = secName.substring(1);
            }
            SectionDef def = sub ? null : SectionDef.find(typeName);
            int slash = typeName.indexOf('/');
            String attachTo = slash >= 0 ? typeName.substring(slash + 1) : "";
            int btfFuncId = 0;
            if (btfExt != null) {
                for (BtfExt.FuncInfo fi : btfExt.funcInfos(secName)) {
                    if (fi.insnOff() == fn.startSlot * 8) btfFuncId = fi.typeId();
                }
            }
            specs.add(new ProgramSpec(fn.name, secName, s.index(), fn.startSlot,
                    def == null ? ProgramType.UNSPEC : def.type(), def == null ? AttachType.NONE : def.expectedAttachType(),
                    sub ? "" : attachTo, def == null ? null : def.pattern(), def == null ? 0 : def.progFlags(), autoload, sub,
                    fn.symbol.bind() != Elf.STB_LOCAL, btfFuncId, fn.code, fn.relocations));
        }
        List<CodeSection> sections = new ArrayList<>();
        for (ElfSection s : codeSections) {
            List<String> names = new ArrayList<>();
            for (Fn fn : functionsBySection.get(s.index()).values()) names.add(fn.name);
            sections.add(new CodeSection(s.index(), s.name(), sectionCode.get(s.index()), names));
        }
        return new BpfObject(file, objectName, elf, btf, btfExt, license, kernelVersion, specs, maps, externs, sections,
                functionPointers);
    }
}
