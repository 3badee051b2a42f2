package io.ebpf4j.btf.core;

import static io.ebpf4j.btf.core.CoreException.Reason.AMBIGUOUS;
import static io.ebpf4j.btf.core.CoreException.Reason.BAD_ACCESS_STRING;
import static io.ebpf4j.btf.core.CoreException.Reason.UNSATISFIABLE;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfType;
import io.ebpf4j.btf.core.CoreSpec.Accessor;
import io.ebpf4j.btf.core.CoreTypes.Fail;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The relocation algorithm of libbpf's {@code relo_core.c}: match the local spec against each
 * candidate ({@code bpf_core_spec_match}), compute old and new values ({@code bpf_core_calc_relo}),
 * and reconcile candidates ({@code bpf_core_calc_relo_insn}).
 */
final class CoreCalc {
    private CoreCalc() {}

    /** A target candidate: a type of the target BTF; {@code btfName} is what libbpf prints ("vmlinux"). */
    record Cand(Btf btf, int id, String btfName) {}

    // ------------------------------------------------------------------ matching

    /** libbpf {@code bpf_core_match_member}: find the local named member in the target, through anonymous members. */
    static int matchMember(Btf localBtf, Accessor localAcc, Btf targBtf, int targId, CoreSpec spec, int[] nextTargId) {
        BtfType tt = CoreTypes.skip(targBtf, targId);
        targId = tt.id();
        if (!(tt instanceof BtfType.Struct ts)) return 0;
        BtfType.Struct lt = (BtfType.Struct) CoreTypes.type(localBtf, localAcc.typeId());
        BtfType.Member lm = lt.members().get(localAcc.idx());
        String localName = lm.name();
        List<BtfType.Member> ms = ts.members();
        for (int i = 0; i < ms.size(); i++) {
            BtfType.Member m = ms.get(i);
            long bitOffset = m.bitOffset();
            if (spec.rawLen == CoreSpec.MAX_LEN) return CoreCompat.E2BIG;
            // speculate this member will be the good one
            spec.bitOffset += bitOffset;
            spec.raw[spec.rawLen++] = i;
            String targName = m.name();
            if (targName.isEmpty()) {
                // embedded struct/union: go deeper
                int found = matchMember(localBtf, localAcc, targBtf, m.type(), spec, nextTargId);
                if (found != 0) return found;
            } else if (localName.equals(targName)) {
                if (spec.len == CoreSpec.MAX_LEN) return CoreCompat.E2BIG;
                spec.acc[spec.len++] = new Accessor(targId, i, targName);
                nextTargId[0] = m.type();
                int found = CoreCompat.fieldsAreCompat(localBtf, lm.type(), targBtf, m.type());
                if (found == 0) spec.len--; // pop accessor (libbpf leaves raw spec and offset as they are)
                return found;
            }
            // not what we looked for
            spec.bitOffset -= bitOffset;
            spec.rawLen--;
        }
        return 0;
    }

