package io.ebpf4j.verifier;

import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.verifier.domain.Scalar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Join, widening and inclusion of abstract states at a merge point.
 *
 * <p>Ids are renamed at every merge: two values share an id after the merge exactly when they
 * shared one on both sides, so a fact proven later for one (a NULL check, a packet range) holds for
 * the other on every path. The new ids are a function of the merge point and the order in which
 * pairs are met (registers, then stack), so the analysis is deterministic and a loop head's ids
 * stay the same from one iteration to the next.
 */
final class Joiner {
    /** Join ids: {@code JOIN_BASE + node * 128 + k}. */
    static final int JOIN_BASE = 2_000_000;
    /** An id that is shared with no other value ("no relation"). */
    static final int UNIQUE = -1;

    private final int node;
    private final boolean widen;
    private final long[] thresholds;
    private final State a;
    private final State b;
    private final State out = new State();
    private final Map<Object, Integer> pairs = new HashMap<>();
    private int next;

    private Joiner(int node, State a, State b, boolean widen, long[] thresholds) {
        this.node = node;
        this.a = a;
        this.b = b;
        this.widen = widen;
        this.thresholds = thresholds;
    }

    /** The least upper bound of two states at merge point {@code node}; {@code a} is the older state when widening. */
    static State join(int node, State a, State b) {
        if (a == null) return b == null ? null : b.copy();
        if (b == null) return a.copy();
        return new Joiner(node, a, b, false, null).run();
    }

    /** {@code a ∇ b}: as join, but bounds of scalars that grew jump to the next threshold. */
    static State widen(int node, State a, State b, long[] thresholds) {
        if (a == null) return b == null ? null : b.copy();
        if (b == null) return a.copy();
        return new Joiner(node, a, b, true, thresholds).run();
    }

    private State run() {
        for (int r = 0; r < 11; r++) out.regs[r] = value(a.regs[r], b.regs[r]);
        for (int i = 0; i < State.STACK_SIZE; i++) {
            byte ka = a.stack[i], kb = b.stack[i];
            byte k;
            if (ka == State.INVALID || kb == State.INVALID) k = State.INVALID;
            else if (ka == kb) k = ka;
            else k = State.MISC;
            out.stack[i] = k;
        }
        for (int i = 0; i < State.STACK_SIZE; i++) {
            Value sa = a.spill[i], sb = b.spill[i];
            if (sa != null && sb != null && a.spillSize[i] == b.spillSize[i] && out.stack[i] == State.SPILL) {
                Value v = value(sa, sb);
                if (v.isInit()) {
                    out.spill[i] = v;
                    out.spillSize[i] = a.spillSize[i];
                    continue;
                }
            }
            // bytes of a spill on one side only are plain data after the merge
            if (sa != null || sb != null) {
                int size = sa != null ? a.spillSize[i] : b.spillSize[i];
                for (int j = i; j < Math.min(State.STACK_SIZE, i + size); j++) {
                    if (out.stack[j] == State.SPILL) out.stack[j] = State.MISC;
                }
            }
        }
        // a SPILL byte without its spill start (spills of different shapes) is plain data
        for (int i = 0; i < State.STACK_SIZE; i++) {
            if (out.spill[i] != null) {
                i += out.spillSize[i] - 1;
            } else if (out.stack[i] == State.SPILL) {
                out.stack[i] = State.MISC;
            }
        }
        out.lockHeld = a.lockHeld || b.lockHeld;
        if (a.pktRange.containsKey(0) && b.pktRange.containsKey(0)) {
            long r = Math.min(a.pktRange(0), b.pktRange(0));
            if (widen && r < a.pktRange(0)) r = 0;
            if (r > 0) out.pktRange.put(0, r);
        }
        if (a.metaRange.containsKey(0) && b.metaRange.containsKey(0)) {
            long r = Math.min(a.metaRange(0), b.metaRange(0));
            if (widen && r < a.metaRange(0)) r = 0;
            if (r > 0) out.metaRange.put(0, r);
        }
        // references held on one side only stay held: releasing or leaking them is checked later
        for (Map.Entry<Object, Integer> e : pairs.entrySet()) {
            if (e.getKey() instanceof RefKey k && (a.refs.contains(k.a) || b.refs.contains(k.b))) out.refs.add(e.getValue());
        }
        for (int id : a.refs) if (!anyPairWithLeft(id)) out.refs.add(orphan(id, true));
        for (int id : b.refs) if (!anyPairWithRight(id)) out.refs.add(orphan(id, false));
        out.deltas.putAll(joinDeltas());
        if (a.callers.length > 0 && a.callers.length == b.callers.length) {
            out.callers = new State[a.callers.length];
            for (int i = 0; i < a.callers.length; i++) {
                Joiner j = new Joiner(node, a.callers[i], b.callers[i], widen, thresholds);
                j.pairs.putAll(pairs);
                j.next = next + 16 * (i + 1);
                out.callers[i] = j.run();
            }
        }
        return out;
    }

