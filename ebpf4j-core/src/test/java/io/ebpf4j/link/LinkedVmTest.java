package io.ebpf4j.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.MapSpec;
import io.ebpf4j.object.ObjectFixtures;
import io.ebpf4j.vm.BpfRuntimeException;
import io.ebpf4j.vm.LdImm64Resolver;
import io.ebpf4j.vm.Vm;
import io.ebpf4j.vm.VmOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Linked programs run in the interpreter: the bench {@code .ubpf.o} builds (entry
 * {@code prog(mem, len)}, r1 = buffer, r2 = length), with the expected results computed here from
 * their C sources.
 */
class LinkedVmTest {

    static byte[] bench(String file) throws Exception {
        return Files.readAllBytes(ObjectFixtures.fixture("bench/" + file));
    }

    static long u64(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    // calls.c: a depth-4 binary call tree of __noinline functions
    static long lvl0(long a, long b) {
        return ((a ^ b) * 0x9E3779B97F4A7C15L) + (a >>> 29);
    }

    static long lvl1(long a, long b) {
        return lvl0(a, b) ^ lvl0(b + 1, a);
    }

    static long lvl2(long a, long b) {
        return lvl1(a, b) + lvl1(a ^ 0x55, b);
    }

    static long lvl3(long a, long b) {
        return lvl2(a, b) ^ lvl2(b, a + 3);
    }

    @Test
    void linkedCallsProgramComputesWhatItsSourceSays() throws Exception {
        byte[] pkt = bench("pkt64.bin");
        long h = pkt.length >= 8 ? u64(pkt) : 1;
        for (int i = 0; i < 1000; i++) h = lvl3(h, Integer.toUnsignedLong(i));
        int expected = (int) (h ^ (h >>> 32));

        LinkedProgram lp = Linker.link(ObjectFixtures.open("bench/calls.ubpf.o"), "prog", LinkOptions.defaults());
        try (Vm vm = Vm.load(lp.program())) {
            assertEquals(expected, (int) vm.run(pkt));
            // 1000 iterations x 15 bpf-to-bpf calls, as the bench README counts 131,010 instructions
            assertEquals(131_010, vm.instructionCount());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"empty", "hash1k", "parse"})
    void singleFunctionProgramsRunTheSameLinkedAndUnlinked(String name) throws Exception {
        BpfObject o = ObjectFixtures.open("bench/" + name + ".ubpf.o");
        byte[] input = bench(name.equals("hash1k") ? "buf1k.bin" : "pkt64.bin");
        LinkedProgram lp = Linker.link(o, "prog", LinkOptions.defaults());
        long linked, unlinked;
        try (Vm vm = Vm.load(lp.program())) {
            linked = vm.run(input);
        }
        try (Vm vm = Vm.load(o.program("prog").orElseThrow().instructions())) {
            unlinked = vm.run(input);
        }
        assertEquals(unlinked, linked);
        if (name.equals("empty")) assertEquals(2, linked); // "returns 2"
    }

    @Test
    void arithReadsItsDataGlobalThroughTheResolver() throws Exception {
        byte[] pkt = bench("pkt64.bin");
        // arith.c: x = 0x0123456789ABCDEF ^ first u64; 1,000,000 rounds from loop_zero (0)
        long x = 0x0123456789ABCDEFL ^ u64(pkt), y = 7;
        for (long i = 0; i < 1_000_000; i++) {
            x = x * 6364136223846793005L + i;
            x ^= x >>> 33;
            y += x ^ (y << 5);
        }
        int expected = (int) (x ^ y ^ (y >>> 32));

        BpfObject o = ObjectFixtures.open("bench/arith.ubpf.o");
        LinkedProgram lp = Linker.link(o, "prog", LinkOptions.defaults());
        VmOptions base = VmOptions.defaults();
        long input;
        try (Vm probe = Vm.load(lp.program(), base.withResolver((slot, insn) -> 0))) {
            input = probe.memory().inputAddress();
        }
        long dataAddress = input + 4096; // global data placed after the packet, inside the input region
        LdImm64Resolver resolver = (slot, insn) -> {
            if (insn.src() != Opcodes.PSEUDO_MAP_IDX_VALUE) throw new BpfRuntimeException(slot, insn, "unexpected reference");
            MapSpec m = lp.maps().get(insn.imm());
            assertEquals("arith.data", m.name());
            return dataAddress + Integer.toUnsignedLong(insn.imm2());
        };
        try (Vm vm = Vm.load(lp.program(), base.withResolver(resolver))) {
            assertEquals(input, vm.memory().inputAddress());
            vm.memory().write(dataAddress, o.map("arith.data").orElseThrow().contents());
            vm.memory().write(input, pkt);
            assertEquals(expected, (int) vm.runInPlace(pkt.length));
        }
        Insn ld = lp.program().insns().stream().filter(i -> i.isWide() && i.src() == Opcodes.PSEUDO_MAP_IDX_VALUE)
                .findFirst().orElseThrow();
        assertEquals(0, ld.imm2()); // loop_zero is at .data+0
    }
}
