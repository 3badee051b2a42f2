package io.ebpf4j.cli;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfExt;
import io.ebpf4j.btf.core.CoreRelocation;
import io.ebpf4j.btf.core.CoreRelocator;
import io.ebpf4j.btf.core.CoreResult;
import io.ebpf4j.elf.ElfFile;
import io.ebpf4j.elf.ElfSection;
import io.ebpf4j.isa.Program;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ebpf4j core OBJ [--btf FILE] [--base-btf FILE]}: show every CO-RE relocation of an object and its outcome. */
@Command(name = "core", mixinStandardHelpOptions = true,
        description = {"Apply the CO-RE relocations of an object against a target BTF, as libbpf would, and print each one:",
            "section, instruction, kind, local type and access string, target type, then old -> new value,",
            "why the instruction was poisoned (call 0xbad2310), or why the relocation failed.",
            "Exit status: 0 all applied (poisoned ones included), 1 a relocation failed, 2 bad input."})
final class CoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "OBJ", description = "a BPF ELF object with .BTF and .BTF.ext")
    Path object;

    @Mixin
    TargetBtfOptions target;

    @Option(names = "--trace", description = "also print libbpf's debug trace of the relocations (to stderr)")
    boolean trace;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        target.checkUsage();
        byte[] bytes = Inputs.readFile(object);
        if (!Inputs.isElf(bytes)) throw new Inputs.BadInput(object + ": not an ELF object");
        ElfFile elf = ElfFile.parse(bytes, object.toString());
        Btf local = Btf.fromElf(elf).orElseThrow(() -> new Inputs.BadInput(object + ": no .BTF section (CO-RE needs the object's BTF)"));
        Optional<ElfSection> extSection = elf.section(".BTF.ext");
        Map<String, List<BtfExt.CoreRelo>> relos = extSection.isEmpty() ? Map.of()
                : BtfExt.parse(extSection.get().data(), local, object + ": .BTF.ext").coreRelos();
        if (relos.isEmpty()) {
            out.println(object + ": no CO-RE relocations");
            return Main.OK;
        }

        Btf target = this.target.resolve(local, relos);

        CoreRelocator relocator = trace
                ? new CoreRelocator(local, target, line -> err.println("libbpf: " + line))
                : new CoreRelocator(local, target);
        int total = 0, changed = 0, poisoned = 0, failed = 0;
        for (Map.Entry<String, List<BtfExt.CoreRelo>> e : relos.entrySet()) {
            String section = e.getKey();
            ElfSection code = elf.section(section)
                    .orElseThrow(() -> new Inputs.BadInput(object + ": .BTF.ext has CO-RE relocations for section '" + section
                            + "', which does not exist"));
            Program program = Program.decode(code.data(), elf.byteOrder());
            CoreResult result = relocator.relocateAll(section, program, e.getValue());
            for (CoreRelocation r : result.relocations()) {
                out.println(r.describe());
                total++;
                if (r.failed()) failed++;
                else if (r.poisoned()) poisoned++;
                else if (!r.unchanged()) changed++;
            }
        }
        out.printf("%d relocations: %d changed, %d unchanged, %d poisoned, %d failed%n",
                total, changed, total - changed - poisoned - failed, poisoned, failed);
        return failed > 0 ? Main.PROGRAM_ERROR : Main.OK;
    }
}