    /** libbpf {@code bpf_core_spec_match}: fills {@code targ}; 1 match, 0 no match, negative error. */
    static int specMatch(CoreSpec local, Btf targBtf, int targId, CoreSpec targ) {
        CoreReloKind kind = local.kind;
        if (kind.isTypeBased()) {
            return kind == CoreReloKind.TYPE_MATCHES
                    ? CoreCompat.typesMatch(local.btf, local.rootTypeId, targBtf, targId)
                    : CoreCompat.typesAreCompat(local.btf, local.rootTypeId, targBtf, targId);
        }
        Accessor la0 = local.acc[0];
        if (kind.isEnumValueBased()) {
            BtfType tt = CoreTypes.skip(targBtf, targId);
            if (!(tt instanceof BtfType.Enum te)) return 0;
            String localName = la0.name();
            for (int i = 0; i < te.values().size(); i++) {
                String targName = te.values().get(i).name();
                if (CoreTypes.essentialNamesEqual(localName, targName)) {
                    targ.acc[0] = new Accessor(tt.id(), i, targName);
                    targ.len++;
                    targ.raw[targ.rawLen++] = i;
                    return 1;
                }
            }
            return 0;
        }
        if (!kind.isFieldBased()) return CoreCompat.EINVAL;
        for (int i = 0; i < local.len; i++) {
            BtfType tt = CoreTypes.skip(targBtf, targId);
            targId = tt.id();
            Accessor la = local.acc[i];
            if (la.name() != null) {
                int[] next = {targId};
                int matched = matchMember(local.btf, la, targBtf, targId, targ, next);
                if (matched <= 0) return matched;
                targId = next[0];
            } else {
                // for i = 0, targId already is the "array element" type (the root struct)
                if (i > 0) {
                    if (!(tt instanceof BtfType.Array a)) return 0;
                    boolean flex = CoreSpec.isFlexArray(targBtf, targ.acc[i - 1], a);
                    if (!flex && Integer.toUnsignedLong(la.idx()) >= Integer.toUnsignedLong(a.nelems())) return 0;
                    targId = CoreTypes.skip(targBtf, a.elemType()).id();
                }
                if (targ.rawLen == CoreSpec.MAX_LEN) return CoreCompat.E2BIG;
                targ.acc[targ.len++] = new Accessor(targId, la.idx(), null);
                targ.raw[targ.rawLen++] = la.idx();
                long sz = CoreTypes.resolveSize(targBtf, targId);
                if (sz < 0) return CoreCompat.EINVAL;
                targ.bitOffset += la.idx() * sz * 8;
            }
        }
        return 1;
    }

    // ------------------------------------------------------------------ values

    /** One side's computed value (libbpf's out-parameters of the calc functions). */
    static final class Val {
        long val;
        int fieldSize;
        int typeId;
        boolean validate = true;
        boolean poison;
    }

    /** libbpf {@code bpf_core_calc_field_relo}; {@code spec} null when no target matched. */
    static Val calcField(CoreReloKind kind, CoreSpec spec, ByteOrder order) {
        Val v = new Val();
        if (kind == CoreReloKind.FIELD_EXISTS) {
            v.val = spec != null ? 1 : 0;
            return v;
        }
        if (spec == null) {
            v.poison = true; // -EUCLEAN: request instruction poisoning
            return v;
        }
        Accessor acc = spec.last();
        if (acc.name() == null) {
            // a[n] accessor (or the root itself)
            long sz = CoreTypes.resolveSize(spec.btf, acc.typeId());
            if (kind == CoreReloKind.FIELD_BYTE_OFFSET) {
                v.val = (spec.bitOffset & 0xffffffffL) / 8;
                if (sz < 0) throw new Fail(UNSATISFIABLE, "size of " + CoreTypes.describe(CoreTypes.type(spec.btf, acc.typeId())) + " is unknown");
                v.fieldSize = (int) sz;
                v.typeId = acc.typeId();
            } else if (kind == CoreReloKind.FIELD_BYTE_SIZE) {
                if (sz < 0) throw new Fail(UNSATISFIABLE, "size of " + CoreTypes.describe(CoreTypes.type(spec.btf, acc.typeId())) + " is unknown");
                v.val = sz;
            } else {
                throw new Fail(UNSATISFIABLE, kind.libbpfName() + " can't be applied to an array element access");
            }
            v.validate = true;
            return v;
        }
        BtfType.Struct t = (BtfType.Struct) CoreTypes.type(spec.btf, acc.typeId());
        BtfType.Member m = t.members().get(acc.idx());
        BtfType mt = CoreTypes.skip(spec.btf, m.type());
        int fieldTypeId = mt.id();
        long bitOff = spec.bitOffset & 0xffffffffL;
        long bitSz = m.bitfieldSize();
        boolean bitfield = bitSz > 0;
        long byteSz, byteOff;
        if (bitfield) {
            byteSz = switch (mt) {
                case BtfType.Int i -> i.size();
                case BtfType.Enum e -> e.size();
                default -> throw new Fail(UNSATISFIABLE, "bitfield '" + m.name() + "' has type " + CoreTypes.describe(mt)
                        + ", which is neither an integer nor an enum");
            };
            if (byteSz <= 0) throw new Fail(UNSATISFIABLE, "bitfield '" + m.name() + "' has a zero-size type");
            byteOff = bitOff / 8 / byteSz * byteSz;
            // smallest int size necessary for the bitfield load
            while (bitOff + bitSz - byteOff * 8 > byteSz * 8) {
                if (byteSz >= 8) {
                    throw new Fail(UNSATISFIABLE, kind.libbpfName() + " can't be satisfied for bitfield '" + m.name()
                            + "': it can't be read with a 64-bit load");
                }
                byteSz *= 2;
                byteOff = bitOff / 8 / byteSz * byteSz;
            }
        } else {
            long sz = CoreTypes.resolveSize(spec.btf, fieldTypeId);
            if (sz < 0) throw new Fail(UNSATISFIABLE, "size of field '" + m.name() + "' is unknown");
            byteSz = sz;
            byteOff = bitOff / 8;
            bitSz = byteSz * 8;
        }
        // bitfield offsets/sizes/shifts are ambiguous (the compiler may disagree): don't validate them
        v.validate = !bitfield;
        switch (kind) {
            case FIELD_BYTE_OFFSET -> {
                v.val = byteOff;
                if (!bitfield) {
                    v.fieldSize = (int) byteSz;
                    v.typeId = fieldTypeId;
                }
            }
            case FIELD_BYTE_SIZE -> v.val = byteSz;
            case FIELD_SIGNED -> {
                boolean signed = (mt instanceof BtfType.Enum e && e.signed()) || (mt instanceof BtfType.Int i && i.signed());
                v.val = signed ? 1 : 0;
                v.validate = true; // signedness is never ambiguous
            }
            case FIELD_LSHIFT_U64 -> {
                // libbpf uses the host's byte order; the program's (the local BTF's) is the one that matters
                if (order == ByteOrder.LITTLE_ENDIAN) {
                    v.val = (64 - (bitOff + bitSz - byteOff * 8)) & 0xffffffffL;
                } else {
                    v.val = ((8 - byteSz) * 8 + (bitOff - byteOff * 8)) & 0xffffffffL;
                }
            }
            case FIELD_RSHIFT_U64 -> {
                v.val = (64 - bitSz) & 0xffffffffL;
                v.validate = true; // right shift is never ambiguous
            }
            default -> throw new IllegalStateException("not a field kind: " + kind);
        }
        return v;
    }

