package io.ebpf4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ebpf4j core OBJ [--btf FILE]}: show every CO-RE relocation of an object and its outcome. */
@Command(name = "core", mixinStandardHelpOptions = true,
        description = "Apply CO-RE relocations of an object against a target BTF and print each one.")
final class CoreCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
