package io.ebpf4j.verifier.domain;

/** PLACEHOLDER so the verifier's API skeleton compiles; replaced by the vdom helper's implementation. */
public record Tnum(long value, long mask) {
    public static final Tnum UNKNOWN = new Tnum(0, -1L);

    public static Tnum constant(long v) {
        return new Tnum(v, 0);
    }
}
