package io.ebpf4j.vm;

/**
 * A named range of the memory arena, as BPF addresses: {@code [address, address + size)}.
 *
 * @param name     e.g. {@code "cpu 0: stack frame 0"}, {@code "input"} or {@code "map counts: values"}
 * @param address  first BPF address of the region
 * @param size     length in bytes
 * @param readOnly whether programs may only read it
 */
public record MemoryRegion(String name, long address, long size, boolean readOnly) {

    /** A writable region. */
    public MemoryRegion(String name, long address, long size) {
        this(name, address, size, false);
    }

    /** First address past the region. */
    public long end() {
        return address + size;
    }

    public boolean contains(long addr) {
        return addr >= address && addr - address < size;
    }

    @Override
    public String toString() {
        return String.format("%s [0x%x, 0x%x)%s", name, address, end(), readOnly ? " read-only" : "");
    }
}
