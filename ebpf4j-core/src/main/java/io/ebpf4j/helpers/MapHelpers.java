package io.ebpf4j.helpers;

import io.ebpf4j.maps.BpfMap;
import io.ebpf4j.maps.BpfSpinLock;
import io.ebpf4j.maps.Errno;
import io.ebpf4j.maps.RingBufMap;
import io.ebpf4j.object.MapType;

/**
 * Map helpers (kernel/bpf/helpers.c, kernel/bpf/ringbuf.c, kernel/bpf/bpf_iter.c): thin
 * adapters from a helper call to the map's program-side operation, after checking what the
 * verifier would have checked (a map pointer in r1, key and value memory inside the arena).
 */
final class MapHelpers {
    private MapHelpers() {}

    /** {@code BPF_MAX_LOOPS} (include/linux/bpf.h). */
    static final long BPF_MAX_LOOPS = 8L * 1024 * 1024;

    static BpfMap map(HelperContext ctx, long ptr) {
        BpfMap m = ctx.map(ptr);
        if (m == null) throw new HelperException(String.format("r1 = 0x%x is not a map pointer", ptr));
        return m;
    }

    private static void readable(HelperContext ctx, long addr, long len, String what) {
        if (!ctx.inArena(addr, len)) {
            throw new HelperException(String.format("%s: %d bytes at 0x%x are outside the memory arena", what, len, addr));
        }
    }

    static long lookup(HelperContext ctx, long mapPtr, long key) {
        BpfMap m = map(ctx, mapPtr);
        readable(ctx, key, m.spec().keySize(), "key");
        return m.lookup(key, ctx.cpu());
    }

    static long update(HelperContext ctx, long mapPtr, long key, long value, long flags) {
        BpfMap m = map(ctx, mapPtr);
        readable(ctx, key, m.spec().keySize(), "key");
        readable(ctx, value, m.spec().valueSize(), "value");
        return m.update(key, value, flags, ctx.cpu());
    }

    static long delete(HelperContext ctx, long mapPtr, long key) {
        BpfMap m = map(ctx, mapPtr);
        readable(ctx, key, m.spec().keySize(), "key");
        return m.delete(key, ctx.cpu());
    }

    static long push(HelperContext ctx, long mapPtr, long value, long flags) {
        BpfMap m = map(ctx, mapPtr);
        readable(ctx, value, m.spec().valueSize(), "value");
        return m.push(value, flags, ctx.cpu());
    }

    static long pop(HelperContext ctx, long mapPtr, long value) {
        BpfMap m = map(ctx, mapPtr);
        ctx.writableSlice(value, m.spec().valueSize());
        return m.pop(value, ctx.cpu());
    }

    static long peek(HelperContext ctx, long mapPtr, long value) {
        BpfMap m = map(ctx, mapPtr);
        ctx.writableSlice(value, m.spec().valueSize());
        return m.peek(value, ctx.cpu());
    }

    /** {@code bpf_map_lookup_percpu_elem}: NULL for a CPU at or past {@code nr_cpu_ids}. */
    static long lookupPercpu(HelperContext ctx, long mapPtr, long key, long cpu) {
        BpfMap m = map(ctx, mapPtr);
        MapType t = m.type();
        if (t != MapType.PERCPU_ARRAY && t != MapType.PERCPU_HASH && t != MapType.LRU_PERCPU_HASH) {
            throw new HelperException("bpf_map_lookup_percpu_elem needs a per-CPU map, not " + t.libbpfName());
        }
        readable(ctx, key, m.spec().keySize(), "key");
        long c = cpu & 0xffff_ffffL;
        if (c >= m.cpus()) return 0;
        return m.lookup(key, (int) c);
    }

