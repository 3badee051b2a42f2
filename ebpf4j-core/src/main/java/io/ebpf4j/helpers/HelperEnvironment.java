package io.ebpf4j.helpers;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * What the runtime tells helpers about a world it does not have: the clock
 * ({@code bpf_ktime_get_*_ns}), the current task, random numbers ({@code bpf_get_prandom_u32})
 * and memory outside the arena that probe helpers may read. Immutable and shared by all CPU slots.
 */
public final class HelperEnvironment {
    private final TaskInfo task;
    private final LongSupplier monotonicClock;
    private final Long randomSeed;
    private final List<ProbeRegion> probeRegions;
    private final SplittableRandom[] perCpuRandom;

    /**
     * @param task           the current task
     * @param monotonicClock nanoseconds of CLOCK_MONOTONIC ({@code bpf_ktime_get_ns}); null for {@link System#nanoTime()}
     * @param randomSeed     seed of the per-CPU random generators for reproducible runs, or null for unseeded ones
     * @param probeRegions   memory outside the arena that probe helpers may read
     * @param cpus           number of CPU slots
     */
    public HelperEnvironment(TaskInfo task, LongSupplier monotonicClock, Long randomSeed, List<ProbeRegion> probeRegions, int cpus) {
        this.task = Objects.requireNonNull(task, "task");
        this.monotonicClock = monotonicClock == null ? System::nanoTime : monotonicClock;
        this.randomSeed = randomSeed;
        this.probeRegions = List.copyOf(probeRegions);
        this.perCpuRandom = new SplittableRandom[Math.max(1, cpus)];
        if (randomSeed != null) {
            SplittableRandom root = new SplittableRandom(randomSeed);
            for (int i = 0; i < perCpuRandom.length; i++) perCpuRandom[i] = root.split();
        }
    }

    /** Defaults: {@link TaskInfo#defaults()}, the JVM's monotonic clock, unseeded random numbers, no probe regions. */
    public static HelperEnvironment defaults(int cpus) {
        return new HelperEnvironment(TaskInfo.defaults(), null, null, List.of(), cpus);
    }

    public TaskInfo task() {
        return task;
    }

    public List<ProbeRegion> probeRegions() {
        return probeRegions;
    }

    public Long randomSeed() {
        return randomSeed;
    }

    /** {@code bpf_ktime_get_ns}: CLOCK_MONOTONIC in nanoseconds. */
    public long monotonicNs() {
        return monotonicClock.getAsLong();
    }

    /** {@code bpf_ktime_get_boot_ns}: CLOCK_BOOTTIME; the runtime never suspends, so it equals the monotonic clock. */
    public long bootNs() {
        return monotonicNs();
    }

    /** {@code bpf_ktime_get_tai_ns}: CLOCK_TAI, the wall clock plus the 37 s TAI-UTC offset. */
    public long taiNs() {
        java.time.Instant now = java.time.Instant.now();
        return (now.getEpochSecond() + 37) * 1_000_000_000L + now.getNano();
    }

    /** {@code bpf_get_prandom_u32} on CPU slot {@code cpu}: the next 32 random bits. */
    public int prandom(int cpu) {
        if (randomSeed == null) return ThreadLocalRandom.current().nextInt();
        SplittableRandom r = perCpuRandom[Math.floorMod(cpu, perCpuRandom.length)];
        synchronized (r) {
            return r.nextInt();
        }
    }

    /** The probe region of {@code space} holding {@code [address, address + length)}, or null. */
    public ProbeRegion probeRegion(ProbeRegion.Space space, long address, long length) {
        for (ProbeRegion r : probeRegions) {
            if (r.space() == space && r.contains(address, length)) return r;
        }
        return null;
    }
}