    /** A reference held with no value left to release it: keep it held under its own id (an unreleased reference at exit). */
    private int orphan(int id, boolean left) {
        return id;
    }

    private boolean anyPairWithLeft(int id) {
        for (Object k : pairs.keySet()) if (k instanceof RefKey r && r.a == id) return true;
        return false;
    }

    private boolean anyPairWithRight(int id) {
        for (Object k : pairs.keySet()) if (k instanceof RefKey r && r.b == id) return true;
        return false;
    }

    private record RefKey(Value.Type type, int a, int b, long delta) {}

    private int pairId(Value.Type type, int ia, int ib, long delta) {
        if (ia == UNIQUE || ib == UNIQUE) return UNIQUE;
        return pairs.computeIfAbsent(new RefKey(type, ia, ib, delta), k -> {
            if (next >= 128) return UNIQUE;
            return JOIN_BASE + node * 128 + next++;
        });
    }

    private Scalar scalar(Scalar x, Scalar y) {
        return widen ? x.widen(x.join(y), thresholds) : x.join(y);
    }

    private static Scalar plus(Scalar s, long c) {
        return c == 0 ? s : s.alu(Opcodes.ADD, Scalar.constant(c), true, 0);
    }

    Value value(Value x, Value y) {
        if (!x.isInit() || !y.isInit()) return Value.UNINIT;
        if (x.isScalar() && y.isScalar()) return Value.scalar(scalar(x.var, y.var));
        // a pointer that may be NULL merged with the number 0 stays a pointer that may be NULL
        if (x.isPointer() && y.isZero() && nullable(x)) return nullJoin(x, true);
        if (y.isPointer() && x.isZero() && nullable(y)) return nullJoin(y, false);
        if (!x.isPointer() || !y.isPointer()) return Value.unknown();
        // two function pointers: either function may be called (issue #6: callx analyses every target)
        if (x.type == Value.Type.FUNC_PTR && y.type == Value.Type.FUNC_PTR) {
            boolean mn = x.maybeNull || y.maybeNull;
            return Value.functionUnion(x, y).withMaybeNull(mn).withId(mn ? pairId(x.type, x.id, y.id, 0) : 0);
        }
        if (x.type != y.type || x.map != y.map || x.size != y.size || x.readOnly != y.readOnly || x.ringbuf != y.ringbuf) {
            // different regions: a number nobody may dereference (the kernel never merges these; it explores both)
            return Value.unknown();
        }
        // the constant part of the merged offset: the smaller one; when widening, the older state's, so that a pointer
        // moved by a constant on every iteration converges (its variable part widens) instead of shifting forever
        long f = widen ? x.fixed : Math.min(x.fixed, y.fixed);
        Scalar vx = plus(x.var, x.fixed - f);
        Scalar vy = plus(y.var, y.fixed - f);
        Scalar v = scalar(vx, vy);
        int id;
        boolean mn = x.maybeNull || y.maybeNull;
        if (x.isPacketLike()) {
            if (x.id == 0 && y.id == 0 && x.fixed == y.fixed) {
                id = 0;
            } else {
                id = pairId(x.type, x.id, y.id, x.fixed - y.fixed);
                if (id != UNIQUE) {
                    java.util.TreeMap<Integer, Long> ra = x.type == Value.Type.PACKET ? a.pktRange : a.metaRange;
                    java.util.TreeMap<Integer, Long> rb = x.type == Value.Type.PACKET ? b.pktRange : b.metaRange;
                    java.util.TreeMap<Integer, Long> ro = x.type == Value.Type.PACKET ? out.pktRange : out.metaRange;
                    long r = Math.min(ra.getOrDefault(x.id, 0L) - (x.fixed - f), rb.getOrDefault(y.id, 0L) - (y.fixed - f));
                    if (widen && ro.containsKey(id) && r < ro.get(id)) r = 0;
                    if (r > 0) ro.merge(id, r, Math::min);
                    else ro.remove(id);
                }
            }
        } else if (mn || x.ringbuf) {
            id = pairId(x.type, x.id, y.id, 0);
        } else {
            id = 0;
        }
        return new Value(x.type, mn, v, f, id, x.map, x.size, x.readOnly, x.ringbuf);
    }

