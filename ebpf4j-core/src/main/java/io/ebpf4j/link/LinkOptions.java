package io.ebpf4j.link;

import io.ebpf4j.btf.Btf;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How {@link Linker} links a program: the values of externs, the CO-RE target, leniency.
 *
 * <p>Externs are resolved from these options only (this library does not read the running kernel's
 * {@code /proc/config.gz} or {@code /proc/kallsyms}). An extern a linked program uses and that has
 * no value here is an error naming it, unless it is weak: then it is 0, and a weak kfunc call is
 * poisoned as libbpf poisons it.
 *
 * @param targetBtf  BTF to apply CO-RE relocations against, or null to keep the code as compiled
 *                   (the values of the object's own BTF)
 * @param coreFixup  the CO-RE relocator used when {@code targetBtf} is set; null for
 *                   {@code io.ebpf4j.btf.core.CoreRelocator}
 * @param kconfig    values of {@code __kconfig} externs, as the text after {@code '='} in a Kconfig
 *                   file: {@code y}/{@code n}/{@code m}, {@code "a string"}, or an integer
 *                   (decimal, {@code 0x} hex or {@code 0} octal), by extern name
 *                   ({@code CONFIG_HZ}, and libbpf's own {@code LINUX_KERNEL_VERSION} ...)
 * @param ksyms      addresses of {@code __ksym} variables, by name
 * @param kfuncs     BTF ids (in the kernel's BTF) of {@code __ksym} functions, by name
 * @param symbols    values of other undefined symbols loaded with {@code ld_imm64} (no BTF: assembler
 *                   constants such as {@code MY_CONST}), by name
 * @param lenient    leave what cannot be resolved as compiled instead of failing, and report it as
 *                   an {@link LinkedProgram.Kind#UNRESOLVED} reference (for disassembly)
 */
public record LinkOptions(Btf targetBtf, CoreFixup coreFixup, Map<String, String> kconfig, Map<String, Long> ksyms,
                          Map<String, Integer> kfuncs, Map<String, Long> symbols, boolean lenient) {

    public LinkOptions {
        kconfig = Map.copyOf(kconfig);
        ksyms = Map.copyOf(ksyms);
        kfuncs = Map.copyOf(kfuncs);
        symbols = Map.copyOf(symbols);
    }

    /** No extern values, no CO-RE target, strict. */
    public static LinkOptions defaults() {
        return new LinkOptions(null, null, Map.of(), Map.of(), Map.of(), Map.of(), false);
    }

    public LinkOptions withTargetBtf(Btf target) {
        return new LinkOptions(target, coreFixup, kconfig, ksyms, kfuncs, symbols, lenient);
    }

    public LinkOptions withCoreFixup(CoreFixup fixup) {
        return new LinkOptions(targetBtf, fixup, kconfig, ksyms, kfuncs, symbols, lenient);
    }

    /** One Kconfig value ({@code withKconfig("CONFIG_HZ", "250")}). */
    public LinkOptions withKconfig(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(kconfig);
        m.put(name, value);
        return new LinkOptions(targetBtf, coreFixup, m, ksyms, kfuncs, symbols, lenient);
    }

    /**
     * Kconfig values in the format of a kernel {@code .config} (libbpf's {@code kconfig} open option):
     * {@code NAME=value} lines; blank lines and {@code #} comments are skipped.
     */
    public LinkOptions withKconfig(String kconfigText) {
        Map<String, String> m = new LinkedHashMap<>(kconfig);
        for (String line : kconfigText.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            int eq = l.indexOf('=');
            if (eq <= 0 || eq == l.length() - 1) throw new IllegalArgumentException("kconfig line without a value: '" + l + "'");
            m.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return new LinkOptions(targetBtf, coreFixup, m, ksyms, kfuncs, symbols, lenient);
    }

    public LinkOptions withKsym(String name, long address) {
        Map<String, Long> m = new LinkedHashMap<>(ksyms);
        m.put(name, address);
        return new LinkOptions(targetBtf, coreFixup, kconfig, m, kfuncs, symbols, lenient);
    }

    public LinkOptions withKfunc(String name, int btfId) {
        Map<String, Integer> m = new LinkedHashMap<>(kfuncs);
        m.put(name, btfId);
        return new LinkOptions(targetBtf, coreFixup, kconfig, ksyms, m, symbols, lenient);
    }

    public LinkOptions withSymbol(String name, long value) {
        Map<String, Long> m = new LinkedHashMap<>(symbols);
        m.put(name, value);
        return new LinkOptions(targetBtf, coreFixup, kconfig, ksyms, kfuncs, m, lenient);
    }

    public LinkOptions withLenient(boolean value) {
        return new LinkOptions(targetBtf, coreFixup, kconfig, ksyms, kfuncs, symbols, value);
    }
}