    /** {@code bpf_for_each_map_elem}: flags must be 0; the callback gets (map, key, value, callback_ctx). */
    static long forEach(HelperContext ctx, long mapPtr, long callback, long callbackCtx, long flags) {
        BpfMap m = map(ctx, mapPtr);
        if (flags != 0) return -Errno.EINVAL;
        return m.forEachElement(ctx.cpu(), (key, value) -> ctx.callFunction(callback, mapPtr, key, value, callbackCtx, 0));
    }

    /**
     * {@code bpf_loop} (kernel/bpf/bpf_iter.c): at most {@code BPF_MAX_LOOPS} iterations of a u32
     * count; a non-zero callback result stops. When the verifier knows flags is 0 it inlines the
     * call ({@code inline_bpf_loop}, kernel/bpf/verifier.c), whose code compares all 64 bits of r1
     * and sets -E2BIG with a 32-bit move, so r0 is then 0xfffffff9 rather than -7
     * ({@code inlined}).
     */
    static long loop(HelperContext ctx, long nrLoops, long callback, long callbackCtx, long flags, boolean inlined) {
        if (flags != 0) return -Errno.EINVAL;
        long n = inlined ? nrLoops : nrLoops & 0xffff_ffffL;
        if (Long.compareUnsigned(n, BPF_MAX_LOOPS) > 0) return inlined ? -Errno.E2BIG & 0xffff_ffffL : -Errno.E2BIG;
        for (long i = 0; i < n; i++) {
            long ret = ctx.callFunction(callback, i, callbackCtx, 0, 0, 0);
            if (ret != 0) return i + 1;
        }
        return n;
    }

    // ------------------------------------------------------------------ ring buffers

    static RingBufMap ringbuf(HelperContext ctx, long mapPtr) {
        if (map(ctx, mapPtr) instanceof RingBufMap rb) return rb;
        throw new HelperException(String.format("r1 = 0x%x is not a ring buffer", mapPtr));
    }

    static long ringbufOutput(HelperContext ctx, long mapPtr, long data, long size, long flags) {
        RingBufMap rb = ringbuf(ctx, mapPtr);
        readable(ctx, data, size, "data");
        return rb.output(data, size, flags);
    }

    static long ringbufReserve(HelperContext ctx, long mapPtr, long size, long flags) {
        return ringbuf(ctx, mapPtr).reserve(size, flags);
    }

    static long ringbufCommit(HelperContext ctx, long sample, long flags, boolean discard) {
        if (ctx.mapContaining(sample) instanceof RingBufMap rb) {
            long r = discard ? rb.discard(sample, flags) : rb.submit(sample, flags);
            if (r == 0) return 0;
        }
        throw new HelperException(String.format("0x%x is not a record reserved with bpf_ringbuf_reserve", sample));
    }

    static long ringbufQuery(HelperContext ctx, long mapPtr, long flags) {
        return ringbuf(ctx, mapPtr).query(flags);
    }

    // ------------------------------------------------------------------ spin locks

    /** {@code bpf_spin_lock}: the {@link BpfSpinLock} protocol on the lock word, which BPF_F_LOCK map updates share. */
    static long spinLock(HelperContext ctx, long lock) {
        if ((lock & 3) != 0 || !ctx.inArena(lock, 4)) {
            throw new HelperException(String.format("0x%x is not a bpf_spin_lock in a map value", lock));
        }
        if (ctx.heldSpinLock() != 0) {
            throw new HelperException("a second bpf_spin_lock while holding one (the verifier allows one lock at a time)");
        }
        BpfSpinLock.lock(ctx.segment(), lock - ctx.baseAddress());
        ctx.heldSpinLock(lock);
        return 0;
    }

    static long spinUnlock(HelperContext ctx, long lock) {
        if (ctx.heldSpinLock() != lock) {
            throw new HelperException(String.format("bpf_spin_unlock of 0x%x, which this program does not hold", lock));
        }
        BpfSpinLock.unlock(ctx.segment(), lock - ctx.baseAddress());
        ctx.heldSpinLock(0);
        return 0;
    }
}
