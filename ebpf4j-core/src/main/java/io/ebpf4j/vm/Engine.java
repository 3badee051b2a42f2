package io.ebpf4j.vm;

/**
 * Which engine runs a program: {@link #INTERPRETER} (one switch over pre-decoded instructions) or
 * {@link #JIT} (each program compiled to JVM bytecode in a hidden class by {@code io.ebpf4j.jit}).
 * Both give the same results; see docs/architecture.md ("JIT") for the few registers the kernel's
 * verifier makes unreadable and whose stale contents an unverified program might see differently.
 */
public enum Engine {
    INTERPRETER,
    JIT;

    /** Parses "interpreter" or "jit" (any case). */
    public static Engine parse(String name) {
        for (Engine e : values()) {
            if (e.name().equalsIgnoreCase(name)) return e;
        }
        throw new IllegalArgumentException("unknown engine '" + name + "' (interpreter, jit)");
    }
}
