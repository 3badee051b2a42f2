package io.ebpf4j.cli;

import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.ProgramSpec;
import io.ebpf4j.progtype.ProgTypeOps;
import io.ebpf4j.progtype.ProgTypes;
import java.nio.file.Path;
import java.util.List;

/** How {@code run} and {@code verify} pick a program of an object and its type (shared by both commands). */
final class ProgramSelection {
    private ProgramSelection() {}

    /**
     * The program named {@code prog} (a function name, or a section holding exactly one program);
     * the only program when {@code prog} is null.
     */
    static String programName(BpfObject obj, Path object, String prog) {
        List<ProgramSpec> programs = obj.programs();
        if (prog != null) {
            if (obj.program(prog).isPresent()) return prog;
            List<ProgramSpec> inSection = programs.stream().filter(p -> p.sectionName().equals(prog)).toList();
            if (inSection.size() == 1) return inSection.get(0).name();
            if (inSection.size() > 1) {
                throw new Inputs.BadInput(object + ": section '" + prog + "' holds several programs: "
                        + inSection.stream().map(ProgramSpec::name).toList() + "; name one with --prog");
            }
            throw new Inputs.BadInput(object + ": no program '" + prog + "'; programs: " + describe(programs));
        }
        if (programs.size() == 1) return programs.get(0).name();
        if (programs.isEmpty()) throw new Inputs.BadInput(object + ": the object has no programs");
        throw new Inputs.BadInput(object + ": the object has several programs, choose one with --prog: " + describe(programs));
    }

    static List<String> describe(List<ProgramSpec> programs) {
        return programs.stream().map(p -> p.name() + " (" + p.sectionName() + ")").toList();
    }

    /** {@code --type TYPE} checked against the known types (null when absent). */
    static ProgTypeOps typeOption(String type) {
        if (type == null) return null;
        return ProgTypes.byName(type).orElseThrow(() -> new Inputs.BadInput("--type " + type + ": unknown program type; known: "
                + ProgTypes.all().stream().map(ProgTypeOps::name).toList()));
    }

    /** The type of {@code spec}: {@code --type} when given, else what its section says. */
    static ProgTypeOps typeOf(ProgramSpec spec, ProgTypeOps override, Path object) {
        if (override != null) return override;
        return ProgTypes.of(spec.type()).orElseThrow(() -> new Inputs.BadInput(object + ": program '" + spec.name() + "' (section "
                + spec.sectionName() + ") has type " + spec.type() + ", which ebpf4j does not support; known: "
                + ProgTypes.all().stream().map(ProgTypeOps::name).toList() + " (choose one with --type)"));
    }
}
