package io.ebpf4j.object;

import io.ebpf4j.isa.Program;
import java.util.List;

/**
 * An executable ELF section, decoded: the unit {@code .BTF.ext} func_info, line_info and CO-RE
 * records refer to, and that CO-RE relocation patches (libbpf relocates CO-RE per program before it
 * appends subprograms, {@code bpf_object__relocate}).
 *
 * @param index     the ELF section index
 * @param name      the section's name
 * @param code      every instruction of the section
 * @param functions the names of the functions it holds, by offset
 */
public record CodeSection(int index, String name, Program code, List<String> functions) {
    public CodeSection {
        functions = List.copyOf(functions);
    }
}
