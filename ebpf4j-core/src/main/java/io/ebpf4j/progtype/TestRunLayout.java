package io.ebpf4j.progtype;

import io.ebpf4j.helpers.PacketBuffer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.LongFunction;

/**
 * What the program types' test runs share when they lay a run out in a CPU slot
 * ({@code bpf_test_init}, {@code bpf_ctx_init} of net/bpf/test_run.c): checking that the slot's
 * regions can hold the frame and the context, copying the input in, zeroing, and the
 * {@link PreparedRun} they return.
 */
final class TestRunLayout {
    private TestRunLayout() {}

    /**
     * A prepared run: entry registers, packet, the input legacy packet loads read, and how to read
     * the results back.
     */
    record Run(long r1, long r2, PacketBuffer packet, long inputAddress, int inputLength,
               LongFunction<TestRunOutput> finisher) implements PreparedRun {
        @Override
        public TestRunOutput finish(long r0) {
            return finisher.apply(r0);
        }
    }

    /**
     * Checks that the slot's packet region holds {@code packetBytes} (what the kernel allocates for
     * the frame) and its context region {@code ctxBytes}; -ENOSPC (28) naming the option to raise otherwise.
     */
    static void requireRoom(SlotMemory mem, long packetBytes, int ctxBytes, String what) {
        if (mem.packetCapacity() < packetBytes) {
            throw new TestRunException(28, "the CPU slot's packet region (" + mem.packetCapacity() + " bytes) cannot hold "
                    + what + " of " + packetBytes + " bytes; raise RuntimeOptions.packetCapacity");
        }
        if (mem.ctxCapacity() < ctxBytes) {
            throw new TestRunException(28, "the CPU slot's context region (" + mem.ctxCapacity() + " bytes) cannot hold a "
                    + ctxBytes + "-byte context; raise RuntimeOptions.contextCapacity");
        }
    }

    /** Copies {@code bytes} to BPF address {@code address} of the slot's arena. */
    static void copyIn(SlotMemory mem, long address, byte[] bytes) {
        MemorySegment.copy(bytes, 0, mem.segment(), ValueLayout.JAVA_BYTE, address - mem.baseAddress(), bytes.length);
    }

    /** Zeroes {@code length} bytes at BPF address {@code address} ({@code kzalloc}'s zeros). */
    static void zero(SlotMemory mem, long address, long length) {
        mem.segment().asSlice(address - mem.baseAddress(), length).fill((byte) 0);
    }

    /** A copy of {@code length} bytes at BPF address {@code address} ({@code data_out}, {@code ctx_out}). */
    static byte[] copyOut(SlotMemory mem, long address, long length) {
        return mem.segment().asSlice(address - mem.baseAddress(), length).toArray(ValueLayout.JAVA_BYTE);
    }
}
