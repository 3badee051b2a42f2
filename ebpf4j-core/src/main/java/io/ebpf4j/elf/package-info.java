/**
 * A pure-Java reader for ELF64 relocatable objects ({@code ET_REL}, as {@code clang -target bpf}
 * emits them) in both byte orders: sections, the symbol table and relocations. It knows nothing of
 * BPF; later stages interpret sections, symbols and relocation types.
 *
 * <p>Entry points: {@link io.ebpf4j.elf.ElfFile#read(java.nio.file.Path)} and
 * {@link io.ebpf4j.elf.ElfFile#parse(byte[], String)}. Every malformation, however the input is
 * truncated or corrupted, is reported as an {@link io.ebpf4j.elf.ElfException} naming the file,
 * the section and the problem.
 *
 * <p>Specification: System V Application Binary Interface (gABI), chapter 4 "Object Files", and
 * the ELF-64 Object File Format; summarised in {@code elf(5)}.
 */
package io.ebpf4j.elf;
