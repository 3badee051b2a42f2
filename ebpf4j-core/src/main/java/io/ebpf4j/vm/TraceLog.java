package io.ebpf4j.vm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The trace output of a runtime ({@code bpf_trace_printk}, {@code bpf_trace_vprintk}): what the
 * kernel writes to its trace buffer ({@code /sys/kernel/tracing/trace_pipe}), kept here as lines
 * with the CPU slot that wrote them. Listeners see each line as it is written (on the program's
 * thread); the log keeps the last {@code capacity} lines. Thread-safe.
 */
public final class TraceLog {
    /**
     * One line of trace output.
     *
     * @param cpu  the CPU slot of the program that wrote it
     * @param text the line, without its newline
     */
    public record Line(int cpu, String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private final int capacity;
    private final ArrayDeque<Line> lines = new ArrayDeque<>();
    private final List<Consumer<Line>> listeners = new CopyOnWriteArrayList<>();
    private long dropped;

    TraceLog(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    void add(int cpu, String text) {
        Line l = new Line(cpu, text);
        synchronized (this) {
            if (lines.size() == capacity) {
                lines.removeFirst();
                dropped++;
            }
            lines.addLast(l);
        }
        for (Consumer<Line> c : listeners) c.accept(l);
    }

    /** Calls {@code listener} with every line written from now on (like reading trace_pipe). */
    public void subscribe(Consumer<Line> listener) {
        listeners.add(listener);
    }

    /** Stops calling {@code listener}. */
    public void unsubscribe(Consumer<Line> listener) {
        listeners.remove(listener);
    }

    /** The lines kept, oldest first. */
    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The lines kept, as a stream. */
    public Stream<Line> stream() {
        return lines().stream();
    }

    /** Returns the lines kept and forgets them (as reading trace_pipe consumes it). */
    public synchronized List<Line> drain() {
        List<Line> out = new ArrayList<>(lines);
        lines.clear();
        return out;
    }

    /** Lines that fell out of the log because it was full. */
    public synchronized long dropped() {
        return dropped;
    }
}
