package io.ebpf4j.cli;

import io.ebpf4j.isa.Program;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "asm", mixinStandardHelpOptions = true,
        description = {"Assemble eBPF source into raw bytecode (8-byte instruction slots).",
            "Without -o, prints the bytecode as hex, one slot per line."})
final class AsmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "assembly source")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "write raw bytecode to OUT")
    Path output;

    @Option(names = "--syntax", paramLabel = "llvm|ubpf",
            description = "source syntax: llvm (r0 = *(u32 *)(r1 + 4)) or ubpf (ldxw %%r0, [%%r1+4]); guessed when absent")
    Syntax syntax;

    @Option(names = "--big-endian", description = "encode for a big-endian target (bpfeb)")
    boolean bigEndian;

    @Override
    public Integer call() throws Exception {
        String text = new String(Inputs.readFile(file), StandardCharsets.UTF_8);
        Syntax s = syntax != null ? syntax : Syntax.detect(text);
        Program program = s.assemble(text, file.toString()).validate();
        byte[] code = program.encode(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (output != null) {
            Files.write(output, code);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            HexFormat hex = HexFormat.of();
            for (int i = 0; i < code.length; i += 8) out.println(hex.formatHex(code, i, i + 8));
        }
        return Main.OK;
    }
}
