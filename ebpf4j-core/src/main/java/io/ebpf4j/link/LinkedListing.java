package io.ebpf4j.link;

import io.ebpf4j.asm.LlvmDisassembler;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Program;
import io.ebpf4j.link.LinkedProgram.Function;
import io.ebpf4j.link.LinkedProgram.Reference;
import io.ebpf4j.link.LinkedProgram.SourceLine;
import io.ebpf4j.object.AttachType;
import io.ebpf4j.object.MapSpec;
import java.util.Objects;

/**
 * A linked program as text, in the layout of {@code llvm-objdump -d -S --no-show-raw-insn}: a
 * {@code 0000000000000000 <name>:} label at the start of every function, one {@code "%8d:\t"}
 * line per instruction numbered by slot, {@code ; source line} before the first instruction of each
 * new source line (from {@code .BTF.ext} line_info), branches annotated with
 * {@code <function+0xoffset>} — and, unlike objdump, every relocated instruction annotated with what
 * it refers to: {@code <global_fn>} for calls and function pointers, {@code <hash_map>} for maps,
 * {@code <.rodata+0x10>} for global data (followed by the variable's name when known),
 * {@code <CONFIG_HZ>} for externs.
 */
public final class LinkedListing {
    private LinkedListing() {}

    /** The heading line for a program, {@code Disassembly of program xdp_prog (section xdp, type xdp, attach xdp):}. */
    public static String heading(LinkedProgram p) {
        var e = p.entry();
        return "Disassembly of program " + e.name() + " (section " + e.sectionName() + ", type " + e.type().libbpfName()
                + (e.expectedAttachType() == AttachType.NONE ? "" : ", attach " + e.expectedAttachType().libbpfName()) + "):";
    }

    /** The program's listing, without heading. */
    public static String render(LinkedProgram p, LlvmDisassembler flavour) {
        StringBuilder out = new StringBuilder();
        Program code = p.program();
        SourceLine lastPrinted = null;
        for (int i = 0; i < code.size(); i++) {
            int slot = code.slotOf(i);
            var start = p.functionStartingAt(slot);
            if (start.isPresent()) {
                if (i > 0) out.append('\n');
                out.append(String.format("%016x <%s>:\n", (long) slot * Program.SLOT_SIZE, start.get().name()));
            }
            for (SourceLine l : p.lineInfo()) {
                if (l.slot() != slot) continue;
                if (lastPrinted == null || l.line() != lastPrinted.line() || !Objects.equals(l.file(), lastPrinted.file())) {
                    out.append("; ").append(l.lineText().strip()).append('\n');
                    lastPrinted = l;
                }
            }
            Insn in = code.insn(i);
            out.append(String.format("%8d:\t", slot)).append(flavour.format(in));
            if (flavour.decodes(in) && in.isBranch()) {
                long target = LlvmDisassembler.branchTarget((long) slot * Program.SLOT_SIZE, in);
                Function f = p.functionAtSlot((int) Math.max(0, Math.min(Integer.MAX_VALUE, target / Program.SLOT_SIZE)));
                if (f != null) {
                    out.append(' ').append(LlvmDisassembler.targetAnnotation(f.name(),
                            target - (long) f.startSlot() * Program.SLOT_SIZE));
                }
            }
            var ref = p.referenceAtSlot(slot);
            if (ref.isPresent()) out.append(' ').append(annotation(p, ref.get()));
            out.append('\n');
        }
        return out.toString();
    }

    /** What a relocated instruction refers to, as {@code <name>} or {@code <section+0xoff>}. */
    public static String annotation(LinkedProgram p, Reference r) {
        return switch (r.kind()) {
            case CALL, FUNCTION_ADDRESS, MAP, KSYM, SYMBOL, KFUNC -> "<" + r.name() + ">";
            case KCONFIG -> "<" + r.name() + ">";
            case MAP_VALUE -> {
                MapSpec m = p.maps().get(r.index());
                String base = m.sectionName() == null ? m.name() : m.sectionName();
                String a = LlvmDisassembler.targetAnnotation(base, r.offset());
                yield r.detail() == null ? a : a + " (" + r.detail() + ")";
            }
            case POISONED -> "<" + r.name() + ": unresolved weak kfunc, poisoned>";
            case UNRESOLVED -> "<" + r.name() + ": unresolved>";
        };
    }
}
