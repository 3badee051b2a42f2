package io.ebpf4j.bench;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.isa.Program;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Writes a {@link LargeProgram} as an XDP object that libbpf (and so {@code bpftool}, the kernel oracle and
 * {@code ebpf4j bench}) loads: the entry {@code prog} in section {@code xdp}, the functions it calls in {@code .text}
 * (libbpf appends subprograms only from {@code .text}) with a local FUNC symbol each, and an {@code R_BPF_64_32}
 * relocation on each call of the entry (imm -1, target = symbol value / 8 + imm + 1, as clang emits it and libbpf's
 * {@code bpf_object__reloc_code} reads it). Calls inside {@code .text} keep their pc-relative imm without a
 * relocation, which libbpf accepts within one section.
 *
 * <p>Usage: {@code LargeProgramObject SIZE OUT.o [--branches]}. Without {@code --branches} the functions have no
 * conditional jumps ({@link LargeProgram#generate(long, int, boolean)}): the kernel's verifier then walks each
 * instruction once and loads programs up to its limit of 1,000,000 processed instructions; with them it gives up
 * ("BPF program is too large") even at 2,000 instructions.
 */
public final class LargeProgramObject {
    private static final int EM_BPF = 247, ET_REL = 1;
    private static final int SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_REL = 9;
    private static final long SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4;
    private static final int STT_FUNC = 2, STB_LOCAL = 0, STB_GLOBAL = 1;
    /** linux/bpf ELF ABI (llvm BPFELFObjectWriter): 32-bit pc-relative call relocation. */
    private static final int R_BPF_64_32 = 10;

    private LargeProgramObject() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: LargeProgramObject SIZE OUT.o [--branches]");
            System.exit(2);
        }
        int size = Integer.parseInt(args[0]);
        boolean branches = args.length > 2 && args[2].equals("--branches");
        Program p = LargeProgram.generate(JitCompileReport.SEED, size, branches);
        Files.write(Path.of(args[1]), object(p));
        System.out.printf("wrote %s: %,d instructions%s (LargeProgram seed %d)%n", args[1], p.size(),
                branches ? " with forward jumps" : ", no conditional jumps", JitCompileReport.SEED);
    }

    /** The object's bytes (little-endian): {@code prog} is the code before the first call target. */
    static byte[] object(Program p) {
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        byte[] all = p.encode(order);
        List<int[]> calls = new ArrayList<>(); // slot, target slot
        for (int i = 0; i < p.size(); i++) {
            Insn in = p.insn(i);
            if (in.opcode() == Opcodes.CALL_IMM && in.src() == Opcodes.PSEUDO_CALL) {
                calls.add(new int[] {p.slotOf(i), p.slotOf(i) + in.imm() + 1});
            }
        }
        TreeSet<Integer> targets = new TreeSet<>();
        for (int[] c : calls) targets.add(c[1]);
        if (targets.isEmpty()) throw new IllegalArgumentException("the program calls no function");
        int entrySlots = targets.first();
        List<int[]> entryCalls = calls.stream().filter(c -> c[0] < entrySlots).toList();
        ByteBuffer entry = ByteBuffer.wrap(java.util.Arrays.copyOfRange(all, 0, entrySlots * 8)).order(order);
        for (int[] c : entryCalls) entry.putInt(c[0] * 8 + 4, -1);
        byte[] text = java.util.Arrays.copyOfRange(all, entrySlots * 8, all.length);

        // symbols: null, the functions (local), prog (global); sections: 1 xdp, 2 .text, 3 license, 4 .strtab,
        // 5 .symtab, 6 .relxdp, 7 .shstrtab
        ByteArrayOutputStream strtab = new ByteArrayOutputStream();
        ByteBuffer syms = ByteBuffer.allocate(24 * (targets.size() + 2)).order(order);
        syms.put(new byte[24]);
        List<Integer> starts = new ArrayList<>(targets);
        int totalSlots = all.length / 8;
        for (int k = 0; k < starts.size(); k++) {
            int end = k + 1 < starts.size() ? starts.get(k + 1) : totalSlots;
            symbol(syms, name(strtab, "f" + k), STT_FUNC, STB_LOCAL, 2, (starts.get(k) - entrySlots) * 8L,
                    (end - starts.get(k)) * 8L);
        }
        symbol(syms, name(strtab, "prog"), STT_FUNC, STB_GLOBAL, 1, 0, entrySlots * 8L);
        ByteBuffer rel = ByteBuffer.allocate(16 * entryCalls.size()).order(order);
        for (int[] c : entryCalls) {
            long sym = 1 + starts.indexOf(c[1]);
            rel.putLong(c[0] * 8L).putLong(sym << 32 | R_BPF_64_32);
        }
        String[] names = {"", "xdp", ".text", "license", ".strtab", ".symtab", ".relxdp", ".shstrtab"};
        ByteArrayOutputStream shstr = new ByteArrayOutputStream();
        int[] nameAt = new int[names.length];
        for (int i = 0; i < names.length; i++) nameAt[i] = i == 0 ? 0 : name(shstr, names[i]);
        byte[][] data = {new byte[0], entry.array(), text, "GPL\0".getBytes(StandardCharsets.US_ASCII), strtab.toByteArray(),
                syms.array(), rel.array(), shstr.toByteArray()};
        int[] type = {0, SHT_PROGBITS, SHT_PROGBITS, SHT_PROGBITS, SHT_STRTAB, SHT_SYMTAB, SHT_REL, SHT_STRTAB};
        long[] flags = {0, SHF_ALLOC | SHF_EXECINSTR, SHF_ALLOC | SHF_EXECINSTR, SHF_ALLOC | SHF_WRITE, 0, 0, 0, 0};
        int[] link = {0, 0, 0, 0, 0, 4, 5, 0};
        int[] info = {0, 0, 0, 0, 0, 1 + starts.size(), 1, 0};
        long[] align = {0, 8, 8, 1, 1, 8, 8, 1};
        long[] entsize = {0, 0, 0, 0, 0, 24, 16, 0};

        long offset = 64;
        long[] at = new long[names.length];
        for (int i = 1; i < names.length; i++) {
            offset = (offset + 7) & ~7L;
            at[i] = offset;
            offset += data[i].length;
        }
        long shoff = (offset + 7) & ~7L;
        ByteBuffer out = ByteBuffer.allocate((int) (shoff + 64L * names.length)).order(order);
        out.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]);
        out.putShort((short) ET_REL).putShort((short) EM_BPF).putInt(1).putLong(0).putLong(0).putLong(shoff).putInt(0)
                .putShort((short) 64).putShort((short) 0).putShort((short) 0).putShort((short) 64)
                .putShort((short) names.length).putShort((short) (names.length - 1));
        for (int i = 1; i < names.length; i++) out.put((int) at[i], data[i]);
        for (int i = 0; i < names.length; i++) {
            out.position((int) (shoff + 64L * i));
            out.putInt(nameAt[i]).putInt(type[i]).putLong(flags[i]).putLong(0).putLong(at[i]).putLong(data[i].length)
                    .putInt(link[i]).putInt(info[i]).putLong(align[i]).putLong(entsize[i]);
        }
        return out.array();
    }

    private static void symbol(ByteBuffer b, int name, int type, int bind, int section, long value, long size) {
        b.putInt(name).put((byte) (bind << 4 | type)).put((byte) 0).putShort((short) section).putLong(value).putLong(size);
    }

    /** Appends {@code s} and a NUL to a string table; its offset (a table starts with a NUL). */
    private static int name(ByteArrayOutputStream table, String s) {
        if (table.size() == 0) table.write(0);
        int at = table.size();
        table.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        table.write(0);
        return at;
    }
}
