package io.ebpf4j.verifier;

import io.ebpf4j.elf.Elf;
import io.ebpf4j.elf.TestElfBuilder;
import io.ebpf4j.elf.TestElfBuilder.Rel;
import io.ebpf4j.elf.TestElfBuilder.Sec;
import io.ebpf4j.elf.TestElfBuilder.StrTab;
import io.ebpf4j.elf.TestElfBuilder.Sym;
import io.ebpf4j.isa.Program;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A relocatable BPF object in memory holding one XDP program, as clang would emit it: the code in
 * section {@code xdp} with a global FUNC symbol, {@code license} = "GPL", and when the program uses
 * maps a legacy {@code maps} section ({@code struct bpf_map_def}: type, key_size, value_size,
 * max_entries, map_flags, as libbpf's bpf_object__init_user_maps reads it) with one OBJECT symbol
 * per map and an {@code R_BPF_64_64} relocation (type 1, linux/bpf llvm ELF ABI) on each
 * {@code ld_imm64} that loads one.
 */
public final class XdpObjects {
    public static final String PROGRAM = "prog";
    private static final int R_BPF_64_64 = 1;
    private static final int MAP_TYPE_HASH = 1, MAP_TYPE_ARRAY = 2, MAP_TYPE_PERCPU_ARRAY = 6; // include/uapi/linux/bpf.h enum bpf_map_type

    private XdpObjects() {}

    /**
     * The assembly (LLVM syntax) of an XDP program that returns 1 for a packet shorter than {@code bytes} and
     * otherwise runs {@code body} with r3 = data and r2 = data_end; the body may {@code goto out} (the final
     * {@code exit}) with r0 set, or fall through to it.
     */
    public static String guarded(int bytes, String body) {
        return """
                r2 = *(u32 *)(r1 + 4)
                r3 = *(u32 *)(r1 + 0)
                r0 = 1
                r4 = r3
                r4 += %d
                if r4 > r2 goto out
                %sout:
                exit
                """.formatted(bytes, body);
    }

    /**
     * @param code    the program
     * @param mapRefs for each ld_imm64 in program order, the map it loads (0 = arr, 1 = hsh); empty: no maps section
     */
    public static byte[] object(Program code, int[] mapRefs) {
        return object(code, mapRefs, false);
    }

    /** As {@link #object(Program, int[])}, with {@code arr} a per-CPU array ({@code BPF_MAP_TYPE_PERCPU_ARRAY}) if asked. */
    public static byte[] object(Program code, int[] mapRefs, boolean perCpuArray) {
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        byte[] text = code.encode(order);
        TestElfBuilder b = new TestElfBuilder(order);
        int xdp = b.add(new Sec("xdp", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, 0, 0, 8, 0, text, 0));
        b.add(new Sec("license", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE, 0, 0, 1, 0,
                "GPL\0".getBytes(StandardCharsets.US_ASCII), 0));
        boolean maps = mapRefs.length > 0;
        int mapsSec = -1;
        if (maps) {
            ByteBuffer defs = ByteBuffer.allocate(40).order(order);
            defs.putInt(perCpuArray ? MAP_TYPE_PERCPU_ARRAY : MAP_TYPE_ARRAY).putInt(4).putInt(RandomXdpPrograms.ARRAY_VALUE).putInt(RandomXdpPrograms.ARRAY_ENTRIES).putInt(0);
            defs.putInt(MAP_TYPE_HASH).putInt(4).putInt(RandomXdpPrograms.HASH_VALUE).putInt(RandomXdpPrograms.HASH_ENTRIES).putInt(0);
            mapsSec = b.add(new Sec("maps", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE, 0, 0, 4, 0, defs.array(), 0));
        }
        StrTab str = new StrTab();
        List<Sym> syms = new ArrayList<>();
        syms.add(new Sym(0, 0, 0, 0, 0, 0, 0));
        syms.add(new Sym(str.add(PROGRAM), Elf.STT_FUNC, Elf.STB_GLOBAL, 0, xdp, 0, text.length));
        if (maps) {
            syms.add(new Sym(str.add("arr"), Elf.STT_OBJECT, Elf.STB_GLOBAL, 0, mapsSec, 0, 20));
            syms.add(new Sym(str.add("hsh"), Elf.STT_OBJECT, Elf.STB_GLOBAL, 0, mapsSec, 20, 20));
        }
        int strtab = b.add(new Sec(".strtab", Elf.SHT_STRTAB, 0, 0, 0, 1, 0, str.bytes(), 0));
        int symtab = b.add(new Sec(".symtab", Elf.SHT_SYMTAB, 0, strtab, 1, 8, Elf.SYM_SIZE,
                TestElfBuilder.symbols(order, syms.toArray(Sym[]::new)), 0));
        if (maps) {
            List<Rel> rels = new ArrayList<>();
            int next = 0;
            for (int i = 0; i < code.size(); i++) {
                if (!code.insn(i).isWide()) continue;
                rels.add(new Rel((long) code.slotOf(i) * Program.SLOT_SIZE, 2 + mapRefs[next++], R_BPF_64_64, 0));
            }
            if (next != mapRefs.length) throw new IllegalStateException("ld_imm64 count " + next + " != map references " + mapRefs.length);
            b.add(new Sec(".relxdp", Elf.SHT_REL, 0, symtab, xdp, 8, Elf.REL_SIZE,
                    TestElfBuilder.relocations(order, false, rels.toArray(Rel[]::new)), 0));
        }
        return b.build();
    }
}
