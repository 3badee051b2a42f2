package io.ebpf4j.helpers;

import io.ebpf4j.maps.Errno;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code bpf_probe_read_kernel/_user(_str)} (kernel/trace/bpf_trace.c) over the address space the
 * runtime models:
 * <ul>
 * <li><b>kernel memory</b> — the arena (what a program's pointers point to: its stack, maps,
 *     context, packet) and {@link ProbeRegion.Space#KERNEL} regions the caller provides
 *     ({@link HelperEnvironment#probeRegions()});</li>
 * <li><b>user memory</b> — only {@link ProbeRegion.Space#USER} regions.</li>
 * </ul>
 * Failures are the kernel's on x86-64: a kernel read of an address in the user half
 * (below {@code TASK_SIZE_MAX + PAGE_SIZE}, 0x0000800000000000) or a non-canonical one is
 * -ERANGE before anything is tried ({@code copy_from_kernel_nofault_allowed}), an unmapped kernel
 * address -EFAULT; a user read of anything but a user region is -EFAULT. On failure the
 * destination is zeroed. The string variants return the length including the NUL (or the
 * buffer size when truncated, with a NUL in the last byte), and 0 for a size of 0.
 */
final class ProbeHelpers {
    private ProbeHelpers() {}

    /** {@code TASK_SIZE_MAX + PAGE_SIZE} on x86-64 with 4-level paging. */
    static final long USER_END = 0x0000_8000_0000_0000L;
    /** The vsyscall page, which the kernel never reads for BPF. */
    static final long VSYSCALL = 0xffff_ffff_ff60_0000L;

    /** {@code copy_from_kernel_nofault_allowed} of x86-64 for an address outside the arena. */
    static boolean kernelReadAllowed(long addr) {
        if (Long.compareUnsigned(addr, USER_END) < 0) return false;
        if ((addr & ~0xfffL) == VSYSCALL) return false;
        return (addr >> 47) == -1; // canonical with 48-bit virtual addresses
    }

    /** Source of a kernel read of {@code len} bytes, or null; sets no state. */
    private static MemorySegment kernelSource(HelperContext ctx, long addr, long len) {
        if (ctx.inArena(addr, len)) return ctx.segment().asSlice(addr - ctx.baseAddress(), len);
        ProbeRegion r = ctx.environment().probeRegion(ProbeRegion.Space.KERNEL, addr, len);
        return r == null ? null : MemorySegment.ofArray(r.bytes()).asSlice(addr - r.address(), len);
    }

    private static MemorySegment userSource(HelperContext ctx, long addr, long len) {
        ProbeRegion r = ctx.environment().probeRegion(ProbeRegion.Space.USER, addr, len);
        return r == null ? null : MemorySegment.ofArray(r.bytes()).asSlice(addr - r.address(), len);
    }

    /** {@code bpf_probe_read_kernel_common}. */
    static long readKernel(HelperContext ctx, long dst, long size, long ptr) {
        MemorySegment out = ctx.writableSlice(dst, size);
        MemorySegment src = kernelSource(ctx, ptr, size);
        if (src != null) {
            out.copyFrom(src);
            return 0;
        }
        out.fill((byte) 0);
        return kernelReadAllowed(ptr) ? -Errno.EFAULT : -Errno.ERANGE;
    }

    /** {@code bpf_probe_read_user_common}: {@code copy_from_user_nofault}. */
    static long readUser(HelperContext ctx, long dst, long size, long ptr) {
        MemorySegment out = ctx.writableSlice(dst, size);
        MemorySegment src = userSource(ctx, ptr, size);
        if (src != null) {
            out.copyFrom(src);
            return 0;
        }
        if (size == 0 && Long.compareUnsigned(ptr, USER_END - 4096) < 0 && !ctx.inArena(ptr, 1)) return 0; // __access_ok
        out.fill((byte) 0);
        return -Errno.EFAULT;
    }

    /** {@code bpf_probe_read_kernel_str_common}. */
    static long readKernelStr(HelperContext ctx, long dst, long size, long ptr) {
        MemorySegment out = ctx.writableSlice(dst, size);
        byte[] buf = new byte[(int) size];
        long n = strncpyFromKernel(ctx, buf, ptr, size);
        if (n < 0) {
            out.fill((byte) 0);
            return n;
        }
        MemorySegment.copy(buf, 0, out, ValueLayout.JAVA_BYTE, 0, (int) n);
        return n;
    }

    /** {@code bpf_probe_read_user_str_common}. */
    static long readUserStr(HelperContext ctx, long dst, long size, long ptr) {
        MemorySegment out = ctx.writableSlice(dst, size);
        byte[] buf = new byte[(int) size];
        long n = strncpyFromUser(ctx, buf, ptr, size);
        if (n < 0) {
            out.fill((byte) 0);
            return n;
        }
        MemorySegment.copy(buf, 0, out, ValueLayout.JAVA_BYTE, 0, (int) n);
        return n;
    }

    /**
     * {@code strncpy_from_kernel_nofault} (mm/maccess.c): copies bytes into {@code dst} until a NUL or
     * {@code count} bytes; returns the length with the NUL, or {@code count} when truncated (the last
     * byte then made NUL); 0 for {@code count <= 0}; -ERANGE / -EFAULT as for kernel reads.
     */
    static long strncpyFromKernel(HelperContext ctx, byte[] dst, long ptr, long count) {
        if (count <= 0) return 0;
        boolean arena = ctx.inArena(ptr, 1);
        if (!arena && !kernelReadAllowed(ptr) && ctx.environment().probeRegion(ProbeRegion.Space.KERNEL, ptr, 1) == null) {
            return -Errno.ERANGE;
        }
        return copyString(ctx, dst, ptr, count, ProbeRegion.Space.KERNEL);
    }

    /** {@code strncpy_from_user_nofault}: the same contract over user memory, -EFAULT otherwise. */
    static long strncpyFromUser(HelperContext ctx, byte[] dst, long ptr, long count) {
        if (count <= 0) return 0;
        return copyString(ctx, dst, ptr, count, ProbeRegion.Space.USER);
    }

    private static long copyString(HelperContext ctx, byte[] dst, long ptr, long count, ProbeRegion.Space space) {
        for (long i = 0; i < count; i++) {
            long a = ptr + i;
            int b;
            if (space == ProbeRegion.Space.KERNEL && ctx.inArena(a, 1)) {
                b = ctx.segment().get(ValueLayout.JAVA_BYTE, a - ctx.baseAddress());
            } else {
                ProbeRegion r = ctx.environment().probeRegion(space, a, 1);
                if (r == null) {
                    if (i < dst.length) dst[(int) i] = 0;
                    return -Errno.EFAULT;
                }
                b = r.at(a);
            }
            dst[(int) i] = (byte) b;
            if (b == 0) return i + 1;
        }
        dst[(int) count - 1] = 0;
        return count;
    }

    /** {@code copy_from_kernel_nofault} into a fresh buffer, zeros on failure (bpf_bprintf_prepare's %pI4/%pI6). */
    static byte[] readKernelOrZeros(HelperContext ctx, long ptr, int len) {
        MemorySegment src = kernelSource(ctx, ptr, len);
        return src == null ? new byte[len] : src.toArray(ValueLayout.JAVA_BYTE);
    }
}
