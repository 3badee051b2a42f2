package io.ebpf4j.verifier;

import io.ebpf4j.verifier.domain.Scalar;
import java.util.Objects;

/**
 * The abstract value of a register or spilled stack slot: the kernel's {@code struct bpf_reg_state}
 * reduced to what this analysis needs (include/linux/bpf_verifier.h). Immutable.
 *
 * <p>Pointers are {@code region + fixed + var}: a constant part ({@code reg->off}) and a variable
 * part ({@code reg->var_off} and bounds), as the kernel splits them, so pointers derived from one
 * another by constant steps keep a common base. {@code id} names that base for packet pointers
 * (pointers with the same id have the same variable part: a bounds check of one proves the range
 * for all, kernel {@code find_good_pkt_pointers}) and names the object for pointers that may be NULL
 * or hold a reference (a NULL check refines every copy, kernel {@code mark_ptr_or_null_regs};
 * releasing a ring-buffer record invalidates every copy, {@code release_reference}).
 */
final class Value {
    /** Register types: the kernel's {@code enum bpf_reg_type} (the subset ebpf4j's helpers and contexts produce). */
    enum Type {
        UNINIT("uninit"), SCALAR("scalar"), CTX("ctx"), STACK("fp"), PACKET("pkt"), PACKET_END("pkt_end"),
        PACKET_META("pkt_meta"), MAP_VALUE("map_value"), MAP_PTR("map_ptr"), MEM("mem"), FUNC_PTR("func"),
        SOCK_COMMON("sock_common"), FLOW_KEYS("flow_keys");

        final String logName;

        Type(String logName) {
            this.logName = logName;
        }
    }

    static final Value UNINIT = new Value(Type.UNINIT, false, null, 0, 0, -1, 0, false, false);
    

    final Type type;
    /** {@code PTR_MAYBE_NULL}. */
    final boolean maybeNull;
    /** Scalars: the value. Pointers: the variable part of the offset. Null for UNINIT. */
    final Scalar var;
    /** Pointers: the constant part of the offset ({@code reg->off}). Linked scalars: the delta to their link's value. */
    final long fixed;
    /** Packet pointers: which variable part (0 = none, the offset is exactly {@code fixed}); nullable and referenced pointers: the object. */
    final int id;
    /** MAP_VALUE/MAP_PTR: the map index (-1 unknown); FUNC_PTR: the target instruction index when it is the only one, else -1. */
    final int map;
    /** MAP_VALUE: value size; MEM: size of the memory; CTX: unused. */
    final long size;
    /** The program may only read through this pointer ({@code .rodata}, {@code MEM_RDONLY}). */
    final boolean readOnly;
    /** MEM that is a ring-buffer record ({@code MEM_RINGBUF}): holds a reference (its {@code id}). */
    final boolean ringbuf;
    /**
     * FUNC_PTR: every function (start instruction, ascending) the pointer may hold. A join of two
     * function pointers is the union of their sets (issue #6: callx analyses every target), so
     * {@code f = c ? add1 : dbl; f(x)} keeps both. Null for every other type.
     */
    final int[] funcs;

    Value(Type type, boolean maybeNull, Scalar var, long fixed, int id, int map, long size, boolean readOnly, boolean ringbuf) {
        this(type, maybeNull, var, fixed, id, map, size, readOnly, ringbuf, type == Type.FUNC_PTR && map >= 0 ? new int[] {map} : null);
    }

    private Value(Type type, boolean maybeNull, Scalar var, long fixed, int id, int map, long size, boolean readOnly, boolean ringbuf, int[] funcs) {
        this.type = type;
        this.maybeNull = maybeNull;
        this.var = var;
        this.fixed = fixed;
        this.id = id;
        this.map = map;
        this.size = size;
        this.readOnly = readOnly;
        this.ringbuf = ringbuf;
        this.funcs = funcs;
    }

    /** A function pointer that may hold any of {@code targets} (function start instructions, ascending, not empty). */
    static Value function(int[] targets) {
        return new Value(Type.FUNC_PTR, false, Scalar.constant(0), 0, 0, targets.length == 1 ? targets[0] : -1, 0, true, false, targets.clone());
    }

