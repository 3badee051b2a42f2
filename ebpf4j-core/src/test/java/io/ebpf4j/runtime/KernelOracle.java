package io.ebpf4j.runtime;

import io.ebpf4j.vm.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Asks the running kernel through {@code kernel-oracle} ({@code ebpf4j.shared}/tools/kernel-oracle):
 * the live-kernel tests of the runtime corpus ({@link LiveKernelTest}) and of the verifier's unsafe
 * corpus share it. {@link #unavailable()} says why the kernel cannot be asked (then a test skips
 * with that reason); {@link #ask} runs one oracle command and skips the calling test when
 * {@code bpf()} turns out not to be permitted.
 */
public final class KernelOracle {
    private KernelOracle() {}

    /** What the oracle answered: its exit status (0 accepted and ran, 1 rejected, 2 tool error,
     *  3 run error), its {@code --json} output, and its standard error. */
    public record Answer(int exitStatus, Map<String, Object> json, String stderr) {}

    /** The oracle script, or null when the shared folder is not known. */
    public static Path path() {
        Path shared = Fixtures.shared();
        return shared == null ? null : shared.resolve("tools/kernel-oracle");
    }

    /** Why the live kernel cannot be asked, or null. */
    public static String unavailable() {
        Path oracle = path();
        if (oracle == null || !Files.isExecutable(oracle)) return "kernel-oracle not found (system property ebpf4j.shared: " + oracle + ")";
        if (!System.getProperty("os.name").toLowerCase().contains("linux")) return "not Linux";
        if (!Files.isDirectory(Path.of("/sys/fs/bpf"))) return "no /sys/fs/bpf";
        try {
            String mounts = Files.readString(Path.of("/proc/mounts"));
            if (mounts.lines().noneMatch(l -> l.split(" ").length > 2 && l.split(" ")[1].equals("/sys/fs/bpf") && l.split(" ")[2].equals("bpf"))) {
                return "bpffs is not mounted at /sys/fs/bpf (mount -t bpf bpf /sys/fs/bpf)";
            }
        } catch (IOException e) {
            return "cannot read /proc/mounts: " + e;
        }
        if (!"root".equals(System.getProperty("user.name"))) return "bpf() needs root (running as " + System.getProperty("user.name") + ")";
        return null;
    }

    /** Oracle calls are separate processes that mostly wait on the kernel: a few run side by side. */
    private static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newFixedThreadPool(3, r -> {
        Thread t = new Thread(r, "kernel-oracle");
        t.setDaemon(true);
        return t;
    });

    /** {@link #ask} started now on a background thread; {@link #answer} waits for it. */
    public static java.util.concurrent.Future<Answer> askLater(Path workDir, List<String> args, int pinnedCpu) {
        return POOL.submit(() -> ask(workDir, args, pinnedCpu));
    }

    /** The answer of {@link #askLater}, rethrowing what the call threw (a skip stays a skip). */
    public static Answer answer(java.util.concurrent.Future<Answer> later) throws Exception {
        try {
            return later.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception x) throw x;
            if (e.getCause() instanceof Error x) throw x;
            throw e;
        }
    }

    /**
     * Runs {@code kernel-oracle ARGS... --json} in {@code workDir} (paths in {@code args} are relative
     * to it), pinned to {@code pinnedCpu} with taskset when that is {@code >= 0} and taskset exists.
     * Aborts the calling test (a visible skip) when {@code bpf()} is not permitted; fails it when the
     * oracle does not answer within two minutes or prints no JSON.
     */
    @SuppressWarnings("unchecked")
    public static Answer ask(Path workDir, List<String> args, int pinnedCpu) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (pinnedCpu >= 0 && Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            cmd.addAll(List.of("taskset", "-c", Integer.toString(pinnedCpu)));
        }
        cmd.add(path().toString());
        cmd.addAll(args);
        cmd.add("--json");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kernel-oracle timed out: " + String.join(" ", cmd));
        }
        if (p.exitValue() == 2 && err.contains("Operation not permitted")) Assumptions.abort("bpf() is not permitted: " + err);
        String text = new String(out, StandardCharsets.UTF_8);
        Map<String, Object> json;
        try {
            json = (Map<String, Object>) Json.parse(text);
        } catch (RuntimeException e) {
            throw new AssertionError("kernel-oracle (exit " + p.exitValue() + ") printed no JSON: " + err, e);
        }
        return new Answer(p.exitValue(), json, err);
    }
}
