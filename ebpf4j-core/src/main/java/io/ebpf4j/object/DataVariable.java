package io.ebpf4j.object;

/**
 * A variable of a global data section ({@code .data}, {@code .rodata}, {@code .bss}, their
 * {@code .*} variants), from the section's BTF DATASEC, or from the ELF symbol table when the object
 * has no BTF. Offsets are fixed up from the symbol table as libbpf's {@code btf_fixup_datasec} does
 * (clang leaves global variables at offset 0 in BTF).
 *
 * @param name   the variable's name
 * @param offset byte offset in the section (and so in the map's value)
 * @param size   size in bytes
 * @param typeId the BTF VAR's type, or 0 without BTF
 * @param global a global variable visible to user space; false for {@code static} ones and for
 *               globals with hidden visibility, which libbpf treats as static
 */
public record DataVariable(String name, int offset, int size, int typeId, boolean global) {}