    /** The union of two function pointers' targets (the join of FUNC_PTR values). */
    static Value functionUnion(Value x, Value y) {
        java.util.TreeSet<Integer> u = new java.util.TreeSet<>();
        for (int t : x.funcs) u.add(t);
        for (int t : y.funcs) u.add(t);
        return function(u.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Whether every target of function pointer {@code x} is one of {@code y}'s. */
    static boolean functionSubset(Value x, Value y) {
        for (int t : x.funcs) if (java.util.Arrays.binarySearch(y.funcs, t) < 0) return false;
        return true;
    }

    static Value scalar(Scalar s) {
        return new Value(Type.SCALAR, false, s, 0, 0, -1, 0, false, false);
    }

    /**
     * A number linked to others with the same {@code id} (Analyzer.link): it equals their common value
     * plus {@code delta} (64-bit, wrapping), the kernel's linked scalars with {@code BPF_ADD_CONST}
     * and {@code reg->off}. {@link #fixed} holds the delta.
     */
    static Value linked(Scalar s, int id, long delta) {
        return id == 0 ? scalar(s) : new Value(Type.SCALAR, false, s, delta, id, -1, 0, false, false);
    }

    static Value unknown() {
        return scalar(Scalar.unknown());
    }

    static Value constant(long v) {
        return scalar(Scalar.constant(v));
    }

    static Value pointer(Type type, long fixed, Scalar var, int id) {
        return new Value(type, false, var, fixed, id, -1, 0, false, false);
    }

    boolean isScalar() {
        return type == Type.SCALAR;
    }

    boolean isPointer() {
        return type != Type.SCALAR && type != Type.UNINIT;
    }

    boolean isInit() {
        return type != Type.UNINIT;
    }

    /** A pointer that is known not to be NULL (every pointer type except the {@code _or_null} ones). */
    boolean isNonNullPointer() {
        return isPointer() && !maybeNull;
    }

    /** Known to be the number 0. */
    boolean isZero() {
        return type == Type.SCALAR && var.isConstant() && var.constantValue() == 0;
    }

    /** Whether packet-style ids (shared variable part) apply. */
    boolean isPacketLike() {
        return type == Type.PACKET || type == Type.PACKET_META;
    }

    /** The whole offset from the region's start, {@code fixed + var}. */
    Scalar offset() {
        return var.alu(io.ebpf4j.isa.Opcodes.ADD, Scalar.constant(fixed), true, 0);
    }

    Value withVar(long newFixed, Scalar newVar, int newId) {
        return new Value(type, maybeNull, newVar, newFixed, newId, map, size, readOnly, ringbuf, funcs);
    }

    Value withId(int newId) {
        return new Value(type, maybeNull, var, fixed, newId, map, size, readOnly, ringbuf, funcs);
    }

    Value withMaybeNull(boolean mn) {
        return new Value(type, mn, var, fixed, id, map, size, readOnly, ringbuf, funcs);
    }

    Value with(Type t, long newSize, int newMap, boolean ro, boolean rb) {
        return new Value(t, maybeNull, var, fixed, id, newMap, newSize, ro, rb);
    }

    /** Kernel-log style, e.g. {@code map_value(off=4,vs=8,id=3)} or the scalar's bounds. */
    @Override
    public String toString() {
        if (type == Type.UNINIT) return "uninit";
        if (type == Type.SCALAR) return var.toString();
        StringBuilder b = new StringBuilder(type.logName);
        if (ringbuf) b.insert(0, "ringbuf_");
        if (maybeNull) b.append("_or_null");
        b.append('(');
        if (type == Type.FUNC_PTR) {
            if (funcs.length == 1) return b.append("insn=").append(funcs[0]).append(')').toString();
            b.append("insn in {");
            for (int k = 0; k < funcs.length; k++) b.append(k == 0 ? "" : ",").append(funcs[k]);
            return b.append("})").toString();
        }
        b.append("off=").append(fixed);
        if (!(var.isConstant() && var.constantValue() == 0)) b.append(",var=").append(var);
        if (type == Type.MAP_VALUE || type == Type.MAP_PTR) {
            if (map >= 0) b.append(",map=").append(map);
            if (type == Type.MAP_VALUE) b.append(",vs=").append(size);
        }
        if (type == Type.MEM) b.append(",size=").append(size);
        if (type == Type.STACK && map > 0) b.append(",frame=").append(map);
        if (readOnly) b.append(",rdonly");
        if (id != 0) b.append(",id=").append(id);
        return b.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Value v && type == v.type && maybeNull == v.maybeNull && Objects.equals(var, v.var)
                && fixed == v.fixed && id == v.id && map == v.map && size == v.size && readOnly == v.readOnly && ringbuf == v.ringbuf
                && java.util.Arrays.equals(funcs, v.funcs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, maybeNull, var, fixed, id, map, size) * 31 + java.util.Arrays.hashCode(funcs);
    }
}
