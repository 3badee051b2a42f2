/**
 * Linking one entry program of a {@link io.ebpf4j.object.BpfObject} into a
 * {@link io.ebpf4j.link.LinkedProgram}, as libbpf's {@code bpf_object__relocate} does for one main
 * program: CO-RE per section (through {@link io.ebpf4j.link.CoreFixup}), subprograms appended
 * depth-first as calls are met, call and function-pointer offsets fixed, maps and global data as
 * {@code BPF_PSEUDO_MAP_IDX[_VALUE]} into {@link io.ebpf4j.link.LinkedProgram#maps()}, externs
 * from {@link io.ebpf4j.link.LinkOptions}, and {@code .BTF.ext} func/line info rebased.
 * {@link io.ebpf4j.link.LinkedListing} prints the result like {@code llvm-objdump -d -S}.
 */
package io.ebpf4j.link;
