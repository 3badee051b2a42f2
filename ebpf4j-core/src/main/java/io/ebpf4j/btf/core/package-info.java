/**
 * CO-RE ("compile once, run everywhere") relocation: the {@code .BTF.ext} core_relo records of an
 * object, resolved against a target BTF (the kernel's) and applied to the instructions, as libbpf
 * does it ({@code tools/lib/bpf/relo_core.c} and {@code libbpf.c}).
 *
 * <p>All 13 relocation kinds ({@link io.ebpf4j.btf.core.CoreReloKind}); access strings
 * ({@code 0:1:2}, array indices included); flavors ({@code name___suffix} matches {@code name});
 * candidate search by essential name in the target (base BTF first for split BTF); field matching
 * through anonymous members ({@code bpf_core_match_member}, {@code bpf_core_fields_are_compat}),
 * type compatibility ({@code bpf_core_types_are_compat}) and structural matching
 * ({@code bpf_core_types_match}); ambiguity when candidates disagree; instruction patching and
 * poisoning ({@code call 0xbad2310}) as {@code bpf_core_patch_insn}.
 *
 * <p>Entry point: {@link io.ebpf4j.btf.core.CoreRelocator}.
 */
package io.ebpf4j.btf.core;
