package io.ebpf4j.btf;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Prints every type of a {@link Btf} as a compilable C header, the way
 * {@code bpftool btf dump file F format c} does (a {@code vmlinux.h}).
 *
 * <p>The output follows bpftool v7.1 (Debian's build, with the kernel 6.1 libbpf's
 * {@code btf_dump}): the {@code __VMLINUX_H__} include guard, the
 * {@code preserve_access_index} pragma around everything, then one
 * {@code btf_dump__dump_type} per type id in id order (base types first for split BTF). Types
 * are emitted in dependency order as libbpf's btf_dump orders them: a struct, union, enum or
 * typedef is defined before any type that embeds it, a struct only used through pointers gets a
 * forward declaration ({@code struct foo;}) when it is referenced before its definition,
 * anonymous structs, unions and enums are written inline, and clashing names get libbpf's
 * {@code ___2}, {@code ___3} suffixes in the order the names are first printed. Layout the C
 * compiler would not reproduce on its own is made explicit with {@code long: 64;}-style padding
 * and {@code __attribute__((packed))}. FUNC, VAR, DATASEC and DECL_TAG types are not printed
 * (bpftool 7.1 does not print them either); TYPE_TAG becomes
 * {@code __attribute__((btf_type_tag("...")))} where it qualifies a type.
 *
 * <p>Type graphs that C cannot express (a struct that contains itself, a pointer or typedef that
 * refers back to itself without a named struct in between) make the dump fail with a
 * {@link BtfException} instead of looping; so does a type chain deeper than
 * 256 levels (real kernels need 16). The implementation is our own; it reproduces the
 * documented behaviour of libbpf's {@code btf_dump.c} (see {@link BtfCDumpEmitter}).
 */
public final class BtfCDumper {
    private BtfCDumper() {}

    /** The C header for all types of {@code btf}. */
    public static String dump(Btf btf) {
        StringBuilder sb = new StringBuilder(1 << 16);
        try {
            dump(btf, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // StringBuilder does not throw
        }
        return sb.toString();
    }

    /**
     * Writes the C header for all types of {@code btf} to {@code out}. Output is written in
     * chunks as types are dumped; when the BTF turns out to be inexpressible in C a
     * {@link BtfException} is thrown and {@code out} holds the part written so far.
     */
    public static void dump(Btf btf, Appendable out) throws IOException {
        if (btf == null || out == null) throw new NullPointerException(btf == null ? "btf" : "out");
        try {
            new BtfCDumpEmitter(btf, out).dumpAll();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
