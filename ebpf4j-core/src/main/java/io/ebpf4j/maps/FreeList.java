package io.ebpf4j.maps;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lock-free LIFO of element slot numbers (a Treiber stack), the counterpart of the kernel's
 * {@code pcpu_freelist} of preallocated hash elements (kernel/bpf/percpu_freelist.c): a deleted
 * slot is the next one reused. The head packs a modification tag with the top slot so a pop that
 * raced with pop-push of the same slot (ABA) fails its compare-and-set.
 */
final class FreeList {
    private final AtomicIntegerArray next;
    /** (tag << 32) | (top slot + 1); low half 0 = empty. */
    private final AtomicLong head = new AtomicLong();

    /** A list able to hold slots {@code 0 .. capacity-1}, initially empty. */
    FreeList(int capacity) {
        next = new AtomicIntegerArray(capacity);
    }

    /** Pushes {@code from .. to-1} so that pops return them in ascending order. */
    void fill(int from, int to) {
        for (int s = to - 1; s >= from; s--) push(s);
    }

    /** The most recently pushed slot, or -1 if empty. */
    int pop() {
        while (true) {
            long h = head.get();
            int top = (int) h - 1;
            if (top < 0) return -1;
            int below = next.get(top);
            long nh = ((h >>> 32) + 1) << 32 | ((below + 1) & 0xffff_ffffL);
            if (head.compareAndSet(h, nh)) return top;
            Thread.onSpinWait();
        }
    }

    void push(int slot) {
        while (true) {
            long h = head.get();
            next.set(slot, (int) h - 1);
            long nh = ((h >>> 32) + 1) << 32 | ((slot + 1) & 0xffff_ffffL);
            if (head.compareAndSet(h, nh)) return;
            Thread.onSpinWait();
        }
    }

    /** Number of slots in the list (exact only when no push or pop is running). */
    int size() {
        int n = 0;
        for (int s = (int) head.get() - 1; s >= 0 && n <= next.length(); s = next.get(s)) n++;
        return n;
    }
}
