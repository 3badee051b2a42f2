package io.ebpf4j.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One section header ({@code Elf64_Shdr}) with access to the section's bytes. Accessors are named
 * after the gABI fields without the {@code sh_} prefix. Every section that has bytes in the file
 * was checked to lie inside it when the file was parsed, so {@link #data()} cannot fail.
 * Immutable.
 */
public final class ElfSection {
    private final int index;
    private final String name;
    private final int type;
    private final long flags;
    private final long addr;
    private final long offset;
    private final long size;
    private final int link;
    private final int info;
    private final long addralign;
    private final long entsize;
    private final byte[] file;
    private final ByteOrder order;

    ElfSection(int index, String name, int type, long flags, long addr, long offset, long size, int link, int info,
               long addralign, long entsize, byte[] file, ByteOrder order) {
        this.index = index;
        this.name = name;
        this.type = type;
        this.flags = flags;
        this.addr = addr;
        this.offset = offset;
        this.size = size;
        this.link = link;
        this.info = info;
        this.addralign = addralign;
        this.entsize = entsize;
        this.file = file;
        this.order = order;
    }

    /** The section's index in the section header table. */
    public int index() {
        return index;
    }

    /** {@code sh_name} resolved through the section name string table ({@code e_shstrndx}). */
    public String name() {
        return name;
    }

    /** {@code sh_type}, one of {@code Elf.SHT_*} (unsigned 32-bit). */
    public int type() {
        return type;
    }

    /** {@code sh_flags}, a combination of {@code Elf.SHF_*}. */
    public long flags() {
        return flags;
    }

    /** {@code sh_addr}. */
    public long addr() {
        return addr;
    }

    /** {@code sh_offset}: where the section's bytes start in the file. */
    public long offset() {
        return offset;
    }

    /** {@code sh_size}; for {@code SHT_NOBITS}, the size the section occupies in memory only. */
    public long size() {
        return size;
    }

    /** {@code sh_link} (unsigned 32-bit); its meaning depends on the type. */
    public int link() {
        return link;
    }

    /** {@code sh_info} (unsigned 32-bit); its meaning depends on the type. */
    public int info() {
        return info;
    }

    /** {@code sh_addralign}. */
    public long addralign() {
        return addralign;
    }

    /** {@code sh_entsize}: the size of one entry for sections holding a table, else 0. */
    public long entsize() {
        return entsize;
    }

    /** True when the section has bytes in the file (any type except SHT_NULL and SHT_NOBITS). */
    public boolean hasData() {
        return type != Elf.SHT_NULL && type != Elf.SHT_NOBITS;
    }

    /** A copy of the section's bytes; empty for {@code SHT_NOBITS} and {@code SHT_NULL}. */
    public byte[] data() {
        if (!hasData()) {
            return new byte[0];
        }
        return Arrays.copyOfRange(file, (int) offset, (int) (offset + size));
    }

    /**
     * The section's bytes as a read-only buffer in the file's byte order, positioned at 0;
     * empty for {@code SHT_NOBITS} and {@code SHT_NULL}.
     */
    public ByteBuffer buffer() {
        if (!hasData()) {
            return ByteBuffer.allocate(0).order(order).asReadOnlyBuffer();
        }
        return ByteBuffer.wrap(file, (int) offset, (int) size).slice().asReadOnlyBuffer().order(order);
    }

    /** {@code SHF_EXECINSTR}: the section holds executable instructions. */
    public boolean isExecutable() {
        return (flags & Elf.SHF_EXECINSTR) != 0;
    }

    /** {@code SHF_ALLOC}: the section occupies memory during execution. */
    public boolean isAlloc() {
        return (flags & Elf.SHF_ALLOC) != 0;
    }

    /** {@code SHF_WRITE}: the section is writable during execution. */
    public boolean isWritable() {
        return (flags & Elf.SHF_WRITE) != 0;
    }

    @Override
    public String toString() {
        return "section " + index + " '" + name + "' " + Elf.sectionTypeName(type)
                + " offset 0x" + Long.toHexString(offset) + " size 0x" + Long.toHexString(size);
    }
}
