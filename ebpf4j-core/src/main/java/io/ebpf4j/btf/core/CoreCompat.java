package io.ebpf4j.btf.core;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfKind;
import io.ebpf4j.btf.BtfType;
import java.util.List;

/**
 * The compatibility relations of libbpf's {@code relo_core.c}, on ebpf4j's BTF model. Each
 * method names the libbpf function it follows; results are libbpf's: 1 compatible, 0 not,
 * negative on error (depth exceeded, bad type id).
 */
final class CoreCompat {
    private CoreCompat() {}

    /** {@code MAX_TYPES_ARE_COMPAT_DEPTH} / the level libbpf passes for both relations. */
    static final int LEVEL = 32;
    static final int EINVAL = -22;
    static final int E2BIG = -7;

    /**
     * libbpf {@code bpf_core_fields_are_compat}: may a local field of this type be relocated to a
     * target field of that type? Modifiers and typedefs are skipped; any two structs/unions are
     * compatible; pointers and floats always; FWD and enums when their essential names agree or one
     * is anonymous; ints unless they are the deprecated bitfield ints (non-zero int offset); arrays
     * by element type, dimensions ignored.
     */
    static int fieldsAreCompat(Btf localBtf, int localId, Btf targBtf, int targId) {
        for (int depth = 0; depth < 1024; depth++) {
            BtfType lt = CoreTypes.skip(localBtf, localId);
            BtfType tt = CoreTypes.skip(targBtf, targId);
            if (CoreTypes.isComposite(lt) && CoreTypes.isComposite(tt)) return 1;
            if (!CoreTypes.kindCompat(lt, tt)) return 0;
            switch (lt) {
                case BtfType.Ptr p -> {
                    return 1;
                }
                case BtfType.FloatType f -> {
                    return 1;
                }
                case BtfType.Fwd f -> {
                    return namesCompatOrAnon(lt, tt);
                }
                case BtfType.Enum e -> {
                    return namesCompatOrAnon(lt, tt);
                }
                case BtfType.Int i -> {
                    return CoreTypes.intOffset(lt) == 0 && CoreTypes.intOffset(tt) == 0 ? 1 : 0;
                }
                case BtfType.Array a -> {
                    localId = a.elemType();
                    targId = ((BtfType.Array) tt).elemType();
                }
                default -> {
                    return 0;
                }
            }
        }
        return EINVAL;
    }

    private static int namesCompatOrAnon(BtfType lt, BtfType tt) {
        String ln = CoreTypes.name(lt), tn = CoreTypes.name(tt);
        int ll = CoreTypes.essentialNameLength(ln), tl = CoreTypes.essentialNameLength(tn);
        return ll == 0 || tl == 0 || (ll == tl && ln.regionMatches(0, tn, 0, ll)) ? 1 : 0;
    }

    /** libbpf {@code bpf_core_types_are_compat} (the TYPE_EXISTS / TYPE_SIZE / TYPE_ID_TARGET check). */
    static int typesAreCompat(Btf localBtf, int localId, Btf targBtf, int targId) {
        return typesAreCompat(localBtf, localId, targBtf, targId, LEVEL);
    }

    /**
     * libbpf {@code __bpf_core_types_are_compat}: kinds must agree before and after skipping
     * modifiers/typedefs; structs, unions, enums, FWDs and void are then compatible (names were
     * matched by the candidate search); ints unless bitfield-like; pointers and arrays recurse into
     * the pointee/element; function prototypes need the same arity and compatible parameters and
     * return type.
     */
    static int typesAreCompat(Btf localBtf, int localId, Btf targBtf, int targId, int level) {
        int depth = 32;
        BtfType lt = CoreTypes.type(localBtf, localId);
        BtfType tt = CoreTypes.type(targBtf, targId);
        if (!CoreTypes.kindCompat(lt, tt)) return 0;
        while (true) {
            if (--depth < 0) return EINVAL;
            lt = CoreTypes.skip(localBtf, localId);
            tt = CoreTypes.skip(targBtf, targId);
            localId = lt.id();
            targId = tt.id();
            if (!CoreTypes.kindCompat(lt, tt)) return 0;
            switch (lt) {
                case BtfType.Void v -> {
                    return 1;
                }
                case BtfType.Struct s -> {
                    return 1;
                }
                case BtfType.Enum e -> {
                    return 1;
                }
                case BtfType.Fwd f -> {
                    return 1;
                }
                case BtfType.Int i -> {
                    return CoreTypes.intOffset(lt) == 0 && CoreTypes.intOffset(tt) == 0 ? 1 : 0;
                }
                case BtfType.Ptr p -> {
                    localId = p.type();
                    targId = ((BtfType.Ptr) tt).type();
                }
                case BtfType.Array a -> {
                    localId = a.elemType();
                    targId = ((BtfType.Array) tt).elemType();
                }
                case BtfType.FuncProto lp -> {
                    BtfType.FuncProto tp = (BtfType.FuncProto) tt;
                    List<BtfType.Param> lps = lp.params(), tps = tp.params();
                    if (lps.size() != tps.size()) return 0;
                    for (int i = 0; i < lps.size(); i++) {
                        if (level <= 0) return EINVAL;
                        int l = CoreTypes.skip(localBtf, lps.get(i).type()).id();
                        int r = CoreTypes.skip(targBtf, tps.get(i).type()).id();
                        int err = typesAreCompat(localBtf, l, targBtf, r, level - 1);
                        if (err <= 0) return err;
                    }
                    localId = CoreTypes.skip(localBtf, lp.returnType()).id();
                    targId = CoreTypes.skip(targBtf, tp.returnType()).id();
                }
                default -> {
                    return 0;
                }
            }
        }
    }

