package io.ebpf4j.object;

/**
 * An undefined symbol the object's code refers to, classified as libbpf's
 * {@code bpf_object__collect_externs} does: an extern variable in the {@code .kconfig} DATASEC is a
 * Kconfig value (libbpf lays these out in an internal {@code .kconfig} map), one in
 * {@code .ksyms} a kernel symbol address, an extern function in {@code .ksyms} a kfunc. Anything
 * else (no BTF, or BTF without a DATASEC: a forward-declared function, an assembler symbol) is
 * {@link Kind#UNDEFINED}; libbpf refuses such objects, we load them and report the symbol when a
 * program that uses it is linked.
 *
 * @param name         the symbol's name
 * @param kind         what it is
 * @param weak         {@code STB_WEAK}: may stay unresolved (then 0, or a poisoned call for kfuncs)
 * @param btfId        the BTF VAR or FUNC id, or 0 without BTF
 * @param typeId       the extern's type after modifiers and typedefs (libbpf {@code ksym.type_id}), or 0
 * @param kconfigType  for {@link Kind#KCONFIG}: how a value is written (libbpf {@code enum kcfg_type}); else null
 * @param kconfigSize  for {@link Kind#KCONFIG}: size in bytes; else 0
 * @param kconfigSigned for {@link Kind#KCONFIG}: a signed integer
 * @param kconfigOffset for {@link Kind#KCONFIG}: byte offset in the {@code .kconfig} map; else -1
 */
public record ExternSpec(String name, Kind kind, boolean weak, int btfId, int typeId, KconfigType kconfigType,
                         int kconfigSize, boolean kconfigSigned, int kconfigOffset) {

    /** The kind of an extern. */
    public enum Kind { KCONFIG, KSYM, KFUNC, UNDEFINED }

    /** libbpf's {@code enum kcfg_type}: the C type of a Kconfig extern. */
    public enum KconfigType { CHAR, BOOL, INT, TRISTATE, CHAR_ARRAY }
}
