package io.ebpf4j.cli;

import io.ebpf4j.Ebpf4jException;
import io.ebpf4j.elf.ElfFile;
import io.ebpf4j.elf.ElfSection;
import io.ebpf4j.elf.ElfSymbol;
import io.ebpf4j.isa.Program;
import io.ebpf4j.vm.ConformanceHelpers;
import io.ebpf4j.vm.Vm;
import io.ebpf4j.vm.VmOptions;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * The plugin protocol of the bpf_conformance runner (as described in the suite's README): the
 * runner starts {@code plugin [MEM] [options] [--elf]} once per test, writes the program to stdin
 * as hex bytes (or, with {@code --elf}, as an ELF object whose {@code .text} holds the code and a
 * global {@code main} symbol marks the entry), and reads r0 in hex from stdout. A program that
 * cannot run makes the plugin exit non-zero with the reason on stdout, where the runner compares
 * it with a test's expected error.
 */
@Command(name = "conformance-plugin", mixinStandardHelpOptions = true,
        description = {"Speak the bpf_conformance runner's plugin protocol:",
            "program as hex bytes on stdin (or an ELF object with --elf), memory as the first",
            "argument (hex bytes), r0 printed in hex. Example:",
            "  bpf_conformance_runner --test_file_directory tests --plugin_path ./ebpf4j \\",
            "      --plugin_options conformance-plugin --cpu_version v4 --include_groups callx"})
final class ConformancePluginCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "MEM", description = "input memory as hex bytes (\"00  01  \")")
    String mem;

    @Option(names = "--elf", description = "stdin is an ELF object instead of hex")
    boolean elf;

    @Option(names = "--budget", paramLabel = "N", defaultValue = "100000000",
            description = "instruction budget per test (0 = no limit; default ${DEFAULT-VALUE})")
    long budget;

    /** The runner may pass options of its own; they do not change how we run. */
    @Unmatched
    List<String> ignored = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Program program = readProgram(System.in);
            byte[] input = mem == null ? new byte[0] : Inputs.parseHex("memory", mem);
            VmOptions options = ConformanceHelpers.options().withInstructionBudget(budget)
                    .withInputCapacity(Math.max(1, input.length));
            try (Vm vm = Vm.load(program, options)) {
                long r0 = input.length == 0 ? vm.run(0, 0) : vm.run(input);
                out.printf("%x%n", r0);
            }
            return Main.OK;
        } catch (Ebpf4jException e) {
            // the runner compares stdout with a test's expected error text
            out.println(e.getMessage());
            return Main.PROGRAM_ERROR;
        }
    }

    private Program readProgram(InputStream in) throws java.io.IOException {
        byte[] bytes = in.readAllBytes();
        if (!elf) {
            return Program.decode(Inputs.parseHex("program", new String(bytes, StandardCharsets.US_ASCII)), ByteOrder.LITTLE_ENDIAN);
        }
        ElfFile file = ElfFile.parse(bytes, "<stdin>");
        ElfSection text = file.section(".text")
                .orElseThrow(() -> new Inputs.BadInput("<stdin>: the ELF object has no .text section"));
        long entry = 0;
        for (ElfSymbol s : file.symbols()) {
            if ("main".equals(s.name()) && s.shndx() == text.index()) entry = s.value();
        }
        byte[] code = text.data();
        if (entry < 0 || entry > code.length || entry % 8 != 0) {
            throw new Inputs.BadInput("<stdin>: symbol main at 0x" + Long.toHexString(entry) + " is not an instruction in .text");
        }
        return Program.decode(code, (int) entry, code.length - (int) entry, file.byteOrder());
    }
}
