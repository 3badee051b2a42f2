package io.ebpf4j.progtype;

import io.ebpf4j.helpers.PacketBuffer;
import io.ebpf4j.object.ProgramType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
        if (data.length > mem.packetCapacity()) {
            throw new TestRunException(28, "the " + data.length + "-byte buffer does not fit the CPU slot's packet region ("
                    + mem.packetCapacity() + " bytes); raise RuntimeOptions.packetCapacity");
        }
        MemorySegment seg = mem.segment();
        long base = mem.baseAddress();
        long addr = mem.packetAddress();
        MemorySegment.copy(data, 0, seg, ValueLayout.JAVA_BYTE, addr - base, data.length);
        long r1 = input.data() == null ? 0 : addr;
        return new PreparedRun() {
            @Override
            public long r1() {
                return r1;
            }

            @Override
            public long r2() {
                return data.length;
            }

            @Override
            public PacketBuffer packet() {
                return null;
            }

            @Override
            public long inputAddress() {
                return addr;
            }

            @Override
            public int inputLength() {
                return data.length;
            }

            @Override
            public TestRunOutput finish(long r0) {
                return new TestRunOutput(r0, seg.asSlice(addr - base, data.length).toArray(ValueLayout.JAVA_BYTE), null);
            }
        };
    }
}
