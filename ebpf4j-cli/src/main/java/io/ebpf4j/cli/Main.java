package io.ebpf4j.cli;

import io.ebpf4j.Ebpf4jException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ebpf4j} command line. Exit status: 0 ok, 1 the program was rejected or faulted,
 * 2 usage or load error (as the tools eBPF developers already use).
 */
@Command(name = "ebpf4j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "eBPF toolchain and runtime for the JVM: assembler, disassembler, interpreter.",
        subcommands = {
            AsmCommand.class,
            DisasmCommand.class,
            RunRawCommand.class,
            RunCommand.class,
            VerifyCommand.class,
            ConformancePluginCommand.class,
            BtfCommand.class,
            CoreCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    /** Exit status: the command did its job. */
    public static final int OK = 0;
    /** Exit status: the eBPF program was rejected or faulted. */
    public static final int PROGRAM_ERROR = 1;
    /** Exit status: bad usage, or an input that could not be read or loaded. */
    public static final int USAGE_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and returns the exit status (used by tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof Ebpf4jException) {
                commandLine.getErr().println("error: " + ex.getMessage());
                return ex instanceof ProgramFault ? PROGRAM_ERROR : USAGE_ERROR;
            }
            if (ex instanceof java.io.IOException io) {
                commandLine.getErr().println("error: " + io);
                return USAGE_ERROR;
            }
            throw ex;
        });
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** Marks an error of the eBPF program itself (exit status 1), as opposed to bad input. */
    static final class ProgramFault extends Ebpf4jException {
        private static final long serialVersionUID = 1L;

        ProgramFault(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ebpf4j " + (v == null ? "(development build)" : v)};
        }
    }
}
