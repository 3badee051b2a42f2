package io.ebpf4j.helpers;

import java.util.List;
import java.util.Objects;

/**
 * A helper's prototype, as the kernel's {@code struct bpf_func_proto} (include/linux/bpf.h)
 * describes it to the verifier: return type, up to five argument types, and the flags that
 * restrict its use.
 *
 * @param ret        the return type
 * @param args       argument types, r1 first; at most 5 ({@code ARG_DONTCARE} ones may be omitted)
 * @param gplOnly    {@code gpl_only}: callable only from GPL-compatible programs
 * @param pktAccess  {@code pkt_access}: accepts packet pointers for its memory arguments
 * @param mightSleep {@code might_sleep}: only for sleepable programs
 */
public record HelperProto(RetType ret, List<ArgType> args, boolean gplOnly, boolean pktAccess, boolean mightSleep) {

    /** Copies the argument list and checks that there are at most five. */
    public HelperProto {
        Objects.requireNonNull(ret, "ret");
        args = List.copyOf(args);
        if (args.size() > 5) throw new IllegalArgumentException("a helper takes at most 5 arguments: " + args.size());
    }

    /** A prototype returning {@code ret}, taking {@code args}, with no restrictions. */
    public static HelperProto of(RetType ret, ArgType... args) {
        return new HelperProto(ret, List.of(args), false, false, false);
    }

    /** {@code n} {@code ARG_ANYTHING} arguments returning an integer: the prototype of a user helper that takes plain values. */
    public static HelperProto scalars(int n) {
        return new HelperProto(RetType.INTEGER, java.util.Collections.nCopies(n, ArgType.ANYTHING), false, false, false);
    }

    /** This prototype with {@code gpl_only} set. */
    public HelperProto gpl() {
        return new HelperProto(ret, args, true, pktAccess, mightSleep);
    }

    /** This prototype with {@code pkt_access} set. */
    public HelperProto packetAccess() {
        return new HelperProto(ret, args, gplOnly, true, mightSleep);
    }

    /** The type of argument {@code i} (0 = r1), {@link ArgType#DONTCARE} past the declared ones. */
    public ArgType arg(int i) {
        return i < args.size() ? args.get(i) : ArgType.DONTCARE;
    }
}
