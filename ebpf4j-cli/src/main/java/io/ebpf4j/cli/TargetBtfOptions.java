package io.ebpf4j.cli;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfExt;
import io.ebpf4j.btf.core.CoreReloKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --btf FILE [--base-btf FILE]}: the target BTF that CO-RE relocations are applied against,
 * shared by every command that loads an object. As libbpf does, the default is the running
 * kernel's {@code /sys/kernel/btf/vmlinux}; an object with CO-RE relocations and no target is an
 * error naming the first relocation that needs one.
 */
final class TargetBtfOptions {
    static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

    @Option(names = "--btf", paramLabel = "FILE",
            description = "target BTF for CO-RE: raw BTF or an ELF object's .BTF (default: /sys/kernel/btf/vmlinux, as libbpf)")
    Path btf;

    @Option(names = "--base-btf", paramLabel = "FILE",
            description = "base BTF of a split --btf (a kernel module's BTF over vmlinux)")
    Path baseBtf;

    /** Where the default target is looked for; hidden, for tests. */
    @Option(names = "--kernel-btf", hidden = true, paramLabel = "FILE")
    Path kernelBtf = VMLINUX;

    /** Rejects option combinations that make no sense, before any input is read. */
    void checkUsage() {
        if (baseBtf != null && btf == null) throw new Inputs.BadInput("--base-btf needs --btf (the split BTF over it)");
    }

    /**
     * The target for an object whose CO-RE relocations are {@code relos}: {@code --btf} if given,
     * else the kernel's BTF where it exists; null when there are no relocations needing one.
     */
    Btf resolve(Btf local, Map<String, List<BtfExt.CoreRelo>> relos) {
        checkUsage();
        if (btf != null) {
            if (baseBtf != null && !Files.isRegularFile(baseBtf)) throw new Inputs.BadInput(baseBtf + ": no such file");
            if (!Files.isRegularFile(btf)) throw new Inputs.BadInput(btf + ": no such file");
            return Btf.read(btf, baseBtf == null ? null : Btf.read(baseBtf));
        }
        String first = firstNeedingTarget(local, relos);
        if (first == null) return null;
        if (Files.isReadable(kernelBtf)) return Btf.read(kernelBtf);
        throw new Inputs.BadInput("no target BTF: " + kernelBtf + " does not exist and no --btf was given; "
                + "the first relocation that needs one is " + first);
    }

    /** The first relocation, in section order, that needs a target (all but local type ids), described; null if none. */
    static String firstNeedingTarget(Btf local, Map<String, List<BtfExt.CoreRelo>> relos) {
        for (Map.Entry<String, List<BtfExt.CoreRelo>> e : relos.entrySet()) {
            for (BtfExt.CoreRelo r : e.getValue()) {
                CoreReloKind kind = CoreReloKind.of(r.kind());
                if (kind == CoreReloKind.TYPE_ID_LOCAL) continue;
                String type;
                try {
                    var t = local.type(r.typeId());
                    type = t.kind().name().toLowerCase(Locale.ROOT) + " " + (t.name().isEmpty() ? "<anon>" : t.name());
                } catch (RuntimeException ex) {
                    type = "[" + r.typeId() + "]";
                }
                return e.getKey() + " insn " + r.insnIndex() + ": " + (kind == null ? "kind " + r.kind() : kind.libbpfName())
                        + " " + type + " " + r.accessString();
            }
        }
        return null;
    }
}
