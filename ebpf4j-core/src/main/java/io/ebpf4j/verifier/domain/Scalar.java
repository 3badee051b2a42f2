package io.ebpf4j.verifier.domain;

/** PLACEHOLDER so the verifier's API skeleton compiles; replaced by the vdom helper's implementation (brief scalar-api.md). */
public final class Scalar {
    private Scalar() {}

    private static UnsupportedOperationException todo() {
        return new UnsupportedOperationException("placeholder: the scalar domain lands on branch vdom");
    }

    public static Scalar constant(long v) { throw todo(); }
    public static Scalar unknown() { throw todo(); }
    public static Scalar unsignedRange(long umin, long umax) { throw todo(); }
    public static Scalar signedRange(long smin, long smax) { throw todo(); }
    public static Scalar of(Tnum t) { throw todo(); }
    public Tnum tnum() { throw todo(); }
    public long smin() { throw todo(); }
    public long smax() { throw todo(); }
    public long umin() { throw todo(); }
    public long umax() { throw todo(); }
    public int s32min() { throw todo(); }
    public int s32max() { throw todo(); }
    public int u32min() { throw todo(); }
    public int u32max() { throw todo(); }
    public boolean isConstant() { throw todo(); }
    public long constantValue() { throw todo(); }
    public boolean contains(long v) { throw todo(); }
    public boolean leq(Scalar o) { throw todo(); }
    public Scalar alu(int op, Scalar src, boolean alu64, int offset) { throw todo(); }
    public Scalar neg(boolean alu64) { throw todo(); }
    public Scalar endian(boolean alu64, boolean toBigEndianOrSwap, int width) { throw todo(); }
    public Scalar truncate(int sizeBytes) { throw todo(); }
    public Scalar signExtend(int sizeBytes) { throw todo(); }
    public Scalar join(Scalar o) { throw todo(); }
    public Scalar widen(Scalar next, long[] thresholds) { throw todo(); }
    public Scalar narrow(Scalar next) { throw todo(); }
    public Scalar meet(Scalar o) { throw todo(); }
    public static Scalar[] assume(int jmpOp, Scalar dst, Scalar src, boolean jmp32, boolean holds) { throw todo(); }
    public static Boolean decide(int jmpOp, Scalar dst, Scalar src, boolean jmp32) { throw todo(); }
}
