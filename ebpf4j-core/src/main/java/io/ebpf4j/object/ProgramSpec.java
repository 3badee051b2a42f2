package io.ebpf4j.object;

import io.ebpf4j.isa.Program;
import java.util.List;
import java.util.Objects;

/**
 * One function of an object: an entry-point program (a FUNC symbol in any executable section but
 * {@code .text}) or a subprogram ({@code .text}, libbpf's {@code prog_is_subprog}). Several
 * programs may share a section; each is cut out by its FUNC symbol's value and size, as libbpf's
 * {@code bpf_object__add_programs} does. Inert: the instructions are exactly those of the ELF, with
 * the relocations that still have to be applied listed separately.
 *
 * @param name               the FUNC symbol's name
 * @param sectionName        the ELF section, as written (including a leading {@code '?'})
 * @param sectionIndex       the ELF section index
 * @param sectionSlot        where the function starts in its section, in 8-byte slots
 * @param type               the program type libbpf derives from the section name; UNSPEC when it does not recognise it
 * @param expectedAttachType the expected attach type from the same table
 * @param attachTo           the text after the first {@code '/'} of the section name ("" if none): the
 *                           attach target of {@code fentry/}, {@code kprobe/}, {@code freplace/} ...
 * @param sectionDef         the libbpf {@code section_defs} pattern that matched, or null
 * @param progFlags          {@code BPF_F_*} load flags implied by the section ({@link SectionDef#BPF_F_SLEEPABLE} ...)
 * @param autoload           false for sections written {@code SEC("?...")}
 * @param subprogram         a {@code .text} function: never loaded on its own, appended to the programs that call it
 * @param global             the symbol is {@code STB_GLOBAL} or {@code STB_WEAK}
 * @param btfFuncId          the BTF FUNC id from {@code .BTF.ext} func_info, or 0
 * @param instructions       the function's instructions as in the ELF
 * @param relocations        the relocations of its instructions, in slot order
 */
public record ProgramSpec(String name, String sectionName, int sectionIndex, int sectionSlot, ProgramType type,
                          AttachType expectedAttachType, String attachTo, String sectionDef, int progFlags,
                          boolean autoload, boolean subprogram, boolean global, int btfFuncId, Program instructions,
                          List<Relocation> relocations) {

    public ProgramSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(expectedAttachType, "expectedAttachType");
        Objects.requireNonNull(instructions, "instructions");
        relocations = List.copyOf(relocations);
    }

    /** Length of the function in 8-byte slots. */
    public int slotCount() {
        return instructions.slotCount();
    }

    /** The relocation of the instruction at {@code slot} (relative to the function), or null. */
    public Relocation relocationAt(int slot) {
        for (Relocation r : relocations) {
            if (r.slot() == slot) return r;
        }
        return null;
    }

    @Override
    public String toString() {
        return "ProgramSpec[" + name + ", section " + sectionName + ", " + type.libbpfName()
                + (expectedAttachType == AttachType.NONE ? "" : ", attach " + expectedAttachType.libbpfName())
                + ", " + instructions.size() + " insns]";
    }
}
