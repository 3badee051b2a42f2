package io.ebpf4j.vm;

/**
 * A named range of the memory arena, as BPF addresses: {@code [address, address + size)}.
 *
 * @param name    e.g. {@code "stack frame 0"} or {@code "input"}
 * @param address first BPF address of the region
 * @param size    length in bytes
 */
public record MemoryRegion(String name, long address, long size) {

    /** First address past the region. */
    public long end() {
        return address + size;
    }

    public boolean contains(long addr) {
        return addr >= address && addr - address < size;
    }

    @Override
    public String toString() {
        return String.format("%s [0x%x, 0x%x)", name, address, end());
    }
}
