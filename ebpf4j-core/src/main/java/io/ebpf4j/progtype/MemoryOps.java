package io.ebpf4j.progtype;

import io.ebpf4j.object.ProgramType;
import java.util.List;

/**
 * The "memory" type of the bpf_conformance suite and of uBPF (no kernel type): r1 = the address
 * of a copy of {@code data}, r2 = its length (r1 = 0 without data); legacy packet loads read that
 * buffer; {@code data_out} is the buffer after the run; {@code retval} is all 64 bits of r0.
 */
final class MemoryOps implements ProgTypeOps {
    @Override
    public ProgramType type() {
        return ProgramType.UNSPEC;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public int contextSize() {
        return 0;
    }

    @Override
    public List<ContextField> contextFields() {
        return List.of();
    }

    @Override
    public boolean allowsHelper(int helperId) {
        return HelperSets.ALL.get(helperId);
    }

    @Override
    public PreparedRun prepare(SlotMemory mem, TestRunInput input) {
        byte[] data = input.data() == null ? new byte[0] : input.data();
        TestRunLayout.requireRoom(mem, data.length, 0, "a buffer");
        long addr = mem.packetAddress();
        TestRunLayout.copyIn(mem, addr, data);
        long r1 = input.data() == null ? 0 : addr;
        return new TestRunLayout.Run(r1, data.length, null, addr, data.length,
                r0 -> new TestRunOutput(r0, TestRunLayout.copyOut(mem, addr, data.length), null));
    }
}
