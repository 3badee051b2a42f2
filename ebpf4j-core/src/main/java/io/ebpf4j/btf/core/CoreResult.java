package io.ebpf4j.btf.core;

import io.ebpf4j.isa.Program;
import java.util.List;

/**
 * The outcome of relocating one code section.
 *
 * @param section     the section (or program) name
 * @param program     the patched code. A poisoned {@code ld_imm64} becomes two one-slot
 *                    {@code call 0xbad2310} instructions, so the instruction count can grow while
 *                    the slot layout (and every jump offset) stays the same
 * @param relocations every relocation, in record order
 */
public record CoreResult(String section, Program program, List<CoreRelocation> relocations) {
    public CoreResult {
        relocations = List.copyOf(relocations);
    }

    /** The relocations that failed (only {@link CoreRelocator#relocateAll} returns any). */
    public List<CoreRelocation> failures() {
        return relocations.stream().filter(CoreRelocation::failed).toList();
    }

    public List<CoreRelocation> poisoned() {
        return relocations.stream().filter(CoreRelocation::poisoned).toList();
    }

    public boolean ok() {
        return relocations.stream().noneMatch(CoreRelocation::failed);
    }
}
