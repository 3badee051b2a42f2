package io.ebpf4j.object;

/** Names libbpf derives: the object name and the names of its internal (global data) maps. */
final class Names {
    /** include/uapi/linux/bpf.h {@code BPF_OBJ_NAME_LEN}, including the terminating NUL. */
    static final int BPF_OBJ_NAME_LEN = 16;

    private Names() {}

    /**
     * libbpf {@code bpf_object__new}: the file's base name, at most 15 characters, cut at its first
     * {@code '.'} ({@code loader-clang-22-el.elf} → {@code loader-clang-22}).
     */
    static String objectNameFromPath(String path) {
        String base = path;
        int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        if (slash >= 0) base = base.substring(slash + 1);
        if (base.length() > BPF_OBJ_NAME_LEN - 1) base = base.substring(0, BPF_OBJ_NAME_LEN - 1);
        int dot = base.indexOf('.');
        return dot >= 0 ? base.substring(0, dot) : base;
    }

    /** libbpf {@code bpf_object__new} with an explicit name ({@code bpf_object__open_mem}): kept as is, at most 15 characters. */
    static String objectName(String name) {
        return name.length() > BPF_OBJ_NAME_LEN - 1 ? name.substring(0, BPF_OBJ_NAME_LEN - 1) : name;
    }

    /**
     * libbpf {@code internal_map_name}: up to 15 characters made of a prefix of the object name and
     * the section name, which always keeps at least 7 characters ({@code my_objec.rodata},
     * {@code my_objec.bss}, {@code my_obje.kconfig}); sections with a second dot
     * ({@code .rodata.str1.1}, {@code .data.test}) are named by the section alone. Characters the
     * kernel does not accept in a map name become {@code '_'}.
     */
    static String internalMapName(String objectName, String realName) {
        int sfxLen = Math.max(7, realName.length());
        if (sfxLen >= BPF_OBJ_NAME_LEN) sfxLen = BPF_OBJ_NAME_LEN - 1;
        int pfxLen = realName.indexOf('.', 1) >= 0 ? 0 : Math.min(BPF_OBJ_NAME_LEN - sfxLen - 1, objectName.length());
        String raw = objectName.substring(0, pfxLen) + realName.substring(0, Math.min(sfxLen, realName.length()));
        StringBuilder b = new StringBuilder(raw.length());
        for (char c : raw.toCharArray()) {
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
            b.append(ok ? c : '_');
        }
        return b.toString();
    }
}
