package io.ebpf4j.btf.core;

import io.ebpf4j.Ebpf4jException;
import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfException;
import io.ebpf4j.btf.BtfKind;
import io.ebpf4j.btf.BtfType;

/** BTF helpers with libbpf's semantics ({@code libbpf_internal.h}, {@code btf.c}), used by the CO-RE code. */
final class CoreTypes {
    private CoreTypes() {}

    /** libbpf's {@code MAX_RESOLVE_DEPTH}. */
    static final int MAX_RESOLVE_DEPTH = 32;

    /** An internal failure with its reason; {@link CoreRelocator} adds the relocation's identity. */
    static final class Fail extends Ebpf4jException {
        private static final long serialVersionUID = 1L;
        final CoreException.Reason reason;

        Fail(CoreException.Reason reason, String message) {
            super(message);
            this.reason = reason;
        }
    }

    static BtfType type(Btf btf, int id) {
        try {
            return btf.type(id);
        } catch (BtfException e) {
            throw new Fail(CoreException.Reason.BAD_RELOCATION, e.getMessage());
        }
    }

    /** libbpf {@code skip_mods_and_typedefs}: through typedef, volatile, const, restrict and type tags. */
    static BtfType skip(Btf btf, int id) {
        try {
            return btf.skipModsAndTypedefs(id);
        } catch (BtfException e) {
            throw new Fail(CoreException.Reason.BAD_RELOCATION, e.getMessage());
        }
    }

    /**
     * libbpf {@code btf__resolve_size}: size of a value of the type, or -1 when it has none (void,
     * functions, forward declarations) or the array size overflows 32 bits.
     */
    static long resolveSize(Btf btf, int id) {
        long nelems = 1;
        long size = -1;
        BtfType t = type(btf, id);
        for (int i = 0; i < MAX_RESOLVE_DEPTH && !(t instanceof BtfType.Void); i++) {
            switch (t) {
                case BtfType.Int x -> size = x.size();
                case BtfType.Struct x -> size = Integer.toUnsignedLong(x.size());
                case BtfType.Enum x -> size = x.size();
                case BtfType.DataSec x -> size = Integer.toUnsignedLong(x.size());
                case BtfType.FloatType x -> size = x.size();
                case BtfType.Ptr x -> size = 8;
                case BtfType.Typedef x -> t = type(btf, x.type());
                case BtfType.Qualifier x -> t = type(btf, x.type());
                case BtfType.Var x -> t = type(btf, x.type());
                case BtfType.DeclTag x -> t = type(btf, x.type());
                case BtfType.Array a -> {
                    long n = Integer.toUnsignedLong(a.nelems());
                    if (nelems != 0 && n > 0xffffffffL / nelems) return -1;
                    nelems *= n;
                    t = type(btf, a.elemType());
                }
                default -> {
                    return -1;
                }
            }
            if (size >= 0) break;
        }
        if (size < 0) return -1;
        if (nelems != 0 && size > 0xffffffffL / nelems) return -1;
        return nelems * size;
    }

    static boolean isComposite(BtfType t) {
        return t instanceof BtfType.Struct;
    }

    static boolean isAnyEnum(BtfType t) {
        return t instanceof BtfType.Enum;
    }

    /** libbpf {@code btf_kind_core_compat}: same kind, or both enums (ENUM and ENUM64 mix). */
    static boolean kindCompat(BtfType a, BtfType b) {
        return a.kind() == b.kind() || (isAnyEnum(a) && isAnyEnum(b));
    }

    /** libbpf {@code btf_vlen}: members, enumerators or parameters. */
    static int vlen(BtfType t) {
        return switch (t) {
            case BtfType.Struct s -> s.members().size();
            case BtfType.Enum e -> e.values().size();
            case BtfType.FuncProto f -> f.params().size();
            case BtfType.DataSec d -> d.vars().size();
            default -> 0;
        };
    }

    /** The name as libbpf's BTF would give it: "" for anonymous types and for void. */
    static String name(BtfType t) {
        return t instanceof BtfType.Void ? "" : t.name();
    }

    /** libbpf {@code btf_kind_str}. */
    static String kindStr(BtfType t) {
        if (t instanceof BtfType.Void) return "void";
        BtfKind k = t.kind();
        return switch (k) {
            case UNKN -> "void";
            case INT -> "int";
            case PTR -> "ptr";
            case ARRAY -> "array";
            case STRUCT -> "struct";
            case UNION -> "union";
            case ENUM -> "enum";
            case FWD -> "fwd";
            case TYPEDEF -> "typedef";
            case VOLATILE -> "volatile";
            case CONST -> "const";
            case RESTRICT -> "restrict";
            case FUNC -> "func";
            case FUNC_PROTO -> "func_proto";
            case VAR -> "var";
            case DATASEC -> "datasec";
            case FLOAT -> "float";
            case DECL_TAG -> "decl_tag";
            case TYPE_TAG -> "type_tag";
            case ENUM64 -> "enum64";
        };
    }

    /** {@code "struct task_struct"}, {@code "typedef s_t"}, {@code "union <anon>"}. */
    static String describe(BtfType t) {
        String n = name(t);
        return kindStr(t) + " " + (n.isEmpty() ? "<anon>" : n);
    }

    /** libbpf {@code bpf_core_is_flavor_sep}: {@code X___Y} where X and Y are not underscores. */
    private static boolean isFlavorSep(String s, int i) {
        return s.charAt(i) != '_' && s.charAt(i + 1) == '_' && s.charAt(i + 2) == '_' && s.charAt(i + 3) == '_'
                && s.charAt(i + 4) != '_';
    }

    /**
     * libbpf {@code bpf_core_essential_name_len}: the length of the name without its flavor, the
     * suffix from the last {@code ___} (triple underscore between two non-underscores) on.
     */
    static int essentialNameLength(String name) {
        int n = name.length();
        for (int i = n - 5; i >= 0; i--) {
            if (isFlavorSep(name, i)) return i + 1;
        }
        return n;
    }

    static String essentialName(String name) {
        return name.substring(0, essentialNameLength(name));
    }

    /** Two names equal up to their flavors. */
    static boolean essentialNamesEqual(String a, String b) {
        int la = essentialNameLength(a);
        return la == essentialNameLength(b) && a.regionMatches(0, b, 0, la);
    }

    /** libbpf {@code btf_int_offset}. */
    static int intOffset(BtfType t) {
        return t instanceof BtfType.Int i ? i.bitOffset() : 0;
    }
}
