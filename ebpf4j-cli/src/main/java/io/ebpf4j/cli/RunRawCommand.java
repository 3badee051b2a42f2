package io.ebpf4j.cli;

import io.ebpf4j.isa.Program;
import io.ebpf4j.vm.BpfRuntimeException;
import io.ebpf4j.vm.ConformanceHelpers;
import io.ebpf4j.vm.Vm;
import io.ebpf4j.vm.VmOptions;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run-raw", mixinStandardHelpOptions = true,
        description = {"Run raw eBPF bytecode on the interpreter and print r0 (hex).",
            "r1 = address of the memory buffer (0 without --mem), r2 = its length,",
            "r10 = top of a 512-byte stack frame. Helper 5 is the conformance suite's 'unwind'."})
final class RunRawCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "raw bytecode: 8-byte instruction slots")
    Path file;

    @Option(names = "--mem", paramLabel = "HEX|@file", description = "input memory: hex bytes, or @file for a file's bytes")
    String mem;

    @Option(names = "--budget", paramLabel = "N", defaultValue = "100000000",
            description = "stop after N executed instructions (0 = no limit; default ${DEFAULT-VALUE})")
    long budget;

    @Option(names = "--big-endian", description = "the bytecode is big-endian (bpfeb)")
    boolean bigEndian;

    @Option(names = "--show-mem", description = "also print the memory buffer after the run (hex)")
    boolean showMem;

    @Override
    public Integer call() throws Exception {
        Program program = Program.decode(Inputs.readFile(file), bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        byte[] input = mem == null ? null : Inputs.bytesArgument("--mem", mem);
        VmOptions options = ConformanceHelpers.options().withInstructionBudget(budget);
        if (input != null) options = options.withInputCapacity(Math.max(input.length, 1));
        PrintWriter out = spec.commandLine().getOut();
        try (Vm vm = Vm.load(program, options)) {
            long r0 = input == null ? vm.run(0, 0) : vm.run(input);
            out.printf("0x%x%n", r0);
            if (showMem && input != null) out.println(HexFormat.of().formatHex(vm.inputBytes()));
        } catch (BpfRuntimeException e) {
            throw new Main.ProgramFault(file + ": " + e.getMessage(), e);
        }
        return Main.OK;
    }
}