    /** libbpf {@code bpf_core_calc_type_relo}. */
    static Val calcType(CoreReloKind kind, CoreSpec spec) {
        Val v = new Val();
        v.validate = true;
        if (spec == null) {
            v.val = 0; // type-based relocations give 0 when the type is not found
            return v;
        }
        switch (kind) {
            case TYPE_ID_TARGET -> {
                v.val = Integer.toUnsignedLong(spec.rootTypeId);
                v.validate = false; // ids change during linking: enforcing them is pointless
            }
            case TYPE_EXISTS, TYPE_MATCHES -> v.val = 1;
            case TYPE_SIZE -> {
                long sz = CoreTypes.resolveSize(spec.btf, spec.rootTypeId);
                if (sz < 0) throw new Fail(UNSATISFIABLE, "size of " + CoreTypes.describe(CoreTypes.type(spec.btf, spec.rootTypeId)) + " is unknown");
                v.val = sz;
            }
            default -> throw new IllegalStateException("not a type kind here: " + kind);
        }
        return v;
    }

    /** libbpf {@code bpf_core_calc_enumval_relo}; 32-bit enumerator values are sign-extended, as libbpf's {@code __s32 val} is. */
    static Val calcEnumValue(CoreReloKind kind, CoreSpec spec) {
        Val v = new Val();
        if (kind == CoreReloKind.ENUMVAL_EXISTS) {
            v.val = spec != null ? 1 : 0;
            return v;
        }
        if (spec == null) {
            v.poison = true;
            return v;
        }
        BtfType.Enum e = (BtfType.Enum) CoreTypes.type(spec.btf, spec.acc[0].typeId());
        long raw = e.values().get(spec.acc[0].idx()).value();
        v.val = e.is64() ? raw : (long) (int) raw;
        return v;
    }

    /** libbpf {@code struct bpf_core_relo_res}. */
    static final class Res {
        long origVal, newVal;
        boolean poison, validate = true, failMemSizeAdjust;
        int origSize, newSize, origTypeId, newTypeId;
    }

