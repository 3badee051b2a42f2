package io.ebpf4j.asm;

import io.ebpf4j.elf.Elf;
import io.ebpf4j.elf.ElfException;
import io.ebpf4j.elf.ElfFile;
import io.ebpf4j.elf.ElfSection;
import io.ebpf4j.elf.ElfSymbol;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.isa.Program;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Disassembles the executable sections of a BPF ELF object the way {@code llvm-objdump-19 -d
 * --no-show-raw-insn FILE} does, line for line: the same header, section and symbol headings, elided
 * runs of zero bytes, instruction numbering and branch target annotations. Relocations are not
 * applied or shown (like objdump without {@code -r}).
 *
 * <p>The layout rules below were established by running llvm-objdump-19 on objects built for the
 * purpose (see {@code scripts/build-asm-corpus.sh}) and follow the structure of llvm-objdump's
 * {@code disassembleObject}:
 * <ul>
 *   <li>every section with {@code SHF_EXECINSTR} and bytes in the file, in section order; a section
 *       that yields no block (empty) prints nothing, not even its heading;</li>
 *   <li>the labels of a section are its symbols except {@code STT_SECTION}, {@code STT_FILE} and
 *       unnamed ones, at {@code st_value} (plus {@code sh_addr} in a relocatable object), sorted by
 *       address, then name (bytewise), then type; where several share an address only the last one
 *       is printed; if none is at the section's start, the section's own name is used there;</li>
 *   <li>a block runs from its label to the next label or the section's end; within it, 8 or more
 *       zero bytes at an instruction boundary are elided as {@code ...} (a multiple of 4 of them);</li>
 *   <li>an instruction is decoded from the bytes up to the section's end (so it may run past its
 *       block); an instruction LLVM cannot decode prints {@code <unknown>} and takes 8 bytes; fewer
 *       than 8 bytes left, or a decodable {@code ld_imm64} with fewer than 16, print one
 *       {@code <unknown>} per byte;</li>
 *   <li>lines are numbered by {@code address / 8} right-aligned in 8 columns; a branch is annotated
 *       with the last label at or before its target in the same section, and the unsigned byte
 *       distance from it.</li>
 * </ul>
 */
public final class ObjectDisassembler {
    private static final int SLOT = Program.SLOT_SIZE;

    private ObjectDisassembler() {}

    /**
     * One labelled block of a section: its label line and the lines under it.
     *
     * @param sectionIndex the ELF index of the section (names need not be unique)
     */
    public record Block(int sectionIndex, String section, long address, String symbol, List<Line> lines) {
        public Block {
            lines = List.copyOf(lines);
        }
    }

    /** A line of a block. */
    public sealed interface Line permits Decoded, Unknown, Zeros {
        /** Byte address of the first byte this line covers. */
        long address();
    }

    /**
     * An instruction llvm-objdump decodes.
     *
     * @param text       the instruction as printed, without the annotation
     * @param annotation the {@code <sym+0x..>} after a branch, or null
     */
    public record Decoded(long address, Insn insn, String text, String annotation) implements Line {}

    /** Bytes llvm-objdump cannot decode, printed as {@code <unknown>}; {@code size} is 8, or 1 near a section's end. */
    public record Unknown(long address, int size) implements Line {}

    /** A run of zero bytes printed as {@code ...}. */
    public record Zeros(long address, int size) implements Line {}

    /** The object's bytes, disassembled: the format name for the header, and every block in order. */
    public record Disassembly(String fileFormat, List<Block> blocks) {
        public Disassembly {
            blocks = List.copyOf(blocks);
        }

        /** The listing exactly as llvm-objdump prints it for a file given as {@code fileName}. */
        public String render(String fileName) {
            StringBuilder out = new StringBuilder();
            out.append('\n').append(fileName).append(":\tfile format ").append(fileFormat).append('\n');
            int section = -1;
            for (Block b : blocks) {
                if (b.sectionIndex() != section) {
                    section = b.sectionIndex();
                    out.append("\nDisassembly of section ").append(b.section()).append(":\n");
                }
                out.append('\n').append(String.format("%016x <%s>:\n", b.address(), b.symbol()));
                for (Line line : b.lines()) {
                    renderLine(out, line);
                }
            }
            return out.toString();
        }

