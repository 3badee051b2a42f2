package io.ebpf4j.cli;

import io.ebpf4j.asm.LlvmDisassembler;
import io.ebpf4j.asm.ObjectDisassembler;
import io.ebpf4j.elf.ElfFile;
import io.ebpf4j.isa.Program;
import io.ebpf4j.btf.Btf;
import io.ebpf4j.link.LinkOptions;
import io.ebpf4j.link.LinkedListing;
import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.link.Linker;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.ProgramSpec;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "disasm", mixinStandardHelpOptions = true,
        description = {"Disassemble raw eBPF bytecode or the programs of an ELF object.",
            "An object's programs are shown linked (subprograms appended, calls, maps, global data and externs",
            "resolved and named), with source lines from .BTF.ext interleaved as llvm-objdump -S does.",
            "--objdump prints every executable section exactly as llvm-objdump -d --no-show-raw-insn does."})
final class DisasmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "raw bytecode or an ELF object (.o)")
    Path file;

    @Option(names = "--syntax", paramLabel = "llvm|ubpf", defaultValue = "llvm",
            description = "output syntax for raw bytecode (default: ${DEFAULT-VALUE})")
    Syntax syntax;

    @Option(names = "--alu32", description = "print 32-bit operations on w registers (llvm-objdump --mattr=+alu32)")
    boolean alu32;

    @Option(names = "--big-endian", description = "raw bytecode is big-endian (bpfeb)")
    boolean bigEndian;

    @Mixin
    TargetBtfOptions target;

    @Option(names = "--objdump", description = "ELF objects: the sections as compiled, exactly as llvm-objdump -d --no-show-raw-insn prints them")
    boolean objdump;

    @Option(names = {"-p", "--program"}, paramLabel = "NAME", description = "ELF objects: only this program")
    String program;

    private LlvmDisassembler flavour() {
        return alu32 ? LlvmDisassembler.OBJDUMP_ALU32 : LlvmDisassembler.OBJDUMP;
    }

    @Override
    public Integer call() throws Exception {
        byte[] bytes = Inputs.readFile(file);
        String text;
        if (Inputs.isElf(bytes) && objdump) {
            text = ObjectDisassembler.disassemble(ElfFile.parse(bytes, file.toString()), file.toString(), flavour());
        } else if (Inputs.isElf(bytes)) {
            text = linkedListing();
        } else {
            Program code = Program.decode(bytes, bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            text = syntax == Syntax.llvm ? flavour().listing(code, "prog") : syntax.disassemble(code);
        }
        spec.commandLine().getOut().print(text);
        return Main.OK;
    }

    /**
     * Every entry program, linked leniently (an extern without a value is left as compiled and
     * marked unresolved): what would be loaded, with names where objdump shows relocations.
     */
    private String linkedListing() {
        // by path: errors name the file as given, map names derive from it as libbpf's do
        BpfObject object = BpfObject.open(file);
        List<ProgramSpec> programs = object.programs();
        if (program != null) {
            programs = programs.stream().filter(p -> p.name().equals(program)).toList();
            if (programs.isEmpty()) {
                throw new Inputs.BadInput(file + ": no program named '" + program + "'; programs: "
                        + object.programs().stream().map(ProgramSpec::name).toList());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append('\n').append(file).append(":\tfile format elf64-bpf\n");
        LinkOptions options = LinkOptions.defaults().withLenient(true);
        if (object.btf().isPresent() && object.btfExt().isPresent()) {
            Btf target = this.target.resolve(object.btf().get(), object.btfExt().get().coreRelos());
            if (target != null) options = options.withTargetBtf(target);
        }
        for (ProgramSpec p : programs) {
            LinkedProgram linked = Linker.link(object, p.name(), options);
            out.append('\n').append(LinkedListing.heading(linked)).append("\n\n");
            out.append(LinkedListing.render(linked, flavour()));
        }
        return out.toString();
    }
}