    /** libbpf {@code bpf_core_calc_relo}: old and new values for one candidate (or none). */
    static Res calcRelo(CoreSpec local, CoreSpec targ, ByteOrder order) {
        CoreReloKind kind = local.kind;
        Res res = new Res();
        if (kind.isFieldBased()) {
            Val l = calcField(kind, local, order);
            res.origVal = l.val;
            res.origSize = l.fieldSize;
            res.origTypeId = l.typeId;
            res.validate = l.validate;
            Val t = calcField(kind, targ, order);
            if (t.poison) {
                res.poison = true;
                return res;
            }
            res.newVal = t.val;
            res.newSize = t.fieldSize;
            res.newTypeId = t.typeId;
            if (res.origSize != res.newSize) {
                // safe to resize a load/store only for pointers (a 32-bit kernel pointer read as u64)
                // and unsigned integers (zero extension preserves the value)
                BtfType ot = CoreTypes.type(local.btf, res.origTypeId);
                BtfType nt = CoreTypes.type(targ.btf, res.newTypeId);
                boolean ok = (ot instanceof BtfType.Ptr && nt instanceof BtfType.Ptr)
                        || (ot instanceof BtfType.Int oi && nt instanceof BtfType.Int ni
                            && oi.encoding() != BtfType.Int.SIGNED && ni.encoding() != BtfType.Int.SIGNED);
                res.failMemSizeAdjust = !ok;
            }
        } else if (kind.isTypeBased()) {
            Val l = calcType(kind, local);
            res.origVal = l.val;
            res.validate = l.validate;
            res.newVal = calcType(kind, targ).val;
        } else {
            Val l = calcEnumValue(kind, local);
            res.origVal = l.val;
            Val t = calcEnumValue(kind, targ);
            if (t.poison) {
                res.poison = true;
                return res;
            }
            res.newVal = t.val;
        }
        return res;
    }

    // ------------------------------------------------------------------ one relocation

