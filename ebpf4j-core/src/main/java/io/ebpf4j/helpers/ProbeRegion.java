package io.ebpf4j.helpers;

import java.util.Objects;

/**
 * Memory outside the arena that {@code bpf_probe_read_kernel/_user(_str)} may read: the runtime
 * has no kernel or process address space, so the caller provides the bytes and the address a
 * program will use for them (typically an address it finds in a context, e.g. a raw tracepoint
 * argument).
 *
 * @param space   whether the region is kernel memory ({@code probe_read_kernel}) or user memory ({@code probe_read_user})
 * @param address the address programs use for the first byte
 * @param bytes   the contents
 */
public record ProbeRegion(Space space, long address, byte[] bytes) {

    /** The address space a region belongs to. */
    public enum Space {
        /** Kernel memory: readable by {@code bpf_probe_read_kernel(_str)}. */
        KERNEL,
        /** User memory: readable by {@code bpf_probe_read_user(_str)}. */
        USER
    }

    public ProbeRegion {
        Objects.requireNonNull(space, "space");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Whether {@code [addr, addr + length)} lies inside the region. */
    public boolean contains(long addr, long length) {
        long off = addr - address;
        return length >= 0 && off >= 0 && off <= bytes.length - length && Long.compareUnsigned(addr, address) >= 0;
    }

    /** The byte at {@code addr} (which must be inside). */
    byte at(long addr) {
        return bytes[(int) (addr - address)];
    }

    /** Copies {@code length} bytes at {@code addr} (which must be inside) into {@code dst}. */
    void copy(long addr, byte[] dst, int length) {
        System.arraycopy(bytes, (int) (addr - address), dst, 0, length);
    }
}
