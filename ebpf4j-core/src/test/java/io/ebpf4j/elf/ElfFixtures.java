package io.ebpf4j.elf;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Access to the shared fixture directory (system property {@code ebpf4j.shared}) and to the
 * committed llvm-readelf output in {@code src/test/resources/elf/expected}, written by
 * {@code scripts/gen-elf-expected.sh}.
 */
final class ElfFixtures {
    private ElfFixtures() {}

    /** Fixture directories relative to the shared directory, and the file suffix of their objects. */
    static final List<String[]> FIXTURE_DIRS = List.of(
            new String[] {"core-testdata/cilium-ebpf/testdata", ".elf"},
            new String[] {"core-testdata/cilium-ebpf/btf/testdata", ".elf"},
            new String[] {"core-testdata/exp-linux-6.18", ".o"},
            new String[] {"bench", ".o"});

    /** The shared directory, if the property is set and the directory exists. */
    static Optional<Path> sharedDir() {
        String prop = System.getProperty("ebpf4j.shared");
        if (prop == null || prop.isBlank()) {
            return Optional.empty();
        }
        Path dir = Path.of(prop);
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /** The shared directory, or skips the calling test with the reason. */
    static Path requireShared() {
        Optional<Path> dir = sharedDir();
        assumeTrue(dir.isPresent(), () -> "shared fixtures unavailable: system property ebpf4j.shared is "
                + (System.getProperty("ebpf4j.shared") == null ? "unset"
                        : "'" + System.getProperty("ebpf4j.shared") + "', which is not a directory"));
        return dir.get();
    }

    /** Every fixture object present in the shared directory, relative paths with '/' separators. */
    static List<String> listFixtures(Path shared) {
        List<String> out = new ArrayList<>();
        for (String[] d : FIXTURE_DIRS) {
            Path dir = shared.resolve(d[0]);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.getFileName().toString().endsWith(d[1]) && Files.isRegularFile(p))
                        .map(p -> d[0] + "/" + p.getFileName())
                        .forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.sort(null);
        return out;
    }

    /** The expected-output files listed in {@code elf/expected/index.txt}. */
    static List<String> expectedIndex() {
        return resourceLines("elf/expected/index.txt").stream().filter(l -> !l.isBlank()).toList();
    }

    static List<String> resourceLines(String resource) {
        try (InputStream in = ElfFixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource
                        + " (run scripts/gen-elf-expected.sh)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What llvm-readelf reported for one fixture. */
    record Expected(String fixture, String sha256, Header header, List<Section> sections, List<Symbol> symbols,
                    List<Relocation> relocations) {}

    record Header(String dataEncoding, long type, long machine, long shnum, long shstrndx) {}

    record Section(int index, long type, long flags, long addr, long offset, long size, long link, long info,
                   long addralign, long entsize, String name) {}

    record Symbol(int index, long value, long size, long bind, long type, long other, long shndx, long nameOffset,
                  String name) {}

    record Relocation(int section, long offset, long type, long symbol, Long addend) {}

    /** Parses one file written by scripts/gen-elf-expected.sh (its header documents the line format). */
    static Expected expected(String resourceName) {
        String fixture = null;
        String sha = null;
        Header header = null;
        List<Section> sections = new ArrayList<>();
        List<Symbol> symbols = new ArrayList<>();
        List<Relocation> relocations = new ArrayList<>();
        for (String line : resourceLines("elf/expected/" + resourceName)) {
            if (line.startsWith("# fixture: ")) {
                fixture = line.substring("# fixture: ".length()).trim();
            } else if (line.startsWith("# sha256: ")) {
                sha = line.substring("# sha256: ".length()).trim();
            } else if (line.startsWith("H ")) {
                String[] f = line.split(" ");
                header = new Header(f[1], num(f[2]), num(f[3]), num(f[4]), num(f[5]));
            } else if (line.startsWith("S ")) {
                String[] f = line.split(" ", 13);
                sections.add(new Section((int) num(f[1]), num(f[2]), num(f[3]), num(f[4]), num(f[5]), num(f[6]),
                        num(f[7]), num(f[8]), num(f[9]), num(f[10]), f[12]));
            } else if (line.startsWith("Y ")) {
                String[] f = line.split(" ", 10);
                symbols.add(new Symbol((int) num(f[1]), num(f[2]), num(f[3]), num(f[4]), num(f[5]), num(f[6]),
                        num(f[7]), num(f[8]), f[9]));
            } else if (line.startsWith("R ")) {
                String[] f = line.split(" ");
                relocations.add(new Relocation((int) num(f[1]), num(f[2]), num(f[3]), num(f[4]),
                        f[5].equals("-") ? null : num(f[5])));
            }
        }
        if (fixture == null || sha == null || header == null) {
            throw new IllegalStateException(resourceName + ": not a file written by scripts/gen-elf-expected.sh");
        }
        return new Expected(fixture, sha, header, sections, symbols, relocations);
    }

    /** A number as llvm-readelf prints it: 0x-prefixed hex, else decimal; both unsigned. */
    static long num(String s) {
        if (s.startsWith("0x") || s.startsWith("0X")) {
            return Long.parseUnsignedLong(s.substring(2), 16);
        }
        if (s.startsWith("-")) {
            return Long.parseLong(s);
        }
        return Long.parseUnsignedLong(s);
    }
}
