package io.ebpf4j.btf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine behind {@link BtfCDumper}: BTF to C declarations, reproducing the behaviour of
 * libbpf's {@code btf_dump} (tools/lib/bpf/btf_dump.c, as built into bpftool v7.1 / kernel 6.1).
 * The code is ours; the algorithm is the one libbpf documents in its comments:
 *
 * <ol>
 *   <li><b>Ordering</b> ({@link #orderType}): a depth-first walk from each type that decides which
 *   named definitions must come first. A link from X to Y is <em>strong</em> (Y must be fully
 *   defined before X) unless the path goes through a pointer and reaches a named struct/union (or
 *   a typedef of one), in which case a forward declaration is enough. Named definitions are
 *   appended to an emit queue in post-order.</li>
 *   <li><b>Emission</b> ({@link #emitType}): each queued type is printed; when a struct/union is
 *   referenced while it is being emitted (a pointer cycle), its forward declaration is printed
 *   first. Declarations are printed by pushing the chain of modifiers, pointers, arrays and
 *   function prototypes on a stack and unwinding it in C declarator syntax
 *   ({@link #emitTypeChain}).</li>
 * </ol>
 *
 * Names: struct/union/enum/fwd names share one namespace, typedef and enumerator names another;
 * the n-th distinct type that prints a name already printed gets the suffix {@code ___n}.
 *
 * <p>Where libbpf has no answer we differ on purpose:
 * <ul>
 *   <li>libbpf recurses without limit: it overflows its stack on a typedef, pointer or prototype
 *   that refers back to itself and loops forever on an array of itself. Here every recursion is
 *   bounded by {@link #MAX_DEPTH}, and a cycle without a named struct/union in it is a
 *   {@link BtfException}, as is the cycle libbpf reports ("unsatisfiable type cycle").</li>
 *   <li>Padding before a member whose alignment is unknown (void, a prototype, a fwd) divides by
 *   zero in libbpf (SIGFPE); here the alignment is taken as no constraint.</li>
 *   <li>libbpf tests names by offset ({@code name_off != 0}); {@link BtfType} only has the
 *   string, so a non-zero offset of an empty string counts as anonymous here.</li>
 * </ul>
 */
final class BtfCDumpEmitter {
    /** Deepest nesting of type references the dumper follows before giving up. */
    static final int MAX_DEPTH = 256;

    private static final byte NOT_ORDERED = 0, ORDERING = 1, ORDERED = 2;
    private static final byte NOT_EMITTED = 0, EMITTING = 1, EMITTED = 2;
    private static final String TABS = "\t\t\t\t\t\t\t\t\t\t\t\t\t"; // libbpf indents at most 13 levels
    private static final int FLUSH_AT = 1 << 16;
    /** btf__resolve_size's MAX_RESOLVE_DEPTH. */
    private static final int MAX_RESOLVE_DEPTH = 32;
    /** GCC's ARM SIMD poly types, which BTF has as INTs that C does not know (libbpf aliases them). */
    private static final String[][] MISSING_BASE_TYPES = {
        {"__Poly8_t", "unsigned char"},
        {"__Poly16_t", "unsigned short"},
        {"__Poly64_t", "unsigned long long"},
        {"__Poly128_t", "unsigned __int128"},
    };

    private final Btf btf;
    private final Appendable sink;
    private final StringBuilder out = new StringBuilder(FLUSH_AT + 4096);
    private final int count;
    private final int ptrSize;

    private final byte[] orderState;
    private final byte[] emitState;
    private final boolean[] fwdEmitted;
    private final boolean[] nameResolved;
    private final boolean[] referenced;
    private final String[] cachedNames;
    /** Per-type alignment, +1 (0 = not computed yet, -1 = being computed). */
    private final int[] alignCache;
    private final Map<String, Integer> typeNames = new HashMap<>();
    private final Map<String, Integer> identNames = new HashMap<>();

    /** Emit queue of the current top-level type. */
    private int[] queue = new int[64];
    private int queueLen;

    /**
     * Cycle detection while ordering: for a non-defining type (pointer, array, qualifier, typedef,
     * prototype) on the current path, the number of structs/unions being ordered when it was
     * entered; -1 when not on the path. Meeting such a type again with no struct/union entered in
     * between means a cycle libbpf would follow forever.
     */
    private final int[] pathMark;
    private int compositesOnPath;
    private int depth;

    BtfCDumpEmitter(Btf btf, Appendable sink) {
        this.btf = btf;
        this.sink = sink;
        this.count = btf.typeCount();
        this.orderState = new byte[count];
        this.emitState = new byte[count];
        this.fwdEmitted = new boolean[count];
        this.nameResolved = new boolean[count];
        this.referenced = new boolean[count];
        this.cachedNames = new String[count];
        this.alignCache = new int[count];
        this.pathMark = new int[count];
        Arrays.fill(pathMark, -1);
        // void is always defined
        orderState[0] = ORDERED;
        emitState[0] = EMITTED;
        this.ptrSize = pointerSize(btf);
        markReferenced();
    }

    // ------------------------------------------------------------------ driver

    void dumpAll() {
        out.append("#ifndef __VMLINUX_H__\n");
        out.append("#define __VMLINUX_H__\n");
        out.append("\n");
        out.append("#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n");
        out.append("#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)\n");
        out.append("#endif\n\n");
        for (int id = 1; id < count; id++) {
            dumpType(id);
        }
        out.append("#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n");
        out.append("#pragma clang attribute pop\n");
        out.append("#endif\n");
        out.append("\n");
        out.append("#endif /* __VMLINUX_H__ */\n");
        flush();
    }

    /** btf_dump__dump_type: order {@code id} and its dependencies, then emit what was queued. */
    private void dumpType(int id) {
        queueLen = 0;
        depth = 0;
        compositesOnPath = 0;
        orderType(id, false);
        for (int i = 0; i < queueLen; i++) {
            emitType(queue[i], 0);
        }
        if (out.length() >= FLUSH_AT) flush();
    }

    private void flush() {
        if (out.length() == 0) return;
        try {
            sink.append(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.setLength(0);
    }

    /**
     * Pointer size as libbpf determines it for raw BTF: the size of the first integer type named
     * like {@code long}, else 8. (BPF objects are ELF64, where libbpf uses 8 as well.)
     */
    private static int pointerSize(Btf btf) {
        List<String> longNames = List.of("long", "long int", "int long", "unsigned long", "long unsigned",
                "unsigned long int", "unsigned int long", "long unsigned int", "long int unsigned",
                "int unsigned long", "int long unsigned");
        int n = btf.typeCount();
        for (int id = 1; id < n; id++) {
            if (btf.type(id) instanceof BtfType.Int i && (i.size() == 4 || i.size() == 8) && longNames.contains(i.name())) {
                return i.size();
            }
        }
        return 8;
    }

    /**
     * Marks every type referenced by another type. Only used for anonymous enums: an unreferenced
     * one is a top-level declaration of constants and is printed on its own.
     */
    private void markReferenced() {
        for (int id = 1; id < count; id++) {
            switch (btf.type(id)) {
                case BtfType.Ptr p -> referenced[p.type()] = true;
                case BtfType.Typedef td -> referenced[td.type()] = true;
                case BtfType.Qualifier q -> referenced[q.type()] = true;
                case BtfType.Func f -> referenced[f.protoType()] = true;
                case BtfType.Var v -> referenced[v.type()] = true;
                case BtfType.DeclTag dt -> referenced[dt.type()] = true;
                case BtfType.Array a -> {
                    referenced[a.indexType()] = true;
                    referenced[a.elemType()] = true;
                }
                case BtfType.Struct s -> {
                    for (BtfType.Member m : s.members()) referenced[m.type()] = true;
                }
                case BtfType.FuncProto fp -> {
                    for (BtfType.Param p : fp.params()) referenced[p.type()] = true;
                }
                case BtfType.DataSec ds -> {
                    for (BtfType.VarSecInfo v : ds.vars()) referenced[v.type()] = true;
                }
                default -> { }
            }
        }
    }

    // ------------------------------------------------------------------ ordering

    private BtfException error(int id, String what) {
        return new BtfException(btf.source() + ": type [" + id + "]: " + what);
    }

    private void enter(int id) {
        if (++depth > MAX_DEPTH) {
            throw error(id, "type references nest deeper than " + MAX_DEPTH + " levels (cyclic or malformed BTF)");
        }
    }

    /**
     * Topological ordering step (libbpf's btf_dump_order_type). Returns 1 if {@code id} takes
     * part in a strong link (its definition must precede the referencing type), 0 for a weak link
     * (a forward declaration will do).
     */
    private int orderType(int id, boolean throughPtr) {
        if (orderState[id] == ORDERED) return 1;
        BtfType t = btf.type(id);
        if (orderState[id] == ORDERING) {
            // type loop, but resolvable through a forward declaration
            if (t instanceof BtfType.Struct && throughPtr && !t.name().isEmpty()) return 0;
            throw error(id, "unsatisfiable type cycle: " + describe(t) + " contains itself (C cannot express this)");
        }
        enter(id);
        try {
            return switch (t) {
                case BtfType.Int i -> {
                    orderState[id] = ORDERED;
                    yield 0;
                }
                case BtfType.FloatType f -> {
                    orderState[id] = ORDERED;
                    yield 0;
                }
                case BtfType.Ptr p -> {
                    int saved = markPath(id, t);
                    int r = orderType(p.type(), true);
                    pathMark[id] = saved;
                    orderState[id] = ORDERED;
                    yield r;
                }
                case BtfType.Array a -> {
                    int saved = markPath(id, t);
                    int r = orderType(a.elemType(), false);
                    pathMark[id] = saved;
                    yield r;
                }
                case BtfType.Struct s -> {
                    // part of a strong link only if embedded (no pointer on the path) or anonymous
                    // (defined inline even when reached through a pointer)
                    boolean named = !s.name().isEmpty();
                    if (throughPtr && named) yield 0;
                    orderState[id] = ORDERING;
                    compositesOnPath++;
                    for (BtfType.Member m : s.members()) orderType(m.type(), false);
                    compositesOnPath--;
                    if (named) enqueue(id);
                    orderState[id] = ORDERED;
                    yield 1;
                }
                case BtfType.Enum e -> {
                    // named enums, and anonymous ones nothing refers to, are top-level declarations
                    if (!e.name().isEmpty() || !referenced[id]) enqueue(id);
                    orderState[id] = ORDERED;
                    yield 1;
                }
                case BtfType.Fwd f -> {
                    if (!f.name().isEmpty() || !referenced[id]) enqueue(id);
                    orderState[id] = ORDERED;
                    yield 1;
                }
                case BtfType.Typedef td -> {
                    int saved = markPath(id, t);
                    int strong = orderType(td.type(), throughPtr);
                    pathMark[id] = saved;
                    // like a struct: through a pointer, a weak target needs no definition yet
                    if (throughPtr && strong == 0) yield 0;
                    enqueue(id);
                    orderState[id] = ORDERED;
                    yield 1;
                }
                case BtfType.Qualifier q -> {
                    int saved = markPath(id, t);
                    int r = orderType(q.type(), throughPtr);
                    pathMark[id] = saved;
                    yield r;
                }
                case BtfType.FuncProto fp -> {
                    int saved = markPath(id, t);
                    boolean strong = orderType(fp.returnType(), throughPtr) > 0;
                    for (BtfType.Param p : fp.params()) {
                        if (orderType(p.type(), throughPtr) > 0) strong = true;
                    }
                    pathMark[id] = saved;
                    yield strong ? 1 : 0;
                }
                default -> { // FUNC, VAR, DATASEC, DECL_TAG: not printed
                    orderState[id] = ORDERED;
                    yield 0;
                }
            };
        } finally {
            depth--;
        }
    }

    /** Puts a non-defining type on the ordering path; returns the previous mark to restore. */
    private int markPath(int id, BtfType t) {
        int saved = pathMark[id];
        if (saved >= 0 && saved == compositesOnPath) {
            throw error(id, "type cycle through " + describe(t) + " without a named struct or union in it (C cannot express this)");
        }
        pathMark[id] = compositesOnPath;
        return saved;
    }

    private void enqueue(int id) {
        if (queueLen == queue.length) queue = Arrays.copyOf(queue, queueLen * 2);
        queue[queueLen++] = id;
    }

    private static String describe(BtfType t) {
        return t.kind() + (t.name().isEmpty() ? " (anon)" : " '" + t.name() + "'");
    }

    // ------------------------------------------------------------------ emission

    /**
     * Emits {@code id} and whatever it needs first (libbpf's btf_dump_emit_type). {@code contId}
     * is the struct/union/typedef being defined (0 at top level): referring to it from inside
     * needs no forward declaration.
     */
    private void emitType(int id, int contId) {
        if (emitState[id] == EMITTED) return;
        BtfType t = btf.type(id);
        boolean topLevel = contId == 0;

        if (emitState[id] == EMITTING) {
            if (fwdEmitted[id]) return;
            switch (t) {
                case BtfType.Struct s -> {
                    // a struct we are part of needs no forward declaration
                    if (id == contId) return;
                    if (s.name().isEmpty()) return; // anonymous struct/union loop: rejected while ordering
                    emitStructFwd(id, s);
                    out.append(";\n\n");
                    fwdEmitted[id] = true;
                }
                case BtfType.Typedef td -> {
                    // the typedef serves as its own forward declaration (usable through pointers)
                    if (!isBlacklisted(td)) {
                        emitTypedefDef(id, td, 0);
                        out.append(";\n\n");
                    }
                    fwdEmitted[id] = true;
                }
                default -> { }
            }
            return;
        }

        enter(id);
        try {
            switch (t) {
                case BtfType.Int i -> {
                    emitMissingAliases(id);
                    emitState[id] = EMITTED;
                }
                case BtfType.Enum e -> {
                    if (topLevel) {
                        emitEnumDef(id, e, 0);
                        out.append(";\n\n");
                    }
                    emitState[id] = EMITTED;
                }
                case BtfType.Ptr p -> emitType(p.type(), contId);
                case BtfType.Qualifier q -> emitType(q.type(), contId);
                case BtfType.Array a -> emitType(a.elemType(), contId);
                case BtfType.Fwd f -> {
                    emitFwdDef(id, f);
                    out.append(";\n\n");
                    emitState[id] = EMITTED;
                }
                case BtfType.Typedef td -> {
                    emitState[id] = EMITTING;
                    emitType(td.type(), id);
                    if (!fwdEmitted[id] && !isBlacklisted(td)) {
                        emitTypedefDef(id, td, 0);
                        out.append(";\n\n");
                    }
                    emitState[id] = EMITTED;
                }
                case BtfType.Struct s -> {
                    emitState[id] = EMITTING;
                    boolean named = !s.name().isEmpty();
                    // a definition prints every member's type, so those need their forward
                    // declarations first; a mere reference needs only this one's
                    if (topLevel || !named) {
                        int newCont = named ? id : contId;
                        for (BtfType.Member m : s.members()) emitType(m.type(), newCont);
                    } else if (!fwdEmitted[id] && id != contId) {
                        emitStructFwd(id, s);
                        out.append(";\n\n");
                        fwdEmitted[id] = true;
                    }
                    if (topLevel) {
                        emitStructDef(id, s, 0);
                        out.append(";\n\n");
                        emitState[id] = EMITTED;
                    } else {
                        emitState[id] = NOT_EMITTED;
                    }
                }
                case BtfType.FuncProto fp -> {
                    emitType(fp.returnType(), contId);
                    for (BtfType.Param p : fp.params()) emitType(p.type(), contId);
                }
                default -> { }
            }
        } finally {
            depth--;
        }
    }

    /** {@code __builtin_va_list} is the compiler's own; its typedef would not compile. */
    private static boolean isBlacklisted(BtfType.Typedef td) {
        return td.name().equals("__builtin_va_list");
    }

    private void emitMissingAliases(int id) {
        String name = typeName(id);
        for (String[] alias : MISSING_BASE_TYPES) {
            if (alias[0].equals(name)) {
                out.append("typedef ").append(alias[1]).append(' ').append(name).append(";\n\n");
                return;
            }
        }
    }

    private void emitStructFwd(int id, BtfType.Struct s) {
        out.append(s.isUnion() ? "union" : "struct");
        if (!s.name().isEmpty()) out.append(' ');
        out.append(typeName(id));
    }

    private void emitFwdDef(int id, BtfType.Fwd f) {
        String name = typeName(id);
        out.append(f.isUnion() ? "union " : "struct ").append(name);
    }

    private void emitTypedefDef(int id, BtfType.Typedef td, int lvl) {
        String name = identName(id);
        // old GCC emits __gnuc_va_list as a typedef of void
        if (td.type() == 0 && name.equals("__gnuc_va_list")) {
            out.append("typedef __builtin_va_list __gnuc_va_list");
            return;
        }
        out.append("typedef ");
        emitTypeDecl(td.type(), name, lvl);
    }

    private void emitEnumDef(int id, BtfType.Enum e, int lvl) {
        out.append("enum");
        if (!e.name().isEmpty()) out.append(' ');
        out.append(typeName(id));
        List<BtfType.EnumValue> values = e.values();
        if (values.isEmpty()) return;
        out.append(" {");
        for (BtfType.EnumValue v : values) {
            // enumerators share their namespace with typedef names
            int dups = nameDups(identNames, v.name());
            out.append('\n').append(pfx(lvl + 1)).append(v.name());
            if (dups > 1) out.append("___").append(dups);
            out.append(" = ");
            long val = v.value();
            if (!e.is64()) {
                out.append(e.signed() ? Integer.toString((int) val) : Integer.toUnsignedString((int) val));
            } else if (e.signed()) {
                out.append(val).append("LL");
            } else {
                out.append(Long.toUnsignedString(val)).append("ULL");
            }
            out.append(',');
        }
        out.append('\n').append(pfx(lvl)).append('}');
    }

    private void emitStructDef(int id, BtfType.Struct s, int lvl) {
        boolean isStruct = !s.isUnion();
        int align = alignOf(id);
        boolean packed = isStruct && isStructPacked(s);

        out.append(isStruct ? "struct" : "union");
        if (!s.name().isEmpty()) out.append(' ');
        out.append(typeName(id)).append(" {");

        int off = 0;
        boolean prevBitfield = false;
        List<BtfType.Member> members = s.members();
        for (BtfType.Member m : members) {
            int mSize = m.bitfieldSize();
            int mOff = m.bitOffset();
            int mAlign = packed ? 1 : alignOf(m.type());
            boolean inBitfield = prevBitfield && mSize != 0;

            emitBitPadding(off, mOff, mAlign, inBitfield, lvl + 1);
            out.append('\n').append(pfx(lvl + 1));
            emitTypeDecl(m.type(), m.name(), lvl + 1);
            if (mSize != 0) {
                out.append(": ").append(mSize);
                off = mOff + mSize;
                prevBitfield = true;
            } else {
                int size = (int) Math.max(0, resolveSize(m.type()));
                off = mOff + size * 8;
                prevBitfield = false;
            }
            out.append(';');
        }
        // pad at the end, if the compiler would not
        if (isStruct) emitBitPadding(off, s.size() * 8, align, false, lvl + 1);

        // `struct empty {}` stays on one line
        if (!members.isEmpty() || s.size() != 0) {
            out.append('\n').append(pfx(lvl)).append('}');
        } else {
            out.append('}');
        }
        if (packed) out.append(" __attribute__((packed))");
    }

    /**
     * A struct needs {@code __attribute__((packed))} when a non-bitfield member is not naturally
     * aligned or the size is not a multiple of the largest member alignment.
     */
    private boolean isStructPacked(BtfType.Struct s) {
        int maxAlign = 1;
        for (BtfType.Member m : s.members()) {
            int align = alignOf(m.type());
            if (align != 0 && m.bitfieldSize() == 0 && Integer.remainderUnsigned(m.bitOffset(), 8 * align) != 0) {
                return true;
            }
            maxAlign = Math.max(align, maxAlign);
        }
        return Integer.remainderUnsigned(s.size(), maxAlign) != 0;
    }

    private static final String[] PAD_TYPES = {"long", "int", "short", "char"};

    /**
     * Fills the bit gap {@code [curOff, nextOff)} with anonymous bitfields ({@code int: 32;}) where
     * the compiler's natural alignment would not produce the same layout by itself: first align
     * with the largest of long/int/short/char that fits (a {@code type: 0;} marker when the next
     * member would not align there on its own), then whole units, then the smallest type for the
     * rest.
     */
    private void emitBitPadding(int curOff, int nextOff, int nextAlign, boolean inBitfield, int lvl) {
        if (curOff >= nextOff) return; // no gap
        int[] padBitsOf = {ptrSize * 8, 32, 16, 8};
        int newOff = 0;
        int padBits = 0;
        String padType = null;
        for (int i = 0; i < PAD_TYPES.length; i++) {
            padBits = padBitsOf[i];
            padType = PAD_TYPES[i];
            newOff = roundUp(curOff, padBits);
            if (newOff <= nextOff) break;
        }
        if (newOff > curOff && newOff <= nextOff) {
            if (inBitfield
                    || (newOff == nextOff && roundUp(curOff, nextAlign * 8) != newOff)
                    || (newOff != nextOff && nextOff - newOff <= newOff - curOff)) {
                out.append('\n').append(pfx(lvl)).append(padType).append(": ")
                        .append(inBitfield ? newOff - curOff : 0).append(';');
            }
            curOff = newOff;
        }
        while (curOff != nextOff) {
            int bits = Math.min(nextOff - curOff, padBits);
            if (bits == padBits) {
                out.append('\n').append(pfx(lvl)).append(padType).append(": ").append(padBits).append(';');
                curOff += bits;
                if (out.length() >= FLUSH_AT) flush();
                continue;
            }
            // the remainder: the smallest type that covers it
            for (int i = PAD_TYPES.length - 1; i >= 0; i--) {
                padType = PAD_TYPES[i];
                padBits = padBitsOf[i];
                if (padBits < bits) continue;
                out.append('\n').append(pfx(lvl)).append(padType).append(": ").append(bits).append(';');
                curOff += bits;
                break;
            }
        }
    }

    private static int roundUp(int x, int y) {
        if (y <= 0) return x; // alignment unknown (libbpf would divide by zero)
        return ((x + (y - 1)) / y) * y;
    }

    // ------------------------------------------------------------------ declarations

    /** A view of the declaration chain of one declarator: ids from outermost to innermost. */
    private static final class DeclStack {
        int[] ids = new int[8];
        int cnt;

        void push(int id) {
            if (cnt == ids.length) ids = Arrays.copyOf(ids, cnt * 2);
            ids[cnt++] = id;
        }

        int top() {
            return ids[cnt - 1];
        }
    }

    /**
     * Emits a declaration of {@code fname} with type {@code id} in C syntax, e.g.
     * {@code int (*fn)(struct sk_buff *, int)} or {@code const char *names[4]}.
     */
    private void emitTypeDecl(int id, String fname, int lvl) {
        DeclStack decls = new DeclStack();
        chain:
        for (;;) {
            decls.push(id);
            if (decls.cnt > MAX_DEPTH) {
                throw error(id, "declaration chain longer than " + MAX_DEPTH + " types (cyclic or malformed BTF)");
            }
            if (id == 0) break;
            switch (btf.type(id)) {
                case BtfType.Ptr p -> id = p.type();
                case BtfType.Qualifier q -> id = q.type();
                case BtfType.FuncProto fp -> id = fp.returnType();
                case BtfType.Array a -> id = a.elemType();
                default -> {
                    // INT, FLOAT, ENUM, FWD, STRUCT, UNION, TYPEDEF end the chain; libbpf also
                    // stops (with a warning) at kinds that cannot appear here
                    break chain;
                }
            }
        }
        enter(id);
        try {
            emitTypeChain(decls, fname, lvl);
        } finally {
            depth--;
        }
    }

    /** Emits the const/volatile/restrict qualifiers at the top of the stack, before a base type. */
    private void emitMods(DeclStack decls) {
        while (decls.cnt > 0) {
            BtfType t = btf.type(decls.top());
            if (!(t instanceof BtfType.Qualifier q)) return;
            switch (q.kind()) {
                case VOLATILE -> out.append("volatile ");
                case CONST -> out.append("const ");
                case RESTRICT -> out.append("restrict ");
                default -> {
                    return;
                }
            }
            decls.cnt--;
        }
    }

    /** Drops qualifiers (including type tags) at the top of the stack. */
    private void dropMods(DeclStack decls) {
        while (decls.cnt > 0 && btf.type(decls.top()) instanceof BtfType.Qualifier) {
            decls.cnt--;
        }
    }

    private void emitName(String name, boolean lastWasPtr) {
        if (!name.isEmpty() && !lastWasPtr) out.append(' ');
        out.append(name);
    }

    /**
     * Unwinds a declaration stack into C declarator syntax: the base type (with the qualifiers
     * that follow it), then pointers and qualifiers left to right, then the name; arrays and
     * function prototypes wrap the rest of the chain in parentheses.
     */
    private void emitTypeChain(DeclStack decls, String fname, int lvl) {
        // whether the last thing printed was a pointer asterisk: `int ***`, not `int * * *`;
        // true at first so that a lone pointer in a prototype prints as (*name)
        boolean lastWasPtr = true;
        while (decls.cnt > 0) {
            int id = decls.ids[--decls.cnt];
            if (id == 0) {
                emitMods(decls);
                out.append("void");
                lastWasPtr = false;
                continue;
            }
            BtfType t = btf.type(id);
            switch (t) {
                case BtfType.Int i -> {
                    emitMods(decls);
                    out.append(i.name());
                }
                case BtfType.FloatType f -> {
                    emitMods(decls);
                    out.append(f.name());
                }
                case BtfType.Struct s -> {
                    emitMods(decls);
                    if (s.name().isEmpty()) {
                        emitStructDef(id, s, lvl); // anonymous: defined inline
                    } else {
                        emitStructFwd(id, s);
                    }
                }
                case BtfType.Enum e -> {
                    emitMods(decls);
                    if (e.name().isEmpty()) {
                        emitEnumDef(id, e, lvl);
                    } else {
                        out.append("enum ").append(typeName(id));
                    }
                }
                case BtfType.Fwd f -> {
                    emitMods(decls);
                    emitFwdDef(id, f);
                }
                case BtfType.Typedef td -> {
                    emitMods(decls);
                    out.append(identName(id));
                }
                case BtfType.Ptr p -> out.append(lastWasPtr ? "*" : " *");
                case BtfType.Qualifier q -> {
                    switch (q.kind()) {
                        case VOLATILE -> out.append(" volatile");
                        case CONST -> out.append(" const");
                        case RESTRICT -> out.append(" restrict");
                        default -> { // TYPE_TAG
                            emitMods(decls);
                            out.append(" __attribute__((btf_type_tag(\"").append(q.name()).append("\")))");
                        }
                    }
                }
                case BtfType.Array a -> {
                    // GCC puts the element's const/volatile on the array too; meaningless, dropped
                    dropMods(decls);
                    if (decls.cnt == 0) {
                        emitName(fname, lastWasPtr);
                        out.append('[').append(Integer.toUnsignedString(a.nelems())).append(']');
                        return;
                    }
                    boolean multiDim = btf.type(decls.top()) instanceof BtfType.Array;
                    // a named non-pointer needs a space
                    if (!fname.isEmpty() && !lastWasPtr) out.append(' ');
                    // no parentheses for a multi-dimensional array
                    if (!multiDim) out.append('(');
                    emitTypeChain(decls, fname, lvl);
                    if (!multiDim) out.append(')');
                    out.append('[').append(Integer.toUnsignedString(a.nelems())).append(']');
                    return;
                }
                case BtfType.FuncProto fp -> {
                    // GCC adds volatile to noreturn function pointers; dropped like for arrays
                    dropMods(decls);
                    if (decls.cnt > 0) {
                        out.append(" (");
                        emitTypeChain(decls, fname, lvl);
                        out.append(')');
                    } else {
                        emitName(fname, lastWasPtr);
                    }
                    out.append('(');
                    List<BtfType.Param> params = fp.params();
                    int n = params.size();
                    // no parameters, or clang's single void parameter: (void)
                    if (n == 0 || (n == 1 && params.get(0).type() == 0)) {
                        out.append("void)");
                        return;
                    }
                    for (int i = 0; i < n; i++) {
                        if (i > 0) out.append(", ");
                        BtfType.Param p = params.get(i);
                        // a last parameter of type void marks a variadic function
                        if (i == n - 1 && p.type() == 0) {
                            out.append("...");
                            break;
                        }
                        emitTypeDecl(p.type(), p.name(), lvl);
                    }
                    out.append(')');
                    return;
                }
                default -> {
                    return; // FUNC, VAR, DATASEC, DECL_TAG cannot be part of a declaration
                }
            }
            lastWasPtr = t instanceof BtfType.Ptr;
        }
        emitName(fname, lastWasPtr);
    }

    // ------------------------------------------------------------------ names

    /** Number of times {@code name} has been claimed in {@code names}, counting this one. */
    private static int nameDups(Map<String, Integer> names, String name) {
        return names.merge(name, 1, Integer::sum);
    }

    private String resolveName(int id, Map<String, Integer> names) {
        BtfType t = btf.type(id);
        String orig = t.name();
        if (orig.isEmpty() || id == 0) return "";
        if (nameResolved[id]) return cachedNames[id] != null ? cachedNames[id] : orig;
        // forward declarations and enum forward declarations never clash with their definitions
        if (t instanceof BtfType.Fwd || (t instanceof BtfType.Enum e && !e.is64() && e.values().isEmpty())) {
            nameResolved[id] = true;
            return orig;
        }
        int dups = nameDups(names, orig);
        if (dups > 1) {
            String renamed = orig + "___" + dups;
            if (renamed.length() > 255) renamed = renamed.substring(0, 255); // libbpf's 256-byte buffer
            cachedNames[id] = renamed;
        }
        nameResolved[id] = true;
        return cachedNames[id] != null ? cachedNames[id] : orig;
    }

    /** Struct, union, enum and fwd names. */
    private String typeName(int id) {
        return resolveName(id, typeNames);
    }

    /** Typedef names (which share their namespace with enumerators). */
    private String identName(int id) {
        return resolveName(id, identNames);
    }

    private static String pfx(int lvl) {
        return lvl >= TABS.length() ? TABS : TABS.substring(0, Math.max(lvl, 0));
    }

    // ------------------------------------------------------------------ layout

    /**
     * Alignment of a type as libbpf's btf__align_of computes it: integers, enums and floats align
     * to their size (at most the pointer size); a struct aligns to its largest member unless its
     * layout shows it is packed (then 1); 0 when unknown (void, function prototypes, fwd).
     */
    private int alignOf(int id) {
        int cached = alignCache[id];
        if (cached > 0) return cached - 1;
        if (cached < 0) throw error(id, "type contains itself (cyclic BTF)");
        alignCache[id] = -1;
        enter(id);
        int align;
        try {
            align = computeAlign(btf.type(id));
        } finally {
            depth--;
        }
        alignCache[id] = align + 1;
        return align;
    }

    private int computeAlign(BtfType t) {
        return switch (t) {
            case BtfType.Int i -> Math.min(ptrSize, Math.max(i.size(), 0));
            case BtfType.Enum e -> Math.min(ptrSize, Math.max(e.size(), 0));
            case BtfType.FloatType f -> Math.min(ptrSize, Math.max(f.size(), 0));
            case BtfType.Ptr p -> ptrSize;
            case BtfType.Typedef td -> alignOf(td.type());
            case BtfType.Qualifier q -> alignOf(q.type());
            case BtfType.Array a -> alignOf(a.elemType());
            case BtfType.Struct s -> {
                int maxAlign = 1;
                for (BtfType.Member m : s.members()) {
                    int a = alignOf(m.type());
                    if (a <= 0) yield 0;
                    maxAlign = Math.max(maxAlign, a);
                    // a member off its natural alignment means the struct is packed
                    if (m.bitfieldSize() == 0 && Integer.remainderUnsigned(m.bitOffset(), 8 * a) != 0) yield 1;
                }
                // so does a size that is not a multiple of the alignment
                if (Integer.remainderUnsigned(s.size(), maxAlign) != 0) yield 1;
                yield maxAlign;
            }
            default -> 0;
        };
    }

    /** btf__resolve_size: size in bytes, or -1 when it has none (void, prototypes, too deep). */
    private long resolveSize(int id) {
        long nelems = 1;
        long size = -1;
        BtfType t = btf.type(id);
        resolve:
        for (int i = 0; i < MAX_RESOLVE_DEPTH && !(t instanceof BtfType.Void); i++) {
            switch (t) {
                case BtfType.Int x -> { size = Integer.toUnsignedLong(x.size()); break resolve; }
                case BtfType.Struct x -> { size = Integer.toUnsignedLong(x.size()); break resolve; }
                case BtfType.Enum x -> { size = Integer.toUnsignedLong(x.size()); break resolve; }
                case BtfType.DataSec x -> { size = Integer.toUnsignedLong(x.size()); break resolve; }
                case BtfType.FloatType x -> { size = Integer.toUnsignedLong(x.size()); break resolve; }
                case BtfType.Ptr x -> { size = ptrSize; break resolve; }
                case BtfType.Typedef x -> t = btf.type(x.type());
                case BtfType.Qualifier x -> t = btf.type(x.type());
                case BtfType.Var x -> t = btf.type(x.type());
                case BtfType.DeclTag x -> t = btf.type(x.type());
                case BtfType.Array x -> {
                    long n = Integer.toUnsignedLong(x.nelems());
                    if (nelems != 0 && n > 0xffffffffL / nelems) return -1;
                    nelems *= n;
                    t = btf.type(x.elemType());
                }
                default -> { return -1; }
            }
        }
        if (size < 0) return -1;
        if (nelems != 0 && size > 0xffffffffL / nelems) return -1;
        return nelems * size;
    }
}