    private static boolean nullable(Value p) {
        return !p.isPacketLike() && p.type != Value.Type.PACKET_END && p.type != Value.Type.STACK;
    }

    private Value nullJoin(Value p, boolean pointerOnLeft) {
        int id = pointerOnLeft ? pairId(p.type, p.id, -2, 0) : pairId(p.type, -2, p.id, 0);
        return p.withMaybeNull(true).withId(id);
    }

    private Map<Integer, Scalar[]> joinDeltas() {
        Map<Integer, Scalar[]> m = new java.util.TreeMap<>();
        for (Map.Entry<Integer, Scalar[]> e : a.deltas.entrySet()) {
            Scalar[] db = b.deltas.get(e.getKey());
            if (db == null) continue;
            Scalar[] da = e.getValue();
            Scalar[] d = new Scalar[da.length];
            for (int i = 0; i < d.length; i++) {
                if (da[i] != null && db[i] != null) d[i] = scalar(da[i], db[i]);
            }
            m.put(e.getKey(), d);
        }
        return m;
    }

    /** {@code x ⊑ y}: every concrete state of x is one of y (ids compared as names: the merge keeps them stable). */
    static boolean leq(State x, State y) {
        if (y == null) return x == null;
        if (x == null) return true;
        if (!linksHold(x, y)) return false;
        return leqFrames(x, y);
    }

    /**
     * Numbers linked in y (equal up to their deltas: they share an id, Analyzer.link) must be so in x too, in every
     * frame; otherwise a bound proven later for one of y's would be applied to x's other.
     */
    private static boolean linksHold(State x, State y) {
        if (!hasLinks(y)) return true;
        List<Value> ys = new ArrayList<>(), xs = new ArrayList<>();
        linkedOf(y, x, ys, xs);
        // y's id -> x's id and the difference of the deltas (x's minus y's) at its first location
        Map<Integer, long[]> partner = new HashMap<>();
        for (int k = 0; k < ys.size(); k++) {
            Value vy = ys.get(k);
            Value vx = xs.get(k);
            if (vx == null || !vx.isScalar() || vx.id == 0) return false;
            long[] want = partner.putIfAbsent(vy.id, new long[] {vx.id, vx.fixed - vy.fixed});
            if (want != null && (want[0] != vx.id || want[1] != vx.fixed - vy.fixed)) return false;
        }
        return true;
    }

