package io.ebpf4j.vm;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.ObjectName;

/**
 * One HotSpot compiler directive for the code that runs eBPF programs: when C2 compiles a method of the
 * interpreter ({@code io.ebpf4j.vm.Interpreter}) or of a JIT-compiled program's hidden class
 * ({@code io.ebpf4j.jit.Bpf_*}), it inlines {@code jdk.internal.misc.Unsafe}'s unaligned accessors.
 *
 * <p>Why: every load and store of an eBPF program is a {@code MemorySegment} access with an unaligned
 * little-endian layout, which ends in {@code Unsafe.getIntUnaligned(Object, long, boolean)} (and its
 * siblings). C2 inlines everything on that path by annotation except this 12-byte method, which it
 * refuses at call sites its profile calls cold ("low call site frequency" in {@code -XX:+PrintInlining}).
 * A real call then stays in the compiled program, and around it C2 keeps values on the stack: in
 * {@code arith} a load before the loop left a spill and a reload on the loop's multiply chain, every
 * iteration. The same refusals fall inside the interpreter's dispatch loop.
 * Measured on this project's benchmarks (docs/architecture.md, "Compiler hints"): the directive takes
 * the JIT's {@code arith} from 1.026 to 1.001 of the kernel (means of six pinned runs each) and the
 * interpreter's {@code hash1k} from ~165 to ~127 µs.
 *
 * <p>How: a directive of HotSpot's compiler control (JEP 165) applies only to the compilations whose
 * method matches its pattern, so nothing else in the JVM changes; {@code -XX:CompileCommand=inline,...}
 * would force the inlining in every method of the process. It is added at run time through the
 * {@code DiagnosticCommand} MBean ({@code compilerDirectivesAdd}, what {@code jcmd PID
 * Compiler.directives_add FILE} does), once per JVM, on a daemon thread, because starting the platform
 * MBean server costs ~0.3 s of CPU. A directive does not recompile code compiled before it, so a
 * measurement waits for {@link #await}. The system property {@code ebpf4j.compilerHints=false} turns it
 * off; on a JVM without the MBean (not HotSpot) it is reported unavailable and nothing else changes.
 */
public final class CompilerHints {
    /** The system property that turns the directive off ({@code -Debpf4j.compilerHints=false}). */
    public static final String PROPERTY = "ebpf4j.compilerHints";

    /** HotSpot's compiler control syntax: class pattern with '/' separators, '*' at either end of a part. */
    static final String DIRECTIVE = """
            [ { match: ["%s*.*", "%s.*"],
                inline: ["+jdk/internal/misc/Unsafe.getShortUnaligned", "+jdk/internal/misc/Unsafe.getIntUnaligned",
                         "+jdk/internal/misc/Unsafe.getLongUnaligned", "+jdk/internal/misc/Unsafe.putShortUnaligned",
                         "+jdk/internal/misc/Unsafe.putIntUnaligned", "+jdk/internal/misc/Unsafe.putLongUnaligned"] } ]
            """.formatted(JitBridge.JIT_CLASS_PREFIX.replace('.', '/'), Interpreter.class.getName().replace('.', '/'));

    private static final AtomicReference<CompletableFuture<String>> STATE = new AtomicReference<>();

    private CompilerHints() {}

    /** Starts adding the directive on a daemon thread, once per JVM; returns at once. */
    public static void request() {
        if (STATE.get() != null) return;
        CompletableFuture<String> f = new CompletableFuture<>();
        if (!STATE.compareAndSet(null, f)) return;
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            f.complete("off (-D" + PROPERTY + "=false)");
            return;
        }
        Thread t = new Thread(() -> f.complete(install()), "ebpf4j-compiler-hints");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Requests the directive and waits until HotSpot has it (at most a few seconds): what a measurement
     * calls before it times anything. Returns {@link #status()}.
     */
    public static String await() {
        request();
        try {
            return STATE.get().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted while waiting)";
        } catch (ExecutionException | TimeoutException e) {
            return "unavailable: " + e;
        }
    }

    /**
     * "installed", "off (...)", "unavailable: reason", or "pending" while the daemon thread works;
     * "not requested" before the first interpreter or {@link #request()}.
     */
    public static String status() {
        CompletableFuture<String> f = STATE.get();
        if (f == null) return "not requested";
        return f.getNow("pending");
    }

    private static String install() {
        Path file = null;
        try {
            file = Files.createTempFile("ebpf4j-directive", ".json");
            Files.writeString(file, DIRECTIVE);
            Object reply = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            // HotSpot answers "1 compiler directives added", or the parser's complaint
            String text = String.valueOf(reply).strip();
            return text.startsWith("1 compiler directives added") ? "installed" : "unavailable: HotSpot replied: " + text;
        } catch (Exception | LinkageError e) {
            return "unavailable: " + e;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file left behind: harmless
                }
            }
        }
    }
}