    /**
     * libbpf {@code bpf_core_calc_relo_insn}: parse the local spec, try every candidate, check that
     * all matching candidates agree, and prune {@code cands} to the matching ones (libbpf's
     * candidate cache is shared by later relocations of the same local type).
     *
     * @param cands  the candidates (mutated: pruned as libbpf prunes its cache); null for TYPE_ID_LOCAL
     * @param trace  receives libbpf's debug lines (without the {@code "libbpf: "} prefix)
     * @param prune  whether to prune {@code cands}
     */
    static CoreResolution resolve(Btf local, int typeId, String accessString, CoreReloKind kind, List<Cand> cands,
                                  String progName, int reloIndex, Consumer<String> trace, boolean prune) {
        BtfType localType = CoreTypes.type(local, typeId);
        String localDesc = CoreTypes.describe(localType);
        CoreSpec localSpec;
        try {
            localSpec = CoreSpec.parse(local, typeId, accessString, kind);
        } catch (Fail f) {
            String msg = "parsing [" + typeId + "] " + localDesc + " + " + accessString + " failed: " + f.getMessage();
            trace.accept("prog '" + progName + "': relo #" + reloIndex + ": " + msg);
            throw new Fail(f.reason == null ? BAD_ACCESS_STRING : f.reason, msg);
        }
        String localFmt = localSpec.format();
        trace.accept("prog '" + progName + "': relo #" + reloIndex + ": " + localFmt);
        ByteOrder order = local.byteOrder();

        if (kind == CoreReloKind.TYPE_ID_LOCAL) {
            // no candidate search; the id in the instruction could get out of sync during linking: no validation
            long id = Integer.toUnsignedLong(typeId);
            return new CoreResolution(kind, typeId, localDesc, accessString, localFmt, "", List.of(),
                    0, null, null, id, id, false, false, 0, 0, false);
        }

        List<CoreResolution.Candidate> tried = new ArrayList<>();
        Res chosen = null;
        CoreSpec chosenSpec = null;
        Cand chosenCand = null;
        int j = 0;
        List<Cand> kept = new ArrayList<>();
        for (int i = 0; i < cands.size(); i++) {
            Cand c = cands.get(i);
            CoreSpec candSpec = new CoreSpec(c.btf(), c.id(), kind);
            int err = specMatch(localSpec, c.btf(), c.id(), candSpec);
            String candFmt = candSpec.format();
            if (err < 0) {
                trace.accept("prog '" + progName + "': relo #" + reloIndex + ": error matching candidate #" + i + " " + candFmt + ": " + err);
                throw new Fail(UNSATISFIABLE, "error matching candidate #" + i + " " + candFmt + ": "
                        + (err == CoreCompat.E2BIG ? "access nested too deeply" : "type chain too deep or invalid") + " (" + err + ")");
            }
            trace.accept("prog '" + progName + "': relo #" + reloIndex + ": " + (err == 0 ? "non-matching" : "matching")
                    + " candidate #" + i + " " + candFmt);
            tried.add(new CoreResolution.Candidate(c.id(), CoreTypes.describe(CoreTypes.type(c.btf(), c.id())), c.btfName(),
                    err != 0, candFmt));
            if (err == 0) continue;

            Res candRes = calcRelo(localSpec, candSpec, order);
            if (j == 0) {
                chosen = candRes;
                chosenSpec = candSpec;
                chosenCand = c;
            } else if ((candSpec.bitOffset & 0xffffffffL) != (chosenSpec.bitOffset & 0xffffffffL)) {
                String msg = "field offset ambiguity: " + (candSpec.bitOffset & 0xffffffffL) + " != " + (chosenSpec.bitOffset & 0xffffffffL)
                        + " (candidate #" + i + " [" + c.id() + "] " + tried.getLast().type() + " puts the field at bit "
                        + (candSpec.bitOffset & 0xffffffffL) + ", candidate [" + chosenCand.id() + "] "
                        + CoreTypes.describe(CoreTypes.type(chosenCand.btf(), chosenCand.id())) + " at bit "
                        + (chosenSpec.bitOffset & 0xffffffffL) + ")";
                trace.accept("prog '" + progName + "': relo #" + reloIndex + ": field offset ambiguity: "
                        + (candSpec.bitOffset & 0xffffffffL) + " != " + (chosenSpec.bitOffset & 0xffffffffL));
                throw new Fail(AMBIGUOUS, msg);
            } else if (candRes.poison != chosen.poison || candRes.newVal != chosen.newVal) {
                String a = (candRes.poison ? "failure" : "success") + " " + Long.toUnsignedString(candRes.newVal);
                String b = (chosen.poison ? "failure" : "success") + " " + Long.toUnsignedString(chosen.newVal);
                trace.accept("prog '" + progName + "': relo #" + reloIndex + ": relocation decision ambiguity: " + a + " != " + b);
                throw new Fail(AMBIGUOUS, "relocation decision ambiguity: " + a + " != " + b + " (candidate #" + i + " ["
                        + c.id() + "] " + tried.getLast().type() + " gives " + describeRes(candRes) + ", candidate [" + chosenCand.id()
                        + "] " + CoreTypes.describe(CoreTypes.type(chosenCand.btf(), chosenCand.id())) + " gives "
                        + describeRes(chosen) + ")");
            }
            kept.add(c);
            j++;
        }
        if (j > 0 && prune) {
            cands.clear();
            cands.addAll(kept);
        }
        if (j == 0) {
            trace.accept("prog '" + progName + "': relo #" + reloIndex + ": no matching targets found");
            chosen = calcRelo(localSpec, null, order);
        }
        String targetType = chosenCand == null ? null : CoreTypes.describe(CoreTypes.type(chosenCand.btf(), chosenCand.id()));
        return new CoreResolution(kind, typeId, localDesc, accessString, localFmt, localSpec.path(), tried,
                chosenCand == null ? 0 : chosenCand.id(), targetType, chosenSpec == null ? null : chosenSpec.format(),
                chosen.origVal, chosen.newVal, chosen.validate, chosen.poison, chosen.origSize, chosen.newSize,
                chosen.failMemSizeAdjust);
    }

    private static String describeRes(Res r) {
        return r.poison ? "no value (poison)" : Long.toUnsignedString(r.newVal);
    }
}
