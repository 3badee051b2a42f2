package io.ebpf4j.cli;

import picocli.CommandLine.Command;

/** {@code ebpf4j btf dump FILE [--format raw|c]}: print BTF types like bpftool. */
@Command(name = "btf", mixinStandardHelpOptions = true,
        description = "Inspect BTF (raw BTF such as /sys/kernel/btf/vmlinux, or an object's .BTF).",
        subcommands = {})
final class BtfCommand {
}