    /** libbpf {@code bpf_core_names_match}: an anonymous target matches only an anonymous local; else essential names. */
    static boolean namesMatch(String local, String targ) {
        if (targ.isEmpty()) return local.isEmpty();
        return CoreTypes.essentialNamesEqual(local, targ);
    }

    /** libbpf {@code bpf_core_types_match} (the TYPE_MATCHES check). */
    static int typesMatch(Btf localBtf, int localId, Btf targBtf, int targId) {
        return typesMatch(localBtf, localId, targBtf, targId, false, LEVEL);
    }

    /**
     * libbpf {@code __bpf_core_types_match}: after skipping modifiers and typedefs, names must
     * match (modulo flavor) and kinds agree, except that behind a pointer a struct/union matches a
     * FWD of the same flavor (struct or union); ints need equal size and signedness; enums need
     * equal size and every local enumerator name in the target; structs/unions need every local
     * member in the target by name, with a matching type (only name and kind behind a pointer);
     * pointers and arrays (equal length) recurse; function prototypes match argument by argument.
     */
    static int typesMatch(Btf localBtf, int localId, Btf targBtf, int targId, boolean behindPtr, int level) {
        if (level <= 0) return EINVAL;
        int depth = 32;
        while (true) {
            if (--depth < 0) return EINVAL;
            BtfType lt = CoreTypes.skip(localBtf, localId);
            BtfType tt = CoreTypes.skip(targBtf, targId);
            localId = lt.id();
            targId = tt.id();
            if (!namesMatch(CoreTypes.name(lt), CoreTypes.name(tt))) return 0;
            BtfKind lk = kindOf(lt), tk = kindOf(tt);
            switch (lt) {
                case BtfType.Void v -> {
                    return lk == tk ? 1 : 0;
                }
                case BtfType.Fwd lf -> {
                    boolean localUnion = lf.isUnion();
                    if (behindPtr) {
                        if (lk == tk) return localUnion == ((BtfType.Fwd) tt).isUnion() ? 1 : 0;
                        return (tk == BtfKind.STRUCT && !localUnion) || (tk == BtfKind.UNION && localUnion) ? 1 : 0;
                    }
                    if (lk != tk) return 0;
                    return localUnion == ((BtfType.Fwd) tt).isUnion() ? 1 : 0;
                }
                case BtfType.Enum le -> {
                    if (!(tt instanceof BtfType.Enum te)) return 0;
                    return enumsMatch(le, te) ? 1 : 0;
                }
                case BtfType.Struct ls -> {
                    if (behindPtr) {
                        if (lk == tk) return 1;
                        if (!(tt instanceof BtfType.Fwd tf)) return 0;
                        return (lk == BtfKind.UNION) == tf.isUnion() ? 1 : 0;
                    }
                    if (lk != tk) return 0;
                    return compositesMatch(localBtf, ls, targBtf, (BtfType.Struct) tt, behindPtr, level);
                }
                case BtfType.Int li -> {
                    if (!(tt instanceof BtfType.Int ti)) return 0;
                    return li.size() == ti.size() && li.signed() == ti.signed() ? 1 : 0;
                }
                case BtfType.Ptr lp -> {
                    if (lk != tk) return 0;
                    behindPtr = true;
                    localId = lp.type();
                    targId = ((BtfType.Ptr) tt).type();
                }
                case BtfType.Array la -> {
                    if (lk != tk) return 0;
                    BtfType.Array ta = (BtfType.Array) tt;
                    if (la.nelems() != ta.nelems()) return 0;
                    localId = la.elemType();
                    targId = ta.elemType();
                }
                case BtfType.FuncProto lp -> {
                    if (lk != tk) return 0;
                    BtfType.FuncProto tp = (BtfType.FuncProto) tt;
                    if (lp.params().size() != tp.params().size()) return 0;
                    for (int i = 0; i < lp.params().size(); i++) {
                        int err = typesMatch(localBtf, lp.params().get(i).type(), targBtf, tp.params().get(i).type(),
                                behindPtr, level - 1);
                        if (err <= 0) return err;
                    }
                    localId = lp.returnType();
                    targId = tp.returnType();
                }
                default -> {
                    return 0;
                }
            }
        }
    }

    private static BtfKind kindOf(BtfType t) {
        return t instanceof BtfType.Void ? BtfKind.UNKN : t.kind();
    }

    /** libbpf {@code bpf_core_enums_match}. */
    private static boolean enumsMatch(BtfType.Enum local, BtfType.Enum targ) {
        if (local.size() != targ.size()) return false;
        if (local.values().size() > targ.values().size()) return false;
        for (BtfType.EnumValue lv : local.values()) {
            boolean matched = false;
            for (BtfType.EnumValue tv : targ.values()) {
                if (namesMatch(lv.name(), tv.name())) {
                    matched = true;
                    break;
                }
            }
            if (!matched) return false;
        }
        return true;
    }

    /** libbpf {@code bpf_core_composites_match}. */
    private static int compositesMatch(Btf localBtf, BtfType.Struct local, Btf targBtf, BtfType.Struct targ,
                                       boolean behindPtr, int level) {
        if (local.members().size() > targ.members().size()) return 0;
        for (BtfType.Member lm : local.members()) {
            boolean matched = false;
            for (BtfType.Member tm : targ.members()) {
                if (!namesMatch(lm.name(), tm.name())) continue;
                int err = typesMatch(localBtf, lm.type(), targBtf, tm.type(), behindPtr, level - 1);
                if (err < 0) return err;
                if (err > 0) {
                    matched = true;
                    break;
                }
            }
            if (!matched) return 0;
        }
        return 1;
    }
}
