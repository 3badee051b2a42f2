package io.ebpf4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Times builds of the engines against each other in one JVM: each jar given is loaded by a class loader of its own
 * (so each copy of the interpreter or the JIT gets its own HotSpot compiles), every copy is warmed up, and then
 * rounds of about 0.2 s alternate between the copies, so that all of them share the machine's slow and fast phases.
 * Prints each copy's median ns per run (CPU time of the thread) and, for each copy after the first, the median of
 * its per-round ratios to the first. Give the same jar twice to see how far two compiles of identical code land
 * apart: a difference smaller than that is not a result (docs/architecture.md, "The dispatch and this VM" and "What C2
 * makes of the dispatch": the interpreter's copies can land up to 3.6 times apart).
 *
 * <p>Usage: {@code EngineCopies OBJ.o DATA ENGINE ROUNDS JAR...}, ENGINE {@code INTERPRETER} or {@code JIT}, each JAR a
 * jar with ebpf4j's core classes (e.g. {@code ebpf4j-cli/target/ebpf4j-cli-all.jar}); the program is {@code prog}.
 */
public final class EngineCopies {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private EngineCopies() {}

    /** One jar's program, loaded and ready to run, through reflection on that jar's own classes. */
    private static final class Copy {
        final String name;
        final Object program;
        final Method run;
        final Constructor<?> testRun;

        Copy(Path jar, Path object, String engine) throws ReflectiveOperationException, java.io.IOException {
            name = jar.getFileName().toString();
            ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> objectClass = loader.loadClass("io.ebpf4j.object.BpfObject");
            Class<?> optionsClass = loader.loadClass("io.ebpf4j.vm.RuntimeOptions");
            Class<?> engineClass = loader.loadClass("io.ebpf4j.vm.Engine");
            Class<?> runtimeClass = loader.loadClass("io.ebpf4j.vm.Runtime");
            Class<?> testRunClass = loader.loadClass("io.ebpf4j.vm.TestRun");
            Object obj = objectClass.getMethod("open", Path.class).invoke(null, object);
            Object options = optionsClass.getMethod("defaults").invoke(null);
            options = optionsClass.getMethod("withCpus", int.class).invoke(options, 1);
            options = optionsClass.getMethod("withPrograms", Set.class).invoke(options, Set.of("prog"));
            Object engineValue = engineClass.getMethod("valueOf", String.class).invoke(null, engine);
            options = optionsClass.getMethod("withEngine", engineClass).invoke(options, engineValue);
            Object runtime = runtimeClass.getMethod("load", objectClass, optionsClass).invoke(null, obj, options);
            program = runtimeClass.getMethod("program", String.class).invoke(runtime, "prog");
            testRun = testRunClass.getConstructor(byte[].class, byte[].class, int.class, int.class);
            run = program.getClass().getMethod("run", testRunClass);
        }

        /** CPU ns per run of {@code n} runs on {@code data}. */
        double round(byte[] data, int n) throws ReflectiveOperationException {
            long c0 = THREADS.getCurrentThreadCpuTime();
            run.invoke(program, testRun.newInstance(data, null, n, 0));
            return (THREADS.getCurrentThreadCpuTime() - c0) / (double) n;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: EngineCopies OBJ.o DATA INTERPRETER|JIT ROUNDS JAR...");
            System.exit(2);
        }
        Path object = Path.of(args[0]);
        byte[] data = Files.readAllBytes(Path.of(args[1]));
        String engine = args[2];
        int rounds = Integer.parseInt(args[3]);
        List<Copy> copies = new ArrayList<>();
        for (int i = 4; i < args.length; i++) copies.add(new Copy(Path.of(args[i]), object, engine));
        for (Copy c : copies) {
            long end = System.nanoTime() + 6_000_000_000L; // past C2's compiles of the copy's hot code
            while (System.nanoTime() < end) c.round(data, 8);
        }
        int n = (int) Math.max(1, Math.min(Integer.MAX_VALUE, 2e8 / copies.get(0).round(data, 16)));
        double[][] ns = new double[copies.size()][rounds];
        for (int k = 0; k < rounds; k++) {
            for (int i = 0; i < copies.size(); i++) ns[i][k] = copies.get(i).round(data, n);
        }
        for (int i = 0; i < copies.size(); i++) {
            double[] s = ns[i].clone();
            Arrays.sort(s);
            System.out.printf(Locale.ROOT, "%-28s median %,.1f ns/run (min %,.1f, max %,.1f; %d rounds of %,d runs)%n",
                    copies.get(i).name, s[rounds / 2], s[0], s[rounds - 1], rounds, n);
        }
        for (int i = 1; i < copies.size(); i++) {
            double[] q = new double[rounds];
            for (int k = 0; k < rounds; k++) q[k] = ns[i][k] / ns[0][k];
            Arrays.sort(q);
            System.out.printf(Locale.ROOT, "%s / %s: median of the rounds' ratios %.3f (%.3f..%.3f)%n",
                    copies.get(i).name, copies.get(0).name, q[rounds / 2], q[0], q[rounds - 1]);
        }
    }
}
