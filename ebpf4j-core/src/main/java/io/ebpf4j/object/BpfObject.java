package io.ebpf4j.object;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfExt;
import io.ebpf4j.elf.ElfException;
import io.ebpf4j.elf.ElfFile;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A BPF ELF object, read into an immutable spec — the equivalent of libbpf's
 * {@code bpf_object__open} (nothing is created or loaded) and of cilium/ebpf's
 * {@code CollectionSpec}: its programs ({@link ProgramSpec}, one per FUNC symbol of each
 * executable section), maps ({@link MapSpec}: legacy {@code maps}, BTF {@code .maps}, global data,
 * {@code .kconfig}, struct_ops), externs ({@link ExternSpec}), license, kernel version, BTF and
 * {@code .BTF.ext}. {@code io.ebpf4j.link.Linker} turns a program into loadable code.
 *
 * <p>Where libbpf refuses an object that cilium/ebpf accepts (legacy map sections, calls into
 * functions of other executable sections, programs in sections libbpf 1.x does not name, undefined
 * symbols without BTF), this reader accepts it as cilium/ebpf does; each such rule says so where it is implemented.
 */
public final class BpfObject {
    private final String file;
    private final String name;
    private final ElfFile elf;
    private final Btf btf;
    private final BtfExt btfExt;
    private final String license;
    private final int kernelVersion;
    private final List<ProgramSpec> functions;
    private final List<MapSpec> maps;
    private final List<ExternSpec> externs;
    private final List<CodeSection> codeSections;
    private final List<FunctionPointer> functionPointers;

    /**
     * A function's address in a global data section: an {@code R_BPF_64_ABS64} (or {@code R_BPF_64_ABS32})
     * relocation of a {@code .rodata}/{@code .data} initialiser against a function of a code section, as
     * clang emits for {@code static int (*const table[])(int) = {f, g}}. The ELF bytes there hold the
     * function's byte offset in its section; {@code io.ebpf4j.link.Linker} replaces them with the
     * function pointer value of the linked program (issue #6).
     *
     * @param mapIndex the global data map ({@link #maps()} index)
     * @param offset   byte offset of the pointer in the map's value
     * @param size     8 ({@code R_BPF_64_ABS64}) or 4 ({@code R_BPF_64_ABS32})
     * @param function the function's name
     */
    public record FunctionPointer(int mapIndex, int offset, int size, String function) {}

    BpfObject(String file, String name, ElfFile elf, Btf btf, BtfExt btfExt, String license, int kernelVersion,
              List<ProgramSpec> functions, List<MapSpec> maps, List<ExternSpec> externs, List<CodeSection> codeSections,
              List<FunctionPointer> functionPointers) {
        this.file = file;
        this.name = name;
        this.elf = elf;
        this.btf = btf;
        this.btfExt = btfExt;
        this.license = license;
        this.kernelVersion = kernelVersion;
        this.functions = List.copyOf(functions);
        this.maps = List.copyOf(maps);
        this.externs = List.copyOf(externs);
        this.codeSections = List.copyOf(codeSections);
        this.functionPointers = List.copyOf(functionPointers);
    }

    /**
     * Reads the object at {@code path}; its name is derived from the file name as libbpf does.
     *
     * @throws LoadException if the file cannot be read or is not a loadable BPF object
     */
    public static BpfObject open(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new LoadException(path.toString(), null, -1, null, "cannot read the file: " + e, e);
        }
        return read(bytes, path.toString(), Names.objectNameFromPath(path.getFileName() == null ? path.toString()
                : path.getFileName().toString()));
    }

    /**
     * Reads an object held in memory, named {@code name} (libbpf {@code bpf_object__open_mem}: the
     * name is used as given, at most 15 characters, for error messages and global data map names).
     */
    public static BpfObject open(byte[] bytes, String name) {
        return read(bytes.clone(), name, Names.objectName(name));
    }

    private static BpfObject read(byte[] bytes, String file, String objectName) {
        ElfFile elf;
        try {
            elf = ElfFile.parse(bytes, file);
        } catch (ElfException e) {
            throw new LoadException(null, null, -1, null, e.getMessage(), e);
        }
        return new ObjectReader(file, objectName, elf).read();
    }

    /** The file name (or the name given to {@link #open(byte[], String)}) used in messages. */
    public String file() {
        return file;
    }

    /** libbpf's object name: the file's base name up to its first dot, at most 15 characters. */
    public String name() {
        return name;
    }

    /** The ELF file the object was read from. */
    public ElfFile elf() {
        return elf;
    }

    /** The object's byte order (ELF {@code EI_DATA}): a {@code -target bpfeb} object is big-endian, and a {@link io.ebpf4j.vm.Runtime} runs it with big-endian memory. */
    public ByteOrder byteOrder() {
        return elf.byteOrder();
    }

    /** The object's {@code .BTF}, if it has one. */
    public Optional<Btf> btf() {
        return Optional.ofNullable(btf);
    }

    /** The object's {@code .BTF.ext}, if it has one (and {@code .BTF}). */
    public Optional<BtfExt> btfExt() {
        return Optional.ofNullable(btfExt);
    }

    /** The {@code license} section's string, or "" when there is none. */
    public String license() {
        return license;
    }

    /** The {@code version} section's value, or 0 when there is none. */
    public int kernelVersion() {
        return kernelVersion;
    }

    /** The entry-point programs (every function outside {@code .text}), in section order then offset. */
    public List<ProgramSpec> programs() {
        List<ProgramSpec> out = new ArrayList<>();
        for (ProgramSpec p : functions) {
            if (!p.subprogram()) out.add(p);
        }
        return List.copyOf(out);
    }

    /** Every function: entry programs and {@code .text} subprograms, in section order then offset (libbpf {@code cmp_progs}). */
    public List<ProgramSpec> functions() {
        return functions;
    }

    /** The entry program with this name. */
    public Optional<ProgramSpec> program(String programName) {
        return functions.stream().filter(p -> !p.subprogram() && p.name().equals(programName)).findFirst();
    }

    /** The function (program or subprogram) with this name. */
    public Optional<ProgramSpec> function(String functionName) {
        return functions.stream().filter(p -> p.name().equals(functionName)).findFirst();
    }

    /** Every map, in libbpf's order; a map's position is its index for {@code BPF_PSEUDO_MAP_IDX}. */
    public List<MapSpec> maps() {
        return maps;
    }

    /** The map with this name (libbpf's name: {@code counts}, {@code prog.bss}, ...). */
    public Optional<MapSpec> map(String mapName) {
        return maps.stream().filter(m -> m.name().equals(mapName)).findFirst();
    }

    /** Externs, in libbpf's order ({@code cmp_externs}: Kconfig by alignment and size, then ksyms by name). */
    public List<ExternSpec> externs() {
        return externs;
    }

    /** The extern with this name. */
    public Optional<ExternSpec> extern(String externName) {
        return externs.stream().filter(e -> e.name().equals(externName)).findFirst();
    }

    /** The decoded executable sections that hold functions. */
    public List<CodeSection> codeSections() {
        return codeSections;
    }

    /** The code section with this ELF section index. */
    public Optional<CodeSection> codeSection(int sectionIndex) {
        return codeSections.stream().filter(s -> s.index() == sectionIndex).findFirst();
    }

    /** Every function address written in global data, by map then offset. */
    public List<FunctionPointer> functionPointers() {
        return functionPointers;
    }

    @Override
    public String toString() {
        return "BpfObject[" + name + ", " + functions.size() + " functions, " + maps.size() + " maps, "
                + externs.size() + " externs]";
    }
}
