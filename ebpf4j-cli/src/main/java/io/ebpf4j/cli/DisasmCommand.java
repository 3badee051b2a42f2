package io.ebpf4j.cli;

import io.ebpf4j.asm.LlvmDisassembler;
import io.ebpf4j.asm.ObjectDisassembler;
import io.ebpf4j.elf.ElfFile;
import io.ebpf4j.isa.Program;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "disasm", mixinStandardHelpOptions = true,
        description = {"Disassemble raw eBPF bytecode or every executable section of an ELF object.",
            "ELF objects print exactly as llvm-objdump -d --no-show-raw-insn does."})
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

    private LlvmDisassembler flavour() {
        return alu32 ? LlvmDisassembler.OBJDUMP_ALU32 : LlvmDisassembler.OBJDUMP;
    }

    @Override
    public Integer call() throws Exception {
        byte[] bytes = Inputs.readFile(file);
        String text;
        if (Inputs.isElf(bytes)) {
            text = ObjectDisassembler.disassemble(ElfFile.parse(bytes, file.toString()), file.toString(), flavour());
        } else {
            Program program = Program.decode(bytes, bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            text = syntax == Syntax.llvm ? flavour().listing(program, "prog") : syntax.disassemble(program);
        }
        spec.commandLine().getOut().print(text);
        return Main.OK;
    }
}
