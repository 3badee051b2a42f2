package io.ebpf4j.runtime;

import static io.ebpf4j.runtime.Fixtures.u32s;
import static io.ebpf4j.runtime.Fixtures.u64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.isa.Program;
import io.ebpf4j.link.LinkOptions;
import io.ebpf4j.link.LinkedProgram;
import io.ebpf4j.link.Linker;
import io.ebpf4j.maps.BpfMap;
import io.ebpf4j.object.BpfObject;
import io.ebpf4j.object.MapSpec;
import io.ebpf4j.vm.BpfRuntimeException;
import io.ebpf4j.vm.CpuSlot;
import io.ebpf4j.vm.MemoryArena;
import io.ebpf4j.vm.MemoryRegion;
import io.ebpf4j.vm.RunResult;
import io.ebpf4j.vm.Runtime;
import io.ebpf4j.vm.RuntimeOptions;
import io.ebpf4j.vm.TestRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runtime's memory model and program API: one arena, CPU slots, maps and global data, read-only .rodata. */
class RuntimeTest {

    @Test
    void oneArenaHoldsMapsGlobalDataAndEveryCpuSlotBelow4GiB() {
        try (Runtime rt = Runtime.load(Fixtures.object("counters.o"), RuntimeOptions.defaults().withCpus(3))) {
            MemoryArena a = rt.memory();
            assertEquals(MemoryArena.BASE, a.baseAddress());
            assertTrue(MemoryArena.BASE + a.size() < 1L << 32);
            assertEquals(3, rt.cpus());
            for (BpfMap m : rt.maps()) {
                assertTrue(a.inArena(m.address(), 24), m.name());
                assertNotNull(a.regionOf(m.address()), m.name());
            }
            for (int cpu = 0; cpu < 3; cpu++) {
                CpuSlot s = rt.slot(cpu);
                assertEquals(512, s.frameSize());
                assertTrue(s.frames() >= 8, "at least the 8 frames of one program");
                assertEquals("cpu " + cpu + ": stack frame 0", a.regionOf(s.stackTop(0) - 1).name());
                assertEquals("cpu " + cpu + ": stack frame 7", a.regionOf(s.stackTop(7) - 1).name());
                assertEquals("cpu " + cpu + ": context", a.regionOf(s.ctxAddress()).name());
                assertEquals("cpu " + cpu + ": packet", a.regionOf(s.packetAddress()).name());
                assertTrue(a.isWritable(s.packetAddress(), s.packetCapacity()));
            }
            assertTrue(a.regions().stream().map(MemoryRegion::name).anyMatch(n -> n.startsWith("map hash")));
        }
    }

    @Test
    void globalDataPersistsAcrossRunsAndRodataIsReadOnlyForPrograms() {
        try (Runtime rt = Runtime.load(Fixtures.object("globals.o"))) {
            // acc += ro + rw; rw++
            assertEquals(49, rt.program("read_globals").runWithContext(new byte[8]).retval());
            assertEquals(49 + 50, rt.program("read_globals").runWithContext(new byte[8]).retval());
            BpfMap rodata = rt.maps().stream().filter(m -> m.spec().kind() == MapSpec.Kind.RODATA).findFirst().orElseThrow();
            assertTrue(rodata.isFrozen());
            MemoryRegion r = rt.memory().regionOf(rodata.address());
            assertTrue(r.readOnly(), r.toString());
            BpfRuntimeException e = assertThrows(BpfRuntimeException.class,
                    () -> rt.program("write_rodata").runWithContext(new byte[8]));
            assertTrue(e.getMessage().contains("read-only memory") && e.getMessage().contains("program 'write_rodata'"),
                    e.getMessage());
            assertEquals(42, u64(rodata.lookup(u32s(0))));
        }
    }

    @Test
    void aProgramGivenLinkedRunsAsGivenAndTheOthersAreLinkedAsUsual() {
        BpfObject obj = Fixtures.object("globals.o");
        LinkedProgram lp = Linker.link(obj, "read_globals", LinkOptions.defaults());
        // the same entry with other code (r0 = 7): what runs shows which of the two the runtime took
        LinkedProgram.Function f = lp.functions().get(0);
        LinkedProgram seven = new LinkedProgram(lp.entry(),
                Program.of(new Insn(Opcodes.ALU64 | Opcodes.MOV | Opcodes.K, 0, 0, 0, 7), Insn.exit()),
                List.of(new LinkedProgram.Function(f.name(), f.section(), 0, 0, 2, f.btfFuncId())), List.of(), lp.maps(),
                List.of(), lp.license(), List.of());
        try (Runtime rt = Runtime.load(obj, RuntimeOptions.defaults(), List.of(seven))) {
            assertEquals(7, rt.program("read_globals").runWithContext(new byte[8]).retval());
            // write_rodata was not given: linked from the object, it still meets read-only .rodata
            assertThrows(BpfRuntimeException.class, () -> rt.program("write_rodata").runWithContext(new byte[8]));
        }
        try (Runtime rt = Runtime.load(obj, RuntimeOptions.defaults(), List.of(lp))) {
            assertEquals(49, rt.program("read_globals").runWithContext(new byte[8]).retval());
        }
    }

    @Test
    void aProgramLinkedFromAnotherObjectOrGivenTwiceIsRefused() {
        BpfObject obj = Fixtures.object("globals.o");
        LinkedProgram other = Linker.link(Fixtures.object("globals.o"), "read_globals", LinkOptions.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Runtime.load(obj, RuntimeOptions.defaults(), List.of(other)));
        assertTrue(e.getMessage().contains("'read_globals' was not linked from"), e.getMessage());
        LinkedProgram lp = Linker.link(obj, "read_globals", LinkOptions.defaults());
        e = assertThrows(IllegalArgumentException.class, () -> Runtime.load(obj, RuntimeOptions.defaults(), List.of(lp, lp)));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
    }

    @Test
    void aHelperTheProgramTypeDoesNotOfferIsALoadTimeErrorNamingItAndTheInstruction() {
        try (Runtime rt = Runtime.load(Fixtures.object("globals.o"))) {
            BpfRuntimeException e = assertThrows(BpfRuntimeException.class, () -> rt.program("bad_helper"));
            assertTrue(e.getMessage().contains("bpf_xdp_adjust_head (#44)") && e.getMessage().contains("insn ")
                    && e.getMessage().contains("syscall"), e.getMessage());
        }
    }

    @Test
    void runsOnTheCpuSlotTheyAskFor() {
        try (Runtime rt = Runtime.load(Fixtures.object("counters.o"), RuntimeOptions.defaults().withCpus(2))) {
            RunResult r = rt.program("count").run(TestRun.context(u32s(5, 0)).onCpu(1));
            assertEquals(1, r.cpu());
            assertEquals(0, r.retval());
            assertThrows(BpfRuntimeException.class, () -> rt.program("count").run(TestRun.context(u32s(5, 0)).onCpu(2)));
        }
    }

    @Test
    void aClosedRuntimeCannotRun() {
        Runtime rt = Runtime.load(Fixtures.object("counters.o"));
        var p = rt.program("count");
        rt.close();
        assertThrows(BpfRuntimeException.class, () -> p.runWithContext(u32s(1, 0)));
    }
}
