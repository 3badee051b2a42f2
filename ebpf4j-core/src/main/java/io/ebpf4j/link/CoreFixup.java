package io.ebpf4j.link;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfExt;
import io.ebpf4j.isa.Program;
import io.ebpf4j.object.CodeSection;
import java.util.List;

/**
 * The CO-RE hook of the linker: relocates the code of one executable section against a target BTF,
 * before subprograms are appended — the order of libbpf's {@code bpf_object__relocate}, which runs
 * {@code bpf_object__relocate_core} on every program's own instructions first and only then
 * {@code bpf_object__relocate_calls}. The result must keep the section's slot layout (CO-RE patches
 * instructions in place; a poisoned {@code ld_imm64} keeps its two slots).
 *
 * <p>By default the linker uses {@code io.ebpf4j.btf.core.CoreRelocator}; another implementation
 * (a test double, a tracing one) can be installed with {@link LinkOptions#withCoreFixup}.
 */
@FunctionalInterface
public interface CoreFixup {
    /**
     * @param section the section, as compiled
     * @param relos   its {@code .BTF.ext} CO-RE records (instruction offsets in bytes from the section start)
     * @param local   the object's BTF
     * @param target  the BTF to relocate against ({@link LinkOptions#targetBtf()})
     * @return the section's code with every record applied
     */
    Program relocate(CodeSection section, List<BtfExt.CoreRelo> relos, Btf local, Btf target);
}
