/**
 * BPF ELF objects as inert specs: {@link io.ebpf4j.object.BpfObject#open(java.nio.file.Path)} reads
 * an object the way libbpf's {@code bpf_object__open} does — programs per executable section split
 * by FUNC symbols, typed by libbpf's {@code section_defs} table ({@link io.ebpf4j.object.SectionDef}),
 * maps from BTF {@code .maps}, legacy {@code maps}, global data ({@code .data}, {@code .rodata},
 * {@code .bss} and their {@code .*} variants, named as libbpf's {@code internal_map_name}),
 * {@code .kconfig} and struct_ops, externs, relocations classified as
 * {@code bpf_program__record_reloc} does — and refuses what cannot be loaded with a
 * {@link io.ebpf4j.object.LoadException} naming file, section, instruction and symbol.
 *
 * <p>Nothing is created or linked here; {@code io.ebpf4j.link} turns a program into loadable code.
 */
package io.ebpf4j.object;
