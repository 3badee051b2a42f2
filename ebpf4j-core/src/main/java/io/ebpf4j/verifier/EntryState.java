package io.ebpf4j.verifier;

import io.ebpf4j.verifier.domain.Scalar;

/**
 * The abstract state a program starts in. The kernel's ({@link #kernelDefault()}, as
 * {@code init_func_state}/{@code do_check_common} set it up): R1 = ctx, R10 = frame pointer,
 * every other register uninitialised, the stack uninitialised. The {@link Builder} exists for
 * tests that start elsewhere (e.g. PREVAIL's YAML cases).
 */
public final class EntryState {
    private final State state;
    private final Scalar packetSize;
    private final Scalar metaOffset;

    private EntryState(State state, Scalar packetSize, Scalar metaOffset) {
        this.state = state;
        this.packetSize = packetSize;
        this.metaOffset = metaOffset;
    }

    /** All registers uninitialised except r10 = fp; the stack uninitialised. */
    public static Builder builder() {
        return new Builder();
    }

    /** r1 = ctx (offset 0), r10 = fp. */
    public static EntryState kernelDefault() {
        return builder().ctx(1, Scalar.constant(0)).build();
    }

    /** A fresh copy of the state (package use). */
    State state() {
        State s = state.copy();
        if (packetSize != null) s.pktRange.merge(0, Math.max(0, Math.min(packetSize.umin(), Integer.MAX_VALUE)), Math::max);
        if (metaOffset != null) s.metaRange.merge(0, Math.max(0, Math.min(metaOffset.umin(), Integer.MAX_VALUE)), Math::max);
        return s;
    }

    @Override
    public String toString() {
        return state().describe();
    }

    /** Builds an entry state; registers are numbered 0-10 (r10 is always the frame pointer). */
    public static final class Builder {
        private final State s = new State();
        private Scalar packetSize;
        private Scalar metaOffset;
        private int nextId = 1_000_000;

        private Builder() {
            s.regs[10] = Value.pointer(Value.Type.STACK, 0, Scalar.constant(0), 0).with(Value.Type.STACK, 0, 0, false, false);
        }

        private Builder set(int reg, Value v) {
            if (reg < 0 || reg > 9) throw new IllegalArgumentException("register must be r0-r9: r" + reg);
            s.regs[reg] = v;
            return this;
        }

        /** Splits an offset into the kernel's constant and variable parts. */
        private Value pointer(Value.Type t, Scalar offset, boolean needsId) {
            if (offset.isConstant()) return Value.pointer(t, offset.constantValue(), Scalar.constant(0), 0);
            return Value.pointer(t, 0, offset, needsId ? nextId++ : 0);
        }

        public Builder scalar(int reg, Scalar value) {
            return set(reg, Value.scalar(value));
        }

        public Builder ctx(int reg, Scalar offset) {
            return set(reg, pointer(Value.Type.CTX, offset, false));
        }

        /** A pointer into the stack frame; r10 is offset 0, the frame is {@code [-512, 0)}. */
        public Builder stack(int reg, Scalar offsetFromFrameTop) {
            return set(reg, pointer(Value.Type.STACK, offsetFromFrameTop, false).with(Value.Type.STACK, 0, 0, false, false));
        }

        /** A packet pointer, {@code offset} bytes from {@code data}. */
        public Builder packet(int reg, Scalar offset) {
            return set(reg, pointer(Value.Type.PACKET, offset, true));
        }

        public Builder packetEnd(int reg) {
            return set(reg, Value.pointer(Value.Type.PACKET_END, 0, Scalar.constant(0), 0));
        }

        public Builder packetMeta(int reg, Scalar offset) {
            return set(reg, pointer(Value.Type.PACKET_META, offset, true));
        }

        /** A pointer into a map value (PREVAIL's "shared" region) of {@code regionSize} bytes. */
        public Builder mapValue(int reg, int mapIndexOrMinus1, int regionSize, Scalar offset) {
            Value v = pointer(Value.Type.MAP_VALUE, offset, false);
            return set(reg, v.with(Value.Type.MAP_VALUE, regionSize, mapIndexOrMinus1, false, false));
        }

        /**
         * A map value pointer that may be NULL (the kernel's {@code PTR_TO_MAP_VALUE_OR_NULL}, as
         * {@code bpf_map_lookup_elem} returns it): it must be compared with 0 before it is used,
         * and that comparison refines every copy of it (it gets an id of its own).
         */
        public Builder mapValueOrNull(int reg, int mapIndexOrMinus1, int regionSize, Scalar offset) {
            int id = nextId++;
            Value v = offset.isConstant() ? Value.pointer(Value.Type.MAP_VALUE, offset.constantValue(), Scalar.constant(0), id)
                    : Value.pointer(Value.Type.MAP_VALUE, 0, offset, id);
            return set(reg, v.with(Value.Type.MAP_VALUE, regionSize, mapIndexOrMinus1, false, false).withMaybeNull(true));
        }

        public Builder mapPtr(int reg, int mapIndex) {
            Value v = Value.pointer(Value.Type.MAP_PTR, 0, Scalar.constant(0), 0);
            return set(reg, v.with(Value.Type.MAP_PTR, 0, mapIndex, false, false));
        }

        /**
         * Marks the stack bytes {@code [fromOffset, toOffsetExclusive)} (offsets from r10, negative) as initialised
         * numbers; when {@code valueOrNull} is given and the range is one aligned 8-byte slot, it is spilled there.
         */
        public Builder stackScalar(int fromOffset, int toOffsetExclusive, Scalar valueOrNull) {
            if (fromOffset < -State.STACK_SIZE || toOffsetExclusive > 0 || fromOffset > toOffsetExclusive) {
                throw new IllegalArgumentException("stack range outside [-512, 0): [" + fromOffset + ", " + toOffsetExclusive + ")");
            }
            int from = fromOffset + State.STACK_SIZE;
            int to = toOffsetExclusive + State.STACK_SIZE;
            boolean zero = valueOrNull != null && valueOrNull.isConstant() && valueOrNull.constantValue() == 0;
            s.clobberStack(from, to, zero ? State.ZERO : State.MISC);
            if (valueOrNull != null && to - from == 8 && from % 8 == 0) {
                s.spill[from] = Value.scalar(valueOrNull);
                s.spillSize[from] = 8;
                for (int i = from; i < to; i++) s.stack[i] = State.SPILL;
            }
            return this;
        }

        /** The packet's length is known to lie in {@code size} (its lower bound is a proven range from data). */
        public Builder packetSize(Scalar size) {
            this.packetSize = size;
            return this;
        }

        /** {@code data - data_meta} is known to lie in {@code offset}. */
        public Builder metaOffset(Scalar offset) {
            this.metaOffset = offset;
            return this;
        }

        public EntryState build() {
            return new EntryState(s.copy(), packetSize, metaOffset);
        }
    }
}
