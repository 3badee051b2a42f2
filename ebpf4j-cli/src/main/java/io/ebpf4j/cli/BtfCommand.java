package io.ebpf4j.cli;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfCDumper;
import io.ebpf4j.btf.BtfDumper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ebpf4j btf dump FILE [--base-btf FILE] [--format raw|c]}: print BTF types like bpftool. */
@Command(name = "btf", mixinStandardHelpOptions = true,
        description = "Inspect BTF (raw BTF such as /sys/kernel/btf/vmlinux, or an object's .BTF).",
        subcommands = {BtfCommand.Dump.class})
final class BtfCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: dump");
    }

    /** Output formats of {@code btf dump}, as bpftool's {@code format raw|c}. */
    enum Format { raw, c }

    @Command(name = "dump", mixinStandardHelpOptions = true,
            description = {"Print every type of a BTF blob or of an ELF object's .BTF section.",
                "--format raw (the default) prints exactly what `bpftool btf dump file FILE` prints;",
                "for split BTF (a kernel module's) give its base with --base-btf, and only the split",
                "types are printed, with ids continuing the base's."})
    static final class Dump implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "raw BTF (e.g. /sys/kernel/btf/vmlinux) or an ELF object with .BTF")
        Path file;

        @Option(names = {"-B", "--base-btf"}, paramLabel = "FILE",
                description = "base BTF of split BTF (e.g. /sys/kernel/btf/vmlinux for a module's BTF)")
        Path baseBtf;

        @Option(names = "--format", paramLabel = "raw|c", defaultValue = "raw",
                description = "raw: bpftool's type listing (default); c: a C header, as bpftool's format c")
        Format format;

        @Override
        public Integer call() throws IOException {
            Btf base = baseBtf == null ? null : read(baseBtf, null);
            Btf btf = read(file, base);
            PrintWriter out = spec.commandLine().getOut();
            // ~12 MB for vmlinux: streamed in chunks rather than built as one String
            BufferedWriter w = new BufferedWriter(out, 1 << 16);
            switch (format) {
                case raw -> BtfDumper.dump(btf, w);
                case c -> BtfCDumper.dump(btf, w); // bpftool btf dump ... format c
            }
            w.flush();
            out.flush();
            if (out.checkError()) throw new IOException("writing the dump failed");
            return Main.OK;
        }

        private static Btf read(Path path, Btf base) {
            if (!Files.isRegularFile(path)) throw new Inputs.BadInput(path + ": no such file");
            return Btf.read(path, base);
        }
    }
}