        private static void renderLine(StringBuilder out, Line line) {
            // llvm-objdump's BPF pretty printer numbers lines by address / 8 ("%8" PRId64 ":")
            switch (line) {
                case Zeros _ -> out.append("\t\t...\n");
                case Unknown u -> out.append(number(u.address())).append(LlvmDisassembler.UNKNOWN).append('\n');
                case Decoded d -> {
                    out.append(number(d.address())).append(d.text());
                    if (d.annotation() != null) out.append(' ').append(d.annotation());
                    out.append('\n');
                }
            }
        }

        private static String number(long address) {
            return String.format("%8d:\t", Long.divideUnsigned(address, 8));
        }
    }

    /** Reads the object at {@code path} and renders it as {@code llvm-objdump -d --no-show-raw-insn path} would. */
    public static String disassemble(Path path) {
        return disassemble(ElfFile.read(path), path.toString(), LlvmDisassembler.OBJDUMP);
    }

    /**
     * Renders {@code elf} as llvm-objdump does with the file named {@code fileName} on its command line.
     *
     * @param flavour {@link LlvmDisassembler#OBJDUMP}, or {@link LlvmDisassembler#OBJDUMP_ALU32} for {@code --mattr=+alu32}
     * @throws ElfException if the object is not a BPF object
     */
    public static String disassemble(ElfFile elf, String fileName, LlvmDisassembler flavour) {
        return disassembly(elf, flavour).render(fileName);
    }

    /**
     * The structured disassembly of every executable section.
     *
     * @throws ElfException if the object is not a BPF object ({@code e_machine} other than EM_BPF)
     */
    public static Disassembly disassembly(ElfFile elf, LlvmDisassembler flavour) {
        if (elf.machine() != Elf.EM_BPF) {
            throw new ElfException(elf.name() + ": not a BPF object (e_machine " + elf.machine() + ")");
        }
        List<Block> blocks = new ArrayList<>();
        for (ElfSection section : elf.sections()) {
            // llvm-objdump -d: only text sections (SHF_EXECINSTR) that are not virtual (SHT_NOBITS)
            if (section.isExecutable() && section.hasData()) {
                new SectionDisassembler(elf, section, flavour).run(blocks);
            }
        }
        // "elf64-bpf" for both byte orders: llvm-objdump names the BPF format without the endianness
        return new Disassembly("elf64-bpf", blocks);
    }

