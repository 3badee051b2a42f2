package io.ebpf4j.maps;

/**
 * A block of the arena that a map allocated (header, keys and values, ring data...), for the
 * runtime's region table and checked mode.
 *
 * @param name    what it holds, e.g. {@code "map counts: values"}
 * @param address BPF address of its first byte
 * @param size    its size in bytes
 */
public record MapRegion(String name, long address, long size) {

    /** Whether {@code addr} lies inside this region. */
    public boolean contains(long addr) {
        return addr >= address && addr - address < size;
    }

    @Override
    public String toString() {
        return String.format("%s [0x%x, 0x%x)", name, address, address + size);
    }
}
