package io.ebpf4j.btf.core;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfExt;
import io.ebpf4j.elf.ElfFile;
import io.ebpf4j.elf.ElfSection;
import io.ebpf4j.isa.Program;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/** The shared CO-RE fixtures ({@code core-testdata/}, system property {@code ebpf4j.shared}). */
final class CoreFixtures {
    private CoreFixtures() {}

    static final String CILIUM = "core-testdata/cilium-ebpf/btf/testdata";
    static final String EXP = "core-testdata/exp-linux-6.18";
    static final Path LIVE_VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

    static Optional<Path> shared() {
        String prop = System.getProperty("ebpf4j.shared");
        if (prop == null || prop.isBlank()) return Optional.empty();
        Path dir = Path.of(prop).resolve("core-testdata");
        return Files.isDirectory(dir) ? Optional.of(Path.of(prop)) : Optional.empty();
    }

    static String unavailable() {
        String prop = System.getProperty("ebpf4j.shared");
        return "shared CO-RE fixtures unavailable: system property ebpf4j.shared is "
                + (prop == null ? "unset" : "'" + prop + "', which has no core-testdata directory");
    }

    /** The fixture file, or skips the calling test (visibly) when the shared directory or the file is missing. */
    static Path require(String relative) {
        Optional<Path> dir = shared();
        assumeTrue(dir.isPresent(), CoreFixtures::unavailable);
        Path p = dir.get().resolve(relative);
        assumeTrue(Files.isRegularFile(p), () -> "fixture " + p + " is missing");
        return p;
    }

    /** For @TestFactory methods: one dynamic test that aborts with the reason, so the skip shows. */
    static Stream<DynamicNode> abortedFactory(String reason) {
        return Stream.of(DynamicTest.dynamicTest("skipped: " + reason, () -> Assumptions.abort(reason)));
    }

    /** An object file with its BTF and .BTF.ext. */
    record Obj(Path path, ElfFile elf, Btf btf, BtfExt ext) {
        static Obj load(Path path) {
            ElfFile elf = ElfFile.read(path);
            Btf btf = Btf.fromElf(elf).orElseThrow();
            ElfSection ext = elf.section(".BTF.ext").orElseThrow();
            return new Obj(path, elf, btf, BtfExt.parse(ext.data(), btf, path + ": .BTF.ext"));
        }

        Program code(String section) {
            return Program.decode(elf.section(section).orElseThrow().data(), elf.byteOrder());
        }

        List<BtfExt.CoreRelo> relos(String section) {
            return ext.coreRelos(section);
        }
    }

    private static Btf ciliumVmlinux;

    /** The cilium CI kernel's BTF (vmlinux.btf.gz, decompressed), parsed once. */
    static synchronized Btf ciliumVmlinux(Path shared) {
        if (ciliumVmlinux != null) return ciliumVmlinux;
        Path gz = shared.resolve(CILIUM).resolve("vmlinux.btf.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            ciliumVmlinux = Btf.parse(in.readAllBytes(), gz.toString());
            return ciliumVmlinux;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