    private static boolean hasLinks(State y) {
        for (int r = 0; r < 11; r++) if (y.regs[r].isScalar() && y.regs[r].id != 0) return true;
        for (int i = 0; i < State.STACK_SIZE; i++) if (y.spill[i] != null && y.spill[i].isScalar() && y.spill[i].id != 0) return true;
        for (State c : y.callers) if (hasLinks(c)) return true;
        return false;
    }

    /** The linked scalars of y's registers and spills, all frames, with x's value at the same place (or null). */
    private static void linkedOf(State y, State x, List<Value> ys, List<Value> xs) {
        for (int r = 0; r < 11; r++) {
            if (!y.regs[r].isScalar() || y.regs[r].id == 0) continue;
            ys.add(y.regs[r]);
            xs.add(x == null ? null : x.regs[r]);
        }
        for (int i = 0; i < State.STACK_SIZE; i++) {
            if (y.spill[i] == null || !y.spill[i].isScalar() || y.spill[i].id == 0) continue;
            ys.add(y.spill[i]);
            xs.add(x == null ? null : x.spill[i]);
        }
        for (int k = 0; k < y.callers.length; k++) {
            linkedOf(y.callers[k], x != null && k < x.callers.length ? x.callers[k] : null, ys, xs);
        }
    }

    private static boolean leqFrames(State x, State y) {
        for (int r = 0; r < 11; r++) if (!leq(x.regs[r], y.regs[r])) return false;
        for (int i = 0; i < State.STACK_SIZE; i++) {
            byte kx = x.stack[i], ky = y.stack[i];
            if (ky == State.INVALID) continue;
            if (kx == State.INVALID) return false;
            if (ky == State.MISC && kx != State.SPILL) continue;
            if (ky == State.MISC) continue;
            if (kx != ky) return false;
        }
        for (int i = 0; i < State.STACK_SIZE; i++) {
            if (y.spill[i] == null) continue;
            if (x.spill[i] == null || x.spillSize[i] != y.spillSize[i] || !leq(x.spill[i], y.spill[i])) return false;
        }
        for (Map.Entry<Integer, Long> e : y.pktRange.entrySet()) if (x.pktRange(e.getKey()) < e.getValue()) return false;
        for (Map.Entry<Integer, Long> e : y.metaRange.entrySet()) if (x.metaRange(e.getKey()) < e.getValue()) return false;
        if (!x.refs.equals(y.refs) || x.lockHeld != y.lockHeld) return false;
        if (x.callers.length != y.callers.length) return false;
        for (int i = 0; i < x.callers.length; i++) if (!leqFrames(x.callers[i], y.callers[i])) return false;
        for (Map.Entry<Integer, Scalar[]> e : y.deltas.entrySet()) {
            Scalar[] dx = x.deltas.get(e.getKey());
            if (dx == null) return false;
            Scalar[] dy = e.getValue();
            for (int i = 0; i < dy.length; i++) {
                if (dy[i] == null) continue;
                if (dx[i] == null || !dx[i].leq(dy[i])) return false;
            }
        }
        return true;
    }

    static boolean leq(Value x, Value y) {
        if (!y.isInit()) return true;
        if (!x.isInit()) return false;
        if (y.isScalar()) {
            if (x.isScalar()) return x.var.leq(y.var);
            return y.var.leq(Scalar.unknown()) && Scalar.unknown().leq(y.var); // a pointer is an unknown number
        }
        if (x.isScalar()) return y.maybeNull && x.isZero();
        if (x.type == Value.Type.FUNC_PTR && y.type == Value.Type.FUNC_PTR) return x.maybeNull == y.maybeNull && Value.functionSubset(x, y);
        if (x.type != y.type || x.map != y.map || x.size != y.size || x.readOnly != y.readOnly || x.ringbuf != y.ringbuf) return false;
        if (x.id != y.id || (x.maybeNull && !y.maybeNull)) return false;
        if (x.fixed != y.fixed) return false;
        return x.var.leq(y.var) && Objects.equals(x.var == null, y.var == null);
    }
}