    /** A label candidate: address, name and ELF type, ordered as llvm-objdump's SymbolInfoTy. */
    private record Label(long address, String name, int type) {
        static final Comparator<Label> ORDER = Comparator.comparing(Label::address, Long::compareUnsigned)
                .thenComparing(Label::name, (a, b) -> Arrays.compareUnsigned(
                        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)))
                .thenComparingInt(Label::type);
    }

    /** Disassembles one section. */
    private static final class SectionDisassembler {
        private final ElfSection section;
        private final LlvmDisassembler flavour;
        private final byte[] data;
        private final long base;
        private final ByteOrder order;
        private final List<Label> labels;

        SectionDisassembler(ElfFile elf, ElfSection section, LlvmDisassembler flavour) {
            this.section = section;
            this.flavour = flavour;
            this.data = section.data();
            this.base = section.addr();
            this.order = elf.byteOrder();
            this.labels = labels(elf, section);
        }

        private static List<Label> labels(ElfFile elf, ElfSection section) {
            long offset = elf.type() == Elf.ET_REL ? section.addr() : 0;
            List<Label> out = new ArrayList<>();
            for (ElfSymbol s : elf.symbols()) {
                // llvm-objdump skips unnamed symbols and the "format specific" STT_SECTION and STT_FILE ones
                if (s.name().isEmpty() || s.type() == Elf.STT_SECTION || s.type() == Elf.STT_FILE) continue;
                if (!s.isDefinedInSection() || s.shndx() != section.index()) continue;
                out.add(new Label(s.value() + offset, s.name(), s.type()));
            }
            out.sort(Label.ORDER);
            boolean atStart = out.stream().anyMatch(l -> l.address() == section.addr());
            if (!atStart) {
                // llvm-objdump invents a symbol named after the section at its start
                out.add(0, new Label(section.addr(), section.name(), Elf.STT_FUNC));
                out.sort(Label.ORDER);
            }
            return out;
        }

        void run(List<Block> blocks) {
            long sectionEnd = base + data.length;
            for (int i = 0; i < labels.size(); ) {
                long start = labels.get(i).address();
                int next = i;
                while (next < labels.size() && labels.get(next).address() == start) next++;
                Label shown = labels.get(next - 1); // only the last symbol at an address is printed
                long end = next < labels.size() ? Math.min(sectionEnd, labels.get(next).address()) : sectionEnd;
                i = next;
                if (Long.compareUnsigned(start, base) < 0 || Long.compareUnsigned(start, end) >= 0) continue;
                blocks.add(new Block(section.index(), section.name(), start, shown.name(), lines((int) (start - base), (int) (end - base))));
            }
        }

        private List<Line> lines(int index, int end) {
            List<Line> out = new ArrayList<>();
            while (index < end) {
                int zeros = skippableZeros(index, end);
                if (zeros > 0) {
                    out.add(new Zeros(base + index, zeros));
                    index += zeros;
                    continue;
                }
                int left = data.length - index;
                if (left < SLOT) {
                    out.add(new Unknown(base + index, 1));
                    index += 1;
                    continue;
                }
                Insn insn = decode(index);
                if (!flavour.decodes(insn)) {
                    out.add(new Unknown(base + index, SLOT));
                    index += SLOT;
                    continue;
                }
                if (insn.isWide() && left < 2 * SLOT) {
                    // LLVM's BPF decoder reports a ld_imm64 without its second slot as size 0,
                    // which llvm-objdump prints as one <unknown> byte
                    out.add(new Unknown(base + index, 1));
                    index += 1;
                    continue;
                }
                long address = base + index;
                out.add(new Decoded(address, insn, flavour.format(insn), annotation(address, insn)));
                index += insn.slots() * SLOT;
            }
            return out;
        }

        /** llvm-objdump's countSkippableZeroBytes: a run of at least 8 zero bytes within the block, rounded down to a multiple of 4. */
        private int skippableZeros(int index, int end) {
            int n = 0;
            while (index + n < end && data[index + n] == 0) n++;
            return n < 8 ? 0 : n & ~3;
        }

        /**
         * The instruction at {@code index} as LLVM's BPF decoder reads it: a {@code ld_imm64} takes
         * the immediate of the next slot, if there is one, without looking at that slot's other fields.
         */
        private Insn decode(int index) {
            boolean le = order == ByteOrder.LITTLE_ENDIAN;
            int opcode = data[index] & 0xff;
            int regs = data[index + 1] & 0xff;
            int dst = le ? regs & 0xf : regs >>> 4;
            int src = le ? regs >>> 4 : regs & 0xf;
            short off = (short) read(index + 2, 2, le);
            int imm = (int) read(index + 4, 4, le);
            boolean second = opcode == Opcodes.LD_IMM64 && data.length - index >= 2 * SLOT;
            return new Insn(opcode, dst, src, off, imm, second ? (int) read(index + 12, 4, le) : 0);
        }

        private long read(int p, int n, boolean le) {
            long v = 0;
            for (int i = 0; i < n; i++) {
                int b = data[p + (le ? n - 1 - i : i)] & 0xff;
                v = v << 8 | b;
            }
            return v;
        }

        private String annotation(long address, Insn insn) {
            if (!insn.isBranch()) return null;
            long target = LlvmDisassembler.branchTarget(address, insn);
            // the last label at or before the target (unsigned compare, as llvm-objdump's partition_point)
            Label found = null;
            for (Label l : labels) {
                if (Long.compareUnsigned(l.address(), target) <= 0) found = l;
                else break;
            }
            // a section always has a label at its start, so found is null only for a target below it
            return found == null ? null : LlvmDisassembler.targetAnnotation(found.name(), target - found.address());
        }
    }
}
